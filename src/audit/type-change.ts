/**
 * What changing a column's type does, per dialect, from the measured cast
 * tables (src/audit/casts/): PostgreSQL's from the server's own behaviour,
 * SQLite's from replaying the rebuild's copy on SQLite. The rules about type
 * changes (unsafe-cast, lossy-cast, irreversible-downgrade) read them
 * through this one map, so they hold no dialect knowledge of their own.
 */
import type { Dialect, RebuildPlan } from '../dialects/dialect.js';
import { parseType } from '../model/column-type.js';
import type { ColumnType, SchemaState } from '../model/types.js';
import type { DialectName, SqlText } from '../ops/types.js';
import { isUnknownType } from './assume-existing.js';
import { pgCast, type CastResult } from './casts/cast-table.js';
import { sqliteCast } from './casts/sqlite-casts.js';
import type { OpEvent } from './rule.js';

export interface CastQuery {
  readonly from: ColumnType;
  readonly to: ColumnType;
  /** The schema that resolves enums. */
  readonly schema: SchemaState;
  /** The dialect's rebuild plan for the change, if any (SQLite: whether the copy CASTs). */
  readonly plan: () => RebuildPlan | null | undefined;
  readonly column: string;
  readonly dialect: Dialect;
}

export type CastOracle = (q: CastQuery) => CastResult;

export const CASTS: Readonly<Record<DialectName, CastOracle>> = {
  // The rules assume a server TimeZone other than UTC: the table-rewrite
  // rule says when UTC would spare the rewrite.
  postgresql: (q) => contractTimestamps(q, pgCast(q.from, q.to, { schema: q.schema })),
  // The rebuild copies with CAST(c AS <type>) except for the types whose text
  // CAST would mangle (src/dialects/sqlite/renderers/alter-column.ts); read
  // which one the renderer's plan chose instead of repeating its rule.
  sqlite: (q) => {
    const cast = `CAST(${q.dialect.quoteIdent(q.column)} AS`;
    const copy = q.plan()?.expressions.get(q.column)?.includes(cast) ? 'cast' : 'plain';
    return sqliteCast(q.from, q.to, { schema: q.schema, copy });
  },
};

/**
 * CONTRACT section 5 lists timestamptz -> timestamp as lossy (the zone is
 * dropped: values become wall times of the server's TimeZone) and not the
 * reverse. The measured table also shows timestamp -> timestamptz moving
 * wall times that fall in a DST gap of a non-UTC zone; that edge is left to
 * the table-rewrite message rather than warned on every such change.
 */
function contractTimestamps(q: CastQuery, r: CastResult): CastResult {
  if (q.from.kind === 'timestamp' && q.to.kind === 'timestamptz' && r.lossy === 'silent' && !r.failsOnValues) {
    const { lossy: _l, ...rest } = r;
    return rest as CastResult;
  }
  if (q.from.kind === 'timestamptz' && q.to.kind === 'timestamp' && r.lossy === undefined) {
    return { ...r, lossy: 'silent', why: 'the time zone is dropped: each value becomes its wall time in the server TimeZone' };
  }
  return r;
}

/** The SQL text of a `using` / `downgradeUsing` for one dialect. */
export function sqlTextFor(text: SqlText | undefined, dialect: DialectName): string | undefined {
  if (text === undefined) return undefined;
  const t = typeof text === 'string' ? text : text[dialect];
  return t === undefined || t.trim() === '' ? undefined : t;
}

export interface TypeChange {
  readonly from: ColumnType;
  readonly to: ColumnType;
  /** The op's `using` for this dialect. */
  readonly using?: string;
  readonly downgradeUsing?: string;
  /** What the dialect does without `using`. */
  readonly forward: CastResult;
  /** What it does for the reverse change (the derived downgrade) without `downgradeUsing`. */
  reverse(): CastResult;
}

/** The type change an alterColumn makes on `e.dialect`, or undefined (no type, same type, or a type the auditor does not know). */
export function typeChangeOf(e: OpEvent<'alterColumn'>): TypeChange | undefined {
  // Four rules ask about every alterColumn: worked out once per op and dialect.
  return e.shared(computeTypeChange);
}

function computeTypeChange(e: OpEvent<'alterColumn'>): TypeChange | undefined {
  if (e.op.type === undefined) return undefined;
  const from = e.before.table(e.op.table)?.columns.find((c) => c.name === e.op.column)?.type;
  const to = parseType(e.op.type);
  if (!from || typeof to === 'string' || isUnknownType(from)) return undefined;
  const oracle = CASTS[e.dialect.name];
  const query = (a: ColumnType, b: ColumnType): CastQuery => ({
    from: a, to: b, schema: e.after, plan: () => e.rebuildPlan(), column: e.op.column, dialect: e.dialect,
  });
  const forward = oracle(query(from, to));
  if (forward.verdict === 'same' || forward.verdict === 'unknown') return undefined;
  const using = sqlTextFor(e.op.using, e.dialect.name);
  const downgradeUsing = sqlTextFor(e.op.downgradeUsing, e.dialect.name);
  return {
    from, to, forward,
    ...(using !== undefined ? { using } : {}),
    ...(downgradeUsing !== undefined ? { downgradeUsing } : {}),
    // The reverse is what the derived downgrade renders on the state after the op.
    reverse: () => oracle({ ...query(to, from), plan: () => null }),
  };
}
