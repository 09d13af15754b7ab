/**
 * What a column type change does on SQLite. SQLite cannot change a column's
 * type in place: the table is rebuilt (new table, copy, drop, rename:
 * https://www.sqlite.org/lang_altertable.html#otheralter), so every change is
 * a `rewrite` and none fails at apply time: SQLite enforces no length,
 * precision or type (https://www.sqlite.org/datatype3.html). What can go
 * wrong is the copy, which changes values without a word.
 *
 * The copy can be written two ways, and they lose different things:
 *  - `cast`: `SELECT CAST(c AS <new type>)`. CAST converts by the affinity of
 *    the type name (https://www.sqlite.org/lang_expr.html#castexpr), and a
 *    CAST to INTEGER, REAL or NUMERIC keeps only a leading number of a text:
 *    '2024-01-01 12:34:56' AS DATETIME (NUMERIC affinity) is 2024,
 *    '{"a": 1}' AS JSON is 0, 1.5 AS INTEGER is 1.
 *  - `plain`: `SELECT c`: the new column's affinity converts only what it can
 *    convert back (https://www.sqlite.org/datatype3.html#type_affinity), so
 *    dates and JSON stay text; but '0042' still becomes 42.
 * Which values a column holds depends on its portable type (what an
 * application stores in it, as SQLAlchemy does); the tables below were
 * measured on sql.js with the samples in SQLITE_SAMPLES, and
 * test/audit/casts/sqlite-casts.test.ts replays every pair to check them.
 */
import type { ColumnType, SchemaState, TypeKind } from '../../model/types.js';
import { formatType } from '../../model/column-type.js';
import { typeSql } from '../../dialects/sqlite/types.js';
import { MutableSchema } from '../../model/state.js';
import type { CastResult } from './cast-table.js';

export type SqliteAffinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';
export type SqliteCopy = 'cast' | 'plain';
type ValueKind = Exclude<TypeKind, 'custom'>;

export interface SqliteCastOptions {
  /** How the rebuild copies the column: `CAST(c AS <type>)` (default) or plain `c`. */
  readonly copy?: SqliteCopy;
  /** Resolves enums to the declared type the SQLite dialect writes (any enum is a VARCHAR). */
  readonly schema?: SchemaState;
}

/**
 * The values measured for each portable type, as SQL literals: what an
 * application stores (SQLAlchemy's formats for dates, 32 hex digits for a
 * uuid, 1/0 for booleans), including text that looks like a number.
 */
export const SQLITE_SAMPLES: Readonly<Record<ValueKind, readonly string[]>> = {
  smallint: ['42', '-32768'],
  integer: ['42', '-2147483648', '2147483647'],
  bigint: ['42', '1099511627776', '9007199254740993', '-9223372036854775808'],
  real: ['1.5', '0.1', '-2.25', '1e300', '0.30000000000000004'],
  double: ['1.5', '0.1', '-2.25', '1e300', '0.30000000000000004'],
  float: ['1.5', '0.1', '-2.25', '1e300', '0.30000000000000004'],
  numeric: ['12.34', '1.25', '42', '99999999.99'],
  boolean: ['1', '0'],
  text: ["'hello'", "'42'", "'0042'", "''", "'1.50'"],
  varchar: ["'hello'", "'42'", "'0042'", "''", "'1.50'"],
  char: ["'abc'", "'042'"],
  date: ["'2024-01-01'"],
  time: ["'12:34:56.000000'"],
  timestamp: ["'2024-01-01 12:34:56.000000'"],
  timestamptz: ["'2024-01-01 12:34:56.000000'"],
  interval: ["'1970-01-02 02:03:04.000000'"],
  uuid: ["'a0eebc999c0b4ef8bb6d6bb9bd380a11'", "'12345678901234567890123456789012'"],
  json: [`'{"a": 1}'`, "'[1, 2]'", `'"x"'`],
  jsonb: [`'{"a": 1}'`, "'[1, 2]'", `'"x"'`],
  blob: ["x'00ff10'", "x'68656c6c6f'"],
  enum: ["'ok'", "'happy'"],
};

/** For each portable type and copy, the affinities whose copy changed a sample, with one example. */
type LossTable = Readonly<Record<ValueKind, Readonly<Partial<Record<SqliteAffinity, string>>>>>;

const TEXT_LOSS = { INTEGER: "'hello' becomes 0", REAL: "'hello' becomes 0.0", NUMERIC: "'hello' becomes 0" } as const;
const DATE_LOSS = (v: string, n: string) => ({ INTEGER: `'${v}' becomes ${n}`, REAL: `'${v}' becomes ${n}.0`, NUMERIC: `'${v}' becomes ${n}` });
const NON_NUMBER_LOSS = (v: string) => ({ INTEGER: `${v} becomes 0`, REAL: `${v} becomes 0.0`, NUMERIC: `${v} becomes 0` });
const FLOAT_TO_INT = { INTEGER: '1.5 becomes 1' } as const;

