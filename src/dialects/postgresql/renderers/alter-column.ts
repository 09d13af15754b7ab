/**
 * alterColumn: type (with USING), default, nullability, comment, one
 * statement each. https://www.postgresql.org/docs/current/sql-altertable.html
 */
import type { Renderer, RenderContext, Statement } from '../../dialect.js';
import type { ColumnType } from '../../../model/types.js';
import { verbatim } from '../verbatim.js';
import { commentOnColumn, ident, lockOn, requireColumn, requireTable, sqlFor } from './parts.js';

export const alterColumn: Renderer<'alterColumn'> = (op, ctx) => {
  const was = requireColumn(requireTable(ctx.before, op.table, 'before'), op.column, 'before');
  const table = requireTable(ctx.after, op.table, 'after');
  const now = requireColumn(table, op.column, 'after');
  const alter = (action: string): Statement => ({
    sql: `ALTER TABLE ${ident(ctx, table.name)} ALTER COLUMN ${ident(ctx, now.name)} ${action}`,
    lock: lockOn(ctx, 'ACCESS EXCLUSIVE', table.name),
  });
  const out: Statement[] = [];

  // ALTER TYPE converts the column's default to the new type too, and fails
  // when that default has no cast to it ("default for column ... cannot be
  // cast automatically"). So an existing default is dropped first and set
  // again (the old one, or the op's new one) after the type has changed.
  let defaultDropped = false;
  if (op.type !== undefined) {
    if (was.default !== undefined) {
      out.push(alter('DROP DEFAULT'));
      defaultDropped = true;
    }
    out.push(alter(`TYPE ${typeWithUsing(ctx, now.type, sqlFor(ctx, op.using))}`));
  }
  // `'default' in op`, as the model reads it: `default: null` drops the default.
  if ('default' in op || defaultDropped) {
    if (now.default !== undefined) out.push(alter(`SET DEFAULT ${ctx.dialect.defaultSql(now.default, now)}`));
    else if (!defaultDropped) out.push(alter('DROP DEFAULT'));
  }
  if (op.nullable !== undefined) out.push(alter(now.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'));
  if ('comment' in op) out.push(commentOnColumn(ctx, table.name, now.name, now.comment));
  return out;
};

function typeWithUsing(ctx: RenderContext, type: ColumnType, using: string | undefined): string {
  const sql = ctx.dialect.typeSql(type, ctx.after);
  return using === undefined ? sql : `${sql} USING ${verbatim(using)}`;
}
