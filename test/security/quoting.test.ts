/**
 * The quoting claim of README's trust model, proven end to end: revisions
 * whose every name and literal tries to break out of its quotes (or out of a
 * `--` comment, or out of the `$sqlrev$` dollar quotes of the PostgreSQL
 * guards) are rendered by the real CLI (`sqlrev render` into a temporary
 * out/), and the rendered migration.sql and rollback.sql run on PGlite and on
 * sql.js (and, when present, through the sqlite3 shell with -bail, the way
 * out/rollback.sh runs them). A sentinel table `y`, created outside sqlrev,
 * must survive both scripts, and every hostile name and value must read back
 * from the engine's catalog or rows byte for byte.
 *
 * Not covered, by design (README): `sql` ops, `{"sql": ...}` defaults and
 * other SQL expressions (checks, index expressions, `using`) are verbatim.
 */
import { PGlite } from '@electric-sql/pglite';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeProject, removeDir, runCli } from '../helpers/cli.js';

// ---------------------------------------------------------------------------
// The hostile names and values

/** Identifiers: each becomes a table, column, constraint, index... name. */
const NAMES = {
  dquote: 'x"; DROP TABLE y; --',
  squote: "'); DROP TABLE y; --",
  backslash: '\\',
  backslashQuote: 'a\\"b',
  dollars: '$$',
  sqlrevTag: '$sqlrev$',
  newline: 'a\nDROP TABLE y; --',
  carriageReturn: 'b\rDROP TABLE y; --',
  blockComment: '*/ DROP TABLE y; /*',
  lineComment: '-- DROP TABLE y',
  psqlMeta: '\\! echo pwned',
  psqlVar: ':x',
  semicolon: 'a;b',
  keyword: 'select',
  mixedCase: 'Order',
  cjk: '名前',
  emoji: '👩‍💻',
  lineSeparator: 'a\u2028b',
  ascii63: 'n'.repeat(63),
  // 21 three-byte characters: PostgreSQL's limit is 63 bytes, not characters.
  utf8Bytes63: '名'.repeat(21),
} as const;

/** Literals: each is inserted as a row value, used as a default, a comment and an enum label. */
const VALUES = [
  "'",
  "''",
  "'); DROP TABLE y; --",
  "\\'); DROP TABLE y; --",
  '\\',
  'a\\nb',
  "E'\\x41'",
  '$$; DROP TABLE y; $$',
  '$sqlrev$; DROP TABLE y; $sqlrev$',
  '\nDROP TABLE y;\n',
  '\r\nDROP TABLE y; -- ',
  '*/ DROP TABLE y; /*',
  '"',
  ':x :\'x\' :"x"',
  '名前 👩‍💻 e\u0301',
  '\u0001\u001b[2J\u007f',
  '\u2028\u2029',
  'x'.repeat(10_000),
];

const n = NAMES;
const T = n.dquote; // the main table
const T2 = n.newline; // a second table, referenced by T
const ENUM = n.sqlrevTag;
const SEQ = n.dollars;

/**
 * One revision per group of ops; every op that takes a name gets hostile ones.
 * Names that are relations in PostgreSQL (tables, indexes, including those
 * behind primary keys and uniques, sequences) or types (enums, and each
 * table's row type) are all different: they share one namespace there.
 */
