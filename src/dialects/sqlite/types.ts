/**
 * Column types as SQLAlchemy's SQLite dialect writes them (CONTRACT: so that
 * tools which reflect the schema read familiar names). SQLite stores the
 * declared type text as written and derives a storage affinity from it
 * (https://www.sqlite.org/datatype3.html#determination_of_column_affinity),
 * so these names are documentation as much as behaviour.
 */
import { ModelError } from '../../errors.js';
import { assertNever } from '../../ops/types.js';
import { formatType } from '../../model/column-type.js';
import type { ColumnType, SchemaState } from '../../model/types.js';

export function typeSql(type: ColumnType, schema: SchemaState): string {
  switch (type.kind) {
    case 'smallint': return 'SMALLINT';
    case 'integer': return 'INTEGER';
    case 'bigint': return 'BIGINT';
    case 'real': return 'REAL';
    // SQLAlchemy's Float renders FLOAT; the precision only chooses REAL/DOUBLE elsewhere.
    case 'float': return 'FLOAT';
    case 'double': return 'DOUBLE';
    case 'numeric':
      if (type.precision === undefined) return 'NUMERIC';
      return type.scale === undefined ? `NUMERIC(${type.precision})` : `NUMERIC(${type.precision}, ${type.scale})`;
    case 'boolean': return 'BOOLEAN';
    case 'text': return 'TEXT';
    case 'varchar': return type.length === undefined ? 'VARCHAR' : `VARCHAR(${type.length})`;
    case 'char': return type.length === undefined ? 'CHAR' : `CHAR(${type.length})`;
    case 'date': return 'DATE';
    case 'time': return 'TIME';
    case 'timestamp':
    case 'timestamptz': return 'DATETIME';
    // SQLAlchemy's Interval is stored as a DATETIME (epoch + delta) where there is no native type.
    case 'interval': return 'DATETIME';
    // SQLAlchemy's Uuid without a native type: 32 hex digits.
    case 'uuid': return 'CHAR(32)';
    case 'json':
    case 'jsonb': return 'JSON';
    case 'blob': return 'BLOB';
    case 'enum': {
      // SQLAlchemy's non-native Enum: a VARCHAR as long as the longest value (in characters).
      const e = schema.enumType(type.name);
      if (!e) throw new ModelError(`enum ${type.name} does not exist at this point`, `create it first with createEnum`, 'type');
      const longest = Math.max(0, ...e.values.map((v) => [...v].length));
      return longest === 0 ? 'VARCHAR' : `VARCHAR(${longest})`;
    }
    case 'custom': {
      const t = type.byDialect['sqlite'];
      if (t === undefined) {
        throw new ModelError(
          'type has no sqlite entry; add one or set only',
          `type ${formatType(type)}: add "sqlite": "<type>" to it, or give the op "only" without "sqlite"`,
          'type',
        );
      }
      // PRAGMA table_info reports the type's tokens without surrounding blanks.
      return t.trim();
    }
    default: return assertNever(type, 'column type');
  }
}

/**
 * SQLite >= 3.37 (the STRICT tables release) keeps a declared type that is
 * exactly one of its standard names as that name, upper-cased; any other
 * declared type is kept as written. Checked against sql.js and the sqlite3 CLI
 * in test/dialects/sqlite/types.test.ts.
 */
const STANDARD = /^(?:INT|INTEGER|REAL|TEXT|BLOB|ANY)$/i;

/**
 * The type as PRAGMA table_info reports it
 * (https://www.sqlite.org/pragma.html#pragma_table_info): the declared type.
 * (An autoincrement key is declared INTEGER whatever its portable type: see
 * columnDefinition.)
 */
export function reportedType(type: ColumnType, schema: SchemaState): string {
  const declared = typeSql(type, schema);
  return STANDARD.test(declared) ? declared.toUpperCase() : declared;
}
