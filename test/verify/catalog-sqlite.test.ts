/**
 * readSqliteCatalog / settleSqliteCatalog against a real SQLite (sql.js):
 * schemas written by hand in SQL, catalogs asserted value by value.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Database } from 'sql.js';
import { readSqliteCatalog, settleSqliteCatalog } from '../../src/verify/catalog/sqlite.js';
import type { Catalog, CatalogColumn, CatalogTable } from '../../src/verify/catalog/types.js';
import { openSqlJs, resetSqlite } from '../../src/verify/engines.js';

const test = suite('verify/catalog/sqlite');
let db: Database;

test.before(async () => { db = await openSqlJs(); });
test.after(() => { db.close(); });
test.before.each(() => { resetSqlite(db); });

const HOSTILE = 'x"; DROP TABLE y; --';
const Q_HOSTILE = `"${HOSTILE.replace(/"/g, '""')}"`;

const col = (name: string, type: string, more: Partial<CatalogColumn> = {}): CatalogColumn =>
  ({ name, type, nullable: true, default: null, identity: null, comment: null, ...more });
const table = (name: string, more: Partial<CatalogTable>): CatalogTable =>
  ({ name, columns: [], primaryKey: null, uniques: [], checks: [], foreignKeys: [], indexes: [], comment: null, ...more });

const EVERY_KIND = `
CREATE TABLE parent (
  id INTEGER NOT NULL CONSTRAINT "pk parent" PRIMARY KEY AUTOINCREMENT,
  code VARCHAR(10) NOT NULL DEFAULT 'x',
  -- CONSTRAINT fake CHECK (this is a comment, not a constraint)
  note TEXT DEFAULT 'CONSTRAINT not_a_name CHECK (1)', /* nor CHECK (2) */
  CONSTRAINT uq_parent_code UNIQUE (code)
);
CREATE TABLE ${Q_HOSTILE} (
  "名前" TEXT,
  price NUMERIC(10, 2) DEFAULT 1.5 CONSTRAINT [ck [price] CHECK (price > 0),
  status VARCHAR(4) NOT NULL DEFAULT 'open',
  parent_id BIGINT CONSTRAINT \`fk;parent\` REFERENCES parent ON DELETE CASCADE ON UPDATE SET NULL,
  parent_code VARCHAR(10),
  n INTEGER DEFAULT -1,
  created_at DATETIME DEFAULT (CURRENT_TIMESTAMP),
  lowered TEXT DEFAULT ( lower('ABC') ),
  a SMALLINT NOT NULL UNIQUE,
  b SMALLINT NOT NULL,
  CONSTRAINT "pk;""weird" PRIMARY KEY (b, a),
  CONSTRAINT "uq ""ab""" UNIQUE (a COLLATE NOCASE, b),
  CHECK (n <> 3),
  CONSTRAINT ck_status CHECK (status IN ('open', 'done', ')')),
  CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES parent (code) ON DELETE RESTRICT ON UPDATE SET DEFAULT
);
CREATE INDEX ix_expr ON ${Q_HOSTILE} (lower("名前"), price, (price + 1) DESC) WHERE price IS NOT NULL;
CREATE UNIQUE INDEX "ix_名前" ON ${Q_HOSTILE} ("名前" COLLATE NOCASE);
CREATE INDEX ix_parent_code ON parent (code DESC);
CREATE TABLE sqlrev_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT sqlrev_version_pkc PRIMARY KEY (version_num));
INSERT INTO parent (code) VALUES ('a');
ANALYZE;
`;

const EVERY_KIND_CATALOG: Catalog = {
  tables: [
    table('parent', {
      columns: [
        col('id', 'INTEGER', { nullable: false, identity: 'autoincrement' }),
        col('code', 'VARCHAR(10)', { nullable: false, default: "'x'" }),
        col('note', 'TEXT', { default: "'CONSTRAINT not_a_name CHECK (1)'" }),
      ],
      primaryKey: { name: 'pk parent', columns: ['id'] },
      uniques: [{ name: 'uq_parent_code', columns: ['code'] }],
      indexes: [{ name: 'ix_parent_code', unique: false, columns: ['code'], where: null }],
    }),
    table(HOSTILE, {
      columns: [
        col('名前', 'TEXT'),
        col('price', 'NUMERIC(10, 2)', { default: '1.5' }),
        col('status', 'VARCHAR(4)', { nullable: false, default: "'open'" }),
        col('parent_id', 'BIGINT'),
        col('parent_code', 'VARCHAR(10)'),
        col('n', 'INTEGER', { default: '-1' }),
        // SQLite keeps the expression inside DEFAULT ( ... ), without the parentheses.
        col('created_at', 'DATETIME', { default: 'CURRENT_TIMESTAMP' }),
        col('lowered', 'TEXT', { default: "lower('ABC')" }),
        col('a', 'SMALLINT', { nullable: false }),
        col('b', 'SMALLINT', { nullable: false }),
      ],
      primaryKey: { name: 'pk;"weird', columns: ['b', 'a'] },
      uniques: [
        { name: 'uq "ab"', columns: ['a', 'b'] },
        { name: null, columns: ['a'] },
      ],
      checks: [
        { name: 'ck [price', expression: 'price > 0' },
        { name: 'ck_status', expression: "status IN ('open', 'done', ')')" },
        { name: null, expression: 'n <> 3' },
      ],
      foreignKeys: [
        { name: 'fk;parent', columns: ['parent_id'], refTable: 'parent', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'set null' },
        { name: 'fk_code', columns: ['parent_code'], refTable: 'parent', refColumns: ['code'], onDelete: 'restrict', onUpdate: 'set default' },
      ],
      indexes: [
        {
          name: 'ix_expr', unique: false,
          columns: [{ expression: 'lower("名前")' }, 'price', { expression: '(price + 1)' }],
          where: 'price IS NOT NULL',
        },
        { name: 'ix_名前', unique: true, columns: ['名前'], where: null },
      ],
    }),
  ],
  sequences: [],
  enums: [],
};

test('every object kind, read exactly (sqlite_* tables, version table, constraint indexes left out)', () => {
  db.exec(EVERY_KIND);
  // The internal tables are really there, and really left out.
  const internal = db.exec(`SELECT name FROM sqlite_master WHERE name LIKE 'sqlite\\_%' ESCAPE '\\' AND type = 'table' ORDER BY name`);
  assert.equal(internal[0]!.values.flat(), ['sqlite_sequence', 'sqlite_stat1']);
  const c = readSqliteCatalog(db);
  assert.equal(c, EVERY_KIND_CATALOG);
  assert.is(JSON.stringify(c), JSON.stringify(EVERY_KIND_CATALOG));
});

test('rowid alias: INTEGER PRIMARY KEY is NOT NULL without saying so; AUTOINCREMENT only when written', () => {
  db.exec(`
    CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT);
    CREATE TABLE auto (id INTEGER, CONSTRAINT pk_auto PRIMARY KEY (id AUTOINCREMENT));
    CREATE TABLE not_alias (id BIGINT PRIMARY KEY);
    CREATE TABLE without_rowid (id INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;
  `);
  const c = readSqliteCatalog(db);
  assert.equal(c.tables, [
    table('auto', { columns: [col('id', 'INTEGER', { nullable: false, identity: 'autoincrement' })], primaryKey: { name: 'pk_auto', columns: ['id'] } }),
    // A BIGINT key is not the rowid: SQLite lets it hold NULL unless NOT NULL is written.
    table('not_alias', { columns: [col('id', 'BIGINT')], primaryKey: { name: null, columns: ['id'] } }),
    table('plain', { columns: [col('id', 'INTEGER', { nullable: false }), col('v', 'TEXT')], primaryKey: { name: null, columns: ['id'] } }),
    table('without_rowid', { columns: [col('id', 'INTEGER', { nullable: false }), col('v', 'TEXT')], primaryKey: { name: null, columns: ['id'] } }),
  ]);
});

test('constraint names are matched to the PRAGMA objects by their columns, not by position', () => {
  // foreign_key_list numbers foreign keys in reverse order of declaration; the unique indexes follow the SQL order.
  db.exec(`
    CREATE TABLE p (x INTEGER PRIMARY KEY, y INTEGER UNIQUE);
    CREATE TABLE c (
      a INTEGER, b INTEGER, d INTEGER, e INTEGER CONSTRAINT nn NOT NULL UNIQUE, f INTEGER CONSTRAINT df DEFAULT 1 UNIQUE,
      CONSTRAINT fk_a FOREIGN KEY (a) REFERENCES p (x),
      CONSTRAINT fk_b FOREIGN KEY (b) REFERENCES p (y) ON DELETE SET NULL,
      FOREIGN KEY (d) REFERENCES p,
      CONSTRAINT uq_b UNIQUE (b), CONSTRAINT uq_da UNIQUE (d, a), UNIQUE (a)
    );
  `);
  const c = readSqliteCatalog(db).tables.find((t) => t.name === 'c')!;
  assert.equal(c.foreignKeys, [
    { name: 'fk_a', columns: ['a'], refTable: 'p', refColumns: ['x'], onDelete: 'no action', onUpdate: 'no action' },
    { name: 'fk_b', columns: ['b'], refTable: 'p', refColumns: ['y'], onDelete: 'set null', onUpdate: 'no action' },
    // No referenced columns written: the parent's primary key.
    { name: null, columns: ['d'], refTable: 'p', refColumns: ['x'], onDelete: 'no action', onUpdate: 'no action' },
  ]);
  assert.equal(c.uniques, [
    { name: 'uq_b', columns: ['b'] },
    { name: 'uq_da', columns: ['d', 'a'] },
    { name: null, columns: ['a'] },
    // The names belong to NOT NULL and DEFAULT, which keep none.
    { name: null, columns: ['e'] },
    { name: null, columns: ['f'] },
  ]);
});

test('after RENAME COLUMN / RENAME TO, SQLite\'s rewritten text is read', () => {
  db.exec(`
    CREATE TABLE t (price INT CONSTRAINT ck CHECK (price > 0), other INT);
    CREATE INDEX ix ON t (price + 1) WHERE price > 2;
    ALTER TABLE t RENAME COLUMN price TO cost;
    ALTER TABLE t RENAME TO "t 2";
    ALTER TABLE "t 2" DROP COLUMN other;
  `);
  assert.equal(readSqliteCatalog(db).tables, [table('t 2', {
    columns: [col('cost', 'INT')],
    checks: [{ name: 'ck', expression: 'cost > 0' }],
    indexes: [{ name: 'ix', unique: false, columns: [{ expression: 'cost + 1' }], where: 'cost > 2' }],
  })]);
});

test('options: another version table', () => {
  db.exec(`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); CREATE TABLE sqlrev_version (version_num VARCHAR(32) NOT NULL);`);
  assert.equal(readSqliteCatalog(db, { versionTable: 'alembic_version' }).tables.map((t) => t.name), ['sqlrev_version']);
  assert.equal(readSqliteCatalog(db).tables.map((t) => t.name), ['alembic_version']);
});

test('an empty database is an empty catalog', () => {
  assert.equal(readSqliteCatalog(db), { tables: [], sequences: [], enums: [] });
});

test('settle: defaults lose their parentheses as SQLite stores them; refused ones keep the model text', async () => {
  const scratch = await openSqlJs();
  const expected: Catalog = {
    tables: [table('task', {
      columns: [
        col('title', 'VARCHAR(50)', { default: "'untitled'" }),
        col('created', 'DATETIME', { default: '(CURRENT_TIMESTAMP)' }),
        col('lowered', 'TEXT', { default: "( lower('A') )" }),
        col('n', 'INTEGER', { default: '-1' }),
      ],
      checks: [{ name: 'ck_n', expression: 'n > 0' }],
      indexes: [
        { name: 'ix_task_lower', unique: true, columns: [{ expression: 'lower(title)' }, 'n'], where: 'n > 0' },
        { name: 'ix_task_missing', unique: false, columns: [{ expression: 'lower(nope)' }], where: null },
      ],
    }), table('broken', {
      // A default SQLite refuses (not constant): the table is created with bare columns.
      columns: [col('v', 'TEXT', { default: '(v || 1)' }), col('w', 'TEXT', { default: '(1)' })],
      checks: [{ name: 'ck_w', expression: 'w <> 1' }],
    }), table('stale_check', {
      // A check SQLite refuses (no such column): the table is created without checks, defaults still settle.
      columns: [col('cost', 'INTEGER', { default: '(1)' })],
      checks: [{ name: 'ck_price', expression: 'price > 0' }],
    })],
    sequences: [],
    enums: [],
  };
  const settled = settleSqliteCatalog(scratch, expected);
  scratch.close();
  assert.equal(settled.tables.find((t) => t.name === 'task'), table('task', {
    columns: [
      col('title', 'VARCHAR(50)', { default: "'untitled'" }),
      col('created', 'DATETIME', { default: 'CURRENT_TIMESTAMP' }),
      col('lowered', 'TEXT', { default: "lower('A')" }),
      col('n', 'INTEGER', { default: '-1' }),
    ],
    checks: [{ name: 'ck_n', expression: 'n > 0' }],
    indexes: [
      { name: 'ix_task_lower', unique: true, columns: [{ expression: 'lower(title)' }, 'n'], where: 'n > 0' },
      { name: 'ix_task_missing', unique: false, columns: [{ expression: 'lower(nope)' }], where: null },
    ],
  }));
  assert.equal(settled.tables.find((t) => t.name === 'broken')!.columns.map((c) => c.default), ['(v || 1)', '(1)']);
  assert.equal(settled.tables.find((t) => t.name === 'stale_check'), table('stale_check', {
    columns: [col('cost', 'INTEGER', { default: '1' })],
    checks: [{ name: 'ck_price', expression: 'price > 0' }],
  }));
});

test.run();
