import assert from 'node:assert/strict';
import { test } from 'uvu';
import type { Op } from '../../../src/ops/types.js';
import { audit, auditOps, chain, byRule, none, one, posOf } from '../helpers.js';

const EVENT: Op = { op: 'createTable', table: 'event', columns: [
  { name: 'id', type: 'bigint', primaryKey: true }, { name: 'at', type: 'real' }, { name: 'code', type: 'text' },
  { name: 'flag', type: 'integer', default: 0 },
] };

test('real -> timestamp without using fails on PostgreSQL (error at the type)', async () => {
  const { result, revisions } = await auditOps([EVENT], [{ op: 'alterColumn', table: 'event', column: 'at', type: 'timestamp' }]);
  const f = one(result, 'unsafe-cast');
  assert.equal(f.severity, 'error');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '"timestamp"')));
  assert.match(f.message, /alterColumn event\.at real -> timestamp fails on PostgreSQL: .*cannot be cast automatically/);
  assert.match(f.help!, /no cast exists/);
});

test('text -> integer: the help gives the USING cast', async () => {
  const { result } = await auditOps([EVENT], [{ op: 'alterColumn', table: 'event', column: 'code', type: 'integer' }]);
  assert.match(one(result, 'unsafe-cast').help!, /add "using": "code::integer"/);
});

test('with using: fine; a widening change: fine', async () => {
  none((await auditOps([EVENT], [{ op: 'alterColumn', table: 'event', column: 'code', type: 'integer', using: 'code::integer', downgradeUsing: 'code::text' }])).result, 'unsafe-cast');
  none((await auditOps([EVENT], [{ op: 'alterColumn', table: 'event', column: 'flag', type: 'bigint' }])).result, 'unsafe-cast');
});

test('integer DEFAULT 0 -> boolean fails even with using, unless the op replaces the default', async () => {
  const { result } = await auditOps([EVENT], [{ op: 'alterColumn', table: 'event', column: 'flag', type: 'boolean', using: 'flag <> 0', downgradeUsing: 'flag::integer' }]);
  const f = one(result, 'unsafe-cast');
  assert.match(f.message, /the column's default 0 has no cast to boolean, so the change fails on PostgreSQL even with "using"/);
  assert.match(f.help!, /give the op a "default" valid for boolean/);
  none((await auditOps([EVENT], [{ op: 'alterColumn', table: 'event', column: 'flag', type: 'boolean', using: 'flag <> 0', downgradeUsing: 'flag::integer', default: false }])).result, 'unsafe-cast');
});

test('text -> enum fails without using', async () => {
  const result = await audit(chain(
    { id: 'a', upgrade: [{ op: 'createEnum', name: 'mood', values: ['ok', 'sad'] }, EVENT] },
    { id: 'b', upgrade: [{ op: 'alterColumn', table: 'event', column: 'code', type: 'enum:mood' }] },
  ));
  assert.match(one(result, 'unsafe-cast').message, /text -> enum:mood fails on PostgreSQL/);
  assert.deepEqual(byRule(result, 'unsafe-cast').map((f) => f.dialect), ['postgresql']);
});

test.run();
