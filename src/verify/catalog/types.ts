/**
 * A normalised description of a schema as an engine reports it (or, in
 * src/verify/expected.ts, as it should report it). Plain JSON data, every list
 * in a fixed order, so two catalogs are equal exactly when their
 * `JSON.stringify` texts are (see `catalogsEqual`).
 *
 * Order rules (applied by `sortCatalog`, which every reader and builder calls):
 * tables, sequences and enums by name; columns in ordinal order; constraints
 * and indexes by name (unnamed ones, possible on SQLite only, after the named
 * ones, by their JSON text). Constraint and index columns keep their key order
 * (it is meaningful); enum values keep their sort order.
 */

/**
 * `'always'` / `'by default'`: a PostgreSQL identity column (`pg_attribute.attidentity`).
 * `'autoincrement'`: SQLite `INTEGER PRIMARY KEY AUTOINCREMENT`.
 */
export type CatalogIdentity = 'always' | 'by default' | 'autoincrement';

export interface CatalogColumn {
  name: string;
  /** The type as the engine reports it: `format_type(atttypid, atttypmod)` / SQLite declared type. */
  type: string;
  nullable: boolean;
  /** The default expression as the engine reports it (`pg_get_expr(adbin, adrelid)` / `dflt_value`); null = none. */
  default: string | null;
  identity: CatalogIdentity | null;
  /** `col_description` (PostgreSQL); always null on SQLite, which has no comments. */
  comment: string | null;
}

/** `name` is null when the engine keeps no name (SQLite constraints written without `CONSTRAINT <name>`). */
export interface CatalogPrimaryKey { name: string | null; columns: string[] }
export interface CatalogUnique { name: string | null; columns: string[] }
export interface CatalogCheck { name: string | null; expression: string }

/** Referential actions as lowercase words, as in the revision format. */
export type CatalogFkAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface CatalogForeignKey {
  name: string | null;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: CatalogFkAction;
  onUpdate: CatalogFkAction;
}

/** A plain column name, or the text of an expression key. */
export type CatalogIndexKey = string | { expression: string };

export interface CatalogIndex {
  name: string;
  unique: boolean;
  columns: CatalogIndexKey[];
  /** Partial index predicate; null = none. */
  where: string | null;
}

export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  primaryKey: CatalogPrimaryKey | null;
  uniques: CatalogUnique[];
  checks: CatalogCheck[];
  foreignKeys: CatalogForeignKey[];
  /** Indexes made by CREATE INDEX; the ones backing a primary key or unique constraint are left out. */
  indexes: CatalogIndex[];
  /** `obj_description` (PostgreSQL); always null on SQLite. */
  comment: string | null;
}

export interface CatalogSequence {
  name: string;
  /** Numbers as strings: PostgreSQL sequences are bigint and JSON numbers lose precision past 2^53. */
  start: string;
  increment: string;
}

export interface CatalogEnum { name: string; values: string[] }

export interface Catalog {
  tables: CatalogTable[];
  sequences: CatalogSequence[];
  enums: CatalogEnum[];
}

export interface ReadCatalogOptions {
  /** The version table to leave out (config `versionTable`); default `sqlrev_version`. */
  versionTable?: string;
}

export const DEFAULT_VERSION_TABLE = 'sqlrev_version';

/** Code-point order, independent of the locale (`localeCompare` is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends { name: string | null }>(a: T, b: T): number {
  if (a.name !== null && b.name !== null) return compareText(a.name, b.name);
  if (a.name !== null) return -1;
  if (b.name !== null) return 1;
  return compareText(JSON.stringify(a), JSON.stringify(b));
}

/** A copy of the catalog in the canonical order (and with a canonical key order in every object). */
export function sortCatalog(c: Catalog): Catalog {
  return {
    tables: c.tables.map(sortTable).sort(byName),
    sequences: c.sequences.map((s) => ({ name: s.name, start: s.start, increment: s.increment })).sort(byName),
    enums: c.enums.map((e) => ({ name: e.name, values: [...e.values] })).sort(byName),
  };
}

function sortTable(t: CatalogTable): CatalogTable {
  return {
    name: t.name,
    columns: t.columns.map((col) => ({
      name: col.name, type: col.type, nullable: col.nullable, default: col.default,
      identity: col.identity, comment: col.comment,
    })),
    primaryKey: t.primaryKey ? { name: t.primaryKey.name, columns: [...t.primaryKey.columns] } : null,
    uniques: t.uniques.map((u) => ({ name: u.name, columns: [...u.columns] })).sort(byName),
    checks: t.checks.map((k) => ({ name: k.name, expression: k.expression })).sort(byName),
    foreignKeys: t.foreignKeys.map((f) => ({
      name: f.name, columns: [...f.columns], refTable: f.refTable, refColumns: [...f.refColumns],
      onDelete: f.onDelete, onUpdate: f.onUpdate,
    })).sort(byName),
    indexes: t.indexes.map((i) => ({
      name: i.name, unique: i.unique,
      columns: i.columns.map((k) => (typeof k === 'string' ? k : { expression: k.expression })),
      where: i.where,
    })).sort(byName),
    comment: t.comment,
  };
}

/** Catalog equality is JSON text equality of the canonical forms. */
export function catalogsEqual(a: Catalog, b: Catalog): boolean {
  return JSON.stringify(sortCatalog(a)) === JSON.stringify(sortCatalog(b));
}