function revisions(): Record<string, unknown>[] {
  return [
    {
      id: 's1', parent: null, message: `enums and sequences ${n.newline}`,
      upgrade: [
        { op: 'createEnum', name: ENUM, values: VALUES.slice(0, 8) },
        { op: 'createSequence', name: SEQ, start: 5, increment: 2, only: ['postgresql'] },
        {
          op: 'createTable', table: T2, comment: VALUES[2],
          columns: [
            { name: n.squote, type: 'integer', primaryKey: true },
            { name: n.cjk, type: 'text', comment: VALUES[3] },
          ],
        },
      ],
    },
    {
      id: 's2', parent: 's1', message: `main table ${n.carriageReturn}`,
      upgrade: [
        {
          op: 'createTable', table: T, comment: VALUES[7],
          columns: [
            { name: n.keyword, type: 'integer', nullable: false },
            { name: n.mixedCase, type: 'text', default: VALUES[8], comment: VALUES[9] },
            { name: n.backslash, type: 'varchar(20000)', default: VALUES[3] },
            { name: n.emoji, type: `enum:${ENUM}`, default: VALUES[0] },
            { name: n.ascii63, type: 'integer', references: { table: T2, column: n.squote, name: n.blockComment, onDelete: 'cascade' } },
            { name: n.utf8Bytes63, type: 'text', unique: true },
            { name: n.lineSeparator, type: 'text' },
          ],
          primaryKey: { name: n.lineComment, columns: [n.keyword] },
          uniques: [{ name: n.psqlMeta, columns: [n.mixedCase, n.backslash] }],
          checks: [{ name: n.psqlVar, expression: '1 = 1' }],
        },
        { op: 'createIndex', name: n.semicolon, table: T, columns: [n.backslash, n.lineSeparator], where: '1 = 1' },
      ],
    },
    {
      id: 's3', parent: 's2', message: 'every other op',
      upgrade: [
        { op: 'addColumn', table: T, column: { name: n.backslashQuote, type: 'text', default: VALUES[4], comment: VALUES[5] } },
        { op: 'alterColumn', table: T, column: n.lineSeparator, default: VALUES[10], comment: VALUES[11] },
        { op: 'renameColumn', table: T, column: n.lineSeparator, to: n.carriageReturn },
        { op: 'createTable', table: n.psqlVar, columns: [{ name: n.dollars, type: 'integer', nullable: false }, { name: n.sqlrevTag, type: 'integer' }] },
        { op: 'addPrimaryKey', name: n.backslash, table: n.psqlVar, columns: [n.dollars] },
        { op: 'addUnique', name: n.mixedCase, table: n.psqlVar, columns: [n.sqlrevTag] },
        { op: 'addCheck', name: n.squote, table: n.psqlVar, expression: '2 > 1' },
        { op: 'addForeignKey', name: n.cjk, table: n.psqlVar, columns: [n.sqlrevTag], references: { table: T2, columns: [n.squote] }, onDelete: 'set null' },
        { op: 'createIndex', name: n.emoji, table: n.psqlVar, columns: [n.sqlrevTag], unique: true },
        { op: 'renameTable', table: n.psqlVar, to: n.keyword },
        { op: 'createTable', table: n.blockComment, columns: [{ name: n.lineComment, type: 'text' }] },
        { op: 'insert', table: T2, rows: [{ [n.squote]: 1, [n.cjk]: VALUES[1] }, { [n.squote]: 2, [n.cjk]: null }] },
        {
          op: 'insert', table: T,
          rows: VALUES.map((v, i) => ({
            [n.keyword]: 100 + i, [n.mixedCase]: v, [n.backslash]: v, [n.utf8Bytes63]: `u${i}${v}`, [n.carriageReturn]: v, [n.backslashQuote]: v, [n.ascii63]: 1,
          })),
        },
        { op: 'insert', table: T, rows: [{ [n.keyword]: 1 }] },
      ],
    },
    {
      id: 's4', parent: 's3', message: 'drops',
      upgrade: [
        { op: 'dropConstraint', name: n.squote, table: n.keyword },
        { op: 'dropIndex', name: n.emoji, table: n.keyword },
        { op: 'dropColumn', table: n.keyword, column: n.sqlrevTag },
        { op: 'dropTable', table: n.blockComment },
        { op: 'createSequence', name: n.squote, only: ['postgresql'] },
        { op: 'dropSequence', name: n.squote, only: ['postgresql'] },
        { op: 'createEnum', name: n.carriageReturn, values: VALUES.slice(8, 12) },
        { op: 'dropEnum', name: n.carriageReturn },
      ],
    },
  ];
}

