import sqliteParser from 'node-sql-parser/build/sqlite.js';
import initSqlJs from 'sql.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Op } from '../../src/ops/types.js';
import { sqlToOps } from '../../src/sql/to-ops.js';
import { opOf, opsOf, render, sqliteCatalog, statements } from './support.js';

const test = suite('sql/sqlite: SQLite is the judge of syntax; DDL to ops');
const lite = 'sqlite' as const;

/** Valid SQLite that node-sql-parser's SQLite grammar rejects. */
const VALID_BUT_REJECTED_BY_NODE_SQL_PARSER = [
  'INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING',
  'DROP INDEX ix',
  'CREATE TABLE d (a DOUBLE PRECISION, b UNSIGNED BIG INT)',
  'BEGIN TRANSACTION',
  'PRAGMA foreign_keys = OFF',
];

test('statements SQLite accepts are never syntax errors, whatever node-sql-parser says', async () => {
  const { Parser } = sqliteParser;
  const parser = new Parser();
  for (const sql of VALID_BUT_REJECTED_BY_NODE_SQL_PARSER) {
    assert.throws(() => parser.astify(sql, { database: 'sqlite' }), undefined, `node-sql-parser now accepts: ${sql}`);
  }
  const text = [
    'CREATE TABLE t (a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT) STRICT;',
    'CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;',
    'CREATE INDEX ix ON t (b);',
    ...VALID_BUT_REJECTED_BY_NODE_SQL_PARSER.map((s) => `${s};`),
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET b = CASE WHEN NEW.a > 0 THEN 'pos' ELSE 'neg' END WHERE a = NEW.a; INSERT INTO kv VALUES ('k', x'00'); END;",
    'COMMIT;',
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3) INSERT INTO t (b) SELECT x FROM c;',
    'SELECT [b], `b`, "b" FROM t WHERE b = \'a;b\' /* ; */ -- ;',
  ].join('\n');
  const a = await sqlToOps(text, lite);
  assert.equal(a.syntaxErrors, []);
  assert.equal(statements(a).map((s) => s.kind), [
    'CreateTableStmt', 'CreateTableStmt', 'CreateIndexStmt', 'InsertStmt', 'DropIndexStmt', 'CreateTableStmt', 'BeginStmt', 'PragmaStmt', 'CreateTriggerStmt', 'CommitStmt', 'InsertStmt', 'SelectStmt',
  ]);
  assert.equal(statements(a).map((s) => s.dml), [false, false, false, true, false, false, false, false, false, false, true, false]);
});

test('real syntax errors are reported at line:column (after non-ASCII text), each of them, and the rest is analysed', async () => {
  const lines = [
    '-- Größe 😀',
    "CREATE TABLE ä (ü TEXT DEFAULT 'naïve');",
    "INSERT INTO ä (ü) VALUES ('😀' 'x');",
    'CREATE TABLE b (x INTEGER);',
    'SELEC 1;',
    'CREATE TABLE c (x INTEGER,, y);',
    'ALTER TABLE b ADD COLUMN y TEXT;',
    "SELECT 'é', 'unterminated",
  ];
  const a = await sqlToOps(lines.join('\n'), lite);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column, e.message]), [
    [3, 32, 'near "\'x\'": syntax error'],
    [5, 1, 'near "SELEC": syntax error'],
    [6, 27, 'near ",": syntax error'],
    [8, 13, 'unrecognized token: "\'unterminated"'],
  ]);
  assert.equal(statements(a).map((s) => [s.line, s.op?.op]), [[2, 'createTable'], [4, 'createTable'], [7, 'addColumn']]);
});

test('incomplete input is reported at the end of the statement', async () => {
  const a = await sqlToOps('CREATE TABLE t (a INTEGER,\n  b TEXT\n;\nSELECT 1;', lite);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column, e.message]), [[2, 9, 'incomplete input']]);
});

test('schema errors are not syntax errors; a syntax error behind an unknown table is still found', async () => {
  const a = await sqlToOps([
    'ALTER TABLE users ADD COLUMN email TEXT;',
    'INSERT INTO missing (a) VALUES (1);',
    'CREATE TABLE t (a INTEGER);',
    'CREATE TABLE t (a INTEGER);',
    'UPDATE users SET name = 1 WHERE id = = 2;',
  ].join('\n'), lite);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column, e.message]), [[5, 38, 'near "=": syntax error']]);
  assert.equal(statements(a).map((s) => s.kind), ['AlterTableStmt', 'InsertStmt', 'CreateTableStmt', 'CreateTableStmt']);
});

