import assert from 'node:assert/strict';
import { test } from 'uvu';
import { auditOps, chain, audit, none, one, opPos, TASK } from '../helpers.js';

test('dropColumn on a table from an earlier revision is destructive, on every dialect', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note' }]);
  const f = one(result, 'destructive');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, undefined);
  assert.equal(f.revision, 'r2change');
  assert.equal(f.op, 0);
  assert.deepEqual({ line: f.line, column: f.column }, opPos(revisions[1]!, 0));
  assert.match(f.message, /dropColumn task\.note deletes the column's values/);
  assert.match(f.help!, /stop using the column/);
});

test('dropTable of an existing table is destructive', async () => {
  const { result } = await auditOps([TASK], [{ op: 'dropTable', table: 'task' }]);
  assert.match(one(result, 'destructive').message, /dropTable task deletes the table and every row in it/);
});

test('dropping a table created in the same revision is not', async () => {
  const result = await audit(chain({ id: 'a', upgrade: [TASK, { op: 'dropColumn', table: 'task', column: 'note' }, { op: 'dropTable', table: 'task' }] }));
  none(result, 'destructive');
});

test('an op with "only" reports for that dialect only', async () => {
  const { result } = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note', only: ['sqlite'] }]);
  assert.equal(one(result, 'destructive').dialect, 'sqlite');
});

test.run();
