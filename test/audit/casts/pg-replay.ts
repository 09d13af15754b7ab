/**
 * Replays type changes on PGlite, independently of scripts/derive-pg-casts.ts
 * (plain SQL from the test, no server-side probe), so the tests can hold the
 * committed table and pgCast() against what the engine does today.
 */
import type { PGlite } from '@electric-sql/pglite';
import { parseType } from '../../../src/model/column-type.js';
import { MutableSchema } from '../../../src/model/state.js';
import type { ColumnType } from '../../../src/model/types.js';
import { typeSql } from '../../../src/dialects/postgresql/types.js';

export interface Pair { readonly from: string; readonly to: string }
export interface ReplayedVerdict {
  verdict: 'same' | 'catalog-only' | 'rewrite' | 'fails';
  /** A btree index on the column; `none` when the type has no btree operator class or the change fails. */
  index: 'kept' | 'rebuilt' | 'fails' | 'none';
  error?: string;
}
export interface ReplayedValues {
  /** Values the change accepted but that do not read back the same (cast back to `from`). */
  changed: string[];
  /** Values the change refused. */
  failed: string[];
}

export function type(spec: string): ColumnType {
  const t = parseType(spec);
  if (typeof t === 'string') throw new Error(`${spec}: ${t}`);
  return t;
}
const sql = (spec: string) => typeSql(type(spec), new MutableSchema());
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function fresh(db: PGlite, timeZone: string): Promise<void> {
  await db.exec(`SET TimeZone = ${lit(timeZone)}; DROP SCHEMA IF EXISTS replay CASCADE; CREATE SCHEMA replay;`);
}

async function relations(db: PGlite): Promise<Map<string, { node: number; type: string | null }>> {
  const r = await db.query<{ relname: string; relfilenode: number; type: string | null }>(`
    SELECT c.relname, c.relfilenode, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'c'
    WHERE n.nspname = 'replay'`);
  return new Map(r.rows.map((x) => [x.relname, { node: x.relfilenode, type: x.type }]));
}

/** Runs `statement` in a savepoint of the open transaction; returns its error, if any. */
async function attempt(db: PGlite, statement: string): Promise<string | undefined> {
  try {
    await db.exec(`SAVEPOINT s; ${statement}; RELEASE SAVEPOINT s;`);
    return undefined;
  } catch (e) {
    await db.exec('ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s;');
    return message(e);
  }
}

/**
 * `ALTER TABLE ... ALTER COLUMN c TYPE <to>` without USING on an empty table
 * made in an earlier transaction; a rewrite shows as a new relfilenode.
 */
export async function replayVerdicts(db: PGlite, pairs: readonly Pair[], timeZone: string): Promise<ReplayedVerdict[]> {
  await fresh(db, timeZone);
  const indexable = new Set<string>();
  for (const from of new Set(pairs.map((p) => p.from))) {
    try {
      await db.exec(`CREATE TABLE replay.probe (c ${sql(from)}); CREATE INDEX ON replay.probe (c); DROP TABLE replay.probe;`);
      indexable.add(from);
    } catch { /* no btree operator class for this type */ }
  }
  await db.exec(pairs.map((p, i) => `CREATE TABLE replay.t${i} (c ${sql(p.from)});${indexable.has(p.from) ? ` CREATE TABLE replay.x${i} (c ${sql(p.from)}); CREATE INDEX x${i}_c ON replay.x${i} (c);` : ''}`).join('\n'));
  const before = await relations(db);
  const errors = new Map<number, string>();
  const indexErrors = new Map<number, string>();
  await db.exec('BEGIN');
  for (const [i, p] of pairs.entries()) {
    const err = await attempt(db, `ALTER TABLE replay.t${i} ALTER COLUMN c TYPE ${sql(p.to)}`);
    if (err !== undefined) { errors.set(i, err); continue; }
    if (indexable.has(p.from)) {
      const ixErr = await attempt(db, `ALTER TABLE replay.x${i} ALTER COLUMN c TYPE ${sql(p.to)}`);
      if (ixErr !== undefined) indexErrors.set(i, ixErr);
    }
  }
  await db.exec('COMMIT');
  const after = await relations(db);
  return pairs.map((p, i) => {
    const err = errors.get(i);
    if (err !== undefined) return { verdict: 'fails', index: 'none', error: err };
    const b = before.get(`t${i}`)!;
    const a = after.get(`t${i}`)!;
    const verdict = a.node !== b.node ? 'rewrite' : a.type === b.type ? 'same' : 'catalog-only';
    const index = !indexable.has(p.from) ? 'none' : indexErrors.has(i) ? 'fails' : after.get(`x${i}_c`)!.node !== before.get(`x${i}_c`)!.node ? 'rebuilt' : 'kept';
    return { verdict, index };
  });
}

