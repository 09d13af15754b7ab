import { ModelError } from '../../../errors.js';
import type { Dialect, RebuildPlan, RenderContext, Renderer } from '../../dialect.js';
import type { AlterColumnOp } from '../../../ops/types.js';
import type { ColumnModel, ColumnType, SchemaState, TableModel } from '../../../model/types.js';
import { isParenthesised } from '../default.js';
import { checkWorkTable, rebuildTable } from '../rebuild.js';
import { declaredType } from '../table-definition.js';
import { tableIn } from './tables.js';

/**
 * Types whose values SQLAlchemy stores as TEXT although the declared name
 * gives the column NUMERIC affinity. CAST(x AS DATETIME) keeps only the
 * longest numeric prefix ('2024-01-31 10:00' becomes 2024), while storing the
 * value into the column converts it only when it is a well-formed number
 * (https://www.sqlite.org/datatype3.html#type_affinity), so these are copied
 * as they are. BOOLEAN too: CAST('true' AS BOOLEAN) is 0.
 */
const NO_CAST: ReadonlySet<ColumnType['kind']> = new Set(['date', 'time', 'timestamp', 'timestamptz', 'interval', 'json', 'jsonb', 'boolean']);

/**
 * The conversion to use. A `using` written for every dialect (a plain string)
 * only applies when the SQLite type changes: timestamp -> timestamptz, say, is
 * DATETIME both times, and its PostgreSQL `USING c AT TIME ZONE 'UTC'` means
 * nothing here. A `sqlite` entry always applies.
 */
function usingFor(op: AlterColumnOp, typeChanged: boolean): string | undefined {
  if (op.using === undefined) return undefined;
  const u = typeof op.using === 'string' ? (typeChanged ? op.using : undefined) : op.using['sqlite'];
  return u === undefined || u.trim() === '' ? undefined : u.trim();
}

interface Side { readonly column: ColumnModel; readonly table: TableModel; readonly schema: SchemaState }

/** The SELECT expression that carries the column's values into the rebuilt table. */
export function conversionExpression(op: AlterColumnOp, from: Side, to: Side, d: Dialect): string | undefined {
  let expr: string | undefined;
  const old = from.column;
  const now = to.column;
  const oldType = declaredType(old, from.table, d, from.schema);
  const newType = declaredType(now, to.table, d, to.schema);
  const using = usingFor(op, oldType !== newType);
  if (using !== undefined) expr = isParenthesised(using) ? using : `(${using})`;
  else if (oldType !== newType && !NO_CAST.has(now.type.kind)) expr = `CAST(${d.quoteIdent(old.name)} AS ${newType})`;
  // NOT NULL with a new default: rows that held NULL take the default, as a
  // column added NOT NULL DEFAULT x would have given them.
  if (!now.nullable && old.nullable && now.default !== undefined) {
    expr = `COALESCE(${expr ?? d.quoteIdent(old.name)}, ${d.defaultSql(now.default, now)})`;
  }
  return expr;
}

function sameDefault(a: ColumnModel, b: ColumnModel): boolean {
  return JSON.stringify(a.default ?? null) === JSON.stringify(b.default ?? null);
}

/** The rebuild plan, with the two table models it was made from (the renderer rebuilds from them). */
interface Planned {
  readonly plan: RebuildPlan;
  readonly before: TableModel;
  readonly after: TableModel;
}

/**
 * SQLite has no ALTER COLUMN: a type, NULL-ability or default change rebuilds
 * the table. A comment-only change produces nothing (SQLite keeps no comments).
 */
function plan(op: AlterColumnOp, ctx: RenderContext): Planned | null {
  const before = tableIn(ctx.before, op.table, 'before');
  const after = tableIn(ctx.after, op.table, 'after');
  const old = before.columns.find((c) => c.name === op.column);
  const now = after.columns.find((c) => c.name === op.column);
  if (!old || !now) throw new ModelError(`column ${op.column} is not in ${op.table}`, undefined, 'column');
  const d = ctx.dialect;
  const from: Side = { column: old, table: before, schema: ctx.before };
  const to: Side = { column: now, table: after, schema: ctx.after };
  const typeChanged = declaredType(old, before, d, ctx.before) !== declaredType(now, after, d, ctx.after);
  // (An autoincrement key is declared INTEGER whatever its portable type, so bigint -> integer changes nothing.)
  const changed: string[] = [];
  if (typeChanged) changed.push('type');
  if (old.nullable !== now.nullable) changed.push(now.nullable ? 'drop NOT NULL' : 'set NOT NULL');
  if (!sameDefault(old, now)) changed.push('default');
  if (changed.length === 0 && usingFor(op, false) === undefined) return null;
  checkWorkTable(after.name, ctx);
  const expr = conversionExpression(op, from, to, d);
  const reason = `ALTER COLUMN ${changed.join(', ') || 'using'} of ${op.column}`;
  return { plan: { reason, expressions: new Map(expr === undefined ? [] : [[now.name, expr]]) }, before, after };
}

/** What the auditor asks for (Dialect.rebuildPlans): the plan alone, nothing rendered. */
export const planAlterColumn = (op: AlterColumnOp, ctx: RenderContext): RebuildPlan | null => plan(op, ctx)?.plan ?? null;

export const alterColumn: Renderer<'alterColumn'> = (op, ctx) => {
  const p = plan(op, ctx);
  return p ? rebuildTable(p.before, p.after, ctx, p.plan) : [];
};