test('CREATE TABLE: types, NOT NULL, defaults, keys, references, checks', async () => {
  const op = await opOf(`CREATE TABLE IF NOT EXISTS "order" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code VARCHAR(20) NOT NULL UNIQUE,
    price NUMERIC(10, 2) DEFAULT 0,
    placed DATETIME DEFAULT CURRENT_TIMESTAMP,
    note TEXT DEFAULT 'it''s' COLLATE NOCASE,
    paid BOOLEAN NOT NULL DEFAULT FALSE,
    ratio REAL DEFAULT -0.5,
    r DOUBLE DEFAULT (random()),
    owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    parent_id INTEGER CONSTRAINT fk_parent REFERENCES "order",
    weird NVARCHAR(10),
    CONSTRAINT ck_price CHECK (price >= 0),
    UNIQUE (owner_id, code),
    FOREIGN KEY (owner_id, code) REFERENCES other (a, b) ON UPDATE SET NULL
  )`, lite);
  assert.equal(op, {
    op: 'createTable', table: 'order',
    columns: [
      { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
      { name: 'code', type: 'varchar(20)', nullable: false, unique: true },
      { name: 'price', type: 'numeric(10,2)', default: 0 },
      { name: 'placed', type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'note', type: 'text', default: "it's" },
      { name: 'paid', type: 'boolean', nullable: false, default: false },
      { name: 'ratio', type: 'real', default: -0.5 },
      { name: 'r', type: 'double', default: { sql: 'random()' } },
      { name: 'owner_id', type: 'integer', references: { table: 'users', column: 'id', onDelete: 'cascade' } },
      { name: 'parent_id', type: 'integer', references: { table: 'order', column: 'id', name: 'fk_parent' } },
      { name: 'weird', type: { sqlite: 'NVARCHAR(10)' } },
    ],
    foreignKeys: [{ columns: ['owner_id', 'code'], references: { table: 'other', columns: ['a', 'b'] }, onUpdate: 'set null' }],
    uniques: [{ columns: ['owner_id', 'code'] }],
    checks: [{ name: 'ck_price', expression: 'price >= 0' }],
  });
  const s = statements(await sqlToOps('CREATE TABLE IF NOT EXISTS t (a TEXT COLLATE NOCASE, b) WITHOUT ROWID, STRICT', lite))[0]!;
  assert.equal([s.ifNotExists, s.untranslated], [true, ['COLLATE on column a', 'column b has no declared type (BLOB affinity)', 'WITHOUT ROWID', 'STRICT']]);
});

test('ALTER TABLE, CREATE INDEX, DROP TABLE / INDEX', async () => {
  const ops = await opsOf(`
    CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
    ALTER TABLE t ADD COLUMN email VARCHAR(320) NOT NULL DEFAULT '' REFERENCES people;
    ALTER TABLE t RENAME COLUMN name TO full_name;
    ALTER TABLE t RENAME name2 TO name3;
    ALTER TABLE main.t RENAME TO person;
    ALTER TABLE person DROP COLUMN email;
    CREATE UNIQUE INDEX IF NOT EXISTS ix_person ON person (full_name COLLATE NOCASE DESC, lower(full_name), (id + 1)) WHERE id > 0;
    DROP INDEX IF EXISTS ix_person;
    DROP TABLE person;`, lite);
  assert.equal(ops.slice(1), [
    { op: 'addColumn', table: 't', column: { name: 'email', type: 'varchar(320)', nullable: false, default: '' } },
    { op: 'renameColumn', table: 't', column: 'name', to: 'full_name' },
    { op: 'renameColumn', table: 't', column: 'name2', to: 'name3' },
    { op: 'renameTable', table: 't', to: 'person' },
    { op: 'dropColumn', table: 'person', column: 'email' },
    { op: 'createIndex', name: 'ix_person', table: 'person', columns: ['full_name', { expression: 'lower(full_name)' }, { expression: 'id + 1' }], unique: true, where: 'id > 0' },
    { op: 'dropIndex', name: 'ix_person', table: 'person' },
    { op: 'dropTable', table: 'person' },
  ] satisfies Op[]);
});

test('temporary tables, triggers and views have no op', async () => {
  const s = statements(await sqlToOps('CREATE TEMP TABLE x (a INTEGER); CREATE VIEW v AS SELECT 1; CREATE TABLE c AS SELECT 1 AS a;', lite));
  assert.equal(s.map((x) => [x.kind, x.op, x.untranslated]), [
    ['CreateTableStmt', undefined, ['a temporary table is not part of the schema']],
    ['CreateViewStmt', undefined, undefined],
    ['CreateTableStmt', undefined, ['CREATE TABLE ... AS SELECT: the columns come from the query']],
  ]);
});

test('round trip on SQLite: the SQL and sqlrev\'s rendering of its ops build the same tables', async () => {
  const sql = `
    CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(320) NOT NULL, PRIMARY KEY (id), UNIQUE (email));
    CREATE TABLE task (
      -- sqlrev writes primary-key columns NOT NULL (SQLite's rowid alias can hold no NULL anyway).
      id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
      title VARCHAR(50) NOT NULL DEFAULT 'untitled',
      qty NUMERIC(10, 2) DEFAULT 0,
      done BOOLEAN DEFAULT 1,
      due DATETIME DEFAULT CURRENT_TIMESTAMP,
      r REAL DEFAULT (random()),
      owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE
    );
    ALTER TABLE task ADD COLUMN note TEXT;
    ALTER TABLE task RENAME COLUMN note TO body;
    CREATE INDEX ix_task_owner ON task (owner_id, title);
    CREATE UNIQUE INDEX ix_task_lower ON task (lower(title)) WHERE done = 1;
    CREATE TABLE old (a INTEGER, b TEXT);
    ALTER TABLE old RENAME TO kept;
    ALTER TABLE kept DROP COLUMN b;`;
  const ops = await opsOf(sql, lite);
  const SQL = await initSqlJs();
  const original = new SQL.Database();
  const rendered = new SQL.Database();
  try {
    original.exec(sql);
    rendered.exec(render(ops, lite).map((s) => `${s};`).join('\n'));
    assert.equal(sqliteCatalog(rendered), sqliteCatalog(original));
  } finally {
    original.close();
    rendered.close();
  }
});

test.run();
