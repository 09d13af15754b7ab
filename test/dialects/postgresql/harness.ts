/**
 * Test harness for the PostgreSQL dialect: replays ops through the real
 * model, renders them, checks every statement with libpg-query, runs it on
 * PGlite and checks the lock it claims against pg_locks.
 */
import { PGlite } from '@electric-sql/pglite';
import { parse } from 'libpg-query';
import * as assert from 'uvu/assert';
import { isUnsupported, type Renderer, type Statement } from '../../../src/dialects/dialect.js';
import { postgresql } from '../../../src/dialects/postgresql/index.js';
import { Namer } from '../../../src/model/naming.js';
import { replayOps } from '../../../src/model/replay.js';
import { MutableSchema } from '../../../src/model/state.js';
import type { SchemaState } from '../../../src/model/types.js';
import type { Op, OpKind, OpOf } from '../../../src/ops/types.js';

export { postgresql };

export async function boot(): Promise<PGlite> {
  return PGlite.create();
}

/** Back to an empty public schema between cases. */
export async function reset(db: PGlite): Promise<void> {
  await db.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public; SET TimeZone = 'UTC';`);
}

export function renderOne<K extends OpKind>(op: OpOf<K>, before: SchemaState, after: SchemaState): Statement[] {
  const r = postgresql.renderers[op.op as K] as Renderer<K> | { unsupported: string };
  if (isUnsupported(r)) throw new Error(`${op.op} is unsupported: ${r.unsupported}`);
  return r(op, { dialect: postgresql, before, after });
}

/** Replay `ops` from an empty schema and render each: one statement list per op. */
export function renderOps(ops: readonly Op[]): { statements: Statement[][]; state: MutableSchema } {
  const state = new MutableSchema();
  const statements: Statement[][] = [];
  replayOps(state, ops, 'postgresql', { namer: new Namer() }, (step) => {
    statements.push(renderOne(step.op as OpOf<OpKind>, step.before, step.after));
  });
  return { statements, state };
}

/**
 * Render `setup` and `change` in one replay, run the setup, then run the
 * change's statements (checked) and return them.
 */
export async function migrate(db: PGlite, setup: readonly Op[], change: readonly Op[]): Promise<Statement[]> {
  const all = [...setup, ...change];
  const { statements } = renderOps(all);
  const out: Statement[] = [];
  for (const [i, list] of statements.entries()) {
    // What raw SQL locks is not ours to say.
    await run(db, list, all[i]!.op === 'sql' ? { checkLocks: false } : {});
    if (i >= setup.length) out.push(...list);
  }
  return out;
}

/** Exactly one statement per Statement, as libpg-query (PostgreSQL's own parser) reads it. */
export async function assertParses(sql: string, statements = 1): Promise<void> {
  let result;
  try {
    result = await parse(sql);
  } catch (e) {
    assert.unreachable(`libpg-query rejects ${JSON.stringify(sql)}: ${(e as Error).message}`);
    return;
  }
  assert.is(result.stmts?.length ?? 0, statements, `statement count of ${JSON.stringify(sql)}`);
}

const MODES = [
  'AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock',
  'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock',
] as const;
const MODE_OF: Record<string, string> = {
  'ACCESS SHARE': 'AccessShareLock', 'ROW SHARE': 'RowShareLock', 'ROW EXCLUSIVE': 'RowExclusiveLock',
  'SHARE UPDATE EXCLUSIVE': 'ShareUpdateExclusiveLock', 'SHARE': 'ShareLock',
  'SHARE ROW EXCLUSIVE': 'ShareRowExclusiveLock', 'EXCLUSIVE': 'ExclusiveLock', 'ACCESS EXCLUSIVE': 'AccessExclusiveLock',
};

/** "SHARE ROW EXCLUSIVE on task and "Users"" -> mode and the table names (unquoted). */
export function parseLock(lock: string): { mode: string; tables: string[] } {
  const m = /^([A-Z ]+?) on (.+)$/s.exec(lock);
  assert.ok(m, `lock description ${JSON.stringify(lock)}`);
  const mode = MODE_OF[m![1]!];
  assert.ok(mode, `lock mode in ${JSON.stringify(lock)}`);
  const tables: string[] = [];
  // Names are quoted identifiers or bare words, separated by ", " and " and ".
  const token = /"((?:[^"]|"")*)"|([^\s,"]+)/g;
  for (const t of m![2]!.matchAll(token)) {
    // Control characters are shown as \uXXXX (so a name cannot end the `--` comment).
    if (t[1] !== undefined) tables.push(t[1].replace(/""/g, '"').replace(/\\u([0-9a-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    else if (t[2] !== 'and') tables.push(t[2]!);
  }
  assert.ok(tables.length > 0, `table list in ${JSON.stringify(lock)}`);
  return { mode: mode!, tables };
}

async function tableOids(db: PGlite): Promise<Map<number, string>> {
  const r = await db.query<{ oid: number; relname: string }>(
    `SELECT c.oid::int AS oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
  return new Map(r.rows.map((x) => [x.oid, x.relname]));
}

