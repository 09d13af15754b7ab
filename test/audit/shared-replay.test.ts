/**
 * The engine replays the model once for every audited dialect when no op's
 * `only` tells them apart, and once per dialect otherwise (engine.ts). Either
 * way the findings must be those of one audit per dialect.
 */
import assert from 'node:assert/strict';
import { test } from 'uvu';
import type { AuditResult } from '../../src/audit/engine.js';
import type { DialectName, Op } from '../../src/ops/types.js';
import type { Revision } from '../../src/revisions/types.js';
import { generateChain } from '../property/generate.js';
import { audit, chain, one, revisionFrom, TASK } from './helpers.js';

const BOTH: DialectName[] = ['postgresql', 'sqlite'];

/** Each finding once per dialect it holds on, as comparable strings. */
function perDialect(result: AuditResult, dialects: readonly DialectName[]): string[] {
  const out: string[] = [];
  for (const f of result.findings) {
    // Its message names every audited dialect, so it differs by design.
    if (f.rule === 'float-real-drift') continue;
    for (const d of f.dialect ? [f.dialect] : dialects) {
      out.push(JSON.stringify([d, f.rule, f.severity, f.revision, f.file, f.line, f.column, f.op, f.message, f.help]));
    }
  }
  return out.sort();
}

async function assertSameAsOnePerDialect(revisions: Revision[], label: string): Promise<number> {
  const together = perDialect(await audit(revisions, { dialects: BOTH }), BOTH);
  const apart = [
    ...perDialect(await audit(revisions, { dialects: ['postgresql'] }), ['postgresql']),
    ...perDialect(await audit(revisions, { dialects: ['sqlite'] }), ['sqlite']),
  ].sort();
  assert.deepEqual(together, apart, label);
  return together.length;
}

function generated(seed: number, keepOnly: boolean): Revision[] {
  return generateChain(seed, { revisions: 10, maxOps: 6 }).revisions.map((doc) => revisionFrom({
    ...doc,
    upgrade: keepOnly ? doc.upgrade : doc.upgrade.map(({ only: _o, ...op }) => op as Op),
  }));
}

test('one replay for both dialects finds what one audit per dialect finds (generated chains, no "only")', async () => {
  let findings = 0;
  for (let seed = 1; seed <= 25; seed++) findings += await assertSameAsOnePerDialect(generated(seed, false), `seed ${seed}`);
  assert.ok(findings > 100, `only ${findings} findings: the comparison proved little`);
});

test('with "only" ops each dialect replays its own ops, as one audit per dialect does', async () => {
  let findings = 0;
  for (let seed = 1; seed <= 25; seed++) findings += await assertSameAsOnePerDialect(generated(seed, true), `seed ${seed}`);
  assert.ok(findings > 100, `only ${findings} findings: the comparison proved little`);
});

test('a table created for PostgreSQL only is unknown to a later op on SQLite', async () => {
  const revisions = chain(
    { id: 'a1', upgrade: [{ ...TASK, only: ['postgresql'] }] },
    { id: 'b2', upgrade: [{ op: 'addColumn', table: 'task', column: { name: 'due', type: 'date' } }] },
  );
  const f = one(await audit(revisions, { dialects: BOTH }), 'unknown-reference');
  assert.equal(f.dialect, 'sqlite');
  assert.equal(f.revision, 'b2');
  await assertSameAsOnePerDialect(revisions, 'only');
});

test.run();
