/**
 * Shared by the SQLite dialect tests: replay ops through the real schema
 * model, render each step with the SQLite renderers, run the SQL on sql.js
 * the way a rendered script would, and read the catalog back.
 */
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import { isUnsupported, type Statement } from '../../../src/dialects/dialect.js';
import { sqlite } from '../../../src/dialects/sqlite/index.js';
import { Namer } from '../../../src/model/naming.js';
import { replayOps } from '../../../src/model/replay.js';
import { MutableSchema } from '../../../src/model/state.js';
import type { Op } from '../../../src/ops/types.js';

const SQL = await initSqlJs();

export function newDb(): Database {
  return new SQL.Database();
}

/** A schema model that ops are replayed into, rendering each for SQLite. */
export class Model {
  readonly state = new MutableSchema();
  private readonly namer = new Namer();

  /** Apply the ops to the model and return the SQLite statements for them. */
  render(...ops: Op[]): Statement[] {
    const out: Statement[] = [];
    replayOps(this.state, ops, 'sqlite', { namer: this.namer }, (step) => {
      const r = sqlite.renderers[step.op.op];
      if (isUnsupported(r)) throw new Error(`unsupported: ${r.unsupported}`);
      const fn = r as (op: Op, ctx: unknown) => Statement[];
      out.push(...fn(step.op, { dialect: sqlite, before: step.before, after: step.after }));
    });
    return out;
  }
}

/** The statements as a script body, one per line as the templates would write them. */
export function scriptBody(stmts: readonly Statement[]): string {
  return stmts.map((s) => `${s.sql};\n`).join('');
}

/**
 * A revision as the script layer runs it: PRAGMA foreign_keys = OFF before
 * BEGIN when a statement needs it (the pragma is a no-op inside a
 * transaction), foreign_key_check before COMMIT, and the pragma restored after.
 */
export function revisionScript(stmts: readonly Statement[], fkWasOn = true): string {
  const off = stmts.some((s) => s.needsForeignKeysOff);
  let s = '';
  if (off) s += 'PRAGMA foreign_keys = OFF;\n';
  s += 'BEGIN;\n' + scriptBody(stmts);
  if (off) s += 'PRAGMA foreign_key_check;\n';
  s += 'COMMIT;\n';
  if (off && fkWasOn) s += 'PRAGMA foreign_keys = ON;\n';
  return s;
}

/** Run a revision on sql.js; throws when foreign_key_check reports violations (and rolls back). */
export function runRevision(db: Database, stmts: readonly Statement[]): void {
  const fkWasOn = scalar(db, 'PRAGMA foreign_keys') === 1;
  const off = stmts.some((s) => s.needsForeignKeysOff);
  if (off) db.run('PRAGMA foreign_keys = OFF');
  db.run('BEGIN');
  try {
    for (const st of stmts) db.run(st.sql);
    if (off) {
      const violations = rows(db, 'PRAGMA foreign_key_check');
      if (violations.length > 0) throw new Error(`foreign_key_check: ${JSON.stringify(violations)}`);
    }
    db.run('COMMIT');
  } catch (e) {
    try { db.run('ROLLBACK'); } catch { /* the failed statement may have ended the transaction already */ }
    throw e;
  } finally {
    if (off && fkWasOn) db.run('PRAGMA foreign_keys = ON');
  }
}

export type Row = Record<string, SqlValue>;

export function rows(db: Database, sql: string): Row[] {
  const out: Row[] = [];
  for (const r of db.exec(sql)) {
    for (const v of r.values) out.push(Object.fromEntries(r.columns.map((c, i) => [c, v[i]!])));
  }
  return out;
}

export function scalar(db: Database, sql: string): SqlValue | undefined {
  const r = db.exec(sql);
  return r[0]?.values[0]?.[0];
}

/** A string as a SQL literal for catalog queries (test-only; the code under test has its own). */
function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export interface ColumnInfo { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }

export function tableInfo(db: Database, table: string): ColumnInfo[] {
  return rows(db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(${lit(table)}) ORDER BY cid`) as unknown as ColumnInfo[];
}

export function columnNames(db: Database, table: string): string[] {
  return tableInfo(db, table).map((c) => c.name);
}

/** Indexes of a table, with origin: c = CREATE INDEX, u = UNIQUE constraint, pk = PRIMARY KEY. */
export function indexList(db: Database, table: string): { name: string; unique: number; origin: string; partial: number }[] {
  return rows(db, `SELECT name, "unique", origin, partial FROM pragma_index_list(${lit(table)}) ORDER BY name`) as never;
}

/** Columns of an index (name is null for an expression). */
export function indexColumns(db: Database, index: string): (string | null)[] {
  return rows(db, `SELECT name FROM pragma_index_info(${lit(index)}) ORDER BY seqno`).map((r) => r['name'] as string | null);
}

export interface FkInfo { table: string; from: string; to: string; on_delete: string; on_update: string }

export function foreignKeys(db: Database, table: string): FkInfo[] {
  return rows(db, `SELECT "table", "from", "to", on_delete, on_update FROM pragma_foreign_key_list(${lit(table)}) ORDER BY id, seq`) as never;
}

export function masterSql(db: Database, name: string): string | undefined {
  return scalar(db, `SELECT sql FROM sqlite_master WHERE name = ${lit(name)}`) as string | undefined;
}

export function tableNames(db: Database): string[] {
  return rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r['name'] as string);
}

export function indexNames(db: Database): string[] {
  return rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").map((r) => r['name'] as string);
}

/** Throws unless the statement fails with a message matching `re` (proves a constraint is enforced). */
export function assertFails(db: Database, sql: string, re: RegExp): void {
  let msg: string | undefined;
  try {
    db.run(sql);
  } catch (e) {
    msg = (e as Error).message;
  }
  if (msg === undefined) throw new Error(`expected failure matching ${re}: ${sql}`);
  if (!re.test(msg)) throw new Error(`expected ${re}, got "${msg}": ${sql}`);
}
