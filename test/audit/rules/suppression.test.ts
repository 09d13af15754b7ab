import assert from 'node:assert/strict';
import { test } from 'uvu';
import { auditOps, byRule, none, one, posOf, TASK } from '../helpers.js';

test('a suppression without a reason is an error at its "audit" object', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note', audit: { allow: ['destructive'] } }]);
  const f = one(result, 'suppression');
  assert.equal(f.severity, 'error');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '{', '"audit"')));
  assert.match(f.message, /suppression of "destructive" without a reason/);
  none(result, 'destructive');
});

test('a suppression with a reason that silences a finding: nothing', async () => {
  const { result } = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note', audit: { allow: ['destructive'], reason: 'never written' } }]);
  assert.equal(byRule(result, 'suppression').length + byRule(result, 'destructive').length, 0);
});

test('a suppression of a PostgreSQL rule on a SQLite-only op is stale', async () => {
  const { result } = await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'], only: ['sqlite'], audit: { allow: ['index-not-concurrent'], reason: 'small table' } }]);
  assert.match(one(result, 'suppression').message, /"index-not-concurrent" is allowed here but reports nothing/);
});

test.run();
