/**
 * addColumn, dropColumn, renameColumn (alterColumn has its own file).
 * https://www.postgresql.org/docs/current/sql-altertable.html
 */
import type { Renderer, Statement } from '../../dialect.js';
import {
  addConstraintStatement, addedConstraints, columnDefinition, commentOnColumn, ident, lockOn, requireColumn, requireTable,
} from './parts.js';

/**
 * ADD COLUMN, then one ADD CONSTRAINT for each key the column definition
 * declared (the model turned `primaryKey`/`unique`/`references` into named
 * table constraints), then its comment.
 */
export const addColumn: Renderer<'addColumn'> = (op, ctx) => {
  const before = ctx.before.table(op.table);
  const after = requireTable(ctx.after, op.table, 'after');
  const column = requireColumn(after, op.column.name, 'after');
  const out: Statement[] = [{
    sql: `ALTER TABLE ${ident(ctx, after.name)} ADD COLUMN ${columnDefinition(ctx, column, ctx.after)}`,
    lock: lockOn(ctx, 'ACCESS EXCLUSIVE', after.name),
  }];
  for (const c of addedConstraints(before, after)) out.push(addConstraintStatement(ctx, after.name, c));
  if (column.comment !== undefined) out.push(commentOnColumn(ctx, after.name, column.name, column.comment));
  return out;
};

/**
 * The server drops the column's indexes and constraints with it; dropping a
 * foreign key also touches the referenced table's triggers.
 */
export const dropColumn: Renderer<'dropColumn'> = (op, ctx) => {
  const table = ctx.before.table(op.table);
  const name = table?.name ?? op.table;
  const referenced = (table?.foreignKeys ?? []).filter((f) => f.columns.includes(op.column)).map((f) => f.refTable);
  return [{
    sql: `ALTER TABLE ${ident(ctx, name)} DROP COLUMN ${ident(ctx, op.column)}`,
    lock: lockOn(ctx, 'ACCESS EXCLUSIVE', name, ...referenced),
  }];
};

export const renameColumn: Renderer<'renameColumn'> = (op, ctx) => [{
  sql: `ALTER TABLE ${ident(ctx, op.table)} RENAME COLUMN ${ident(ctx, op.column)} TO ${ident(ctx, op.to)}`,
  lock: lockOn(ctx, 'ACCESS EXCLUSIVE', op.table),
}];
