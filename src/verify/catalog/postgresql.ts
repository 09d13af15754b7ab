/**
 * Reads a PostgreSQL schema's catalog into a `Catalog` (src/verify/catalog/types.ts).
 *
 * Works with anything that has `query(sql, params)` resolving to `{ rows }`:
 * a PGlite instance, or a node-postgres Client (one connection: settlePgCatalog
 * runs a transaction, which a Pool would spread over connections). Every value the queries
 * return is text, boolean or json, so no driver-specific type parsing
 * (bigint, arrays of `name`) is involved.
 *
 * Sources, all from the system catalogs (https://www.postgresql.org/docs/current/catalogs.html):
 * - types: `format_type(atttypid, atttypmod)`, the spelling psql's \d shows;
 * - defaults, checks, index predicates: `pg_get_expr(...)` on the stored node tree,
 *   i.e. PostgreSQL's own deparse (with casts such as `'a'::character varying`);
 * - index keys: `pg_attribute.attname` for column keys, `pg_get_indexdef(index, n, false)`
 *   for expression keys (indkey = 0);
 * - constraints: `pg_constraint` restricted to p/u/c/f. PostgreSQL 18 also stores
 *   NOT NULL there (contype 'n'); that is already `nullable` on the column;
 * - sequences: `pg_sequence`, minus the ones an identity column owns (pg_depend
 *   deptype 'i', "internal": https://www.postgresql.org/docs/current/catalog-pg-depend.html);
 * - enums: `pg_enum` ordered by `enumsortorder` (values added with BEFORE/AFTER
 *   get fractional sort orders, so OID order would be wrong);
 * - comments: `obj_description` / `col_description`.
 */
import { adoptSpelling } from '../expected.js';
import {
  DEFAULT_VERSION_TABLE, sortCatalog,
  type Catalog, type CatalogColumn, type CatalogFkAction, type CatalogIdentity, type CatalogIndexKey,
  type CatalogTable, type ReadCatalogOptions,
} from './types.js';

/** The one method the reader needs; PGlite and pg.Client both have it. */
export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

export interface ReadPgCatalogOptions extends ReadCatalogOptions {
  /** The schema to read; default `public`. */
  schema?: string;
}

const TABLES = `
SELECT c.relname::text AS name, obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`;

const COLUMNS = `
SELECT c.relname::text AS table, a.attnum::int AS num, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
       a.attidentity::text AS identity, pg_get_expr(d.adbin, d.adrelid) AS default,
       col_description(a.attrelid, a.attnum) AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`;

// Column lists come back as json arrays, in key order (WITH ORDINALITY).
const CONSTRAINTS = `
SELECT c.relname::text AS table, con.conname::text AS name, con.contype::text AS type,
       (SELECT json_agg(a.attname::text ORDER BY k.i)
          FROM unnest(con.conkey) WITH ORDINALITY AS k(n, i)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
       fc.relname::text AS ref_table,
       (SELECT json_agg(a.attname::text ORDER BY k.i)
          FROM unnest(con.confkey) WITH ORDINALITY AS k(n, i)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS ref_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS expression
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND con.contype IN ('p', 'u', 'c', 'f')`;

// Indexes that implement a PRIMARY KEY / UNIQUE / EXCLUDE constraint are the
// constraint's business, not CREATE INDEX's. (A foreign key's conindid points at
// the referenced table's index, hence the contype filter.) Only key columns
// count (indnkeyatts), not INCLUDE columns.
const INDEXES = `
SELECT t.relname::text AS table, ic.relname::text AS name, i.indisunique AS unique,
       pg_get_expr(i.indpred, i.indrelid) AS where,
       (SELECT json_agg(CASE WHEN k.n = 0
                             THEN json_build_object('expression', pg_get_indexdef(i.indexrelid, k.i::int, false))
                             ELSE to_json(a.attname::text) END ORDER BY k.i)
          FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(n, i)
          LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
          WHERE k.i <= i.indnkeyatts) AS columns
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))`;

const SEQUENCES = `
SELECT c.relname::text AS name, s.seqstart::text AS start, s.seqincrement::text AS increment
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'i')`;

const ENUMS = `
SELECT t.typname::text AS name,
       COALESCE(json_agg(e.enumlabel::text ORDER BY e.enumsortorder) FILTER (WHERE e.oid IS NOT NULL), '[]'::json) AS values
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = $1 AND t.typtype = 'e'
GROUP BY t.typname`;

/** pg_constraint.confdeltype / confupdtype codes. */
const FK_ACTIONS: Readonly<Record<string, CatalogFkAction>> = {
  a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default',
};

/** pg_attribute.attidentity codes ('' = not an identity column). */
const IDENTITY: Readonly<Record<string, CatalogIdentity>> = { a: 'always', d: 'by default' };

/** Some drivers hand json back as text; PGlite and node-postgres parse it. */
function json<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function fkAction(code: string): CatalogFkAction {
  const a = FK_ACTIONS[code];
  if (!a) throw new Error(`unknown pg_constraint referential action code "${code}"`);
  return a;
}