/** Renders the project with the real CLI; returns out/'s scripts. */
async function render(): Promise<{ dir: string; script(dialect: string, name: string): string }> {
  const files: Record<string, string> = {};
  for (const r of revisions()) files[`revisions/${r.id as string}_hostile.json`] = `${JSON.stringify(r, null, 2)}\n`;
  const dir = makeProject(files, 'sqlrev-quoting-');
  const r = await runCli(['render'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  return { dir, script: (dialect, name) => readFileSync(join(dir, 'out', dialect, name), 'utf8') };
}

let out: Awaited<ReturnType<typeof render>>;

// The test's own quoting, to read things back (never the code under test).
const qi = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** What the model expects to exist after migration.sql, dialect-independent. */
const TABLES_AFTER = [T, T2, n.keyword];
const COLUMNS_AFTER: Record<string, string[]> = {
  [T]: [n.keyword, n.mixedCase, n.backslash, n.emoji, n.ascii63, n.utf8Bytes63, n.carriageReturn, n.backslashQuote],
  [T2]: [n.squote, n.cjk],
  [n.keyword]: [n.dollars],
};
const sorted = (a: readonly string[]) => [...a].sort();

/** The rows of T, as inserted (the last row takes every default). */
function expectedRows(): Record<string, unknown>[] {
  return [
    { k: 1, mixed: VALUES[8], back: VALUES[3], emoji: VALUES[0], cr: VALUES[10], bq: VALUES[4] },
    ...VALUES.map((v, i) => ({ k: 100 + i, mixed: v, back: v, emoji: VALUES[0], cr: v, bq: v })),
  ];
}

/** Field-by-field, so a failure names the value that did not come back. */
function assertRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], what: string): void {
  assert.is(actual.length, expected.length, `${what}: row count`);
  expected.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      assert.is(JSON.stringify(actual[i]![k]), JSON.stringify(v), `${what}: row ${i} ${k}`);
    }
  });
}

const SELECT_ROWS = `SELECT ${qi(n.keyword)} AS k, ${qi(n.mixedCase)} AS mixed, ${qi(n.backslash)} AS back, ${qi(n.emoji)} AS emoji, ${qi(n.carriageReturn)} AS cr, ${qi(n.backslashQuote)} AS bq FROM ${qi(T)} ORDER BY 1`;

// ---------------------------------------------------------------------------
// PostgreSQL (PGlite)

const pg = suite('quoting on PostgreSQL (PGlite)');
let db: PGlite;

pg.before(async () => {
  out = await render();
  db = await PGlite.create();
});
pg.after(async () => {
  await db.close();
});
pg.before.each(async () => {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; RESET standard_conforming_strings;');
  await db.exec('CREATE TABLE y (id integer); INSERT INTO y VALUES (42);');
});

async function pgRows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

async function sentinelOnPg(): Promise<void> {
  assert.equal(await pgRows('SELECT id FROM y'), [{ id: 42 }], 'the sentinel table y survived');
}

async function pgRelations(kind: string): Promise<string[]> {
  return (await pgRows<{ relname: string }>(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = $1 ORDER BY relname`, [kind])).map((r) => r.relname);
}

async function pgNames(): Promise<{ tables: string[]; columns: Record<string, string[]>; constraints: string[]; indexes: string[]; enums: Record<string, string[]>; sequences: string[] }> {
  const tables = (await pgRelations('r')).filter((t) => t !== 'y' && t !== 'sqlrev_version');
  const columns: Record<string, string[]> = {};
  for (const t of tables) {
    columns[t] = (await pgRows<{ attname: string }>(
      `SELECT attname FROM pg_attribute WHERE attrelid = (SELECT oid FROM pg_class WHERE relname = $1 AND relnamespace = 'public'::regnamespace) AND attnum > 0 AND NOT attisdropped ORDER BY attname`, [t])).map((r) => r.attname);
  }
  const constraints = (await pgRows<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY conname`)).map((r) => r.conname);
  const enumRows = await pgRows<{ typname: string; enumlabel: string }>(
    `SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typnamespace = 'public'::regnamespace ORDER BY t.typname, e.enumsortorder`);
  const enums: Record<string, string[]> = {};
  for (const r of enumRows) (enums[r.typname] ??= []).push(r.enumlabel);
  return { tables, columns, constraints, indexes: await pgRelations('i'), enums, sequences: await pgRelations('S') };
}

