import assert from 'node:assert/strict';
import { test } from 'uvu';
import { auditOps, none, one, opPos, TASK } from '../helpers.js';

test('alterColumn type on SQLite rebuilds the table', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'alterColumn', table: 'task', column: 'note', type: 'varchar(50)' }]);
  const f = one(result, 'sqlite-table-rebuild');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'sqlite');
  assert.deepEqual([f.line, f.column], Object.values(opPos(revisions[1]!, 0)));
  assert.match(f.message, /alterColumn task\.note \(type\) cannot be done in place on SQLite \(ALTER COLUMN type of note\): sqlrev rebuilds task/);
});

test('addUnique rebuilds; a plain addColumn and a droppable column do not', async () => {
  one((await auditOps([TASK], [{ op: 'addUnique', table: 'task', columns: ['title'] }])).result, 'sqlite-table-rebuild');
  none((await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'due', type: 'date' } }])).result, 'sqlite-table-rebuild');
  none((await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note' }])).result, 'sqlite-table-rebuild');
});

test.run();
