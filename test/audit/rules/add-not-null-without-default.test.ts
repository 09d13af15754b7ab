import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, posOf, TASK } from '../helpers.js';

test('NOT NULL without default on an existing table is an error, pointing at "nullable"', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'owner', type: 'integer', nullable: false } }]);
  const f = one(result, 'add-not-null-without-default');
  assert.equal(f.severity, 'error');
  assert.equal(f.dialect, undefined);
  const p = posOf(revisions[1]!, 'false', '"nullable"');
  assert.deepEqual({ line: f.line, column: f.column }, p);
  assert.match(f.message, /addColumn task\.owner is NOT NULL without a default: it fails as soon as task has a row/);
  assert.match(f.help!, /give it a "default"/);
});

test('with a default, nullable, or autoincrement: fine', async () => {
  for (const column of [
    { name: 'owner', type: 'integer', nullable: false, default: 0 },
    { name: 'owner', type: 'integer' },
  ]) {
    const { result } = await auditOps([TASK], [{ op: 'addColumn', table: 'task', column }]);
    none(result, 'add-not-null-without-default');
  }
});

test('a NULL sql default is no default', async () => {
  const { result } = await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'o', type: 'integer', nullable: false, default: { sql: 'NULL' } } }]);
  one(result, 'add-not-null-without-default');
});

test('on a table created in the same revision: fine (the table is empty)', async () => {
  const result = await audit(chain({ id: 'a', upgrade: [TASK, { op: 'addColumn', table: 'task', column: { name: 'owner', type: 'integer', nullable: false } }] }));
  none(result, 'add-not-null-without-default');
});

test.run();