/**
 * The same change on a table holding the values (PostgreSQL input syntax of
 * `from`), one per row: which values make it fail (each value alone), and
 * which come back different (neither the cast back to `from` nor the way
 * through text gives the original).
 */
export async function replayValues(db: PGlite, cases: readonly (Pair & { values: readonly string[] })[], timeZone: string): Promise<ReplayedValues[]> {
  await fresh(db, timeZone);
  await db.exec(cases.map((c, i) => {
    const rows = c.values.map((v, k) => `(${k}, ${lit(v)}::${sql(c.from)})`).join(', ');
    return `CREATE TABLE replay.v${i} (n int, c ${sql(c.from)}, orig text); INSERT INTO replay.v${i} (n, c) VALUES ${rows}; UPDATE replay.v${i} SET orig = c::text;`;
  }).join('\n'));
  const out: ReplayedValues[] = [];
  await db.exec('BEGIN');
  for (const [i, c] of cases.entries()) {
    const t = `replay.v${i}`;
    const r: ReplayedValues = { changed: [], failed: [] };
    // All values at once; when that fails, each value alone to tell which fail.
    const tables: { table: string; rows: number[] }[] = [];
    if ((await attempt(db, `ALTER TABLE ${t} ALTER COLUMN c TYPE ${sql(c.to)}`)) === undefined) {
      tables.push({ table: t, rows: c.values.map((_, k) => k) });
    } else {
      for (const k of c.values.keys()) {
        const one = `replay.v${i}_${k}`;
        await db.exec(`CREATE TABLE ${one} AS SELECT * FROM ${t} WHERE n = ${k}`);
        if ((await attempt(db, `ALTER TABLE ${one} ALTER COLUMN c TYPE ${sql(c.to)}`)) === undefined) tables.push({ table: one, rows: [k] });
        else r.failed.push(c.values[k]!);
      }
    }
    for (const { table, rows } of tables) {
      for (const k of await changedRows(db, table, c.from, rows)) r.changed.push(c.values[k]!);
    }
    out.push(r);
  }
  await db.exec('COMMIT');
  return out;
}

/** The rows (by n) that read back different both ways; a way that errors is tried row by row. */
async function changedRows(db: PGlite, table: string, from: string, rows: readonly number[]): Promise<number[]> {
  let left = [...rows];
  for (const back of [`(c::${sql(from)})::text`, `(c::text::${sql(from)})::text`]) {
    if (left.length === 0) break;
    const same = await sameRows(db, `SELECT n FROM ${table} WHERE n IN (${left.join(', ')}) AND ${back} IS NOT DISTINCT FROM orig`);
    if (same) { left = left.filter((k) => !same.includes(k)); continue; }
    const each: number[] = [];
    for (const k of left) if ((await sameRows(db, `SELECT n FROM ${table} WHERE n = ${k} AND ${back} IS NOT DISTINCT FROM orig`))?.length) each.push(k);
    left = left.filter((k) => !each.includes(k));
  }
  return left;
}

/** The n of the rows the query returns, or undefined when it errors. */
async function sameRows(db: PGlite, query: string): Promise<number[] | undefined> {
  try {
    await db.exec('SAVEPOINT s');
    const r = await db.query<{ n: number }>(query);
    await db.exec('RELEASE SAVEPOINT s');
    return r.rows.map((x) => x.n);
  } catch {
    await db.exec('ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s;');
    return undefined;
  }
}
