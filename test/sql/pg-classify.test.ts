import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sqlToOps } from '../../src/sql/to-ops.js';
import type { SqlStatement } from '../../src/sql/types.js';
import { statements } from './support.js';

const test = suite('sql/postgresql: statement kinds');

async function one(sql: string): Promise<SqlStatement> {
  const a = await sqlToOps(sql, 'postgresql');
  assert.equal(a.syntaxErrors, [], sql);
  const s = statements(a);
  assert.is(s.length, 1, sql);
  return s[0]!;
}

const flags = (s: SqlStatement) => [s.kind, s.dml, s.transactionControl === true, s.concurrently === true, s.outsideTransaction === true];

test('DML: INSERT, UPDATE, DELETE, MERGE, COPY FROM, also inside a WITH clause', async () => {
  const dml = [
    'INSERT INTO t (a) VALUES (1)',
    'UPDATE t SET a = 2 WHERE a = 1',
    'DELETE FROM t WHERE a = 2',
    'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
    'COPY t FROM \'/tmp/t.csv\'',
    'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x',
    'WITH x AS (UPDATE t SET a = 1 RETURNING a) SELECT count(*) FROM x',
    'EXPLAIN ANALYZE DELETE FROM t',
    'WITH RECURSIVE r AS (SELECT 1) INSERT INTO t SELECT * FROM r',
  ];
  for (const sql of dml) assert.is((await one(sql)).dml, true, sql);
  assert.equal(flags(await one('WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x')), ['SelectStmt', true, false, false, false]);
});

test('not DML: queries, COPY TO, EXPLAIN without ANALYZE, and DML inside definitions that do not run it', async () => {
  const notDml = [
    'SELECT * FROM t',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'COPY t TO STDOUT',
    'EXPLAIN DELETE FROM t',
    'CREATE RULE r AS ON INSERT TO t DO INSTEAD (DELETE FROM u; INSERT INTO v VALUES (1))',
    'CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END',
    'CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
    'PREPARE p AS DELETE FROM t',
    'CREATE TABLE t (a int)',
  ];
  for (const sql of notDml) assert.is((await one(sql)).dml, false, sql);
});

test('session and transaction control', async () => {
  for (const sql of ['BEGIN', 'COMMIT', 'ROLLBACK', 'START TRANSACTION', 'SAVEPOINT s', "SET lock_timeout = '5s'", 'SET LOCAL statement_timeout = 0', 'RESET ALL', 'DO $$ BEGIN NULL; END $$', 'LOCK TABLE t IN ACCESS EXCLUSIVE MODE', 'SET CONSTRAINTS ALL DEFERRED']) {
    const s = await one(sql);
    assert.is(s.transactionControl, true, sql);
    assert.is(s.op, undefined, sql);
  }
  assert.is((await one('CREATE TABLE t (a int)')).transactionControl, undefined);
});

test('CONCURRENTLY and the other statements that cannot run in a transaction block', async () => {
  assert.equal(flags(await one('CREATE INDEX CONCURRENTLY ix ON t (a)')), ['IndexStmt', false, false, true, true]);
  assert.equal(flags(await one('DROP INDEX CONCURRENTLY ix')), ['DropStmt', false, false, true, true]);
  assert.equal(flags(await one('REINDEX INDEX CONCURRENTLY ix')), ['ReindexStmt', false, false, true, true]);
  assert.equal(flags(await one('ALTER TABLE t DETACH PARTITION p CONCURRENTLY')), ['AlterTableStmt', false, false, true, true]);
  assert.equal(flags(await one('REFRESH MATERIALIZED VIEW CONCURRENTLY mv')), ['RefreshMatViewStmt', false, false, true, false]);
  assert.equal(flags(await one('VACUUM t')), ['VacuumStmt', false, false, false, true]);
  assert.equal(flags(await one('CREATE INDEX ix ON t (a)')), ['IndexStmt', false, false, false, false]);
});

test.run();
