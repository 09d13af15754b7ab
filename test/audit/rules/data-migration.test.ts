import assert from 'node:assert/strict';
import { test } from 'uvu';
import { auditOps, none, one, opPos, posOf, TASK } from '../helpers.js';

test('insert ops are data migrations, on every dialect', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'insert', table: 'task', rows: [{ id: 1, title: 'a' }, { id: 2, title: 'b' }] }]);
  const f = one(result, 'data-migration');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, undefined);
  assert.deepEqual([f.line, f.column], Object.values(opPos(revisions[1]!, 0)));
  assert.match(f.message, /insert of 2 rows into task: rows are data the schema model does not track/);
});

test('DML in a sql op, at the statement', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'sql', sql: "DELETE FROM task WHERE title = ''", downgrade: 'SELECT 1' }]);
  const f = one(result, 'data-migration');
  assert.deepEqual([f.line, f.column], [posOf(revisions[1]!, 'DELETE').line, posOf(revisions[1]!, 'DELETE').column]);
  assert.match(f.message, /DELETE on task in a migration changes rows/);
});

test('DDL-only sql: nothing', async () => {
  none((await auditOps([TASK], [{ op: 'sql', sql: 'COMMENT ON TABLE task IS \'x\'', downgrade: 'COMMENT ON TABLE task IS NULL', only: ['postgresql'] }])).result, 'data-migration');
});

test.run();
