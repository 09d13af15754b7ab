/**
 * insert, deleteRows: one statement per row, values as literals.
 */
import type { Renderer, RenderContext } from '../../dialect.js';
import { ModelError } from '../../../errors.js';
import type { RowLiteral } from '../../../ops/types.js';
import { ident, lockOn } from './parts.js';

/** Each row has its own column list: keys it leaves out take the column default. */
export const insert: Renderer<'insert'> = (op, ctx) => op.rows.map((row) => {
  const entries = Object.entries(row);
  const target = ident(ctx, op.table);
  const sql = entries.length === 0
    ? `INSERT INTO ${target} DEFAULT VALUES`
    : `INSERT INTO ${target} (${entries.map(([k]) => ident(ctx, k)).join(', ')}) VALUES (${entries.map(([, v]) => ctx.dialect.quoteLiteral(v)).join(', ')})`;
  return { sql, lock: lockOn(ctx, 'ROW EXCLUSIVE', op.table) };
});

/** The inverse of insert: delete each row by its key (`IS NULL` for a null key part). */
export const deleteRows: Renderer<'deleteRows'> = (op, ctx) => op.keys.map((key) => {
  const entries = Object.entries(key);
  // An empty key would be DELETE without WHERE: every row.
  if (entries.length === 0) throw new ModelError(`deleteRows on ${op.table} has an empty key`, 'give every key column', 'keys');
  return {
    sql: `DELETE FROM ${ident(ctx, op.table)} WHERE ${entries.map(([k, v]) => condition(ctx, k, v)).join(' AND ')}`,
    lock: lockOn(ctx, 'ROW EXCLUSIVE', op.table),
  };
});

function condition(ctx: RenderContext, column: string, value: RowLiteral): string {
  return value === null ? `${ident(ctx, column)} IS NULL` : `${ident(ctx, column)} = ${ctx.dialect.quoteLiteral(value)}`;
}
