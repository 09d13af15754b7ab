/**
 * The committed out/ applied to real engines: PostgreSQL 15 (a throwaway
 * server, psql -v ON_ERROR_STOP=1) and the sqlite3 CLI (-bail), exactly as
 * the script headers tell a DBA to run them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProject, type Project } from '../../src/project.js';
import { main } from '../../src/cli/main.js';
import { startPgServer, type PgServer } from '../helpers/pg-server.js';

const ROOT = process.cwd();
const test = suite('out/ on real engines');
let pg: PgServer;
let project: Project;
let tmp: string;

test.before(async () => {
  pg = startPgServer();
  project = await loadProject(ROOT);
  tmp = mkdtempSync(join(tmpdir(), 'sqlrev-it-'));
});
test.after(() => {
  pg?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const PG_SCHEMA = `SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
  SELECT 'table ' || c.relname || ' ' || c.relkind::text AS x FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
  UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public'
  UNION ALL SELECT 'type ' || typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'
  UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
) s`;

function pgSchema(db: string): string {
  const r = pg.psql(db, ['-At', '-c', PG_SCHEMA]);
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}
function pgRun(db: string, file: string) {
  return pg.psql(db, ['-v', 'ON_ERROR_STOP=1', '-f', join(ROOT, file)]);
}
function pgVersions(db: string): string {
  return pg.psql(db, ['-At', '-c', 'SELECT string_agg(version_num, \',\' ORDER BY version_num) FROM sqlrev_version']).stdout.trim();
}
function sqlite(dbFile: string, file: string) {
  const r = spawnSync('sh', ['-c', `sqlite3 -bail "${dbFile}" < "${join(ROOT, file)}"`], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function sqliteQuery(dbFile: string, sql: string): string {
  const r = spawnSync('sqlite3', [dbFile, sql], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}
const SQLITE_SCHEMA = `SELECT coalesce(group_concat(x, char(10)), '') FROM (SELECT x FROM (
  SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' ' || c."notnull" || ' ' || coalesce(c.dflt_value, '') || ' ' || c.pk AS x
    FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'sqlrev_version'
  UNION ALL SELECT 'index ' || m.name || ' ' || i.name || ' ' || i."unique" || ' ' || i.origin || ' ' || i.partial
    FROM sqlite_master m, pragma_index_list(m.name) i WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'sqlrev_version'
  UNION ALL SELECT 'fk ' || m.name || ' ' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' ' || f.on_delete
    FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
  UNION ALL SELECT 'index sql ' || coalesce(sql, name) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'
) ORDER BY x)`;
const heads = () => project.graph.heads.join(',');

test('render --check: the committed out/ is what the revisions render to', async () => {
  let out = '';
  const code = await main(['render', '--check'], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: ROOT, env: {} });
  assert.is(code, 0, out);
});

test('PostgreSQL: migration.sql up, then rollback.sql down to an empty schema', () => {
  pg.createDb('full');
  assert.is(pgSchema('full'), '');
  const up = pgRun('full', 'out/postgresql/migration.sql');
  assert.is(up.status, 0, up.stderr);
  assert.is(pgVersions('full'), heads());
  assert.ok(pgSchema('full').includes('table task_comments r'));
  const down = pgRun('full', 'out/postgresql/rollback.sql');
  assert.is(down.status, 0, down.stderr);
  assert.is(pgSchema('full'), '', 'rollback to base leaves nothing, not even the version table');
});

test('PostgreSQL: the guard stops migration.sql on a database that is already migrated, before touching it', () => {
  pg.createDb('guard');
  assert.is(pgRun('guard', 'out/postgresql/migration.sql').status, 0);
  const before = pgSchema('guard');
  const again = pgRun('guard', 'out/postgresql/migration.sql');
  assert.is.not(again.status, 0);
  assert.match(again.stderr, /sqlrev: cannot apply 0146b79f723c: the database is not empty of revisions/);
  const second = project.graph.order[1]!;
  const wrong = pgRun('guard', `out/postgresql/revisions/${second.stem}.upgrade.sql`);
  assert.is.not(wrong.status, 0);
  assert.match(wrong.stderr, new RegExp(`sqlrev: cannot apply ${second.id}: the database is not at ${second.parents[0]}`));
  assert.is(pgSchema('guard'), before, 'nothing changed');
});

test('PostgreSQL: every per-revision file in turn, up then down', () => {
  pg.createDb('steps');
  const order = project.graph.order;
  const applied = new Set<string>();
  const snapshots: string[] = [];
  for (const r of order) {
    snapshots.push(pgSchema('steps'));
    const res = pgRun('steps', `out/postgresql/revisions/${r.stem}.upgrade.sql`);
    assert.is(res.status, 0, `${r.id}: ${res.stderr}`);
    applied.add(r.id);
    for (const p of r.parents) applied.delete(p);
    assert.is(pgVersions('steps'), [...applied].sort().join(','), `version rows after ${r.id}`);
  }
  for (const r of [...order].reverse()) {
    const res = pgRun('steps', `out/postgresql/revisions/${r.stem}.downgrade.sql`);
    assert.is(res.status, 0, `${r.id}: ${res.stderr}`);
    // A per-revision downgrade leaves the (empty) version table; only rollback.sql to base drops it.
    const userSchema = (x: string) => x.split('\n').filter((l) => !l.includes('sqlrev_version')).join('\n');
    assert.is(userSchema(pgSchema('steps')), userSchema(snapshots.pop()!), `schema after downgrading ${r.id} equals the schema before its upgrade`);
  }
});

test('sqlite3: migration.sql up, rollback.sql down to an empty database', () => {
  const db = join(tmp, 'full.db');
  const up = sqlite(db, 'out/sqlite/migration.sql');
  assert.is(up.status, 0, up.stderr);
  assert.is(sqliteQuery(db, "SELECT group_concat(version_num) FROM sqlrev_version"), heads());
  const down = sqlite(db, 'out/sqlite/rollback.sql');
  assert.is(down.status, 0, down.stderr);
  assert.is(sqliteQuery(db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"), '0');
});

test('out/rollback.sh drives psql and sqlite3 back to base', () => {
  pg.createDb('viash');
  assert.is(pgRun('viash', 'out/postgresql/migration.sql').status, 0);
  const r1 = spawnSync('sh', [join(ROOT, 'out/rollback.sh'), 'postgresql', '-q', '-h', pg.host, '-U', 'postgres', '-d', 'viash'], { encoding: 'utf8' });
  assert.is(r1.status, 0, r1.stderr);
  assert.is(pgSchema('viash'), '');
  const db = join(tmp, 'viash.db');
  assert.is(sqlite(db, 'out/sqlite/migration.sql').status, 0);
  const r2 = spawnSync('sh', [join(ROOT, 'out/rollback.sh'), 'sqlite', db], { encoding: 'utf8' });
  assert.is(r2.status, 0, r2.stderr);
  assert.is(sqliteQuery(db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"), '0');
  const bad = spawnSync('sh', [join(ROOT, 'out/rollback.sh'), 'oracle'], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /usage:/);
});

test('sqlite3: the guard stops a script run at the wrong revision', () => {
  const db = join(tmp, 'guard.db');
  assert.is(sqlite(db, 'out/sqlite/migration.sql').status, 0);
  const before = sqliteQuery(db, 'SELECT group_concat(sql, char(10)) FROM sqlite_master');
  const again = sqlite(db, 'out/sqlite/migration.sql');
  assert.is.not(again.status, 0);
  assert.match(again.stderr, /sqlrev: cannot apply 0146b79f723c/);
  assert.is(sqliteQuery(db, 'SELECT group_concat(sql, char(10)) FROM sqlite_master'), before);
});

test('sqlite3: every per-revision file in turn, up then down', () => {
  const db = join(tmp, 'steps.db');
  // Compare what SQLite reports (PRAGMAs), not sqlite_master's text: a rebuilt
  // table's CREATE text says "tasks" quoted after the rename, which is the same table.
  const schema = () => sqliteQuery(db, SQLITE_SCHEMA);
  const snapshots: string[] = [];
  for (const r of project.graph.order) {
    snapshots.push(spawnSync('test', ['-f', db]).status === 0 ? schema() : '');
    const res = sqlite(db, `out/sqlite/revisions/${r.stem}.upgrade.sql`);
    assert.is(res.status, 0, `${r.id}: ${res.stderr}`);
  }
  for (const r of [...project.graph.order].reverse()) {
    const res = sqlite(db, `out/sqlite/revisions/${r.stem}.downgrade.sql`);
    assert.is(res.status, 0, `${r.id}: ${res.stderr}`);
    assert.is(schema(), snapshots.pop(), `schema after downgrading ${r.id}`);
  }
});

test.run();
