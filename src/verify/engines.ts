/**
 * The real engines verify runs on: PostgreSQL as PGlite (PostgreSQL compiled
 * to WASM) and SQLite as sql.js (SQLite compiled to WASM). Both are loaded
 * with a dynamic `import()` only when a loader is called, so no other command
 * pays for (or can be broken by) the WASM engines.
 *
 * `ENGINES` is keyed by dialect name: shared code asks `ENGINES[dialect.name]`
 * and never which engine it has. A session wraps one database with what
 * verify does to it: run SQL, read its catalog, settle an expected catalog's
 * expressions (src/verify/expected.ts), start over.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Database, SqlJsStatic } from 'sql.js';
import type { DialectName } from '../ops/types.js';
import { readPgCatalog, settlePgCatalog } from './catalog/postgresql.js';
import { readSqliteCatalog, settleSqliteCatalog } from './catalog/sqlite.js';
import type { Catalog, ReadCatalogOptions } from './catalog/types.js';

/** A fresh in-memory PostgreSQL (boots in a few seconds). */
export async function openPglite(): Promise<PGlite> {
  const { PGlite: Ctor } = await import('@electric-sql/pglite');
  const db = new Ctor();
  await db.waitReady;
  return db;
}

/** Empty the `public` schema (tables, types, sequences, functions: everything in it). */
export async function resetPg(db: PGlite): Promise<void> {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

let sqlJs: Promise<SqlJsStatic> | undefined;

/** The sql.js module, loaded (and its WASM compiled) once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js').then((m) => m.default());
  return sqlJs;
}

/** A fresh in-memory SQLite database. */
export async function openSqlJs(): Promise<Database> {
  const SQL = await loadSqlJs();
  return new SQL.Database();
}

function quoteSqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Drop every table, view and trigger (indexes go with their tables) and
 * forget AUTOINCREMENT counters. sqlite_sequence itself cannot be dropped
 * (https://www.sqlite.org/autoinc.html), only emptied.
 */
export function resetSqlite(db: Database): void {
  db.run('PRAGMA foreign_keys = OFF');
  const res = db.exec(`SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`);
  const rows = (res[0]?.values ?? []) as [string, string][];
  // Views and triggers first: dropping a table a view reads would leave the view broken, not gone.
  const order: Record<string, number> = { trigger: 0, view: 1, table: 2 };
  for (const [type, name] of rows.sort((a, b) => order[a[0]]! - order[b[0]]!)) {
    db.run(`DROP ${type.toUpperCase()} IF EXISTS ${quoteSqliteIdent(name)}`);
  }
  if (db.exec(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`).length > 0) db.run('DELETE FROM sqlite_sequence');
  db.run('PRAGMA foreign_keys = ON');
}

/** One database on one engine, as verify uses it. */
export interface EngineSession {
  readonly dialect: DialectName;
  /** Run a script of one or more statements; rejects on the first error. */
  exec(sql: string): Promise<void>;
  /** The database's catalog (schema `public` on PostgreSQL, `main` on SQLite). */
  read(opts?: ReadCatalogOptions): Promise<Catalog>;
  /** The expected catalog with its expressions spelled the way this engine prints them. */
  settle(expected: Catalog): Promise<Catalog>;
  /** Back to an empty schema. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  /** What runs the dialect, for reports. */
  readonly label: string;
  open(): Promise<EngineSession>;
}

const postgresqlEngine: Engine = {
  label: 'PGlite (PostgreSQL in WASM)',
  async open() {
    const db = await openPglite();
    return {
      dialect: 'postgresql',
      async exec(sql) { await db.exec(sql); },
      read: (opts) => readPgCatalog(db, opts),
      settle: (expected) => settlePgCatalog(db, expected),
      reset: () => resetPg(db),
      close: () => db.close(),
    };
  },
};

const sqliteEngine: Engine = {
  label: 'sql.js (SQLite in WASM)',
  async open() {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    // SQLite enforces foreign keys only when asked (https://www.sqlite.org/foreignkeys.html#fk_enable);
    // verify asks, so a script that breaks a reference fails here rather than in production.
    db.run('PRAGMA foreign_keys = ON');
    return {
      dialect: 'sqlite',
      async exec(sql) { db.exec(sql); },
      read: async (opts) => readSqliteCatalog(db, opts),
      async settle(expected) {
        const scratch = new SQL.Database();
        try {
          return settleSqliteCatalog(scratch, expected);
        } finally {
          scratch.close();
        }
      },
      async reset() { resetSqlite(db); },
      async close() { db.close(); },
    };
  },
};

export const ENGINES: { readonly [K in DialectName]: Engine } = {
  postgresql: postgresqlEngine,
  sqlite: sqliteEngine,
};
