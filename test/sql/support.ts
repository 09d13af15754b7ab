/**
 * Helpers for the src/sql tests: the ops of a text, rendering ops back to
 * SQL through sqlrev's own model and dialect renderers, and reading a
 * schema back from a real engine (PGlite, sql.js) so that "the ops mean what
 * the SQL means" is checked on the engine, not by eye.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from 'sql.js';
import * as assert from 'uvu/assert';
import { isUnsupported, type Renderer } from '../../src/dialects/dialect.js';
import { DIALECTS } from '../../src/dialects/registry.js';
import { Namer } from '../../src/model/naming.js';
import { replayOps } from '../../src/model/replay.js';
import { MutableSchema } from '../../src/model/state.js';
import type { DialectName, Op, OpKind, OpOf } from '../../src/ops/types.js';
import { sqlToOps } from '../../src/sql/to-ops.js';
import type { SqlAnalysis, SqlStatement } from '../../src/sql/types.js';

export function statements(a: SqlAnalysis): SqlStatement[] {
  return a.segments.flatMap((s) => s.statements);
}

/** The ops of a text that must have no syntax error. */
export async function opsOf(text: string, dialect: DialectName): Promise<Op[]> {
  const a = await sqlToOps(text, dialect);
  assert.equal(a.syntaxErrors, [], `unexpected syntax errors in: ${text}`);
  return statements(a).flatMap((s) => (s.op ? [s.op] : []));
}

/** The one op of a one-statement text. */
export async function opOf(text: string, dialect: DialectName): Promise<Op> {
  const ops = await opsOf(text, dialect);
  assert.is(ops.length, 1, `expected one op from: ${text}\ngot ${JSON.stringify(ops)}`);
  return ops[0]!;
}

/** The SQL sqlrev renders for `ops`, replayed from an empty schema. */
export function render(ops: readonly Op[], dialect: DialectName): string[] {
  const d = DIALECTS[dialect];
  const out: string[] = [];
  replayOps(new MutableSchema(), ops, dialect, { namer: new Namer() }, (step) => {
    const r = d.renderers[step.op.op] as Renderer<OpKind> | { unsupported: string };
    if (isUnsupported(r)) throw new Error(`${step.op.op} is unsupported on ${dialect}: ${r.unsupported}`);
    for (const s of r(step.op as OpOf<OpKind>, { dialect: d, before: step.before, after: step.after })) out.push(s.sql);
  });
  return out;
}

/** Everything PostgreSQL knows about the tables, types and sequences of one schema, normalised by the server. */
export async function pgCatalog(db: PGlite, schema: string): Promise<unknown> {
  const q = async (sql: string) => (await db.query<Record<string, unknown>>(sql, [schema])).rows;
  // Names print unqualified when their schema is on the search path.
  await db.exec(`SET search_path TO ${schema}`);
  try {
    return await catalogQueries(q);
  } finally {
    await db.exec('SET search_path TO public');
  }
}

async function catalogQueries(q: (sql: string) => Promise<Record<string, unknown>[]>): Promise<unknown> {
  return {
    columns: await q(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity,
             col_description(c.oid, a.attnum) AS comment
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY 1, a.attnum`),
    constraints: await q(`
      SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND k.contype <> 'n' ORDER BY 1, 2`),
    indexes: await q(`
      SELECT i.tablename AS table, i.indexname AS name, replace(i.indexdef, ' ON ' || $1 || '.', ' ON ') AS def
      FROM pg_indexes i WHERE i.schemaname = $1 ORDER BY 1, 2`),
    enums: await q(`
      SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY 1 ORDER BY 1`),
    sequences: await q(`
      SELECT sequencename AS name, start_value::text AS start, increment_by::text AS increment
      FROM pg_sequences WHERE schemaname = $1 ORDER BY 1`),
  };
}

/** Run `sql` on PGlite in a fresh schema of that name. */
export async function runInSchema(db: PGlite, schema: string, sql: string): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
  try {
    await db.exec(sql);
  } finally {
    await db.exec('SET search_path TO public');
  }
}

/** A SQLite database's schema as its PRAGMAs report it (https://www.sqlite.org/pragma.html). */
export function sqliteCatalog(db: Database): unknown {
  const q = (sql: string) => {
    const r = db.exec(sql);
    if (!r.length) return [];
    const { columns, values } = r[0]!;
    return values.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  };
  const tables = q(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .map((r) => String((r as { name: unknown }).name));
  return tables.map((t) => {
    const quoted = `"${t.split('"').join('""')}"`;
    // Indexes SQLite makes for UNIQUE / PRIMARY KEY constraints have generated names (sqlite_autoindex_t_N): compared by columns only.
    const indexes = (q(`PRAGMA index_list(${quoted})`) as { name: string; unique: number; origin: string; partial: number }[])
      .map((i) => ({
        ...(i.origin === 'c' ? { name: i.name } : {}),
        origin: i.origin, unique: i.unique, partial: i.partial,
        columns: q(`PRAGMA index_xinfo("${i.name}")`).filter((c) => (c as { key: number }).key === 1).map((c) => (c as { name: unknown }).name),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return {
      table: t,
      columns: q(`PRAGMA table_xinfo(${quoted})`).map((c) => {
        const { cid: _cid, ...rest } = c as Record<string, unknown>;
        return rest;
      }),
      foreignKeys: q(`PRAGMA foreign_key_list(${quoted})`).map((f) => {
        const { id: _id, seq: _seq, match: _m, ...rest } = f as Record<string, unknown>;
        return rest;
      }),
      indexes,
    };
  });
}
