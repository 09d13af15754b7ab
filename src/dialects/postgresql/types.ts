/**
 * Portable types in PostgreSQL DDL, and as the server reports them back.
 * https://www.postgresql.org/docs/current/datatype.html
 */
import { ModelError } from '../../errors.js';
import type { ColumnType, SchemaState } from '../../model/types.js';
import { assertNever } from '../../ops/types.js';
import { reportedCustomType } from './custom-type.js';
import { quoteIdent } from './quote.js';

function customType(byDialect: Readonly<Record<string, string>>): string {
  const t = byDialect['postgresql'];
  if (t === undefined) {
    throw new ModelError(
      'type has no postgresql entry; add one or set only',
      `the type is ${JSON.stringify(byDialect)}: add a "postgresql" key, or "only" to the op with the dialects it has`,
      'type',
    );
  }
  return t;
}

function args(...values: (number | undefined)[]): string {
  const given = values.filter((v): v is number => v !== undefined);
  return given.length ? `(${given.join(',')})` : '';
}

/**
 * The type as written in DDL. `float` and `float(p)` are written as the user
 * wrote them: PostgreSQL accepts both (and stores real or double precision,
 * which reportedType shows and the float-real-drift rule is about).
 */
export function typeSql(type: ColumnType, _schema: SchemaState): string {
  switch (type.kind) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'boolean':
    case 'text':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
    case 'uuid':
    case 'json':
    case 'jsonb':
      return type.kind;
    case 'double': return 'double precision';
    case 'blob': return 'bytea';
    case 'float': return `float${args(type.precision)}`;
    case 'numeric': return `numeric${args(type.precision, type.scale)}`;
    case 'varchar': return `varchar${args(type.length)}`;
    case 'char': return `char${args(type.length)}`;
    case 'enum': return quoteIdent(type.name);
    case 'custom': return customType(type.byDialect);
    default: return assertNever(type, 'column type');
  }
}

/**
 * What `format_type(atttypid, atttypmod)` prints for a column of this type
 * (verified against a real server in test/dialects/postgresql/types.test.ts).
 * float(1..24) is stored as real, float and float(25..53) as double precision
 * (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT);
 * char without a length is char(1); numeric(p) is numeric(p,0).
 */
export function reportedType(type: ColumnType, _schema: SchemaState): string {
  switch (type.kind) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'boolean':
    case 'text':
    case 'date':
    case 'interval':
    case 'uuid':
    case 'json':
    case 'jsonb':
      return type.kind;
    case 'double': return 'double precision';
    case 'blob': return 'bytea';
    case 'time': return 'time without time zone';
    case 'timestamp': return 'timestamp without time zone';
    case 'timestamptz': return 'timestamp with time zone';
    case 'float': return type.precision !== undefined && type.precision <= 24 ? 'real' : 'double precision';
    case 'numeric':
      if (type.precision === undefined) return 'numeric';
      return `numeric(${type.precision},${type.scale ?? 0})`;
    case 'varchar': return `character varying${args(type.length)}`;
    case 'char': return `character(${type.length ?? 1})`;
    // format_type quotes the name as quote_ident does (the type is in the search path).
    case 'enum': return quoteIdent(type.name);
    case 'custom': return reportedCustomType(customType(type.byDialect));
    default: return assertNever(type, 'column type');
  }
}
