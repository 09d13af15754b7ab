/**
 * The registry, the rule files and the doc pages agree, and every doc's
 * examples do what they say: the failing one triggers its rule, the passing
 * one does not.
 *
 * Doc convention: docs/rules/<id>.md has a "**Default severity:** <sev>"
 * line and two fenced blocks, ```json failing and ```json passing, each a
 * JSON array of revision documents (a document without "parent" builds on the
 * one before it).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import { RULES } from '../../src/audit/registry.js';
import { packageRoot } from '../../src/package-root.js';
import { audit, byRule, revisionFrom, type Doc } from './helpers.js';

/** CONTRACT section 5, plus sqlrev's own `suppression`. */
const CONTRACT_RULES: Record<string, 'error' | 'warning'> = {
  'unsafe-cast': 'error', 'lossy-cast': 'warning', 'float-real-drift': 'warning', 'table-rewrite': 'warning',
  'irreversible-downgrade': 'error', destructive: 'warning', 'add-not-null-without-default': 'error',
  'set-not-null': 'warning', 'index-not-concurrent': 'warning', 'constraint-not-valid': 'warning', rename: 'warning',
  'sqlite-table-rebuild': 'warning', 'non-transactional': 'warning', 'data-migration': 'warning',
  'identifier-too-long': 'error', 'unknown-reference': 'error', 'multiple-heads': 'error', 'sql-syntax': 'error',
  'volatile-default': 'warning', 'unique-constraint-lock': 'warning', suppression: 'error',
};

const root = packageRoot();
const ids = RULES.map((r) => r.meta.id);
const idsFromDir = (dir: string, ext: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();

test('every CONTRACT rule is registered with its default severity, and nothing else', () => {
  assert.deepEqual([...ids].sort(), Object.keys(CONTRACT_RULES).sort());
  for (const r of RULES) assert.equal(r.meta.defaultSeverity, CONTRACT_RULES[r.meta.id], r.meta.id);
  assert.deepEqual(ids, [...ids].sort(), 'RULES is sorted by id');
});

test('registry == src/audit/rules/*.ts == docs/rules/*.md', () => {
  assert.deepEqual(idsFromDir('src/audit/rules', '.ts'), [...ids].sort());
  assert.deepEqual(idsFromDir('docs/rules', '.md'), [...ids].sort());
  for (const r of RULES) {
    assert.equal(r.meta.docs, `docs/rules/${r.meta.id}.md`);
    assert.ok(r.meta.description.length > 20, `${r.meta.id} has a description`);
  }
});

function examples(id: string): { failing: Doc[]; passing: Doc[]; text: string } {
  const text = readFileSync(join(root, 'docs/rules', `${id}.md`), 'utf8');
  const block = (kind: string) => {
    const m = new RegExp('```json ' + kind + '\\n([\\s\\S]*?)\\n```').exec(text);
    assert.ok(m, `docs/rules/${id}.md has a \`\`\`json ${kind} block`);
    const docs = JSON.parse(m[1]!) as Doc[];
    assert.ok(Array.isArray(docs) && docs.length > 0, `${id} ${kind} example is a non-empty array`);
    return docs;
  };
  return { failing: block('failing'), passing: block('passing'), text };
}

function revisionsOf(docs: Doc[]) {
  return docs.map((d, i) => revisionFrom({ ...d, parent: d.parent !== undefined ? d.parent : i === 0 ? null : docs[i - 1]!.id }));
}

for (const rule of RULES) {
  const id = rule.meta.id;
  test(`docs/rules/${id}.md: its examples fail and pass`, async () => {
    const { failing, passing, text } = examples(id);
    assert.match(text, new RegExp(`^# ${id}$`, 'm'));
    assert.match(text, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.meta.defaultSeverity}`));
    for (const h of ['## What goes wrong in production', '## The safe way', '## Failing example', '## Passing example']) assert.ok(text.includes(h), `${id}: ${h}`);
    const bad = await audit(revisionsOf(failing));
    assert.ok(byRule(bad, id).length > 0, `the failing example of ${id} triggers nothing of it; findings: ${JSON.stringify(bad.findings, null, 2)}`);
    for (const f of byRule(bad, id)) assert.equal(f.severity, rule.meta.defaultSeverity);
    const good = await audit(revisionsOf(passing));
    assert.deepEqual(byRule(good, id), [], `the passing example of ${id} triggers it`);
  });
}

test.run();
