/**
 * What PostgreSQL does on `ALTER TABLE t ALTER COLUMN c TYPE <to>` without
 * USING, for any pair of portable types: it fails, changes only the catalog,
 * or rewrites the table and its indexes; and whether it can silently change
 * values or fail on values that do not fit.
 *
 * Every answer comes from postgresql-casts.json, which
 * scripts/derive-pg-casts.ts measured on a running server (README.md). Pairs
 * with lengths, precisions or enums that were not measured are answered by
 * rules that pick the measured pair of the same kind (for the verdict) and
 * compare the parameters (for what fits); test/audit/casts checks the rules
 * against every measured pair and replays others on PGlite.
 */
import type { ColumnType, SchemaState } from '../../model/types.js';
import { formatType } from '../../model/column-type.js';
import { assertNever } from '../../ops/types.js';
import measured from './postgresql-casts.json' with { type: 'json' };

export const PG_CASTS = measured as unknown as PgCastData;

/** The answer for one type change, for PostgreSQL or SQLite (sqlite-casts.ts). */
export interface CastResult {
  /**
   * `same`: the dialect stores both types alike (float(10) and real);
   * `catalog-only`: no row is read or written; `rewrite`: every row is
   * converted and the table rebuilt (PostgreSQL: with its indexes, under
   * ACCESS EXCLUSIVE; SQLite: copy, drop, rename); `fails`: the change is
   * refused without USING; `unknown`: a dialect-specific type.
   */
  readonly verdict: CastVerdict;
  /** `silent`: some values change without an error (also set when others fail); `fails-on-values`: some values make it fail. */
  readonly lossy?: Lossiness;
  /** Some values make the change fail at apply time (with `lossy: 'silent'` too). */
  readonly failsOnValues?: boolean;
  /** What happens to a btree index on the column. `fails`: the new type has no btree operator class. */
  readonly indexes?: 'kept' | 'rebuilt' | 'fails';
  /** verdict `fails`: whether `USING c::<to>` works (an explicit cast exists). */
  readonly usingCast?: boolean;
  /** verdict `fails`: a column DEFAULT makes the change fail even with USING (the default has no assignment cast either). */
  readonly defaultBlocksUsing?: boolean;
  /** Why, in a sentence, with a measured example where there is one. */
  readonly why: string;
  /** `measured`: this very pair was measured; `rule`: derived from a measured pair of the same kind. */
  readonly basis: 'measured' | 'rule';
}

export interface PgCastOptions {
  /** The server's TimeZone is UTC: timestamp <-> timestamptz then keeps the table (measured both ways). */
  readonly utc?: boolean;
  /** For enum -> varchar(n)/char(n): the enum's labels decide whether every value fits. */
  readonly schema?: SchemaState;
}

/** What PostgreSQL does on `ALTER COLUMN c TYPE <to>` (no USING) for a column of type `from`. */
export function pgCast(from: ColumnType, to: ColumnType, opts: PgCastOptions = {}): CastResult {
  const a = shape(from);
  const b = shape(to);
  if (a.kind === 'custom' || b.kind === 'custom') return customCast(a, b, from, to);
  const rec = measuredPair(a, b);
  if (sameShape(a, b)) {
    const index = rec ? rec.index : 'kept';
    return {
      verdict: 'same',
      ...(index && index !== 'none' ? { indexes: index } : {}),
      why: `${formatType(from)} and ${formatType(to)} are the same PostgreSQL type (${pgName(a)})`,
      basis: rec ? 'measured' : 'rule',
    };
  }
  const label = `${formatType(from)} -> ${formatType(to)}`;
  if (rec && !labelsDecide(a, b)) {
    const f = factsOf(rec, opts);
    const measuredAs = `${rec.from} -> ${rec.to}`;
    const loss = { silent: (f.changes?.length ?? 0) > 0, failing: (f.failsOn?.length ?? 0) > 0 };
    return result(rec, f, loss, 'measured', measuredAs === label ? label : `${label} (measured as ${measuredAs})`);
  }
  return ruleCast(a, b, opts, label);
}

/**
 * pgCast() by its rules alone, even for a pair that was measured: the tests
 * hold the rules against every measurement they could have answered.
 */