/** Measured with `CAST(c AS <type>)` in the copy. */
export const SQLITE_CAST_LOSS: LossTable = {
  smallint: {},
  integer: {},
  bigint: { REAL: '9007199254740993 becomes 9007199254740992.0' },
  real: FLOAT_TO_INT,
  double: FLOAT_TO_INT,
  float: FLOAT_TO_INT,
  numeric: { INTEGER: '12.34 becomes 12' },
  boolean: {},
  text: TEXT_LOSS,
  varchar: TEXT_LOSS,
  char: { INTEGER: "'abc' becomes 0", REAL: "'abc' becomes 0.0", NUMERIC: "'abc' becomes 0" },
  date: DATE_LOSS('2024-01-01', '2024'),
  time: DATE_LOSS('12:34:56.000000', '12'),
  timestamp: DATE_LOSS('2024-01-01 12:34:56.000000', '2024'),
  timestamptz: DATE_LOSS('2024-01-01 12:34:56.000000', '2024'),
  interval: DATE_LOSS('1970-01-02 02:03:04.000000', '1970'),
  uuid: NON_NUMBER_LOSS("'a0eebc999c0b4ef8bb6d6bb9bd380a11'"),
  json: NON_NUMBER_LOSS(`'{"a": 1}'`),
  jsonb: NON_NUMBER_LOSS(`'{"a": 1}'`),
  blob: NON_NUMBER_LOSS("X'68656C6C6F'"),
  enum: NON_NUMBER_LOSS("'ok'"),
};

const NUMBER_TEXT_LOSS = { INTEGER: "'0042' becomes 42", REAL: "'42' becomes 42.0", NUMERIC: "'0042' becomes 42" } as const;
const BIG_NUMBER_TEXT_LOSS = {
  INTEGER: "'12345678901234567890123456789012' becomes 1.2345678901234567e+31",
  REAL: "'12345678901234567890123456789012' becomes 1.2345678901234567e+31",
  NUMERIC: "'12345678901234567890123456789012' becomes 1.2345678901234567e+31",
} as const;

/** Measured with a plain `c` in the copy (the new column's affinity converts). */
export const SQLITE_PLAIN_LOSS: LossTable = {
  smallint: {},
  integer: {},
  bigint: { REAL: '9007199254740993 becomes 9007199254740992.0' },
  real: {},
  double: {},
  float: {},
  numeric: {},
  boolean: {},
  text: NUMBER_TEXT_LOSS,
  varchar: NUMBER_TEXT_LOSS,
  char: { INTEGER: "'042' becomes 42", REAL: "'042' becomes 42.0", NUMERIC: "'042' becomes 42" },
  date: {},
  time: {},
  timestamp: {},
  timestamptz: {},
  interval: {},
  uuid: BIG_NUMBER_TEXT_LOSS,
  json: {},
  jsonb: {},
  blob: {},
  enum: {},
};

/** The column affinity of a declared type: https://www.sqlite.org/datatype3.html#determination_of_column_affinity */
export function sqliteAffinity(declared: string): SqliteAffinity {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** The declared type the SQLite dialect writes, or undefined for a custom type without a sqlite entry. */
export function sqliteDeclaredType(t: ColumnType, schema?: SchemaState): string | undefined {
  if (t.kind === 'custom') return t.byDialect['sqlite']?.trim();
  // Any enum is a VARCHAR (TEXT affinity); its length only needs the schema.
  if (t.kind === 'enum' && !schema?.enumType(t.name)) return 'VARCHAR';
  return typeSql(t, schema ?? new MutableSchema());
}


/** What rebuilding a SQLite table to change a column from `from` to `to` does to its values. */
export function sqliteCast(from: ColumnType, to: ColumnType, opts: SqliteCastOptions = {}): CastResult {
  const copy = opts.copy ?? 'cast';
  const a = sqliteDeclaredType(from, opts.schema);
  const b = sqliteDeclaredType(to, opts.schema);
  const label = `${formatType(from)} -> ${formatType(to)}`;
  if (a !== undefined && b !== undefined && a.toUpperCase() === b.toUpperCase()) {
    return { verdict: 'same', indexes: 'kept', why: `${label}: both are ${a} on SQLite, so nothing is stored differently`, basis: 'measured' };
  }
  if (from.kind === 'custom' || b === undefined) {
    return { verdict: 'unknown', why: `${label}: a dialect-specific type; what its values become on SQLite was not measured`, basis: 'measured' };
  }
  const affinity = sqliteAffinity(b);
  const loss = (copy === 'cast' ? SQLITE_CAST_LOSS : SQLITE_PLAIN_LOSS)[from.kind][affinity];
  const how = copy === 'cast' ? `CAST(c AS ${b}) converts by ${affinity} affinity` : `the copy into ${b} applies ${affinity} affinity`;
  return {
    verdict: 'rewrite',
    ...(loss ? { lossy: 'silent' as const } : {}),
    indexes: 'rebuilt',
    why: `${label}: SQLite rebuilds the table (copy, drop, rename) and ${how}${loss ? `, which changes values silently: ${loss}` : '; the values keep their meaning'}`,
    basis: 'measured',
  };
}
