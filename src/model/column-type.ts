/**
 * Parsing and printing of portable type names (CONTRACT section 1, "Types").
 */
import type { TypeSpec } from '../ops/types.js';
import type { ColumnType, SimpleTypeKind } from './types.js';

const SIMPLE: readonly SimpleTypeKind[] = [
  'smallint', 'integer', 'bigint', 'real', 'double', 'boolean', 'text', 'date', 'time',
  'timestamp', 'timestamptz', 'interval', 'uuid', 'json', 'jsonb', 'blob',
];
const SIMPLE_SET = new Set<string>(SIMPLE);

export const PORTABLE_TYPE_NAMES = [
  ...SIMPLE, 'float', 'float(p)', 'numeric(p,s)', 'decimal(p,s)', 'varchar(n)', 'char(n)', 'enum:<Name>',
] as const;

const WITH_ARGS = /^([a-z]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/;

/**
 * Type strings already parsed. A replay parses a type per column definition
 * (~60,000 at 10,000 revisions) from a handful of distinct strings; the
 * results are frozen, so sharing them is safe. Bounded, in case a project
 * spells very many distinct types.
 */
const PARSED = new Map<string, ColumnType | string>();
const PARSED_LIMIT = 4096;

/** Parse a type spec; returns a string describing the problem when it is not a known type. */
export function parseType(spec: TypeSpec): ColumnType | string {
  if (typeof spec !== 'string') return parseUncached(spec);
  let t = PARSED.get(spec);
  if (t === undefined) {
    t = parseUncached(spec);
    if (typeof t === 'object') Object.freeze(t);
    if (PARSED.size < PARSED_LIMIT) PARSED.set(spec, t);
  }
  return t;
}

function parseUncached(spec: TypeSpec): ColumnType | string {
  if (typeof spec === 'object' && spec !== null) {
    const entries = Object.entries(spec);
    if (entries.length === 0) return 'a per-dialect type needs at least one dialect';
    for (const [d, t] of entries) if (typeof t !== 'string' || t.trim() === '') return `the type for ${d} must be a non-empty string`;
    return { kind: 'custom', byDialect: Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }
  if (typeof spec !== 'string') return 'a type is a string or a per-dialect object';
  const raw = spec.trim();
  if (/^enum:/i.test(raw)) {
    const name = raw.slice(5);
    if (!name) return 'enum: needs a name, as in "enum:Status"';
    return { kind: 'enum', name };
  }
  const s = raw.toLowerCase();
  if (SIMPLE_SET.has(s)) return { kind: s as SimpleTypeKind };
  if (s === 'double precision') return { kind: 'double' };
  const m = WITH_ARGS.exec(s);
  if (!m) return `unknown type "${spec}"`;
  const [, base, a, b] = m as unknown as [string, string, string | undefined, string | undefined];
  const p = a === undefined ? undefined : Number(a);
  const sc = b === undefined ? undefined : Number(b);
  switch (base) {
    case 'float':
      if (sc !== undefined) return 'float takes one argument, as in float(24)';
      if (p !== undefined && (p < 1 || p > 53)) return 'float(p) needs 1 <= p <= 53';
      return p === undefined ? { kind: 'float' } : { kind: 'float', precision: p };
    case 'numeric':
    case 'decimal':
      if (p !== undefined && (p < 1 || p > 1000)) return 'numeric precision must be between 1 and 1000';
      if (sc !== undefined && p !== undefined && sc > p) return 'numeric scale cannot exceed its precision';
      return { kind: 'numeric', ...(p !== undefined ? { precision: p } : {}), ...(sc !== undefined ? { scale: sc } : {}) };
    case 'varchar':
    case 'char':
      if (sc !== undefined) return `${base} takes one argument, as in ${base}(50)`;
      if (p !== undefined && p < 1) return `${base}(n) needs n >= 1`;
      return p === undefined ? { kind: base } : { kind: base, length: p };
    default:
      if (SIMPLE_SET.has(base) && a !== undefined) return `${base} takes no arguments`;
      return `unknown type "${spec}"`;
  }
}

/** The portable spelling of a type (used in messages and in derived ops). */
export function formatType(t: ColumnType): string {
  switch (t.kind) {
    case 'float': return t.precision === undefined ? 'float' : `float(${t.precision})`;
    case 'numeric':
      if (t.precision === undefined) return 'numeric';
      return t.scale === undefined ? `numeric(${t.precision})` : `numeric(${t.precision},${t.scale})`;
    case 'varchar':
    case 'char': return t.length === undefined ? t.kind : `${t.kind}(${t.length})`;
    case 'enum': return `enum:${t.name}`;
    case 'custom': return JSON.stringify(t.byDialect);
    default: return t.kind;
  }
}

/** Back to the revision-file form, for derived ops. */
export function typeToSpec(t: ColumnType): TypeSpec {
  return t.kind === 'custom' ? { ...t.byDialect } : formatType(t);
}

export function sameType(a: ColumnType, b: ColumnType): boolean {
  return formatType(a) === formatType(b);
}
