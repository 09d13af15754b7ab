import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import { appended, checkReference, foreignKeyModel, nameOf, requireColumns, requireFreeConstraintName, requireTable } from './support.js';

export const addForeignKey: OpDefinition<'addForeignKey'> = {
  kind: 'addForeignKey',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    requireColumns(t, op.columns);
    if (op.columns.length !== op.references.columns.length) {
      throw new ModelError('a foreign key needs as many referenced columns as columns', undefined, 'references.columns');
    }
    checkReference(before, t, op.references.table, op.references.columns, 'references');
    const named = nameOf(op, () => namer.foreignKey(op.table, op.columns, op.references.table));
    requireFreeConstraintName(t, named.name);
    const fk = foreignKeyModel(named, op.columns, op.references.table, op.references.columns, op.onDelete, op.onUpdate, op.notValid);
    return oneTableDelta(op.table, { ...t, foreignKeys: appended(t.foreignKeys, fk) });
  },
  invert(op, _b, { namer }) {
    const name = op.name ?? namer.foreignKey(op.table, op.columns, op.references.table);
    return [{ op: 'dropConstraint', name, table: op.table, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `addForeignKey ${op.table}(${op.columns.join(', ')}) -> ${op.references.table}`;
  },
};