pg('migration.sql: y survives, every hostile name and value reads back byte for byte', async () => {
  await db.exec(out.script('postgresql', 'migration.sql'));
  await sentinelOnPg();
  const names = await pgNames();
  assert.equal(names.tables, sorted(TABLES_AFTER));
  for (const t of TABLES_AFTER) assert.equal(names.columns[t], sorted(COLUMNS_AFTER[t]!), `columns of ${JSON.stringify(t)}`);
  for (const c of [n.lineComment, n.psqlMeta, n.psqlVar, n.blockComment, n.backslash]) {
    assert.ok(names.constraints.includes(c), `constraint ${JSON.stringify(c)} in ${JSON.stringify(names.constraints)}`);
  }
  assert.not.ok(names.constraints.includes(n.squote), 'the dropped check is gone');
  assert.ok(names.indexes.includes(n.semicolon), `index ${JSON.stringify(n.semicolon)}`);
  assert.not.ok(names.indexes.includes(n.emoji), 'the dropped index is gone');
  assert.equal(names.enums, { [ENUM]: VALUES.slice(0, 8) }, 'enum labels, and the dropped enum is gone');
  assert.equal(names.sequences, [SEQ], 'the sequence, and the dropped one is gone');
  // Values, defaults included.
  assertRows(await pgRows(SELECT_ROWS), expectedRows(), 'PostgreSQL');
  assert.equal(await pgRows(`SELECT ${qi(n.cjk)} AS v FROM ${qi(T2)} ORDER BY ${qi(n.squote)}`), [{ v: VALUES[1] }, { v: null }]);
  // Comments.
  const comment = async (table: string, column?: string) => (await pgRows<{ c: string | null }>(
    column === undefined
      ? `SELECT obj_description((SELECT oid FROM pg_class WHERE relname = $1 AND relkind = 'r'), 'pg_class') AS c`
      : `SELECT col_description((SELECT oid FROM pg_class WHERE relname = $1 AND relkind = 'r'), (SELECT attnum FROM pg_attribute WHERE attrelid = (SELECT oid FROM pg_class WHERE relname = $1 AND relkind = 'r') AND attname = $2)) AS c`,
    column === undefined ? [table] : [table, column]))[0]!.c;
  assert.is(await comment(T), VALUES[7]);
  assert.is(await comment(T2), VALUES[2]);
  assert.is(await comment(T2, n.cjk), VALUES[3]);
  assert.is(await comment(T, n.mixedCase), VALUES[9]);
  assert.is(await comment(T, n.backslashQuote), VALUES[5]);
  assert.is(await comment(T, n.carriageReturn), VALUES[11]);
  // The version table says head.
  assert.equal(await pgRows('SELECT version_num FROM sqlrev_version'), [{ version_num: 's4' }]);
});

pg('rollback.sql after migration.sql: back to base, y survives', async () => {
  await db.exec(out.script('postgresql', 'migration.sql'));
  await db.exec(out.script('postgresql', 'rollback.sql'));
  await sentinelOnPg();
  assert.equal(await pgRelations('r'), ['y']);
  const names = await pgNames();
  assert.equal(names.enums, {});
  assert.equal(names.sequences, []);
});

pg('per-revision scripts, one at a time up and back down', async () => {
  const ids = ['s1_hostile', 's2_hostile', 's3_hostile', 's4_hostile'];
  for (const id of ids) await db.exec(out.script('postgresql', `revisions/${id}.upgrade.sql`));
  assertRows(await pgRows(SELECT_ROWS), expectedRows(), 'PostgreSQL');
  for (const id of [...ids].reverse()) await db.exec(out.script('postgresql', `revisions/${id}.downgrade.sql`));
  await sentinelOnPg();
  assert.equal(await pgRelations('r'), ['y', 'sqlrev_version'].sort());
});

