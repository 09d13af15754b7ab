import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, opPos, TASK } from '../helpers.js';

test('addUnique on an existing table builds its index under ACCESS EXCLUSIVE', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'addUnique', table: 'task', columns: ['title'] }]);
  const f = one(result, 'unique-constraint-lock');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual({ line: f.line, column: f.column }, opPos(revisions[1]!, 0));
  assert.match(f.message, /addUnique on task builds its unique index under an ACCESS EXCLUSIVE lock/);
  assert.match(f.help!, /"unique": true, "concurrently": true\}, then a "sql" op ALTER TABLE task ADD CONSTRAINT <name> UNIQUE USING INDEX <index>/);
});

test('addPrimaryKey on an existing table', async () => {
  const { result } = await auditOps([{ op: 'createTable', table: 'log', columns: [{ name: 'id', type: 'bigint', nullable: false }] }], [{ op: 'addPrimaryKey', table: 'log', columns: ['id'] }]);
  assert.match(one(result, 'unique-constraint-lock').help!, /PRIMARY KEY USING INDEX/);
});

test('on a table created in the same revision: nothing', async () => {
  none(await audit(chain({ id: 'a', upgrade: [TASK, { op: 'addUnique', table: 'task', columns: ['title'] }] })), 'unique-constraint-lock');
});

test.run();
