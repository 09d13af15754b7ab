import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, posOf, TASK } from '../helpers.js';

test('an op on a table that does not exist at that point', async () => {
  const revs = chain({ id: 'a', upgrade: [TASK] }, { id: 'b', upgrade: [{ op: 'dropTable', table: 'tasks' }] });
  const f = one(await audit(revs), 'unknown-reference');
  assert.equal(f.severity, 'error');
  assert.equal(f.dialect, undefined);
  assert.deepEqual([f.line, f.column], Object.values(posOf(revs[1]!, '"tasks"')));
  assert.match(f.message, /table "tasks" does not exist at this point: the migration fails here/);
});

test('an explicit downgrade naming a missing object', async () => {
  const revs = chain({ id: 'a', upgrade: [TASK], downgrade: [{ op: 'dropTable', table: 'taks' }] });
  const f = one(await audit(revs), 'unknown-reference');
  assert.equal(f.op, undefined);
  assert.deepEqual([f.line, f.column], Object.values(posOf(revs[0]!, '"taks"')));
});

test('valid references: nothing', async () => {
  none((await auditOps([TASK], [{ op: 'renameColumn', table: 'task', column: 'note', to: 'notes' }])).result, 'unknown-reference');
});

test.run();
