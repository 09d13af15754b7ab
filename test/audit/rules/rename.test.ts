import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, opPos, TASK } from '../helpers.js';

test('renameColumn on an existing table breaks the running app', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'renameColumn', table: 'task', column: 'note', to: 'notes' }]);
  const f = one(result, 'rename');
  assert.equal(f.severity, 'warning');
  assert.deepEqual({ line: f.line, column: f.column }, opPos(revisions[1]!, 0));
  assert.match(f.message, /renameColumn task\.note -> notes: queries of the running application that name "note" fail/);
  assert.match(f.help!, /expand and contract: addColumn the new name/);
});

test('renameTable on an existing table', async () => {
  const { result } = await auditOps([TASK], [{ op: 'renameTable', table: 'task', to: 'todo' }]);
  assert.match(one(result, 'rename').message, /renameTable task -> todo/);
});

test('renames within the revision that created the table are fine', async () => {
  const result = await audit(chain({ id: 'a', upgrade: [TASK, { op: 'renameTable', table: 'task', to: 'todo' }, { op: 'renameColumn', table: 'todo', column: 'note', to: 'notes' }] }));
  none(result, 'rename');
});

test.run();
