import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import { typeToSpec } from '../model/column-type.js';
import type { TableModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import type { ColumnDef, CreateIndexOp, CreateTableOp, Op } from './types.js';
import { referencingKeys, requireTable, restoreName } from './support.js';

export const dropTable: OpDefinition<'dropTable'> = {
  kind: 'dropTable',
  apply(op, before) {
    requireTable(before, op.table);
    const refs = referencingKeys(before, op.table);
    if (refs.length > 0) {
      const r = refs[0]!;
      throw new ModelError(
        `table "${op.table}" is still referenced by foreign key "${r.fk.name}" on "${r.table}"`,
        'drop that constraint (or table) first', 'table',
      );
    }
    return oneTableDelta(op.table, null);
  },
  invert(op, before) {
    return recreateTable(requireTable(before, op.table), op.only);
  },
  describe(op) {
    return `dropTable ${op.table}`;
  },
};

/** The ops that bring a dropped table back exactly as the model had it (structure, not rows). */
export function recreateTable(t: TableModel, only?: Op['only']): Op[] {
  const o = only ? { only } : {};
  const columns: ColumnDef[] = t.columns.map((c) => ({
    name: c.name,
    type: typeToSpec(c.type),
    nullable: c.nullable,
    ...(c.autoincrement ? { autoincrement: true } : {}),
    ...(c.default !== undefined ? { default: c.default } : {}),
    ...(c.comment !== undefined ? { comment: c.comment } : {}),
  }));
  const create: CreateTableOp = {
    op: 'createTable', table: t.name, columns, ...o,
    ...(t.primaryKey ? { primaryKey: { ...restoreName(t.primaryKey), columns: [...t.primaryKey.columns] } } : {}),
    ...(t.uniques.length ? { uniques: t.uniques.map((u) => ({ ...restoreName(u), columns: [...u.columns] })) } : {}),
    ...(t.checks.length ? { checks: t.checks.map((c) => ({ ...restoreName(c), expression: c.expression })) } : {}),
    ...(t.foreignKeys.length ? {
      foreignKeys: t.foreignKeys.map((f) => ({
        ...restoreName(f), columns: [...f.columns], references: { table: f.refTable, columns: [...f.refColumns] },
        ...(f.onDelete ? { onDelete: f.onDelete } : {}), ...(f.onUpdate ? { onUpdate: f.onUpdate } : {}),
      })),
    } : {}),
    ...(t.comment !== undefined ? { comment: t.comment } : {}),
  };
  const indexes: CreateIndexOp[] = t.indexes.map((ix) => ({
    op: 'createIndex', ...restoreName(ix), table: t.name, columns: [...ix.columns],
    ...(ix.unique ? { unique: true } : {}), ...(ix.where !== undefined ? { where: ix.where } : {}), ...o,
  }));
  return [create, ...indexes];
}
