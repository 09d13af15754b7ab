import assert from 'node:assert/strict';
import { test } from 'uvu';
import { auditOps, byRule, none, posOf, TASK } from '../helpers.js';

test('a syntax error in a per-dialect sql op, at the error inside the string', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'sql', sql: { postgresql: 'SELECT 1;\nSELEC 2', sqlite: 'SELECT 1' }, downgrade: 'SELECT 1' }]);
  const list = byRule(result, 'sql-syntax');
  assert.equal(list.length, 1, JSON.stringify(list));
  const f = list[0]!;
  assert.equal(f.severity, 'error');
  assert.equal(f.dialect, 'postgresql');
  const p = posOf(revisions[1]!, 'SELEC 2');
  assert.deepEqual([f.line, f.column], [p.line, p.column]);
  assert.match(f.message, /PostgreSQL rejects this SQL: syntax error at or near "SELEC"/);
});

test('SQLite rejects what it does not know (confirmed by SQLite)', async () => {
  const { result } = await auditOps([TASK], [{ op: 'sql', sql: { postgresql: 'SELECT 1', sqlite: 'CREATE TABLEX z (a)' }, downgrade: 'SELECT 1' }]);
  const list = byRule(result, 'sql-syntax');
  assert.deepEqual(list.map((f) => f.dialect), ['sqlite']);
  assert.match(list[0]!.message, /SQLite rejects this SQL/);
});

test('a syntax error in the downgrade text is reported too; valid SQL is not', async () => {
  const { result } = await auditOps([TASK], [{ op: 'sql', sql: 'SELECT 1', downgrade: 'SELEC 1' }], { dialects: ['postgresql'] });
  assert.equal(byRule(result, 'sql-syntax').length, 1);
  none((await auditOps([TASK], [{ op: 'sql', sql: 'SELECT 1', downgrade: 'SELECT 2' }])).result, 'sql-syntax');
});

test.run();