/**
 * Run statements one by one. Each must parse as exactly one statement.
 * Transactional ones run in their own transaction, and the strongest lock
 * each pre-existing table holds at its end must be what `lock` says (tables
 * it does not name hold at most ROW SHARE).
 */
export async function run(db: PGlite, statements: readonly Statement[], opts: { checkLocks?: boolean; statementsPer?: number } = {}): Promise<void> {
  for (const s of statements) {
    await assertParses(s.sql, opts.statementsPer ?? 1);
    assert.not.match(s.sql, /;\s*$/, 'no trailing semicolon');
    if (s.transactional === false || opts.checkLocks === false) {
      await exec(db, s.sql);
      continue;
    }
    await db.exec('BEGIN');
    try {
      const existing = await tableOids(db);
      await exec(db, s.sql);
      const held = await db.query<{ oid: number; mode: string }>(
        `SELECT relation::int AS oid, mode FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid() AND granted`);
      const strongest = new Map<string, number>();
      for (const h of held.rows) {
        const name = existing.get(h.oid);
        if (name === undefined) continue;
        strongest.set(name, Math.max(strongest.get(name) ?? -1, MODES.indexOf(h.mode as (typeof MODES)[number])));
      }
      const claimed = s.lock ? parseLock(s.lock) : { mode: '', tables: [] };
      for (const t of claimed.tables) {
        assert.is(MODES[strongest.get(t) ?? -1], claimed.mode, `lock on ${t} for ${s.sql}`);
      }
      for (const [t, level] of strongest) {
        if (claimed.tables.includes(t)) continue;
        assert.ok(level <= MODES.indexOf('RowShareLock'), `${s.sql} also takes ${MODES[level]} on ${t} (its lock says ${s.lock ?? 'nothing'})`);
      }
      await db.exec('COMMIT');
    } catch (e) {
      await db.exec('ROLLBACK');
      throw e;
    }
  }
}

async function exec(db: PGlite, sql: string): Promise<void> {
  try {
    await db.exec(sql);
  } catch (e) {
    throw new Error(`PostgreSQL rejected:\n${sql}\n${(e as Error).message}`);
  }
}

// ---- catalog readers -------------------------------------------------------

export interface ColumnInfo { name: string; type: string; notNull: boolean; default: string | null; identity: string }

export async function columns(db: PGlite, table: string): Promise<ColumnInfo[]> {
  const r = await db.query<ColumnInfo>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [quoteRegclass(table)]);
  return r.rows;
}

export async function column(db: PGlite, table: string, name: string): Promise<ColumnInfo> {
  const c = (await columns(db, table)).find((x) => x.name === name);
  assert.ok(c, `column ${table}.${name} exists`);
  return c!;
}

export interface ConstraintInfo { name: string; type: string; def: string; validated: boolean }

/** Primary key, unique, check and foreign-key constraints (not PostgreSQL 18's catalogued NOT NULLs), by name. */
export async function constraints(db: PGlite, table: string): Promise<ConstraintInfo[]> {
  const r = await db.query<ConstraintInfo>(
    `SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS def, convalidated AS validated
     FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'c', 'f') ORDER BY conname`, [quoteRegclass(table)]);
  return r.rows;
}

export async function indexes(db: PGlite, table: string): Promise<{ name: string; def: string }[]> {
  const r = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 ORDER BY indexname`, [table]);
  return r.rows;
}

export async function tables(db: PGlite): Promise<string[]> {
  const r = await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return r.rows.map((x) => x.t);
}

export async function comment(db: PGlite, table: string, columnName?: string): Promise<string | null> {
  const r = columnName === undefined
    ? await db.query<{ c: string | null }>(`SELECT obj_description($1::regclass, 'pg_class') AS c`, [quoteRegclass(table)])
    : await db.query<{ c: string | null }>(
      `SELECT col_description($1::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2)) AS c`,
      [quoteRegclass(table), columnName]);
  return r.rows[0]!.c;
}

export async function rows<T>(db: PGlite, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

/** A table name as text for ::regclass (which parses its input as an identifier). */
function quoteRegclass(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
