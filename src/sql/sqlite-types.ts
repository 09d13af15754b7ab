/**
 * SQLite keeps a column's declared type as written and only derives an
 * affinity from it (https://www.sqlite.org/datatype3.html). A declared type
 * becomes a portable type when it is exactly how sqlrev (and SQLAlchemy)
 * write that type on SQLite (src/dialects/sqlite/types.ts); anything else
 * stays a SQLite type, as written.
 */
import type { TypeSpec } from '../ops/types.js';

const SIMPLE: Readonly<Record<string, string>> = {
  INTEGER: 'integer',
  INT: 'integer',
  BIGINT: 'bigint',
  SMALLINT: 'smallint',
  REAL: 'real',
  DOUBLE: 'double',
  'DOUBLE PRECISION': 'double',
  FLOAT: 'float',
  NUMERIC: 'numeric',
  DECIMAL: 'numeric',
  BOOLEAN: 'boolean',
  TEXT: 'text',
  VARCHAR: 'varchar',
  DATE: 'date',
  TIME: 'time',
  DATETIME: 'timestamp',
  TIMESTAMP: 'timestamp',
  BLOB: 'blob',
  JSON: 'json',
};

const WITH_ARGS = /^(NUMERIC|DECIMAL|VARCHAR|CHAR|FLOAT)\((\d+)(?:,(\d+))?\)$/;

/** The type for a declared type (`written` as in the statement; empty when the column has none). */
export function sqliteColumnType(written: string): TypeSpec {
  const norm = written.toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim();
  const simple = SIMPLE[norm];
  if (simple) return simple;
  const m = WITH_ARGS.exec(norm);
  if (m) {
    const [, base, a, b] = m;
    if (base === 'NUMERIC' || base === 'DECIMAL') return b === undefined ? `numeric(${a})` : `numeric(${a},${b})`;
    if (b === undefined) return `${base!.toLowerCase()}(${a})`;
  }
  return { sqlite: written };
}
