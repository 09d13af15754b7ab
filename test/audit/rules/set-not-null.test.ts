import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, byRule, posOf, TASK } from '../helpers.js';

test('SET NOT NULL on an existing column: PostgreSQL scans under lock, SQLite rebuild fails on NULLs', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'alterColumn', table: 'task', column: 'note', nullable: false }]);
  const list = byRule(result, 'set-not-null');
  assert.deepEqual(list.map((f) => f.dialect), ['postgresql', 'sqlite']);
  const [pg, lite] = list as [typeof list[0], typeof list[0]];
  assert.equal(pg.severity, 'warning');
  assert.deepEqual({ line: pg.line, column: pg.column }, posOf(revisions[1]!, 'false', '"nullable"'));
  assert.match(pg.message, /scans all of task under an ACCESS EXCLUSIVE lock/);
  assert.match(pg.help!, /"expression": "note IS NOT NULL", "notValid": true/);
  assert.match(pg.help!, /VALIDATE CONSTRAINT ck_task_note_not_null/);
  assert.match(pg.help!, /then alterColumn "nullable": false/);
  assert.match(lite.message, /rebuilds task on SQLite .* fails on the first row where note is NULL/);
});

test('with a default, SQLite fills NULLs during the rebuild: only PostgreSQL is reported', async () => {
  const { result } = await auditOps([TASK], [{ op: 'alterColumn', table: 'task', column: 'note', nullable: false, default: '' }]);
  assert.deepEqual(byRule(result, 'set-not-null').map((f) => f.dialect), ['postgresql']);
});

test('a column already NOT NULL, or a new table: nothing', async () => {
  none((await auditOps([TASK], [{ op: 'alterColumn', table: 'task', column: 'title', nullable: false }])).result, 'set-not-null');
  none(await audit(chain({ id: 'a', upgrade: [TASK, { op: 'alterColumn', table: 'task', column: 'note', nullable: false }] })), 'set-not-null');
});

test.run();
