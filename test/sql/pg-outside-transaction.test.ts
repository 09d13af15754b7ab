/**
 * The renderer's token-level answer to "must this PostgreSQL statement run
 * outside a transaction block?" (src/sql/pg-outside-transaction.ts) against
 * the auditor's answer from libpg-query's parse tree (pg-classify.ts), and
 * both against the server: PGlite refuses each `true` statement inside
 * BEGIN/COMMIT with "cannot run inside a transaction block" where it can run
 * it at all, and runs the `false` ones there.
 */
import { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { holdsStatementOutsideTransaction } from '../../src/sql/pg-outside-transaction.js';
import { sqlToOps } from '../../src/sql/to-ops.js';
import { statements } from './support.js';

const test = suite('sql/postgresql: statements outside a transaction block');

/** [statement, refused inside a transaction block] */
const CASES: [string, boolean][] = [
  ['CREATE INDEX CONCURRENTLY ix_a ON t (a)', true],
  ['create unique index concurrently ix_b on t (b)', true],
  ['CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_c ON t (a)', true],
  ['DROP INDEX CONCURRENTLY IF EXISTS ix_gone', true],
  ['REINDEX INDEX CONCURRENTLY ix_t', true],
  ['REINDEX (CONCURRENTLY) TABLE t', true],
  ['REINDEX (VERBOSE) SCHEMA public', true],
  ['REINDEX DATABASE postgres', true],
  ['REINDEX SYSTEM postgres', true],
  ['VACUUM', true],
  ['VACUUM (ANALYZE) t', true],
  ['vacuum full t', true],
  ['CREATE DATABASE other', true],
  ['DROP DATABASE IF EXISTS other', true],
  ['CREATE TABLESPACE ts LOCATION \'/nowhere\'', true],
  ['DROP TABLESPACE IF EXISTS ts', true],
  ['ALTER SYSTEM SET work_mem = \'8MB\'', true],
  ['CLUSTER', true],
  ['CLUSTER VERBOSE', true],
  ['ALTER TABLE t DETACH PARTITION p CONCURRENTLY', true],
  ['CREATE INDEX ix_d ON t (a)', false],
  ['DROP INDEX ix_t', false],
  ['REINDEX INDEX ix_t', false],
  ['REINDEX TABLE t', false],
  ['ANALYZE t', false],
  ['ANALYZE', false],
  ['CLUSTER t USING ix_t', false],
  ['REFRESH MATERIALIZED VIEW CONCURRENTLY mv', false],
  ['ALTER TABLE t ADD COLUMN c integer', false],
  ['ALTER TABLE t DETACH PARTITION p', false],
  ['CREATE TABLE "concurrently" (vacuum integer)', false],
  ['SELECT \'VACUUM\', \'CREATE INDEX CONCURRENTLY x ON t (a)\' -- DROP DATABASE x', false],
  ['DO $$ BEGIN EXECUTE \'VACUUM\'; END $$', false],
  ['/* VACUUM */ INSERT INTO t (a) VALUES (1)', false],
];

test('the tokens and the parse tree agree on every statement', async () => {
  for (const [sql, expected] of CASES) {
    assert.is(holdsStatementOutsideTransaction(sql), expected, `tokens: ${sql}`);
    const a = await sqlToOps(sql, 'postgresql');
    assert.equal(a.syntaxErrors, [], sql);
    const [s, ...more] = statements(a);
    assert.is(more.length, 0, sql);
    assert.is(s!.outsideTransaction === true, expected, `parse tree: ${sql}`);
  }
});

test('several statements: one that must run outside is enough, wherever it is', () => {
  assert.ok(holdsStatementOutsideTransaction('CREATE TABLE x (a int);\nCREATE INDEX CONCURRENTLY ix_x ON x (a)'));
  assert.ok(holdsStatementOutsideTransaction('VACUUM x; SELECT 1'));
  assert.not.ok(holdsStatementOutsideTransaction('CREATE TABLE x (a int); CREATE INDEX ix_x ON x (a); ANALYZE x'));
  assert.not.ok(holdsStatementOutsideTransaction(''));
});

test('the server agrees: refused inside BEGIN/COMMIT exactly when flagged (the ones PGlite can run)', async () => {
  const db = new PGlite();
  try {
    await db.exec('CREATE TABLE t (a int, b int); CREATE INDEX ix_t ON t (a); CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one; CREATE UNIQUE INDEX mv_one ON mv (one)');
    // Statements that need a second database, a tablespace directory, a partitioned table or superuser settings are left out.
    const runnable = CASES.filter(([sql]) => !/DATABASE|SYSTEM|TABLESPACE|PARTITION|"concurrently"|^DO|INSERT|ix_gone|^CLUSTER/i.test(sql));
    assert.ok(runnable.filter(([, out]) => out).length >= 6 && runnable.filter(([, out]) => !out).length >= 6, 'too few cases run on the server');
    for (const [sql, expected] of runnable) {
      await db.exec('BEGIN');
      let error = '';
      try { await db.exec(sql); } catch (e) { error = (e as Error).message; }
      await db.exec('ROLLBACK');
      if (expected) assert.match(error, /cannot run inside a transaction block|cannot be executed inside a transaction block/, sql);
      else assert.is(error, '', sql);
    }
  } finally {
    await db.close();
  }
});

test.run();