export function pgCastByRule(from: ColumnType, to: ColumnType, opts: PgCastOptions = {}): CastResult {
  const a = shape(from);
  const b = shape(to);
  if (a.kind === 'custom' || b.kind === 'custom' || sameShape(a, b)) return pgCast(from, to, opts);
  return ruleCast(a, b, opts, `${formatType(from)} -> ${formatType(to)}`);
}

// ---------------------------------------------------------------------------
// The types as PostgreSQL stores them.

/** A portable type as far as PostgreSQL casts go. `fixed` types carry no parameter that matters. */
type Shape =
  | { kind: 'fixed'; key: string }
  | { kind: 'numeric'; p: number; s: number }
  | { kind: 'varchar'; n: number }
  | { kind: 'char'; n: number }
  | { kind: 'enum'; name: string }
  | { kind: 'custom'; sql: string | undefined };

function shape(t: ColumnType): Shape {
  switch (t.kind) {
    case 'smallint': case 'integer': case 'bigint': case 'real': case 'double': case 'boolean': case 'text':
    case 'date': case 'time': case 'timestamp': case 'timestamptz': case 'interval': case 'uuid':
    case 'json': case 'jsonb': case 'blob':
      return { kind: 'fixed', key: t.kind };
    // float(1..24) is real, float(25..53) and float are double precision:
    // https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT
    // (measured: float(10) and float(40) behave exactly as real and double).
    case 'float': return { kind: 'fixed', key: t.precision !== undefined && t.precision <= 24 ? 'real' : 'double' };
    // numeric(p) is numeric(p,0); numeric alone has no limit.
    case 'numeric': return t.precision === undefined ? { kind: 'fixed', key: 'numeric' } : { kind: 'numeric', p: t.precision, s: t.scale ?? 0 };
    case 'varchar': return t.length === undefined ? { kind: 'fixed', key: 'varchar' } : { kind: 'varchar', n: t.length };
    // char without a length is char(1): https://www.postgresql.org/docs/current/datatype-character.html
    case 'char': return { kind: 'char', n: t.length ?? 1 };
    case 'enum': return { kind: 'enum', name: t.name };
    case 'custom': return { kind: 'custom', sql: t.byDialect['postgresql'] };
    default: return assertNever(t, 'column type');
  }
}