pg('with standard_conforming_strings off (a server configured the old way), a literal cannot break out', async () => {
  // Until 9.1 a backslash escaped the next character inside '...', and a
  // server, database or role can still be set up that way
  // (https://www.postgresql.org/docs/current/runtime-config-compatible.html#GUC-STANDARD-CONFORMING-STRINGS).
  // The scripts must not depend on the setting: pg_dump, for one, starts its
  // output with SET standard_conforming_strings = on.
  const value = "\\'); DROP TABLE y; --";
  const dir = makeProject({
    'revisions/b1_backslash.json': JSON.stringify({
      id: 'b1', parent: null, message: 'a backslash before a quote',
      upgrade: [
        { op: 'createTable', table: 't', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'v', type: 'text' }] },
        { op: 'insert', table: 't', rows: [{ id: 1, v: value }] },
      ],
    }),
    'sqlrev.config.json': '{ "dialects": ["postgresql"] }',
  }, 'sqlrev-quoting-scs-');
  assert.is((await runCli(['render'], { cwd: dir })).code, 0);
  const script = readFileSync(join(dir, 'out/postgresql/migration.sql'), 'utf8');
  removeDir(dir);
  await db.exec('SET standard_conforming_strings = off;');
  let error: unknown;
  try {
    await db.exec(script);
  } catch (e) {
    error = e;
    await db.exec('ROLLBACK;').catch(() => {});
  }
  await db.exec('SET standard_conforming_strings = on;');
  await sentinelOnPg();
  assert.is(error, undefined, `the script fails: ${String(error)}`);
  assert.equal(await pgRows('SELECT v FROM t ORDER BY id'), [{ v: value }]);
  // And the whole hostile project, defaults, comments and enum labels included.
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE TABLE y (id integer); INSERT INTO y VALUES (42);');
  await db.exec('SET standard_conforming_strings = off;');
  try {
    await db.exec(out.script('postgresql', 'migration.sql'));
  } finally {
    await db.exec('SET standard_conforming_strings = on;');
  }
  await sentinelOnPg();
  assertRows(await pgRows(SELECT_ROWS), expectedRows(), 'standard_conforming_strings off');
});

pg.run();

// ---------------------------------------------------------------------------
// SQLite (sql.js, and the sqlite3 shell when installed)

const lite = suite('quoting on SQLite (sql.js)');
let SQL: Awaited<ReturnType<typeof initSqlJs>>;

lite.before(async () => {
  out ??= await render();
  SQL = await initSqlJs();
});

function liteRows(d: Database, sql: string, params: (string | number | null)[] = []): Record<string, unknown>[] {
  const stmt = d.prepare(sql);
  stmt.bind(params);
  const rows: Record<string, unknown>[] = [];
  while (stmt.step()) rows.push(stmt.getAsObject());
  stmt.free();
  return rows;
}

function liteDb(): Database {
  const d = new SQL.Database();
  d.exec('CREATE TABLE y (id integer); INSERT INTO y VALUES (42);');
  return d;
}

function sentinelOnLite(d: Database): void {
  assert.equal(liteRows(d, 'SELECT id FROM y'), [{ id: 42 }], 'the sentinel table y survived');
}

function liteObjects(d: Database, type: string): string[] {
  return liteRows(d, `SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`, [type]).map((r) => r.name as string);
}

function checkLiteAfterMigration(d: Database): void {
  sentinelOnLite(d);
  assert.equal(liteObjects(d, 'table'), sorted([...TABLES_AFTER, 'y', 'sqlrev_version']));
  for (const t of TABLES_AFTER) {
    assert.equal(sorted(liteRows(d, 'SELECT name FROM pragma_table_info(?)', [t]).map((r) => r.name as string)), sorted(COLUMNS_AFTER[t]!), `columns of ${JSON.stringify(t)}`);
  }
  const indexes = liteObjects(d, 'index');
  assert.ok(indexes.includes(n.semicolon), `index ${JSON.stringify(n.semicolon)} in ${JSON.stringify(indexes)}`);
  assert.not.ok(indexes.includes(n.emoji), 'the dropped index is gone');
  // Constraint names live in the table's SQL text, quoted.
  const ddl = liteRows(d, `SELECT sql FROM sqlite_master WHERE name = ?`, [T])[0]!.sql as string;
  for (const c of [n.lineComment, n.psqlMeta, n.psqlVar, n.blockComment]) assert.ok(ddl.includes(`CONSTRAINT ${qi(c)}`), `constraint ${JSON.stringify(c)} in ${ddl}`);
  assertRows(liteRows(d, SELECT_ROWS), expectedRows(), 'SQLite');
  assert.equal(liteRows(d, `SELECT ${qi(n.cjk)} AS v FROM ${qi(T2)} ORDER BY ${qi(n.squote)}`), [{ v: VALUES[1] }, { v: null }]);
  assert.equal(liteRows(d, 'SELECT version_num FROM sqlrev_version'), [{ version_num: 's4' }]);
}

