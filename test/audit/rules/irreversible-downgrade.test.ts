import assert from 'node:assert/strict';
import { test } from 'uvu';
import type { Op } from '../../../src/ops/types.js';
import { audit, auditOps, chain, none, one, opPos, posOf, TASK } from '../helpers.js';

test('a sql op without downgrade in a revision without downgrade', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'], concurrently: true }, { op: 'sql', sql: 'ANALYZE task' }]);
  const f = one(result, 'irreversible-downgrade');
  assert.equal(f.severity, 'error');
  assert.equal(f.dialect, undefined);
  assert.equal(f.op, 1);
  assert.deepEqual([f.line, f.column], Object.values(opPos(revisions[1]!, 1)));
  assert.match(f.message, /revision r2change has no "downgrade" and upgrade\[1\] cannot be inverted \(a "sql" op has no "downgrade"\)/);
  assert.match(f.help!, /add "downgrade" to the op/);
});

test('an explicit downgrade, or a sql op with downgrade: fine', async () => {
  none(await audit(chain({ id: 'a', upgrade: [{ op: 'sql', sql: 'SELECT 1' }], downgrade: [] })), 'irreversible-downgrade');
  none((await auditOps([], [{ op: 'sql', sql: 'SELECT 1', downgrade: 'SELECT 2' }])).result, 'irreversible-downgrade');
});

const E: Op = { op: 'createTable', table: 'e', columns: [{ name: 'id', type: 'bigint', primaryKey: true }, { name: 'at', type: 'real' }, { name: 'c', type: 'text' }] };

test('using without downgradeUsing when no cast goes back (timestamp -> real)', async () => {
  const { result, revisions } = await auditOps([E], [{ op: 'alterColumn', table: 'e', column: 'at', type: 'timestamp', using: 'to_timestamp(at)' }]);
  const f = one(result, 'irreversible-downgrade');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '"to_timestamp(at)"')));
  assert.match(f.message, /has "using" but no "downgradeUsing": the derived downgrade changes it back to real without one, which PostgreSQL refuses/);
  assert.match(f.help!, /add "downgradeUsing" with an expression/);
});

test('using without downgradeUsing is fine when the way back has an assignment cast (integer -> text)', async () => {
  none((await auditOps([E], [{ op: 'alterColumn', table: 'e', column: 'c', type: 'integer', using: 'c::integer' }])).result, 'irreversible-downgrade');
  const r = await auditOps([E], [{ op: 'alterColumn', table: 'e', column: 'c', type: 'integer', using: 'length(c)', downgradeUsing: 'c::text' }]);
  none(r.result, 'irreversible-downgrade');
});

test.run();
