/**
 * createTable, dropTable, renameTable.
 * https://www.postgresql.org/docs/current/sql-createtable.html
 */
import type { Renderer, Statement } from '../../dialect.js';
import type { ConstraintModel } from '../../../model/types.js';
import {
  addConstraintStatement, columnDefinition, commentOnColumn, commentOnTable, constraintClause, constraintsOf, ident, lockOn, requireTable,
} from './parts.js';

/**
 * The table as the model has it after the op (column-level keys already
 * turned into named table constraints), then its comments. Indexes are not
 * part of createTable: they come from createIndex ops.
 */
export const createTable: Renderer<'createTable'> = (op, ctx) => {
  const table = requireTable(ctx.after, op.table, 'after');
  // CREATE TABLE silently drops a PRIMARY KEY / UNIQUE constraint whose
  // columns (in order) repeat an earlier one's (PostgreSQL merges duplicate
  // index constraints of one statement; measured: `a int UNIQUE, PRIMARY KEY (a)`
  // leaves only the primary key), while ALTER TABLE ... ADD keeps it. So a
  // repeat is added right after the CREATE TABLE, and exists as the model says.
  const seen = new Set<string>();
  const inline: ConstraintModel[] = [];
  const repeats: ConstraintModel[] = [];
  for (const c of constraintsOf(table)) {
    if (c.kind === 'primaryKey' || c.kind === 'unique') {
      const key = JSON.stringify(c.model.columns);
      if (seen.has(key)) { repeats.push(c); continue; }
      seen.add(key);
    }
    inline.push(c);
  }
  const lines = [
    ...table.columns.map((c) => columnDefinition(ctx, c, ctx.after)),
    ...inline.map((c) => constraintClause(ctx, c)),
  ];
  const body = lines.length ? `(\n${lines.map((l) => `    ${l}`).join(',\n')}\n)` : '()';
  const create: Statement = { sql: `CREATE TABLE ${ident(ctx, table.name)} ${body}` };
  // The new table is invisible to other sessions until commit; the tables it
  // references are locked as by ADD FOREIGN KEY.
  const referenced = table.foreignKeys.map((f) => f.refTable).filter((t) => t !== table.name);
  if (referenced.length) create.lock = lockOn(ctx, 'SHARE ROW EXCLUSIVE', ...referenced);
  const out = [create, ...repeats.map((c) => addConstraintStatement(ctx, table.name, c))];
  if (table.comment !== undefined) out.push(commentOnTable(ctx, table.name, table.comment));
  for (const c of table.columns) if (c.comment !== undefined) out.push(commentOnColumn(ctx, table.name, c.name, c.comment));
  return out;
};

/** Dropping a table also drops its foreign keys' triggers on the tables they reference. */
export const dropTable: Renderer<'dropTable'> = (op, ctx) => {
  const table = ctx.before.table(op.table);
  const name = table?.name ?? op.table;
  const referenced = table ? table.foreignKeys.map((f) => f.refTable) : [];
  return [{ sql: `DROP TABLE ${ident(ctx, name)}`, lock: lockOn(ctx, 'ACCESS EXCLUSIVE', name, ...referenced) }];
};

/** Renames the table only: constraint, index and sequence names stay (as Alembic does). */
export const renameTable: Renderer<'renameTable'> = (op, ctx) => [{
  sql: `ALTER TABLE ${ident(ctx, op.table)} RENAME TO ${ident(ctx, op.to)}`,
  lock: lockOn(ctx, 'ACCESS EXCLUSIVE', op.table),
}];