lite('migration.sql: y survives, every hostile name and value reads back byte for byte', () => {
  const d = liteDb();
  d.exec(out.script('sqlite', 'migration.sql'));
  checkLiteAfterMigration(d);
  d.close();
});

lite('rollback.sql after migration.sql: back to base, y survives', () => {
  const d = liteDb();
  d.exec(out.script('sqlite', 'migration.sql'));
  d.exec(out.script('sqlite', 'rollback.sql'));
  sentinelOnLite(d);
  assert.equal(liteObjects(d, 'table'), ['y']);
  assert.equal(liteObjects(d, 'index'), []);
  d.close();
});

lite('an enum column keeps hostile labels as data (SQLite has no enum type)', () => {
  const d = liteDb();
  d.exec(out.script('sqlite', 'migration.sql'));
  for (const label of VALUES.slice(0, 8)) {
    const i = VALUES.indexOf(label);
    d.run(`INSERT INTO ${qi(T)} (${qi(n.keyword)}, ${qi(n.emoji)}, ${qi(n.utf8Bytes63)}, ${qi(n.mixedCase)}) VALUES (?, ?, ?, ?)`, [1000 + i, label, `enum ${i}`, `enum ${i}`]);
  }
  assert.equal(liteRows(d, `SELECT ${qi(n.emoji)} AS e FROM ${qi(T)} WHERE ${qi(n.keyword)} >= 1000 ORDER BY ${qi(n.keyword)}`).map((r) => r.e), VALUES.slice(0, 8));
  sentinelOnLite(d);
  d.close();
});

const SQLITE3 = '/usr/bin/sqlite3';
lite('the sqlite3 shell with -bail (as out/rollback.sh runs it): same result', () => {
  if (!existsSync(SQLITE3)) {
    console.log('  (skipped: no sqlite3 shell)');
    return;
  }
  const dir = out.dir;
  const file = join(dir, 'shell.sqlite');
  const run = (script: string) => spawnSync(SQLITE3, ['-bail', file], { input: script, encoding: 'utf8' });
  let r = run('CREATE TABLE y (id integer); INSERT INTO y VALUES (42);');
  assert.is(r.status, 0, r.stderr);
  r = run(out.script('sqlite', 'migration.sql'));
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
  const d = new SQL.Database(readFileSync(file));
  // The shell reads its input line by line and drops a \r before each \n,
  // even inside a string literal (sqlite3 3.40: SELECT hex('a<CR><LF>b') gives 610A62):
  // a value with CR LF comes back with LF only. Everything else must be exact.
  const crlf = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v);
  const rows = liteRows(d, SELECT_ROWS);
  assertRows(rows, expectedRows().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, crlf(v)]))), 'sqlite3 shell');
  sentinelOnLite(d);
  assert.equal(liteObjects(d, 'table'), sorted([...TABLES_AFTER, 'y', 'sqlrev_version']));
  d.close();
  r = run(out.script('sqlite', 'rollback.sql'));
  assert.is(r.status, 0, r.stderr);
  const after = new SQL.Database(readFileSync(file));
  sentinelOnLite(after);
  assert.equal(liteObjects(after, 'table'), ['y']);
  after.close();
});

lite.after(() => {
  removeDir(out.dir);
});

lite.run();