/** Read schema `opts.schema` (default `public`) of a PostgreSQL database. */
export async function readPgCatalog(db: PgQueryable, opts: ReadPgCatalogOptions = {}): Promise<Catalog> {
  const schema = opts.schema ?? 'public';
  const versionTable = opts.versionTable ?? DEFAULT_VERSION_TABLE;
  const p = [schema];
  const [tables, columns, constraints, indexes, sequences, enums] = await Promise.all([
    db.query(TABLES, p), db.query(COLUMNS, p), db.query(CONSTRAINTS, p),
    db.query(INDEXES, p), db.query(SEQUENCES, p), db.query(ENUMS, p),
  ]);

  const byName = new Map<string, CatalogTable>();
  for (const r of tables.rows) {
    if (r.name === versionTable) continue;
    byName.set(r.name, {
      name: r.name, columns: [], primaryKey: null, uniques: [], checks: [], foreignKeys: [], indexes: [],
      comment: r.comment ?? null,
    });
  }

  const cols = [...columns.rows].sort((a, b) => a.num - b.num);
  for (const r of cols) {
    const t = byName.get(r.table);
    if (!t) continue;
    const col: CatalogColumn = {
      name: r.name, type: r.type, nullable: !r.notnull, default: r.default ?? null,
      identity: IDENTITY[r.identity ?? ''] ?? null, comment: r.comment ?? null,
    };
    t.columns.push(col);
  }

  for (const r of constraints.rows) {
    const t = byName.get(r.table);
    if (!t) continue;
    const columnsOf = json<string[]>(r.columns, []);
    switch (r.type) {
      case 'p': t.primaryKey = { name: r.name, columns: columnsOf }; break;
      case 'u': t.uniques.push({ name: r.name, columns: columnsOf }); break;
      case 'c': t.checks.push({ name: r.name, expression: r.expression }); break;
      case 'f':
        t.foreignKeys.push({
          name: r.name, columns: columnsOf, refTable: r.ref_table, refColumns: json<string[]>(r.ref_columns, []),
          onDelete: fkAction(r.on_delete), onUpdate: fkAction(r.on_update),
        });
        break;
      default: throw new Error(`unexpected constraint type "${r.type}"`);
    }
  }

  for (const r of indexes.rows) {
    const t = byName.get(r.table);
    if (!t) continue;
    t.indexes.push({
      name: r.name, unique: r.unique, columns: json<CatalogIndexKey[]>(r.columns, []), where: r.where ?? null,
    });
  }

  return sortCatalog({
    tables: [...byName.values()],
    sequences: sequences.rows.map((r) => ({ name: r.name, start: r.start, increment: r.increment })),
    enums: enums.rows.map((r) => ({ name: r.name, values: json<string[]>(r.values, []) })),
  });
}

/** Always-quoted identifier (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS). */
function qi(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The scratch schema `settlePgCatalog` creates inside a transaction it rolls back. */
export const PG_SCRATCH_SCHEMA = 'sqlrev_verify_scratch';

/**
 * `expected` with every expression spelled the way this server prints it
 * (see src/verify/expected.ts): inside a transaction that is always rolled
 * back, the expected enums, sequences, tables (columns with their types),
 * defaults, checks and indexes are created in a scratch schema put first on
 * the search_path, that schema's catalog is read, and its expression texts
 * are adopted. Each object is created under its own savepoint, so one that
 * fails (and so keeps the model's text, and shows up as a mismatch) does not
 * stop the others. Nothing is left behind in the database.
 */
export async function settlePgCatalog(db: PgQueryable, expected: Catalog): Promise<Catalog> {
  const run = async (sql: string): Promise<boolean> => {
    await db.query('SAVEPOINT sqlrev_settle');
    try {
      await db.query(sql);
      await db.query('RELEASE SAVEPOINT sqlrev_settle');
      return true;
    } catch {
      await db.query('ROLLBACK TO SAVEPOINT sqlrev_settle');
      await db.query('RELEASE SAVEPOINT sqlrev_settle');
      return false;
    }
  };
  await db.query('BEGIN');
  try {
    await db.query(`CREATE SCHEMA ${qi(PG_SCRATCH_SCHEMA)}`);
    // search_path decides how names print (format_type and deparse qualify what is not visible);
    // public stays visible for the user's own functions and types.
    await db.query(`SET LOCAL search_path TO ${qi(PG_SCRATCH_SCHEMA)}, public`);
    for (const e of expected.enums) await run(`CREATE TYPE ${qi(e.name)} AS ENUM (${e.values.map(literal).join(', ')})`);
    for (const s of expected.sequences) await run(`CREATE SEQUENCE ${qi(s.name)} INCREMENT ${s.increment} START ${s.start}`);
    for (const t of expected.tables) {
      const cols = t.columns.map((c) => `${qi(c.name)} ${c.type}`).join(', ');
      if (!(await run(`CREATE TABLE ${qi(t.name)} (${cols})`))) continue;
      for (const c of t.columns) {
        if (c.default !== null) await run(`ALTER TABLE ${qi(t.name)} ALTER COLUMN ${qi(c.name)} SET DEFAULT ${c.default}`);
      }
      for (const [i, k] of t.checks.entries()) {
        // NOT VALID: the table is empty anyway; it keeps the statement a pure catalog change.
        await run(`ALTER TABLE ${qi(t.name)} ADD CONSTRAINT ${qi(k.name ?? `sqlrev_check_${i}`)} CHECK (${k.expression}) NOT VALID`);
      }
      for (const ix of t.indexes) {
        const keys = ix.columns.map((k) => (typeof k === 'string' ? qi(k) : `(${k.expression})`)).join(', ');
        const where = ix.where === null ? '' : ` WHERE ${ix.where}`;
        await run(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${qi(ix.name)} ON ${qi(t.name)} (${keys})${where}`);
      }
    }
    // An empty versionTable: every expected table is read, whatever its name.
    const scratch = await readPgCatalog(db, { schema: PG_SCRATCH_SCHEMA, versionTable: '' });
    return adoptSpelling(expected, scratch);
  } finally {
    await db.query('ROLLBACK');
  }
}
