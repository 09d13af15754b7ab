import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, opPos, TASK } from '../helpers.js';

test('createIndex on an existing table without concurrently: PostgreSQL only', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'] }]);
  const f = one(result, 'index-not-concurrent');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual({ line: f.line, column: f.column }, opPos(revisions[1]!, 0));
  assert.match(f.message, /takes a SHARE lock for the whole index build: every insert, update and delete on task waits/);
  assert.match(f.help!, /add "concurrently": true/);
});

test('postgresql-only config: the finding holds for every audited dialect', async () => {
  const { result } = await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'] }], { dialects: ['postgresql'] });
  assert.equal(one(result, 'index-not-concurrent').dialect, undefined);
});

test('concurrently, or a table from the same revision: nothing', async () => {
  none((await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'], concurrently: true }])).result, 'index-not-concurrent');
  none(await audit(chain({ id: 'a', upgrade: [TASK, { op: 'createIndex', table: 'task', columns: ['title'] }] })), 'index-not-concurrent');
});

test('a table created in the revision before counts as existing (the squawk blind spot)', async () => {
  const result = await audit(chain({ id: 'a', upgrade: [TASK] }, { id: 'b', upgrade: [{ op: 'createIndex', table: 'task', columns: ['note'] }] }));
  one(result, 'index-not-concurrent');
});

test.run();
