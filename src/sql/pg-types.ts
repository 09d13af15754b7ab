/**
 * PostgreSQL type names (as the parser resolves them: `integer` is
 * pg_catalog.int4, `double precision` and `float` are pg_catalog.float8,
 * `float(1..24)` is float4) mapped to sqlrev's portable types where the
 * mapping is exact; anything else stays a PostgreSQL type, as written.
 * https://www.postgresql.org/docs/current/datatype.html
 */
import type { TypeName } from 'libpg-query';
import type { TypeSpec } from '../ops/types.js';
import { intList, qualifiedName, stringList } from './pg-nodes.js';

export interface PgColumnType {
  readonly type: TypeSpec;
  /** serial types: an integer column with a sequence default (sqlrev's autoincrement). */
  readonly autoincrement?: boolean;
}

type Builtin = (mods: readonly number[] | undefined) => string | undefined;

const noMods = (name: string): Builtin => (mods) => (mods === undefined ? name : undefined);

const BUILTIN: Readonly<Record<string, Builtin>> = {
  int2: noMods('smallint'),
  int4: noMods('integer'),
  int8: noMods('bigint'),
  float4: noMods('real'),
  float8: noMods('double'),
  bool: noMods('boolean'),
  text: noMods('text'),
  date: noMods('date'),
  time: noMods('time'),
  timestamp: noMods('timestamp'),
  timestamptz: noMods('timestamptz'),
  interval: noMods('interval'),
  uuid: noMods('uuid'),
  json: noMods('json'),
  jsonb: noMods('jsonb'),
  bytea: noMods('blob'),
  numeric: (mods) => {
    if (mods === undefined || mods.length === 0) return 'numeric';
    return mods.length === 1 ? `numeric(${mods[0]})` : mods.length === 2 ? `numeric(${mods[0]},${mods[1]})` : undefined;
  },
  varchar: (mods) => (mods === undefined ? 'varchar' : mods.length === 1 ? `varchar(${mods[0]})` : undefined),
  // `char` without a length is char(1) (the grammar adds the typmod); a bare bpchar is unbounded.
  bpchar: (mods) => (mods !== undefined && mods.length === 1 ? `char(${mods[0]})` : undefined),
};

/** https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL */
const SERIAL: Readonly<Record<string, string>> = {
  smallserial: 'smallint', serial2: 'smallint',
  serial: 'integer', serial4: 'integer',
  bigserial: 'bigint', serial8: 'bigint',
};

/**
 * The portable type of a column type. `enums` holds the enum types created
 * in the same text (by name, schema-qualified outside `public`);
 * `written` is the type as written, for types kept as PostgreSQL types.
 */
export function pgColumnType(tn: TypeName, enums: ReadonlySet<string>, written: string): PgColumnType {
  const names = stringList(tn.names);
  const custom: PgColumnType = { type: { postgresql: written } };
  if (tn.arrayBounds?.length || tn.setof || tn.pct_type) return custom;
  const qualified = qualifiedName(names);
  if (enums.has(qualified) && !tn.typmods?.length) return { type: `enum:${qualified}` };
  const last = names[names.length - 1] ?? '';
  const schema = names.length > 1 ? names[0] : undefined;
  if (names.length > 2 || (schema !== undefined && schema !== 'pg_catalog')) return custom;
  if (schema === undefined && SERIAL[last] !== undefined && !tn.typmods?.length) {
    return { type: SERIAL[last]!, autoincrement: true };
  }
  const builtin = BUILTIN[last];
  if (!builtin) return custom;
  const mods = tn.typmods === undefined ? undefined : intList(tn.typmods);
  if (mods === null) return custom;
  const portable = builtin(mods);
  return portable === undefined ? custom : { type: portable };
}
