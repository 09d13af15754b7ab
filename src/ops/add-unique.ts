import { oneTableDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import { appended, keyModel, nameOf, requireColumns, requireFreeConstraintName, requireFreeRelationName, requireTable } from './support.js';

export const addUnique: OpDefinition<'addUnique'> = {
  kind: 'addUnique',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    requireColumns(t, op.columns);
    const named = nameOf(op, () => namer.unique(op.table, op.columns));
    requireFreeConstraintName(t, named.name);
    requireFreeRelationName(before, named.name, 'name');
    return oneTableDelta(op.table, { ...t, uniques: appended(t.uniques, keyModel(named, op.columns)) });
  },
  invert(op, _b, { namer }) {
    const name = op.name ?? namer.unique(op.table, op.columns);
    return [{ op: 'dropConstraint', name, table: op.table, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `addUnique ${op.table}(${op.columns.join(', ')})`;
  },
};
