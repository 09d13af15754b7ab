import { ModelError } from '../../../errors.js';
import type { Renderer } from '../../dialect.js';
import type { ColumnModel, TableModel } from '../../../model/types.js';
import { isCurrentKeyword, isLiteral } from '../default.js';
import { rebuildTable } from '../rebuild.js';
import { columnDefinition, referencesSql } from '../table-definition.js';
import { tableIn } from './tables.js';

/**
 * Why ALTER TABLE ... ADD COLUMN cannot add this column, or undefined when it
 * can. The restrictions are those of
 * https://www.sqlite.org/lang_altertable.html#altertabaddcol: no PRIMARY KEY
 * or UNIQUE; no CURRENT_TIME/CURRENT_DATE/CURRENT_TIMESTAMP or parenthesised
 * expression default (refused as soon as the table has rows); NOT NULL needs
 * a non-NULL default; with foreign keys enabled a REFERENCES column must
 * default to NULL.
 */
export function addColumnBlocker(col: ColumnModel, before: TableModel, after: TableModel): string | undefined {
  if (col.autoincrement || after.primaryKey?.columns.includes(col.name)) return 'a PRIMARY KEY column';
  if (after.uniques.some((u) => u.columns.includes(col.name))) return 'a UNIQUE column';
  const isNull = col.default === undefined || (typeof col.default === 'object' && /^null$/i.test(col.default.sql.trim()));
  if (typeof col.default === 'object' && !isNull) {
    if (isCurrentKeyword(col.default)) return `a ${col.default.sql.trim().toUpperCase()} default`;
    // Only a literal is taken; defaultSql parenthesises everything else.
    if (!isLiteral(col.default.sql.trim())) return 'an expression default';
  }
  if (!col.nullable && isNull) return 'a NOT NULL column without a default';
  const newFks = newForeignKeys(col, before, after);
  if (newFks.length > 1 || newFks.some((fk) => fk.columns.length !== 1)) return 'a column in a multi-column foreign key';
  if (newFks.length === 1 && !isNull) return 'a REFERENCES column with a non-NULL default';
  return undefined;
}

function newForeignKeys(col: ColumnModel, before: TableModel, after: TableModel) {
  return after.foreignKeys.filter((fk) => fk.columns.includes(col.name) && !before.foreignKeys.some((b) => b.name === fk.name));
}

export const addColumn: Renderer<'addColumn'> = (op, ctx) => {
  const before = tableIn(ctx.before, op.table, 'before');
  const after = tableIn(ctx.after, op.table, 'after');
  const col = after.columns.find((c) => c.name === op.column.name);
  if (!col) throw new ModelError(`column ${op.column.name} is not in ${op.table} after the op`, undefined, 'column');
  const blocker = addColumnBlocker(col, before, after);
  if (blocker) return rebuildTable(before, after, ctx, { reason: `ADD COLUMN cannot add ${blocker}` });
  const d = ctx.dialect;
  let def = columnDefinition(col, after, d, ctx.after);
  const fk = newForeignKeys(col, before, after)[0];
  if (fk) def += ` CONSTRAINT ${d.quoteIdent(d.physicalName(fk))} ${referencesSql(fk, d)}`;
  return [{ sql: `ALTER TABLE ${d.quoteIdent(op.table)} ADD COLUMN ${def}` }];
};
