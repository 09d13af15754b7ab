/**
 * Rendered scripts run with the real sqlite3 command-line shell (Debian's,
 * older than sql.js's SQLite) with -bail, as out/rollback.sh would run them:
 * catches features the older engine lacks (RENAME COLUMN needs 3.25, DROP
 * COLUMN 3.35).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sqlite } from '../../../src/dialects/sqlite/index.js';
import type { Op } from '../../../src/ops/types.js';
import { Model, revisionScript } from './support.js';

const CLI = '/usr/bin/sqlite3';
const dir = mkdtempSync(join(tmpdir(), 'sqlrev-sqlite-cli-'));
let n = 0;

function shell(db: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CLI, ['-bail', db], { input: script, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function query(db: string, sql: string): Record<string, unknown>[] {
  const r = spawnSync(CLI, ['-json', db, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim() === '' ? [] : (JSON.parse(r.stdout) as Record<string, unknown>[]);
}

/** A database file and a model; `apply` runs a revision's script through the shell, with foreign keys on as an app would have them. */
function project() {
  const db = join(dir, `t${n++}.sqlite`);
  const m = new Model();
  return {
    db,
    apply(...ops: Op[]) {
      const script = 'PRAGMA foreign_keys = ON;\n' + revisionScript(m.render(...ops));
      const r = shell(db, script);
      if (r.status !== 0 || r.stderr !== '') throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${script}`);
      return r.stdout;
    },
    script(...ops: Op[]) {
      return 'PRAGMA foreign_keys = ON;\n' + revisionScript(m.render(...ops));
    },
  };
}

const SCHEMA: Op[] = [
  { op: 'createTable', table: 'parent', columns: [
    { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
    { name: 'name', type: 'varchar(20)', nullable: false, unique: true },
    { name: 'rank', type: 'text' },
    { name: 'note', type: 'text' },
  ] },
  { op: 'createIndex', table: 'parent', columns: ['note'] },
  { op: 'createTable', table: 'child', columns: [
    { name: 'id', type: 'integer', primaryKey: true },
    { name: 'parent_id', type: 'bigint', nullable: false, references: { table: 'parent', column: 'id', onDelete: 'cascade' } },
  ] },
  { op: 'insert', table: 'parent', rows: [{ name: 'a', rank: '1' }, { name: "o'b", rank: '2' }] },
  { op: 'insert', table: 'child', rows: [{ id: 10, parent_id: 1 }, { id: 20, parent_id: 2 }] },
];

const has = existsSync(CLI);
const t = has ? test : test.skip;

t('the shell is older than sql.js but has RENAME COLUMN and DROP COLUMN', () => {
  const v = query(join(dir, 'v.sqlite'), 'SELECT sqlite_version() AS v')[0]!['v'] as string;
  const [maj, min] = v.split('.').map(Number) as [number, number];
  assert.ok(maj === 3 && min >= 35, v);
});

t('ALTER-based ops and the rebuild, revision by revision, on the sqlite3 shell', () => {
  const p = project();
  p.apply(...SCHEMA);
  p.apply({ op: 'addColumn', table: 'parent', column: { name: 'score', type: 'numeric(10,2)', nullable: false, default: 0 } });
  p.apply({ op: 'renameColumn', table: 'parent', column: 'rank', to: 'position' });
  p.apply({ op: 'dropColumn', table: 'parent', column: 'note' }); // DROP INDEX + DROP COLUMN
  p.apply({ op: 'alterColumn', table: 'parent', column: 'position', type: 'integer' }); // rebuild
  p.apply({ op: 'addColumn', table: 'parent', column: { name: 'seen', type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } } }); // rebuild
  assert.equal(query(p.db, "SELECT name, type, \"notnull\" AS nn FROM pragma_table_info('parent') ORDER BY cid"), [
    { name: 'id', type: 'INTEGER', nn: 1 },
    { name: 'name', type: 'VARCHAR(20)', nn: 1 },
    { name: 'position', type: 'INTEGER', nn: 0 },
    { name: 'score', type: 'NUMERIC(10, 2)', nn: 1 },
    { name: 'seen', type: 'DATETIME', nn: 0 },
  ]);
  assert.equal(query(p.db, 'SELECT id, name, position, score FROM parent ORDER BY id'), [
    { id: 1, name: 'a', position: 1, score: 0 }, { id: 2, name: "o'b", position: 2, score: 0 },
  ]);
  // The children survived the rebuilds, and their foreign key is intact and enforced.
  assert.equal(query(p.db, 'SELECT id, parent_id FROM child ORDER BY id'), [{ id: 10, parent_id: 1 }, { id: 20, parent_id: 2 }]);
  assert.equal(query(p.db, "SELECT \"table\", on_delete FROM pragma_foreign_key_list('child')"), [{ table: 'parent', on_delete: 'CASCADE' }]);
  const bad = shell(p.db, 'PRAGMA foreign_keys = ON;\nINSERT INTO child (id, parent_id) VALUES (30, 99);\n');
  assert.match(bad.stderr, /FOREIGN KEY constraint failed/);
  shell(p.db, 'PRAGMA foreign_keys = ON;\nDELETE FROM parent WHERE id = 1;\n');
  assert.equal(query(p.db, 'SELECT id FROM child'), [{ id: 20 }]);
  assert.equal(query(p.db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"), []);
});

t('-bail stops a failing revision and the transaction leaves nothing behind', () => {
  const p = project();
  p.apply(...SCHEMA);
  const script = p.script(
    { op: 'addColumn', table: 'parent', column: { name: 'extra', type: 'text' } },
    { op: 'alterColumn', table: 'parent', column: 'rank', nullable: false },
  );
  const r = shell(p.db, script.replace('BEGIN;\n', "BEGIN;\nUPDATE parent SET rank = NULL WHERE id = 1;\n"));
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /NOT NULL constraint failed/);
  // -bail exits with the transaction open: nothing was committed.
  assert.equal(query(p.db, "SELECT name FROM pragma_table_info('parent') ORDER BY cid").map((c) => c['name']), ['id', 'name', 'rank', 'note']);
  assert.equal(query(p.db, 'SELECT rank FROM parent ORDER BY id'), [{ rank: '1' }, { rank: '2' }]);
  assert.equal(query(p.db, "SELECT name FROM sqlite_master WHERE name LIKE '_sqlrev%'"), []);
});

t('hostile names through the shell', () => {
  const p = project();
  const evil = 'x"; DROP TABLE y; --';
  p.apply({ op: 'sql', sql: 'CREATE TABLE y (a INTEGER)' },
    { op: 'createTable', table: evil, columns: [{ name: 'select', type: 'text', default: "'); DROP TABLE y; --" }, { name: '名前', type: 'integer' }] },
    { op: 'insert', table: evil, rows: [{ 名前: 1 }] },
    { op: 'renameColumn', table: evil, column: '名前', to: 'Order' },
    { op: 'alterColumn', table: evil, column: 'Order', type: 'text' },
    { op: 'renameTable', table: evil, to: `${evil}2` });
  assert.equal(query(p.db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r['name']), [`${evil}2`, 'y']);
  assert.equal(query(p.db, `SELECT "select", "Order" FROM "x""; DROP TABLE y; --2"`), [{ select: "'); DROP TABLE y; --", Order: '1' }]);
});

t('the dialect\'s runScript line runs a script file and stops at its first error', () => {
  const p = project();
  const file = join(dir, 'script.sql');
  writeFileSync(file, p.script(...SCHEMA) + 'INSERT INTO nope VALUES (1);\nCREATE TABLE after_error (x INTEGER);\n');
  // As rollback.sh runs it: SQL_FILE set, the user's client arguments in "$@".
  const r = spawnSync('sh', ['-c', `SQL_FILE='${file}'; ${sqlite.client.runScript}`, 'sh', p.db], { encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /no such table: nope/);
  assert.equal(query(p.db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((x) => x['name']), ['child', 'parent']);
  assert.is(sqlite.client.usage, 'DATABASE_FILE');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
