/**
 * What format_type() prints for a PostgreSQL type written by hand (the
 * `postgresql` entry of a dialect-specific type): the SQL-standard names for
 * the built-in aliases (int4 -> integer, varchar(20) -> character varying(20),
 * timestamptz -> timestamp with time zone, int[] -> integer[]), so a custom
 * spelling of a built-in type is reported as the server reports it.
 * https://www.postgresql.org/docs/current/datatype.html (Table 8.1, aliases)
 * Names it does not know (tsvector, citext, quoted user types) are returned as written.
 */

const SHAPE = /^([a-z_][a-z0-9_ ]*?)(?:\((\d+)(?:,(\d+))?\))?( with time zone| without time zone)?$/;

const FIXED: Readonly<Record<string, string>> = {
  'int': 'integer', 'int4': 'integer', 'integer': 'integer', 'serial': 'integer', 'serial4': 'integer',
  'int2': 'smallint', 'smallint': 'smallint', 'smallserial': 'smallint', 'serial2': 'smallint',
  'int8': 'bigint', 'bigint': 'bigint', 'bigserial': 'bigint', 'serial8': 'bigint',
  'float4': 'real', 'real': 'real', 'float8': 'double precision', 'double precision': 'double precision',
  'bool': 'boolean', 'boolean': 'boolean',
};

function parens(p: string | undefined, s?: string): string {
  if (p === undefined) return '';
  return s === undefined ? `(${p})` : `(${p},${s})`;
}

export function reportedCustomType(written: string): string {
  const trimmed = written.trim();
  // int[], int[3], text[][] are all reported as one []: PostgreSQL does not enforce array dimensions.
  const arrayMatch = /(?:\s*\[\s*\d*\s*\])+$/.exec(trimmed);
  const base = arrayMatch ? trimmed.slice(0, arrayMatch.index) : trimmed;
  const suffix = arrayMatch ? '[]' : '';
  if (base.includes('"')) return trimmed;
  const norm = base.toLowerCase().replace(/\s+/g, ' ').replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')');
  const m = SHAPE.exec(norm);
  if (!m) return trimmed;
  const [, name, p, s, tz] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined];
  const withArgs = (t: string) => `${t}${suffix}`;
  if (tz !== undefined && !['timestamp', 'time'].includes(name)) return trimmed;
  if (FIXED[name] !== undefined && p === undefined) return withArgs(FIXED[name]!);
  switch (name) {
    case 'float':
      if (s !== undefined) return trimmed;
      return withArgs(p !== undefined && Number(p) <= 24 ? 'real' : 'double precision');
    case 'varchar': case 'character varying': case 'char varying': case 'national character varying': case 'national char varying':
      return s === undefined ? withArgs(`character varying${parens(p)}`) : trimmed;
    case 'char': case 'character': case 'nchar': case 'national character': case 'national char':
      return s === undefined ? withArgs(`character(${p ?? 1})`) : trimmed;
    case 'numeric': case 'decimal': case 'dec':
      return withArgs(p === undefined ? 'numeric' : `numeric(${p},${s ?? 0})`);
    case 'timestamp': case 'time':
      return s === undefined ? withArgs(`${name}${parens(p)}${tz ?? ' without time zone'}`) : trimmed;
    case 'timestamptz': case 'timetz':
      return s === undefined ? withArgs(`${name.slice(0, -2)}${parens(p)} with time zone`) : trimmed;
    case 'bit':
      return s === undefined ? withArgs(`bit(${p ?? 1})`) : trimmed;
    case 'varbit': case 'bit varying':
      return s === undefined ? withArgs(`bit varying${parens(p)}`) : trimmed;
    default:
      // Another type name: lower case as the server folds it, arguments as given.
      return withArgs(`${name}${parens(p, s)}`);
  }
}
