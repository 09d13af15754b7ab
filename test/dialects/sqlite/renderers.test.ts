/**
 * Every op kind rendered by the SQLite dialect, run on sql.js, and checked in
 * the catalog (PRAGMA table_info / index_list / index_info / foreign_key_list,
 * sqlite_master).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Database } from 'sql.js';
import type { Statement } from '../../../src/dialects/dialect.js';
import { isUnsupported } from '../../../src/dialects/dialect.js';
import { sqlite } from '../../../src/dialects/sqlite/index.js';
import { ModelError } from '../../../src/errors.js';
import { OP_KINDS, type Op } from '../../../src/ops/types.js';
import {
  assertFails, columnNames, foreignKeys, indexColumns, indexList, indexNames, masterSql, Model, newDb, rows,
  runRevision, scalar, tableInfo, tableNames,
} from './support.js';

function fresh(): { m: Model; db: Database; run: (...ops: Op[]) => Statement[] } {
  const m = new Model();
  const db = newDb();
  db.run('PRAGMA foreign_keys = ON');
  return {
    m, db,
    run: (...ops) => {
      const stmts = m.render(...ops);
      runRevision(db, stmts);
      return stmts;
    },
  };
}

const isRebuild = (s: Statement[]) => s.length > 0 && s.every((x) => x.needsForeignKeysOff === true);
const noRebuild = (s: Statement[]) => s.every((x) => !x.needsForeignKeysOff);

const PARENT: Op = {
  op: 'createTable', table: 'parent',
  columns: [
    { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
    { name: 'email', type: 'varchar(100)', nullable: false, unique: true },
    { name: 'active', type: 'boolean', nullable: false, default: true },
    { name: 'score', type: 'numeric(10,2)', default: 0 },
    { name: 'created_at', type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } },
    { name: 'slug', type: 'text', default: { sql: "lower('X')" } },
  ],
  checks: [{ name: 'ck_score', expression: 'score >= 0' }],
  comment: 'ignored by SQLite',
};
const CHILD: Op = {
  op: 'createTable', table: 'child',
  columns: [
    { name: 'id', type: 'integer', primaryKey: true },
    { name: 'parent_id', type: 'bigint', nullable: false, references: { table: 'parent', column: 'id', onDelete: 'cascade' } },
    { name: 'a', type: 'integer' },
    { name: 'b', type: 'integer' },
  ],
  uniques: [{ columns: ['a', 'b'] }],
};

test('every op kind has a renderer or an explicit reason', () => {
  for (const k of OP_KINDS) {
    const r = sqlite.renderers[k];
    assert.ok(typeof r === 'function' || (isUnsupported(r) && r.unsupported.length > 20), k);
  }
});

test('createTable: columns, inline named constraints, autoincrement', () => {
  const { db, run } = fresh();
  const stmts = run(PARENT, CHILD);
  assert.is(stmts.length, 2);
  assert.equal(tableInfo(db, 'parent'), [
    { name: 'id', type: 'INTEGER', notnull: 1, dflt_value: null, pk: 1 },
    { name: 'email', type: 'VARCHAR(100)', notnull: 1, dflt_value: null, pk: 0 },
    { name: 'active', type: 'BOOLEAN', notnull: 1, dflt_value: '1', pk: 0 },
    { name: 'score', type: 'NUMERIC(10, 2)', notnull: 0, dflt_value: '0', pk: 0 },
    { name: 'created_at', type: 'DATETIME', notnull: 0, dflt_value: 'CURRENT_TIMESTAMP', pk: 0 },
    { name: 'slug', type: 'TEXT', notnull: 0, dflt_value: "lower('X')", pk: 0 },
  ]);
  const sql = masterSql(db, 'parent')!;
  assert.match(sql, 'id INTEGER NOT NULL CONSTRAINT pk_parent PRIMARY KEY AUTOINCREMENT');
  assert.match(sql, 'CONSTRAINT uq_parent_email UNIQUE (email)');
  assert.match(sql, 'CONSTRAINT ck_score CHECK (score >= 0)');
  assert.equal(indexList(db, 'parent'), [{ name: 'sqlite_autoindex_parent_1', unique: 1, origin: 'u', partial: 0 }]);
  // The child: composite unique, table-level PK, FK with its action.
  assert.equal(indexList(db, 'child').map((i) => i.origin), ['u']);
  assert.equal(foreignKeys(db, 'child'), [{ table: 'parent', from: 'parent_id', to: 'id', on_delete: 'CASCADE', on_update: 'NO ACTION' }]);
  assert.match(masterSql(db, 'child')!, 'CONSTRAINT pk_child PRIMARY KEY (id)');
  assert.match(masterSql(db, 'child')!, 'CONSTRAINT fk_child_parent_id_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE');
  // Behaviour: autoincrement, defaults, CHECK, UNIQUE, FK.
  db.run("INSERT INTO parent (email) VALUES ('a@x')");
  assert.equal(rows(db, 'SELECT id, active, score, slug FROM parent'), [{ id: 1, active: 1, score: 0, slug: 'x' }]);
  assert.is(scalar(db, "SELECT seq FROM sqlite_sequence WHERE name = 'parent'"), 1);
  assertFails(db, "INSERT INTO parent (email, score) VALUES ('b@x', -1)", /CHECK constraint failed/);
  assertFails(db, "INSERT INTO parent (email) VALUES ('a@x')", /UNIQUE constraint failed/);
  assertFails(db, 'INSERT INTO child (id, parent_id) VALUES (1, 99)', /FOREIGN KEY constraint failed/);
});

test('createTable: an autoincrement column that is not the whole primary key is refused', () => {
  const { m } = fresh();
  assert.throws(() => m.render({
    op: 'createTable', table: 't',
    columns: [{ name: 'a', type: 'integer', autoincrement: true }, { name: 'b', type: 'integer' }],
    primaryKey: { columns: ['a', 'b'] },
  }), (e: unknown) => e instanceof ModelError && /autoincrement/.test((e as Error).message));
});

test('dropTable removes the table and its indexes', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD, { op: 'createIndex', table: 'child', columns: ['a'] });
  assert.equal(indexNames(db), ['ix_child_a']);
  run({ op: 'dropTable', table: 'child' });
  assert.equal(tableNames(db), ['parent']);
  assert.equal(indexNames(db), []);
});

test('renameTable renames the table only; children follow it', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD, { op: 'createIndex', table: 'parent', columns: ['slug'] });
  const s = run({ op: 'renameTable', table: 'parent', to: 'account' });
  assert.equal(s.map((x) => x.sql), ['ALTER TABLE parent RENAME TO account']);
  assert.equal(tableNames(db), ['account', 'child']);
  assert.equal(foreignKeys(db, 'child')[0]!.table, 'account');
  assert.equal(indexNames(db), ['ix_parent_slug']);
});

test('addColumn: ALTER TABLE ADD COLUMN when SQLite allows it', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD);
  db.run("INSERT INTO parent (email) VALUES ('a@x')");
  db.run('INSERT INTO child (id, parent_id) VALUES (1, 1)');
  const a = run({ op: 'addColumn', table: 'child', column: { name: 'qty', type: 'integer', nullable: false, default: 5 } });
  assert.equal(a.map((x) => x.sql), ['ALTER TABLE child ADD COLUMN qty INTEGER NOT NULL DEFAULT 5']);
  const b = run({ op: 'addColumn', table: 'child', column: { name: 'other_id', type: 'bigint', references: { table: 'parent', column: 'id', onDelete: 'set null' } } });
  assert.ok(noRebuild(b));
  assert.match(b[0]!.sql, 'CONSTRAINT fk_child_other_id_parent REFERENCES parent (id) ON DELETE SET NULL');
  const c = run({ op: 'addColumn', table: 'child', column: { name: 'tag', type: 'varchar(10)', default: { sql: "'n/a'" } } });
  assert.ok(noRebuild(c));
  assert.equal(rows(db, 'SELECT qty, other_id, tag FROM child'), [{ qty: 5, other_id: null, tag: 'n/a' }]);
  assert.equal(foreignKeys(db, 'child').map((f) => [f.from, f.on_delete]), [['parent_id', 'CASCADE'], ['other_id', 'SET NULL']]);
});

test('addColumn: a rebuild for what ADD COLUMN refuses, and existing rows get the default', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD);
  db.run("INSERT INTO parent (email) VALUES ('a@x')");
  db.run('INSERT INTO child (id, parent_id, a) VALUES (1, 1, 10)');
  const cases: Op[] = [
    { op: 'addColumn', table: 'child', column: { name: 'seen_at', type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } } },
    { op: 'addColumn', table: 'child', column: { name: 'code', type: 'text', default: { sql: "upper('k')" } } },
    { op: 'addColumn', table: 'child', column: { name: 'serial', type: 'integer', unique: true } },
    { op: 'addColumn', table: 'child', column: { name: 'owner_id', type: 'bigint', default: 1, references: { table: 'parent', column: 'id' } } },
  ];
  for (const op of cases) {
    const col = (op as { column: { name: string } }).column.name;
    const stmts = run(op);
    assert.ok(isRebuild(stmts), col);
    assert.ok(columnNames(db, 'child').includes(col), col);
  }
  const row = rows(db, 'SELECT id, parent_id, a, seen_at, code, serial, owner_id FROM child')[0]!;
  assert.is(row['id'], 1);
  assert.is(row['a'], 10);
  assert.match(String(row['seen_at']), /^\d{4}-/);
  assert.is(row['code'], 'K');
  assert.is(row['serial'], null);
  assert.is(row['owner_id'], 1);
  assert.ok(indexList(db, 'child').some((i) => i.unique === 1 && indexColumns(db, i.name).join() === 'serial'));
  assert.equal(foreignKeys(db, 'child').map((f) => f.from).sort(), ['owner_id', 'parent_id']);
  assertFails(db, 'INSERT INTO child (id, parent_id, owner_id) VALUES (2, 1, 42)', /FOREIGN KEY constraint failed/);
});

test('addColumn: the plain form really is refused by SQLite where a rebuild is chosen', () => {
  const db = newDb();
  db.run('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
  assertFails(db, 'ALTER TABLE t ADD COLUMN b DATETIME DEFAULT CURRENT_TIMESTAMP', /non-constant default/);
  assertFails(db, "ALTER TABLE t ADD COLUMN b TEXT DEFAULT (upper('k'))", /non-constant default/);
  assertFails(db, 'ALTER TABLE t ADD COLUMN b INTEGER UNIQUE', /UNIQUE/);
  assertFails(db, 'ALTER TABLE t ADD COLUMN b INTEGER NOT NULL', /NOT NULL/);
});

test('addColumn NOT NULL without default: fine on an empty table (rebuild), refused with rows', () => {
  const { db, run, m } = fresh();
  run(PARENT);
  const s = run({ op: 'addColumn', table: 'parent', column: { name: 'must', type: 'text', nullable: false } });
  assert.ok(isRebuild(s));
  assert.is(tableInfo(db, 'parent').find((c) => c.name === 'must')!.notnull, 1);
  db.run("INSERT INTO parent (email, must) VALUES ('a', 'x')");
  const s2 = m.render({ op: 'addColumn', table: 'parent', column: { name: 'must2', type: 'text', nullable: false } });
  assert.throws(() => runRevision(db, s2), /NOT NULL constraint failed/);
  assert.not.ok(columnNames(db, 'parent').includes('must2')); // rolled back
});

test('dropColumn: ALTER TABLE DROP COLUMN, after dropping the indexes that use it', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD, { op: 'createIndex', table: 'parent', columns: ['slug', 'score'] }, { op: 'createIndex', name: 'ix_keep', table: 'parent', columns: ['active'] });
  db.run("INSERT INTO parent (email, slug) VALUES ('a@x', 's')");
  const s = run({ op: 'dropColumn', table: 'parent', column: 'slug' });
  assert.equal(s.map((x) => x.sql), ['DROP INDEX ix_parent_slug_score', 'ALTER TABLE parent DROP COLUMN slug']);
  assert.not.ok(columnNames(db, 'parent').includes('slug'));
  assert.equal(indexNames(db), ['ix_keep']);
  assert.is(scalar(db, 'SELECT email FROM parent'), 'a@x');
});

test('dropColumn: a rebuild for a UNIQUE, foreign-key, CHECK or primary-key column', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD);
  db.run("INSERT INTO parent (email) VALUES ('a@x')");
  db.run('INSERT INTO child (id, parent_id, a, b) VALUES (1, 1, 2, 3)');
  for (const [table, column] of [['parent', 'email'], ['parent', 'score'], ['child', 'parent_id'], ['child', 'a']] as const) {
    const s = run({ op: 'dropColumn', table, column });
    assert.ok(isRebuild(s), `${table}.${column}`);
    assert.not.ok(columnNames(db, table).includes(column));
  }
  assert.equal(rows(db, 'SELECT * FROM child'), [{ id: 1, b: 3 }]);
  assert.equal(foreignKeys(db, 'child'), []);
  assert.not.match(masterSql(db, 'parent')!, 'CHECK');
  assert.equal(tableNames(db), ['child', 'parent']);
});

test('renameColumn: ALTER TABLE RENAME COLUMN, indexes and child references follow', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD, { op: 'createIndex', table: 'child', columns: ['a'] });
  const s = run({ op: 'renameColumn', table: 'parent', column: 'id', to: 'pid' }, { op: 'renameColumn', table: 'child', column: 'a', to: 'alpha' });
  assert.equal(s.map((x) => x.sql), ['ALTER TABLE parent RENAME COLUMN id TO pid', 'ALTER TABLE child RENAME COLUMN a TO alpha']);
  assert.equal(foreignKeys(db, 'child')[0]!.to, 'pid');
  assert.equal(indexColumns(db, 'ix_child_a'), ['alpha']);
});

test('alterColumn: type change rebuilds with CAST', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD);
  db.run("INSERT INTO parent (email, score) VALUES ('a', 12.5), ('b', 3)");
  const s = run({ op: 'alterColumn', table: 'parent', column: 'score', type: 'integer' });
  assert.ok(isRebuild(s));
  assert.ok(s.some((x) => x.sql.includes('SELECT id, email, active, CAST(score AS INTEGER), created_at, slug FROM parent')));
  assert.is(tableInfo(db, 'parent').find((c) => c.name === 'score')!.type, 'INTEGER');
  assert.equal(rows(db, 'SELECT score, typeof(score) AS t FROM parent ORDER BY id'), [{ score: 12, t: 'integer' }, { score: 3, t: 'integer' }]);
  run({ op: 'alterColumn', table: 'parent', column: 'score', type: 'varchar(20)' });
  assert.equal(rows(db, 'SELECT typeof(score) AS t FROM parent').map((r) => r['t']), ['text', 'text']);
});

test('alterColumn: to timestamp or json copies text as it is (CAST would keep only a numeric prefix)', () => {
  const { db, run } = fresh();
  run({ op: 'createTable', table: 'e', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'at', type: 'text' }, { name: 'doc', type: 'text' }] });
  db.run(`INSERT INTO e VALUES (1, '2024-01-31 10:00:00', '{"a": 1}')`);
  run({ op: 'alterColumn', table: 'e', column: 'at', type: 'timestamp' }, { op: 'alterColumn', table: 'e', column: 'doc', type: 'json' });
  assert.equal(rows(db, 'SELECT at, doc FROM e'), [{ at: '2024-01-31 10:00:00', doc: '{"a": 1}' }]);
  assert.equal(tableInfo(db, 'e').map((c) => c.type), ['INTEGER', 'DATETIME', 'JSON']);
});

test('alterColumn: a sqlite "using" replaces the CAST; a plain "using" is ignored when the SQLite type does not change', () => {
  const { db, run } = fresh();
  run({ op: 'createTable', table: 'e', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'at', type: 'timestamp' }, { name: 'n', type: 'text' }] });
  db.run("INSERT INTO e VALUES (1, '2024-01-31 10:00:00', '7 apples')");
  const s = run({ op: 'alterColumn', table: 'e', column: 'at', type: 'timestamptz', using: "at AT TIME ZONE 'UTC'" });
  assert.equal(s, []); // DATETIME both times
  run({ op: 'alterColumn', table: 'e', column: 'n', type: 'integer', using: { postgresql: 'length(n)', sqlite: 'length(n)' } });
  assert.equal(rows(db, 'SELECT n FROM e'), [{ n: 8 }]);
});

test('alterColumn: set NOT NULL with a default fills NULLs (COALESCE); drop NOT NULL; change default', () => {
  const { db, run } = fresh();
  run(PARENT);
  db.run("INSERT INTO parent (email, slug) VALUES ('a', NULL), ('b', 'keep')");
  run({ op: 'alterColumn', table: 'parent', column: 'slug', nullable: false, default: 'none' });
  assert.equal(rows(db, 'SELECT slug FROM parent ORDER BY id').map((r) => r['slug']), ['none', 'keep']);
  let info = tableInfo(db, 'parent').find((c) => c.name === 'slug')!;
  assert.is(info.notnull, 1);
  assert.is(info.dflt_value, "'none'");
  run({ op: 'alterColumn', table: 'parent', column: 'email', nullable: true }, { op: 'alterColumn', table: 'parent', column: 'slug', default: null });
  info = tableInfo(db, 'parent').find((c) => c.name === 'slug')!;
  assert.is(info.dflt_value, null);
  assert.is(tableInfo(db, 'parent').find((c) => c.name === 'email')!.notnull, 0);
  // Constraints survive the rebuilds.
  assertFails(db, "INSERT INTO parent (email, slug) VALUES ('a', 'x')", /UNIQUE/);
  assertFails(db, "INSERT INTO parent (email, slug, score) VALUES ('c', 'x', -1)", /CHECK/);
});

test('alterColumn: set NOT NULL without a default fails on NULL rows and rolls back', () => {
  const { db, run, m } = fresh();
  run(PARENT);
  db.run("INSERT INTO parent (email) VALUES ('a')");
  const s = m.render({ op: 'alterColumn', table: 'parent', column: 'score', nullable: false, default: null });
  db.run('UPDATE parent SET score = NULL');
  assert.throws(() => runRevision(db, s), /NOT NULL constraint failed/);
  assert.is(tableInfo(db, 'parent').find((c) => c.name === 'score')!.notnull, 0);
  assert.equal(tableNames(db), ['parent']);
});

test('alterColumn: a change SQLite cannot see renders nothing (comment; bigint -> integer on an autoincrement key; float(p))', () => {
  const { run } = fresh();
  run(PARENT, { op: 'createTable', table: 'f', columns: [{ name: 'x', type: 'float(24)' }] });
  assert.equal(run({ op: 'alterColumn', table: 'parent', column: 'email', comment: 'hello' }), []);
  assert.equal(run({ op: 'alterColumn', table: 'parent', column: 'id', type: 'integer' }), []);
  assert.equal(run({ op: 'alterColumn', table: 'f', column: 'x', type: 'float(53)' }), []);
});

test('createIndex: plain, unique, partial, expression, concurrently (plain in SQLite); dropIndex', () => {
  const { db, run } = fresh();
  run(PARENT);
  const s = run(
    { op: 'createIndex', table: 'parent', columns: ['slug', 'score'] },
    { op: 'createIndex', name: 'ux_slug', table: 'parent', columns: ['slug'], unique: true, where: 'active = 1' },
    { op: 'createIndex', table: 'parent', columns: [{ expression: 'lower(email)' }], concurrently: true },
  );
  assert.equal(s.map((x) => x.sql), [
    'CREATE INDEX ix_parent_slug_score ON parent (slug, score)',
    'CREATE UNIQUE INDEX ux_slug ON parent (slug) WHERE active = 1',
    'CREATE INDEX ix_parent_lower_email ON parent (lower(email))',
  ]);
  assert.ok(s.every((x) => x.transactional !== false));
  assert.equal(indexList(db, 'parent').filter((i) => i.origin === 'c'), [
    { name: 'ix_parent_lower_email', unique: 0, origin: 'c', partial: 0 },
    { name: 'ix_parent_slug_score', unique: 0, origin: 'c', partial: 0 },
    { name: 'ux_slug', unique: 1, origin: 'c', partial: 1 },
  ]);
  assert.equal(indexColumns(db, 'ix_parent_slug_score'), ['slug', 'score']);
  assert.equal(indexColumns(db, 'ix_parent_lower_email'), [null]);
  db.run("INSERT INTO parent (email, slug, active) VALUES ('a', 's', 1), ('b', 's', 0)");
  assertFails(db, "INSERT INTO parent (email, slug, active) VALUES ('c', 's', 1)", /UNIQUE/);
  const d = run({ op: 'dropIndex', name: 'ux_slug' }, { op: 'dropIndex', name: 'ix_parent_lower_email', concurrently: true });
  assert.equal(d.map((x) => x.sql), ['DROP INDEX ux_slug', 'DROP INDEX ix_parent_lower_email']);
  assert.equal(indexNames(db), ['ix_parent_slug_score']);
});

test('addForeignKey / addUnique / addCheck / addPrimaryKey rebuild the table with the constraint', () => {
  const { db, run } = fresh();
  run(PARENT, { op: 'createTable', table: 'k', columns: [{ name: 'a', type: 'bigint', nullable: false }, { name: 'b', type: 'integer' }, { name: 'p', type: 'bigint' }] });
  db.run("INSERT INTO parent (email) VALUES ('x')");
  db.run('INSERT INTO k VALUES (1, 2, 1), (2, 2, NULL)');
  for (const op of [
    { op: 'addForeignKey', table: 'k', columns: ['p'], references: { table: 'parent', columns: ['id'] }, onDelete: 'restrict', notValid: true },
    { op: 'addUnique', table: 'k', columns: ['a', 'b'] },
    { op: 'addCheck', name: 'ck_b', table: 'k', expression: 'b > 0', notValid: true },
    { op: 'addPrimaryKey', table: 'k', columns: ['a'] },
  ] as Op[]) assert.ok(isRebuild(run(op)), op.op);
  assert.equal(foreignKeys(db, 'k'), [{ table: 'parent', from: 'p', to: 'id', on_delete: 'RESTRICT', on_update: 'NO ACTION' }]);
  // BIGINT PRIMARY KEY is not the rowid alias (only INTEGER is), so it has an index of origin pk.
  assert.equal(indexList(db, 'k').map((i) => i.origin).sort(), ['pk', 'u']);
  assert.equal(tableInfo(db, 'k').map((c) => c.pk), [1, 0, 0]);
  assertFails(db, 'INSERT INTO k VALUES (3, 0, NULL)', /CHECK constraint failed: ck_b/);
  assertFails(db, 'INSERT INTO k VALUES (1, 5, NULL)', /UNIQUE|PRIMARY/);
  assertFails(db, 'INSERT INTO k VALUES (3, 5, 99)', /FOREIGN KEY/);
  assertFails(db, 'DELETE FROM parent', /FOREIGN KEY/);
  assert.equal(rows(db, 'SELECT * FROM k ORDER BY a'), [{ a: 1, b: 2, p: 1 }, { a: 2, b: 2, p: null }]);
});

test('addUnique on rows that violate it fails and rolls back', () => {
  const { db, run, m } = fresh();
  run({ op: 'createTable', table: 'k', columns: [{ name: 'a', type: 'integer' }] });
  db.run('INSERT INTO k VALUES (1), (1)');
  assert.throws(() => runRevision(db, m.render({ op: 'addUnique', table: 'k', columns: ['a'] })), /UNIQUE/);
  assert.equal(tableNames(db), ['k']);
  assert.is(scalar(db, 'SELECT count(*) FROM k'), 2);
});

test('dropConstraint rebuilds without it', () => {
  const { db, run } = fresh();
  run(PARENT, CHILD);
  db.run("INSERT INTO parent (email) VALUES ('x')");
  db.run('INSERT INTO child (id, parent_id) VALUES (1, 1)');
  for (const [table, name] of [['child', 'fk_child_parent_id_parent'], ['child', 'uq_child_a_b'], ['parent', 'ck_score'], ['child', 'pk_child']] as const) {
    assert.ok(isRebuild(run({ op: 'dropConstraint', table, name })), name);
  }
  assert.equal(foreignKeys(db, 'child'), []);
  assert.equal(indexList(db, 'child'), []);
  assert.not.match(masterSql(db, 'parent')!, 'ck_score');
  db.run('INSERT INTO child (id, parent_id) VALUES (1, 42)');
  assert.is(scalar(db, 'SELECT count(*) FROM child'), 2);
});

test('sequences are unsupported, with the alternative', () => {
  for (const k of ['createSequence', 'dropSequence'] as const) {
    const r = sqlite.renderers[k];
    assert.ok(isUnsupported(r));
    assert.is((r as { unsupported: string }).unsupported, 'SQLite has no sequences; use an INTEGER PRIMARY KEY AUTOINCREMENT column, or mark the op "only": ["postgresql"]');
  }
});

test('createEnum / dropEnum render nothing; an enum column is VARCHAR(longest value)', () => {
  const { db, run } = fresh();
  const s = run({ op: 'createEnum', name: 'Status', values: ['open', 'in_progress'] },
    { op: 'createTable', table: 't', columns: [{ name: 's', type: 'enum:Status', default: 'open' }] });
  assert.is(s.length, 1);
  assert.equal(tableInfo(db, 't')[0]!.type, 'VARCHAR(11)');
  assert.equal(run({ op: 'dropTable', table: 't' }, { op: 'dropEnum', name: 'Status' }).length, 1);
});

test('insert: one INSERT per row with its own columns; deleteRows by key', () => {
  const { db, run } = fresh();
  run(PARENT);
  const s = run({ op: 'insert', table: 'parent', rows: [
    { id: 1, email: "o'brien", active: false },
    { id: 2, email: 'b', score: 2.5, slug: null },
    { email: 'c' },
  ] });
  assert.equal(s.map((x) => x.sql), [
    "INSERT INTO parent (id, email, active) VALUES (1, 'o''brien', 0)",
    "INSERT INTO parent (id, email, score, slug) VALUES (2, 'b', 2.5, NULL)",
    "INSERT INTO parent (email) VALUES ('c')",
  ]);
  assert.equal(rows(db, 'SELECT id, email, active, score, slug FROM parent ORDER BY id'), [
    { id: 1, email: "o'brien", active: 0, score: 0, slug: 'x' },
    { id: 2, email: 'b', active: 1, score: 2.5, slug: null },
    { id: 3, email: 'c', active: 1, score: 0, slug: 'x' },
  ]);
  const d = run({ op: 'deleteRows', table: 'parent', keys: [{ id: 1 }, { id: 3 }] });
  assert.equal(d.map((x) => x.sql), ['DELETE FROM parent WHERE id = 1', 'DELETE FROM parent WHERE id = 3']);
  assert.equal(rows(db, 'SELECT id FROM parent'), [{ id: 2 }]);
});

test('insert of an empty row uses DEFAULT VALUES', () => {
  const { db, run } = fresh();
  run({ op: 'createTable', table: 't', columns: [{ name: 'id', type: 'integer', primaryKey: true, autoincrement: true }, { name: 'v', type: 'text', default: 'd' }] });
  run({ op: 'insert', table: 't', rows: [{}] });
  assert.equal(rows(db, 'SELECT * FROM t'), [{ id: 1, v: 'd' }]);
});

test('sql: the sqlite text verbatim; no sqlite entry is an error', () => {
  const { db, run, m } = fresh();
  const s = run({ op: 'sql', sql: { postgresql: 'SELECT 1', sqlite: 'CREATE TABLE raw (x INTEGER);  \n' } });
  assert.equal(s.map((x) => x.sql), ['CREATE TABLE raw (x INTEGER)']);
  assert.equal(tableNames(db), ['raw']);
  run({ op: 'sql', sql: 'INSERT INTO raw VALUES (1); INSERT INTO raw VALUES (2)' });
  assert.is(scalar(db, 'SELECT sum(x) FROM raw'), 3);
  assert.throws(() => m.render({ op: 'sql', sql: { postgresql: 'SELECT 1' } }), /no sqlite entry/);
  // A trailing line comment does not swallow the `;` the script adds.
  const c = run({ op: 'sql', sql: 'INSERT INTO raw VALUES (4) -- four' }, { op: 'sql', sql: 'INSERT INTO raw VALUES (5)' });
  db.exec(c.map((x) => `${x.sql};`).join('\n'));
  assert.is(scalar(db, 'SELECT count(*) FROM raw WHERE x IN (4, 5)'), 4); // twice each: by run() and as a script
});

test.run();
