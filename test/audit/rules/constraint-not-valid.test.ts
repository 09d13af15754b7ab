import assert from 'node:assert/strict';
import { test } from 'uvu';
import type { Op } from '../../../src/ops/types.js';
import { audit, auditOps, chain, none, one, opPos, TASK } from '../helpers.js';

const USER: Op = { op: 'createTable', table: 'person', columns: [{ name: 'id', type: 'bigint', primaryKey: true }] };
const OWNER: Op = { op: 'addColumn', table: 'task', column: { name: 'owner', type: 'bigint' } };

test('addForeignKey on an existing table without notValid', async () => {
  const { result, revisions } = await auditOps([TASK, USER, OWNER], [
    { op: 'addForeignKey', name: 'fk_task_owner', table: 'task', columns: ['owner'], references: { table: 'person', columns: ['id'] } },
  ]);
  const f = one(result, 'constraint-not-valid');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual({ line: f.line, column: f.column }, opPos(revisions[1]!, 0));
  assert.match(f.message, /SHARE ROW EXCLUSIVE locks on task and person/);
  assert.match(f.help!, /"notValid": true .* ALTER TABLE task VALIDATE CONSTRAINT fk_task_owner/);
});

test('addCheck on an existing table without notValid', async () => {
  const { result } = await auditOps([TASK], [{ op: 'addCheck', table: 'task', expression: "title <> ''" }]);
  assert.match(one(result, 'constraint-not-valid').message, /addCheck on task checks every existing row under an ACCESS EXCLUSIVE lock/);
});

test('notValid, or a new table: nothing', async () => {
  none((await auditOps([TASK], [{ op: 'addCheck', table: 'task', expression: "title <> ''", notValid: true }])).result, 'constraint-not-valid');
  none(await audit(chain({ id: 'a', upgrade: [TASK, { op: 'addCheck', table: 'task', expression: "title <> ''" }] })), 'constraint-not-valid');
});

test.run();
