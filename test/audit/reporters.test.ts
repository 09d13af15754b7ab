import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import type { Finding } from '../../src/audit/finding.js';
import { formatFindings } from '../../src/audit/reporters/index.js';
import { escapeData, escapeProperty } from '../../src/audit/reporters/github.js';
import { useColor } from '../../src/audit/reporters/text.js';
import { packageRoot } from '../../src/package-root.js';
import { auditOps, chain, audit, TASK } from './helpers.js';

async function sample() {
  return auditOps([TASK], [
    { op: 'dropColumn', table: 'task', column: 'note' },
    { op: 'createIndex', table: 'task', columns: ['title'] },
    { op: 'addColumn', table: 'task', column: { name: 'owner', type: 'integer', nullable: false } },
  ]);
}

test('json: exactly the CONTRACT shape, plus help', async () => {
  const { result } = await sample();
  const out = JSON.parse(formatFindings(result, 'json'));
  assert.deepEqual(Object.keys(out), ['findings', 'summary']);
  assert.deepEqual(out.summary, { error: 1, warning: 3 });
  const ix = out.findings.find((f: { rule: string }) => f.rule === 'index-not-concurrent');
  assert.deepEqual(Object.keys(ix), ['rule', 'severity', 'revision', 'file', 'line', 'column', 'op', 'dialect', 'message', 'help']);
  assert.equal(ix.dialect, 'postgresql');
  const d = out.findings.find((f: { rule: string }) => f.rule === 'destructive');
  assert.equal('dialect' in d, false);
  assert.equal(d.op, 0);
});

test('json: byte for byte what JSON.stringify(value, null, 2) prints, for every optional field present or absent', async () => {
  const { result } = await sample();
  const odd: Finding[] = [
    ...result.findings,
    // No revision, op, dialect or help; characters JSON escapes; a lone surrogate.
    { rule: 'sql-syntax', severity: 'error', file: 'a "b"\\c.sql', line: 3, column: 1, message: 'tab\there\nnew line \u0001 \ud800 é' },
  ];
  for (const findings of [result.findings, odd, []]) {
    const r = { ...result, findings, summary: { error: findings.length, warning: 0 } };
    const expected = `${JSON.stringify({
      findings: findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        ...(f.revision !== undefined ? { revision: f.revision } : {}),
        file: f.file,
        line: f.line,
        column: f.column,
        ...(f.op !== undefined ? { op: f.op } : {}),
        ...(f.dialect !== undefined ? { dialect: f.dialect } : {}),
        message: f.message,
        ...(f.help !== undefined ? { help: f.help } : {}),
      })),
      summary: r.summary,
    }, null, 2)}\n`;
    assert.equal(formatFindings(r, 'json'), expected);
  }
});

test('text: location, severity[rule], code frame with a caret under the column, help; no colour unless asked', async () => {
  const { result, revisions } = await sample();
  const out = formatFindings(result, 'text');
  const f = result.findings.find((x) => x.rule === 'index-not-concurrent')!;
  const block = out.split('\n\n').find((b) => b.includes('[index-not-concurrent]'))!;
  const lines = block.split('\n');
  assert.equal(lines[0], `${f.file}:${f.line}:${f.column}: warning[index-not-concurrent] (postgresql) ${f.message}`);
  const src = revisions[1]!.text.split('\n');
  const frameLine = lines.find((l) => l.startsWith('  > '))!;
  assert.ok(frameLine.endsWith(src[f.line - 1]!), frameLine);
  const caret = lines[lines.indexOf(frameLine) + 1]!;
  const sourceStart = frameLine.indexOf(src[f.line - 1]!);
  assert.equal(caret.indexOf('^'), sourceStart + f.column - 1);
  assert.ok(lines.some((l) => l === `  help: ${f.help}`));
  assert.match(out, /\n1 error, 3 warnings\n$/);
  assert.doesNotMatch(out, /\u001b\[/);
  assert.match(formatFindings(result, 'text', { color: true }), /\u001b\[1;33mwarning\[index-not-concurrent\]\u001b\[0m/);
  assert.equal(formatFindings(await audit(chain({ id: 'a', upgrade: [TASK] })), 'text'), 'no findings\n');
});

test('useColor: a TTY without NO_COLOR only', () => {
  assert.equal(useColor({ isTTY: true }, {}), true);
  assert.equal(useColor({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(useColor({ isTTY: false }, {}), false);
  assert.equal(useColor({}, {}), false);
});

test('github: one workflow command per finding, escaped', async () => {
  const { result } = await sample();
  const lines = formatFindings(result, 'github').trimEnd().split('\n');
  assert.equal(lines.length, 4);
  const f = result.findings.find((x) => x.rule === 'add-not-null-without-default')!;
  assert.ok(lines.includes(`::error file=${f.file},line=${f.line},col=${f.column},title=add-not-null-without-default::${escapeData(`${f.message}\nhelp: ${f.help}`)}`));
  assert.ok(lines.some((l) => l.startsWith('::warning ') && l.includes('title=index-not-concurrent (postgresql)::')));
  assert.equal(escapeData('50%\r\nx'), '50%25%0D%0Ax');
  assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
});

test('sarif: valid SARIF 2.1.0 (OASIS schema), rules with help links, results on the revision file', async () => {
  const { result } = await sample();
  const sarif = JSON.parse(formatFindings(result, 'sarif', { version: '1.2.3' })) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The formats the schema uses (ajv-formats is not a dependency).
  ajv.addFormat('uri', (s: string) => { try { return new URL(s).protocol.length > 1; } catch { return false; } });
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && (() => { try { new URL(s, 'file:///base/'); return true; } catch { return false; } })());
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  // Schema validation is not vacuous: a broken log is refused.
  assert.equal(validate({ ...sarif, version: '2.0.0' }), false);
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'sqlrev');
  assert.equal(run.tool.driver.version, '1.2.3');
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'index-not-concurrent');
  assert.equal(rule.helpUri, 'https://unpkg.com/sqlrev@1.2.3/docs/rules/index-not-concurrent.md');
  assert.equal(rule.defaultConfiguration.level, 'warning');
  assert.match(rule.shortDescription.text, /createIndex on an existing table/);
  const res = run.results.find((r: { ruleId: string }) => r.ruleId === 'add-not-null-without-default');
  const f = result.findings.find((x) => x.rule === 'add-not-null-without-default')!;
  assert.equal(res.level, 'error');
  assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'add-not-null-without-default');
  assert.deepEqual(res.locations[0].physicalLocation, { artifactLocation: { uri: f.file }, region: { startLine: f.line, startColumn: f.column } });
});

test('output is deterministic', async () => {
  const a = await sample();
  const b = await sample();
  for (const fmt of ['text', 'json', 'sarif', 'github'] as const) {
    assert.equal(formatFindings(a.result, fmt, { version: '0' }), formatFindings(b.result, fmt, { version: '0' }));
  }
});

test.run();