function pgName(s: Shape): string {
  switch (s.kind) {
    case 'fixed': return PG_CASTS.types.find((t) => t.type === s.key)?.sql ?? s.key;
    case 'numeric': return `numeric(${s.p},${s.s})`;
    case 'varchar': return `varchar(${s.n})`;
    case 'char': return `char(${s.n})`;
    case 'enum': return `enum ${s.name}`;
    case 'custom': return s.sql ?? 'a custom type';
    default: return assertNever(s, 'shape');
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const RECORDS = new Map(PG_CASTS.pairs.map((p) => [`${p.from} -> ${p.to}`, p]));
const MEASURED_TYPES = new Set(PG_CASTS.types.map((t) => t.type));
/** The two enums of the data: any enum stands for the first, a different one for the second. */
const [ENUM_A, ENUM_B] = PG_CASTS.types.filter((t) => t.type.startsWith('enum:')).map((t) => t.type) as [string, string];

function record(from: string, to: string): PgPairRecord {
  const r = RECORDS.get(`${from} -> ${to}`);
  if (!r) throw new Error(`postgresql-casts.json has no pair ${from} -> ${to}: regenerate it with scripts/derive-pg-casts.ts`);
  return r;
}

/** The measured type name of a shape, if that exact type was measured. */
function key(s: Shape): string | undefined {
  let k: string;
  switch (s.kind) {
    case 'fixed': k = s.key; break;
    case 'numeric': k = `numeric(${s.p},${s.s})`; break;
    case 'varchar': k = `varchar(${s.n})`; break;
    case 'char': k = `char(${s.n})`; break;
    case 'enum': return ENUM_A;
    case 'custom': return undefined;
    default: return assertNever(s, 'shape');
  }
  return MEASURED_TYPES.has(k) ? k : undefined;
}

function measuredPair(a: Shape, b: Shape): PgPairRecord | undefined {
  const ka = key(a);
  // Two different enums: the measured pair between two different enums.
  const kb = a.kind === 'enum' && b.kind === 'enum' && a.name !== b.name ? ENUM_B : key(b);
  return ka && kb ? RECORDS.get(`${ka} -> ${kb}`) : undefined;
}

/** enum -> varchar(n)/char(n): whether every value fits depends on the labels, not on the measured enum's. */
function labelsDecide(a: Shape, b: Shape): boolean {
  return a.kind === 'enum' && (b.kind === 'varchar' || b.kind === 'char');
}

// ---------------------------------------------------------------------------
// Answers from measured facts.

function factsOf(r: PgPairRecord, opts: PgCastOptions): PgPairFacts {
  if (!opts.utc || !r.utc) return r;
  const merged: Record<string, unknown> = { ...r };
  for (const [k, v] of Object.entries(r.utc)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged as unknown as PgPairFacts;
}

/** Whether values change or fail; the notes replace the measured examples when a rule decided. */
interface Loss { silent: boolean; failing: boolean; silentNote?: string; failingNote?: string }

function result(r: PgPairRecord, f: PgPairFacts, loss: Loss, basis: CastResult['basis'], label: string): CastResult {
  const lossy: Lossiness | undefined = loss.silent ? 'silent' : loss.failing ? 'fails-on-values' : undefined;
  const index = f.index === 'none' ? undefined : f.index;
  return {
    verdict: f.verdict,
    ...(lossy ? { lossy } : {}),
    ...(loss.failing ? { failsOnValues: true } : {}),
    ...(index ? { indexes: index } : {}),
    ...(f.verdict === 'fails' ? { usingCast: f.usingCast === 'works' && !USING_DIFFERS.has(`${r.from} -> ${r.to}`), defaultBlocksUsing: f.defaultError !== undefined } : {}),
    why: explain(r, f, loss, label),
    basis,
  };
}

/**
 * Pairs whose explicit cast exists on the measured engine but not on the
 * cross-checked one (PostgreSQL 18 added integer <-> bytea casts that 15 lacks):
 * USING c::type is only promised where both have it.
 */
const USING_DIFFERS = new Set((PG_CASTS.crossCheck?.differences ?? [])
  .filter((d) => d.this.usingCast !== d.other.usingCast)
  .map((d) => `${d.from} -> ${d.to}`));

function explain(r: PgPairRecord, f: PgPairFacts, loss: Loss, label: string): string {
  const parts: string[] = [];
  const c = r.cast;
  switch (f.verdict) {
    case 'fails': {
      const has = c ? `pg_cast has only an ${c.context} cast` : 'pg_cast has no cast';
      parts.push(`${label}: PostgreSQL refuses it (${f.error ?? 'error'}): ${has}, and ALTER COLUMN TYPE without USING needs an implicit or assignment cast`);
      if (f.usingCast === 'fails') parts.push(`even USING c::type fails: ${f.usingError ?? 'no cast'}`);
      else if (USING_DIFFERS.has(`${r.from} -> ${r.to}`)) parts.push(`USING c::type works on ${PG_CASTS.engine} but not on ${PG_CASTS.crossCheck?.engine ?? 'older servers'}`);
      break;
    }
    case 'catalog-only':
      parts.push(`${label}: only the catalog changes${c?.method === 'binary' ? ' (the types are binary-coercible)' : c?.function ? ` (PostgreSQL knows that ${c.function} leaves the stored values as they are)` : ''}`);
      if (f.index === 'rebuilt') parts.push('but indexes on the column are rebuilt');
      break;
    case 'rewrite': {
      const how = !c ? 'through its text form (automatic I/O conversion)' : c.method === 'binary' ? 'with a length check' : c.method === 'inout' ? 'through its text form' : `by ${c.function}`;
      parts.push(`${label}: every row is converted ${how}, so the table and its indexes are rewritten`);
      if (f.index === 'fails') parts.push(`and an index on the column makes it fail: ${f.indexError ?? ''}`);
      break;
    }
    case 'same':
      parts.push(`${label}: the same type`);
      break;
    default: assertNever(f.verdict, 'verdict');
  }
  const ch = f.changes?.[0];
  if (loss.silent) {
    parts.push(loss.silentNote ?? (ch ? `values change silently: ${ch.value} becomes ${ch.became}${ch.back !== undefined && ch.back !== ch.became ? ` (${ch.back} as ${r.from})` : ''}` : 'values can change silently'));
  }
  const fl = f.failsOn?.[0];
  if (loss.failing) parts.push(loss.failingNote ?? (fl ? `values that do not fit make it fail: ${fl.value} (${fl.error ?? 'error'})` : 'values that do not fit make it fail'));
  return parts.join('; ');
}

function customCast(a: Shape, b: Shape, from: ColumnType, to: ColumnType): CastResult {
  const norm = (s: Shape) => (s.kind === 'custom' && s.sql !== undefined ? s.sql.trim().toLowerCase().replace(/\s+/g, ' ') : undefined);
  if (a.kind === 'custom' && b.kind === 'custom' && norm(a) !== undefined && norm(a) === norm(b)) {
    return { verdict: 'same', indexes: 'kept', why: `${formatType(from)} and ${formatType(to)} are the same PostgreSQL type`, basis: 'rule' };
  }
  return { verdict: 'unknown', why: `${formatType(from)} -> ${formatType(to)}: a dialect-specific type; what PostgreSQL does was not measured (try the ALTER on a copy of the table)`, basis: 'rule' };
}

// ---------------------------------------------------------------------------
// Rules for lengths, precisions and enums that were not measured.

/** Integer digits an integer type always holds, and the most it can have. https://www.postgresql.org/docs/current/datatype-numeric.html */
const INT_SAFE_DIGITS: Readonly<Record<string, number>> = { smallint: 4, integer: 9, bigint: 18 };
const INT_DIGITS: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 };
/**
 * The most significant decimal digits a numeric(p,s) may have and still come
 * back from the float type unchanged (through its shortest text form): real
 * (24-bit mantissa) holds every decimal of up to 7 digits below 10^7, double
 * (53 bits) every decimal of up to 15 digits; measured with numeric(5,0),
 * numeric(10,2) and checked at the edges in the tests. And its largest
 * decimal exponent.
 */
const FLOAT_DIGITS: Readonly<Record<string, number>> = { real: 7, double: 15 };
const FLOAT_MAX_EXP: Readonly<Record<string, number>> = { real: 38, double: 308 };
/**
 * The longest text form of a type (DateStyle ISO): '-32768', '-2147483648',
 * '-9223372036854775808', a real of 9 significant digits ('-1.23456789e-38'),
 * '-2.2250738585072014e-308',
 * 'false', '4714-11-24 BC', '23:59:59.999999', '4713-01-01 00:00:00.999999 BC',
 * the same with a local-mean-time offset '+00:09:21', an interval with every
 * field at its limit, a uuid. Types not listed have no limit.
 */
const MAX_TEXT: Readonly<Record<string, number>> = {
  smallint: 6, integer: 11, bigint: 20, real: 15, double: 24, boolean: 5, date: 13, time: 15,
  timestamp: 29, timestamptz: 38, interval: 68, uuid: 36,
};

function isNumeric(s: Shape): boolean {
  return s.kind === 'numeric' || (s.kind === 'fixed' && s.key === 'numeric');
}
function isString(s: Shape): boolean {
  return s.kind === 'varchar' || s.kind === 'char' || (s.kind === 'fixed' && (s.key === 'text' || s.key === 'varchar'));
}
/** The measured type standing for a shape of the same kind. */
function rep(s: Shape): string {
  switch (s.kind) {
    case 'fixed': return s.key;
    case 'numeric': return s.s > 0 ? 'numeric(10,2)' : 'numeric(5,0)';
    case 'varchar': return 'varchar(50)';
    case 'char': return 'char(3)';
    case 'enum': return ENUM_A;
    case 'custom': throw new Error('a custom type has no measured stand-in');
    default: return assertNever(s, 'shape');
  }
}
/** How many characters a string type holds. */
function capacity(s: Shape): number {
  return s.kind === 'varchar' || s.kind === 'char' ? s.n : Infinity;
}
/** The longest text form of a value of this type, in characters (Infinity: no limit or not known). */
function maxText(s: Shape, schema: SchemaState | undefined): number {
  switch (s.kind) {
    case 'fixed': return MAX_TEXT[s.key] ?? Infinity;
    // sign, integer digits (at least one: 0.5), point and fraction digits
    case 'numeric': return 1 + Math.max(s.p - s.s, 1) + (s.s > 0 ? 1 + s.s : 0);
    case 'varchar':
    case 'char': return s.n;
    case 'enum': {
      const labels = schema?.enumType(s.name)?.values;
      return labels ? Math.max(0, ...labels.map((l) => [...l].length)) : Infinity;
    }
    case 'custom': return Infinity;
    default: return assertNever(s, 'shape');
  }
}
const has = (r: PgPairRecord, k: 'changes' | 'failsOn', opts: PgCastOptions) => (factsOf(r, opts)[k]?.length ?? 0) > 0;

function ruleCast(a: Shape, b: Shape, opts: PgCastOptions, label: string): CastResult {
  const answer = (like: PgPairRecord, loss: Loss) => {
    const f = factsOf(like, opts);
    const l = f.verdict === 'fails' ? { silent: false, failing: false } : loss;
    return result(like, f, l, 'rule', `${label} (as measured for ${like.from} -> ${like.to})`);
  };

  // numeric -> numeric: same scale and no smaller precision keeps the table
  // (numeric_support); a smaller scale rounds; fewer integer digits, or as
  // many when rounding can carry into a new digit (99.99 -> 100.0), fail.
  if (isNumeric(a) && isNumeric(b)) {
    if (a.kind !== 'numeric') return answer(record('numeric', rep(b)), { silent: true, failing: true });
    if (b.kind !== 'numeric') return answer(record('numeric(10,2)', 'numeric'), { silent: false, failing: false });
    const intA = a.p - a.s;
    const intB = b.p - b.s;
    const like = b.s === a.s ? (b.p > a.p ? record('numeric(10,2)', 'numeric(12,2)') : record('numeric(12,2)', 'numeric(10,2)'))
      : b.s < a.s ? record('numeric(10,2)', 'numeric(10,1)') : record('numeric(10,1)', 'numeric(10,2)');
    return answer(like, {
      silent: b.s < a.s,
      failing: intB < intA || (b.s < a.s && intB <= intA),
      silentNote: `values are rounded to ${b.s} decimal places`,
      failingNote: `values that need more than ${intB} integer digits (after rounding) make it fail`,
    });
  }

  // string -> string: a longer varchar limit keeps the table (varchar_support),
  // anything involving char(n) pads or trims; the text must fit the new limit.
  if (isString(a) && isString(b)) {
    const like = a.kind === 'varchar' && b.kind === 'varchar' ? (b.n > a.n ? record('varchar(20)', 'varchar(50)') : record('varchar(50)', 'varchar(20)'))
      : a.kind === 'char' && b.kind === 'char' ? (b.n > a.n ? record('char(1)', 'char(3)') : record('char(3)', 'char(1)'))
      : record(rep(a), rep(b));
    return answer(like, { silent: has(like, 'changes', opts), failing: capacity(a) > capacity(b), failingNote: `values longer than ${capacity(b)} characters make it fail` });
  }

  // numeric(p,s) -> another kind
  if (a.kind === 'numeric' && b.kind === 'fixed') {
    const like = record(rep(a), b.key);
    const intA = a.p - a.s;
    const range = `values beyond the range of ${b.key} make it fail`;
    if (b.key in INT_SAFE_DIGITS) return answer(like, { silent: a.s > 0, failing: intA > INT_SAFE_DIGITS[b.key]!, silentNote: 'fractions are rounded away', failingNote: range });
    if (b.key in FLOAT_DIGITS) {
      return answer(like, { silent: a.p > FLOAT_DIGITS[b.key]!, failing: intA > FLOAT_MAX_EXP[b.key]!, silentNote: `${b.key} keeps about ${FLOAT_DIGITS[b.key]} significant digits`, failingNote: range });
    }
    return answer(like, { silent: has(like, 'changes', opts), failing: has(like, 'failsOn', opts) });
  }
  // another kind -> numeric(p,s)
  if (b.kind === 'numeric' && a.kind === 'fixed') {
    const like = record(a.key, rep(b));
    if (a.key in INT_DIGITS) return answer(like, { silent: false, failing: INT_DIGITS[a.key]! > b.p - b.s, failingNote: `values with more than ${b.p - b.s} digits make it fail` });
    return answer(like, { silent: has(like, 'changes', opts), failing: has(like, 'failsOn', opts) });
  }

  // another kind -> varchar(n) / char(n): the text form must fit.
  if (b.kind === 'varchar' || b.kind === 'char') {
    const like = record(rep(a), rep(b));
    const longest = maxText(a, opts.schema);
    const unknownLabels = a.kind === 'enum' && longest === Infinity;
    return answer(like, {
      silent: has(like, 'changes', opts),
      failing: longest > b.n,
      failingNote: unknownLabels
        ? `values longer than ${b.n} characters make it fail (the labels of enum ${a.name} are not known here)`
        : `values whose text is longer than ${b.n} characters make it fail`,
    });
  }

  // everything else behaves as its measured stand-in (e.g. varchar(30) -> integer fails like varchar(50) -> integer).
  const like = record(rep(a), a.kind === 'enum' && b.kind === 'enum' ? ENUM_B : rep(b));
  return answer(like, { silent: has(like, 'changes', opts), failing: has(like, 'failsOn', opts) });
}

// ---------------------------------------------------------------------------
// The shape of postgresql-casts.json (written by scripts/derive-pg-casts.ts).

export type CastVerdict = 'same' | 'catalog-only' | 'rewrite' | 'fails' | 'unknown';
export type Lossiness = 'silent' | 'fails-on-values';

export interface PgCastSample {
  /** Which sample of the `from` type (index into its `samples`). */
  readonly n: number;
  /** The sample as text of the `from` type. */
  readonly value: string;
  /** For a changed value: what it became (text of the `to` type). */
  readonly became?: string;
  /** For a changed value: the new value cast back to `from` (absent when it cannot be). */
  readonly back?: string;
  readonly error?: string;
}

/** What PostgreSQL did for one pair in one TimeZone. */
export interface PgPairFacts {
  verdict: Exclude<CastVerdict, 'unknown'>;
  /** The ALTER's error on an empty table (verdict `fails`). */
  error?: string;
  /** A btree index on the column: its file kept, rebuilt, or the index cannot exist on the new type. */
  index?: 'kept' | 'rebuilt' | 'fails' | 'none';
  indexError?: string;
  /** verdict `fails` only: whether `USING c::<to>` works. */
  usingCast?: 'works' | 'fails';
  usingError?: string;
  /** verdict `fails` only: the error `USING c::<to>` still gets when the column has a DEFAULT. */
  defaultError?: string;
  /** Samples the ALTER accepted but changed (cast back to `from`, they differ). */
  changes?: PgCastSample[];
  /** Samples the ALTER refused (it works on an empty table). */
  failsOn?: PgCastSample[];
}

export interface PgPairRecord extends PgPairFacts {
  readonly from: string;
  readonly to: string;
  /** The pg_cast row between the two base types, or null when there is none. */
  readonly cast: { context: 'implicit' | 'assignment' | 'explicit'; method: 'function' | 'binary' | 'inout'; function?: string } | null;
  /** The facts that differ with TimeZone = UTC (null = absent there). */
  readonly utc?: Partial<PgPairFacts>;
}

export interface PgMeasuredType {
  readonly type: string;
  readonly sql: string;
  readonly samples: readonly string[];
}

/** A pair where the cross-checked server did something else than the engine the data comes from. */
export interface PgCastDifference { from: string; to: string; timeZone: string; this: PgPairFacts; other: PgPairFacts }

export interface PgCastData {
  readonly comment: string;
  readonly engine: string;
  readonly timeZone: string;
  readonly enums: Readonly<Record<string, readonly string[]>>;
  readonly types: readonly PgMeasuredType[];
  readonly pairs: readonly PgPairRecord[];
  readonly crossCheck?: {
    readonly engine: string;
    readonly differences: readonly PgCastDifference[];
  };
}
