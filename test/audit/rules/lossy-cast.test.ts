import assert from 'node:assert/strict';
import { test } from 'uvu';
import type { Op } from '../../../src/ops/types.js';
import { auditOps, byRule, none, posOf } from '../helpers.js';

const M: Op = { op: 'createTable', table: 'm', columns: [
  { name: 'id', type: 'bigint', primaryKey: true }, { name: 'v', type: 'double' }, { name: 'n', type: 'bigint' },
  { name: 's', type: 'varchar(100)' }, { name: 't', type: 'timestamp' },
] };

test('double -> real: silent loss (and overflow) on PostgreSQL', async () => {
  const { result, revisions } = await auditOps([M], [{ op: 'alterColumn', table: 'm', column: 'v', type: 'real' }], { dialects: ['postgresql'] });
  const [f] = byRule(result, 'lossy-cast');
  assert.ok(f);
  assert.equal(f.severity, 'warning');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '"real"')));
  assert.match(f.message, /double -> real changes some values silently and fails at apply time on others on PostgreSQL/);
});

test('bigint -> integer: fails on values that do not fit', async () => {
  const { result } = await auditOps([M], [{ op: 'alterColumn', table: 'm', column: 'n', type: 'integer' }], { dialects: ['postgresql'] });
  const [f] = byRule(result, 'lossy-cast');
  assert.match(f!.message, /bigint -> integer fails at apply time on values that do not fit on PostgreSQL: .*integer out of range/);
  assert.match(f!.help!, /check the data first/);
});

test('timestamp -> date loses the time on both dialects (SQLite copies the text as it is, so only PostgreSQL)', async () => {
  const { result } = await auditOps([M], [{ op: 'alterColumn', table: 'm', column: 't', type: 'date' }]);
  const list = byRule(result, 'lossy-cast');
  assert.ok(list.some((f) => f.dialect === 'postgresql' && /timestamp -> date silently loses information/.test(f.message)), JSON.stringify(list));
});

test('widening changes are not lossy', async () => {
  none((await auditOps([M], [{ op: 'alterColumn', table: 'm', column: 's', type: 'text' }])).result, 'lossy-cast');
  none((await auditOps([M], [{ op: 'alterColumn', table: 'm', column: 'n', type: 'numeric(30,0)' }])).result, 'lossy-cast');
});

test.run();
