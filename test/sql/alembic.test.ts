import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/package-root.js';
import { parseMarker } from '../../src/sql/markers.js';
import { sqlToOps } from '../../src/sql/to-ops.js';
import { BOOKKEEPING_KIND, type SqlAnalysis, type SqlSegment } from '../../src/sql/types.js';

const test = suite('sql: Alembic --sql output and sqlrev scripts (revision markers, version tables)');

function fixture(name: string): string {
  return readFileSync(join(packageRoot(), 'test', 'fixtures', 'sql', name), 'utf8');
}

/** Each segment as its marker and, per statement, the op kind or the statement kind. */
function outline(a: SqlAnalysis): unknown[] {
  return a.segments.map((s: SqlSegment) => [
    s.marker ? `${s.marker.direction} ${s.marker.from.join(',')} -> ${s.marker.to.join(',')}` : '(before any marker)',
    s.statements.map((st) => st.op?.op ?? (st.dml ? `${st.kind} (dml)` : st.kind)),
  ]);
}

test('Alembic markers: roots, merges, downgrades to base; sqlrev markers with message and file', () => {
  assert.equal(parseMarker('-- Running upgrade  -> 1975ea83b712'), { direction: 'upgrade', from: [], to: ['1975ea83b712'] });
  assert.equal(parseMarker('-- Running upgrade 1975ea83b712 -> ae1027a6acf'), { direction: 'upgrade', from: ['1975ea83b712'], to: ['ae1027a6acf'] });
  assert.equal(parseMarker('-- Running upgrade a1, b2 -> c3'), { direction: 'upgrade', from: ['a1', 'b2'], to: ['c3'] });
  assert.equal(parseMarker('-- Running downgrade ae1027a6acf -> '), { direction: 'downgrade', from: ['ae1027a6acf'], to: [] });
  assert.equal(parseMarker('-- Running downgrade c3 -> a1, b2'), { direction: 'downgrade', from: ['c3'], to: ['a1', 'b2'] });
  assert.equal(parseMarker('-- Running upgrade a -> b (add (some) things), revisions/b_add.json'), {
    direction: 'upgrade', from: ['a'], to: ['b'], message: 'add (some) things', file: 'revisions/b_add.json',
  });
  assert.equal(parseMarker('-- Running downgrade c -> a, b, revisions/c_merge.ts'), { direction: 'downgrade', from: ['c'], to: ['a', 'b'], file: 'revisions/c_merge.ts' });
  assert.is(parseMarker('-- Running stamp_revision a -> b'), undefined);
  assert.is(parseMarker('-- running the upgrade now'), undefined);
});

test('Alembic upgrade (PostgreSQL): one segment per revision, version-table bookkeeping marked, and the file runs on PostgreSQL', async () => {
  const text = fixture('alembic-postgresql.sql');
  const a = await sqlToOps(text, 'postgresql');
  assert.equal(a.syntaxErrors, []);
  assert.equal(outline(a), [
    ['(before any marker)', ['TransactionStmt', BOOKKEEPING_KIND]],
    ['upgrade  -> 1975ea83b712', ['createEnum', 'createTable', 'createTable', 'createIndex', BOOKKEEPING_KIND]],
    ['upgrade 1975ea83b712 -> ae1027a6acf', ['addColumn', 'alterColumn', BOOKKEEPING_KIND]],
    ['upgrade 1975ea83b712 -> 27c6a30d7c24', ['createTable', BOOKKEEPING_KIND]],
    ['upgrade ae1027a6acf,27c6a30d7c24 -> 3e8d1c5b9f0a', ['UpdateStmt (dml)', 'alterColumn', 'dropConstraint', BOOKKEEPING_KIND, BOOKKEEPING_KIND, 'TransactionStmt']],
  ]);
  const all = a.segments.flatMap((s) => s.statements);
  // The version table's INSERT/UPDATE/DELETE are not data migrations.
  assert.ok(all.filter((s) => s.kind === BOOKKEEPING_KIND).every((s) => !s.dml && s.op === undefined));
  assert.equal(all.filter((s) => s.transactionControl).map((s) => s.sql), ['BEGIN', 'COMMIT']);
  // The unnamed UNIQUE (email) of the first revision is what the last one drops by PostgreSQL's name for it.
  const customer = all.find((s) => s.op?.op === 'createTable' && s.op.table === 'customer')!.op!;
  assert.equal(customer, {
    op: 'createTable', table: 'customer',
    columns: [
      { name: 'id', type: 'integer', autoincrement: true, nullable: false },
      { name: 'email', type: 'varchar(320)', nullable: false },
      { name: 'display_name', type: 'varchar(100)' },
      { name: 'created_at', type: 'timestamptz', default: { sql: 'now()' }, nullable: false },
    ],
    primaryKey: { name: 'customer_pkey', columns: ['id'] },
    uniques: [{ name: 'customer_email_key', columns: ['email'] }],
  });
  const order = all.find((s) => s.op?.op === 'createTable' && s.op.table === 'order')!.op!;
  assert.equal(order, {
    op: 'createTable', table: 'order',
    columns: [
      { name: 'id', type: 'integer', autoincrement: true, nullable: false },
      { name: 'customer_id', type: 'integer', nullable: false },
      { name: 'status', type: 'enum:orderstatus', default: 'new', nullable: false },
      { name: 'total', type: 'numeric(12,2)', nullable: false },
    ],
    primaryKey: { name: 'order_pkey', columns: ['id'] },
    foreignKeys: [{ name: 'order_customer_id_fkey', columns: ['customer_id'], references: { table: 'customer', columns: ['id'] } }],
  });
  const marker = a.segments[1]!.marker!;
  assert.equal([marker.line, marker.column, text.slice(marker.offset, marker.offset + 10)], [8, 1, '-- Running']);
  // The fixture is real: PostgreSQL runs it, and the constraint the last revision drops existed under that name.
  const db = await PGlite.create();
  try {
    await db.exec(text);
    const r = await db.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
    assert.equal(r.rows, [{ version_num: '3e8d1c5b9f0a' }]);
  } finally {
    await db.close();
  }
});

