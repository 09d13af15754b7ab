import type { Renderer, Statement } from '../../dialect.js';
import type { IndexModel, TableModel } from '../../../model/types.js';
import { rebuildTable } from '../rebuild.js';
import { tableIn } from './tables.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether SQL text may name the column (bare, "quoted", [bracketed] or
 * `backticked`). A false positive only costs a rebuild, so no parser is needed.
 */
export function mentionsColumn(sql: string, column: string): boolean {
  const e = escapeRegExp(column);
  const dq = escapeRegExp(column.replaceAll('"', '""'));
  return new RegExp(`(?<![\\p{L}\\p{N}_$])${e}(?![\\p{L}\\p{N}_$])|"${dq}"|\\[${e}\\]|\`${e}\``, 'iu').test(sql);
}

function indexMentions(ix: IndexModel, column: string): boolean {
  return ix.columns.some((c) => (typeof c === 'string' ? c === column : mentionsColumn(c.expression, column)))
    || (ix.where !== undefined && mentionsColumn(ix.where, column));
}

/**
 * Why ALTER TABLE ... DROP COLUMN cannot drop it, or undefined. From
 * https://www.sqlite.org/lang_altertable.html#altertabdropcol: it refuses a
 * PRIMARY KEY or UNIQUE column, an indexed one, one in a foreign key, and one
 * a CHECK constraint names. Indexes the model drops with the column are dropped
 * first instead (DROP INDEX is cheaper than copying the table).
 */
export function dropColumnBlocker(column: string, before: TableModel, after: TableModel): string | undefined {
  if (before.primaryKey?.columns.includes(column)) return 'a PRIMARY KEY column';
  if (before.uniques.some((u) => u.columns.includes(column))) return 'a UNIQUE column';
  if (before.foreignKeys.some((fk) => fk.columns.includes(column))) return 'a column in a foreign key';
  if (before.checks.some((ck) => mentionsColumn(ck.expression, column))) return 'a column a CHECK constraint uses';
  if (after.indexes.some((ix) => indexMentions(ix, column))) return 'an indexed column';
  return undefined;
}

export const dropColumn: Renderer<'dropColumn'> = (op, ctx) => {
  const before = tableIn(ctx.before, op.table, 'before');
  const after = tableIn(ctx.after, op.table, 'after');
  const blocker = dropColumnBlocker(op.column, before, after);
  if (blocker) return rebuildTable(before, after, ctx, { reason: `DROP COLUMN cannot drop ${blocker}` });
  const d = ctx.dialect;
  const gone = before.indexes.filter((ix) => !after.indexes.some((a) => a.name === ix.name));
  const out: Statement[] = gone.map((ix) => ({ sql: `DROP INDEX ${d.quoteIdent(d.physicalName(ix))}` }));
  out.push({ sql: `ALTER TABLE ${d.quoteIdent(op.table)} DROP COLUMN ${d.quoteIdent(op.column)}` });
  return out;
};
