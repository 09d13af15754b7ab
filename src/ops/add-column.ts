import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import type { TableModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import { appended, checkReference, columnFromDef, findColumn, requireFreeConstraintName, requireFreeRelationName, requireTable } from './support.js';

export const addColumn: OpDefinition<'addColumn'> = {
  kind: 'addColumn',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    if (findColumn(t, op.column.name)) {
      throw new ModelError(`column "${op.column.name}" already exists in table "${op.table}"`, 'pick another name', 'column.name');
    }
    const parts = columnFromDef(before, op.table, op.column, 'column', namer);
    let table: TableModel = { ...t, columns: appended(t.columns, parts.column) };
    if (parts.primaryKey) {
      if (t.primaryKey) {
        throw new ModelError(`table "${op.table}" already has a primary key`, 'drop it first or remove "primaryKey"', 'column.primaryKey');
      }
      table = { ...table, primaryKey: { name: namer.pk(op.table), generated: true, columns: [op.column.name] } };
    }
    if (parts.unique) {
      requireFreeConstraintName(t, parts.unique, 'column.unique');
      requireFreeRelationName(before, parts.unique, 'column.unique');
      table = { ...table, uniques: appended(table.uniques, { name: parts.unique, generated: true, columns: [op.column.name] }) };
    }
    if (parts.foreignKey) {
      requireFreeConstraintName(t, parts.foreignKey.name, 'column.references.name');
      checkReference(before, table, parts.foreignKey.refTable, parts.foreignKey.refColumns, 'column.references');
      table = { ...table, foreignKeys: appended(table.foreignKeys, parts.foreignKey) };
    }
    return oneTableDelta(op.table, table);
  },
  invert(op) {
    return [{ op: 'dropColumn', table: op.table, column: op.column.name, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `addColumn ${op.table}.${op.column.name}`;
  },
};