test('Alembic downgrade (PostgreSQL): downgrade markers down to base', async () => {
  const a = await sqlToOps(fixture('alembic-downgrade-postgresql.sql'), 'postgresql');
  assert.equal(a.syntaxErrors, []);
  assert.equal(outline(a), [
    ['(before any marker)', ['TransactionStmt']],
    ['downgrade ae1027a6acf -> 1975ea83b712', ['alterColumn', 'dropColumn', BOOKKEEPING_KIND]],
    ['downgrade 1975ea83b712 -> ', ['dropIndex', 'dropTable', 'dropTable', 'dropEnum', BOOKKEEPING_KIND, 'TransactionStmt']],
  ]);
});

test('Alembic batch mode on SQLite: the table copy is seen as what it is, and SQLite runs the file', async () => {
  const text = fixture('alembic-sqlite.sql');
  const a = await sqlToOps(text, 'sqlite');
  assert.equal(a.syntaxErrors, []);
  assert.equal(outline(a), [
    ['(before any marker)', [BOOKKEEPING_KIND]],
    ['upgrade  -> 1975ea83b712', ['createTable', BOOKKEEPING_KIND]],
    ['upgrade 1975ea83b712 -> ae1027a6acf', ['createTable', 'InsertStmt (dml)', 'dropTable', 'renameTable', 'createIndex', BOOKKEEPING_KIND]],
  ]);
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.exec(text);
    assert.equal(db.exec('SELECT version_num FROM alembic_version')[0]!.values, [['ae1027a6acf']]);
  } finally {
    db.close();
  }
});

test("sqlrev's own PostgreSQL script: markers with message and file, guards and version table are bookkeeping", async () => {
  const a = await sqlToOps(fixture('sqlrev-postgresql.sql'), 'postgresql');
  assert.equal(a.syntaxErrors, []);
  assert.equal(a.segments.map((s) => s.marker && [s.marker.from, s.marker.to, s.marker.message, s.marker.file]), [
    undefined,
    [[], ['0146b79f723c'], 'create users (and their ütf-8 names)', 'revisions/0146b79f723c_users.json'],
    [['0146b79f723c'], ['2ed6bf9f1690'], undefined, 'revisions/2ed6bf9f1690_email.ts'],
  ]);
  assert.equal(outline(a), [
    ['(before any marker)', ['VariableSetStmt', BOOKKEEPING_KIND]],
    ['upgrade  -> 0146b79f723c', ['TransactionStmt', 'DoStmt', 'createTable', BOOKKEEPING_KIND, 'TransactionStmt']],
    ['upgrade 0146b79f723c -> 2ed6bf9f1690', ['createIndex', 'TransactionStmt', 'addColumn', BOOKKEEPING_KIND, 'TransactionStmt']],
  ]);
  const concurrent = a.segments[2]!.statements[0]!;
  assert.equal([concurrent.concurrently, concurrent.outsideTransaction], [true, true]);
});

test("sqlrev's own SQLite script: the guard's temporary table and trigger are bookkeeping too", async () => {
  const a = await sqlToOps(fixture('sqlrev-sqlite.sql'), 'sqlite');
  assert.equal(a.syntaxErrors, []);
  assert.equal(outline(a), [
    ['(before any marker)', [BOOKKEEPING_KIND]],
    ['upgrade  -> 0146b79f723c', ['BeginStmt', BOOKKEEPING_KIND, BOOKKEEPING_KIND, BOOKKEEPING_KIND, BOOKKEEPING_KIND, 'createTable', BOOKKEEPING_KIND, 'CommitStmt']],
  ]);
});

test('a custom version table name is bookkeeping when given', async () => {
  const text = "CREATE TABLE my_versions (v varchar(32));\nINSERT INTO my_versions VALUES ('a');";
  const plain = await sqlToOps(text, 'postgresql');
  assert.equal(plain.segments[0]!.statements.map((s) => s.kind), ['CreateStmt', 'InsertStmt']);
  const told = await sqlToOps(text, 'postgresql', { versionTables: ['my_versions'] });
  assert.equal(told.segments[0]!.statements.map((s) => s.kind), [BOOKKEEPING_KIND, BOOKKEEPING_KIND]);
});

test.run();
