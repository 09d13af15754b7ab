import { ModelError } from '../errors.js';
import { tableDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import { nameOf, requireColumn, requireFreeIndexName, requireFreeRelationName, requireTable } from './support.js';

export const createIndex: OpDefinition<'createIndex'> = {
  kind: 'createIndex',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    if (op.columns.length === 0) throw new ModelError('an index needs at least one column or expression', undefined, 'columns');
    op.columns.forEach((c, i) => {
      if (typeof c === 'string') requireColumn(t, c, `columns[${i}]`);
    });
    const named = nameOf(op, () => namer.index(op.table, op.columns));
    requireFreeIndexName(before, named.name);
    requireFreeRelationName(before, named.name, 'name');
    const index = {
      ...named, columns: op.columns, unique: op.unique === true, ...(op.where !== undefined ? { where: op.where } : {}),
    };
    return tableDelta([op.table, { ...t, indexes: [...t.indexes, index] }]);
  },
  invert(op, _before, { namer }) {
    const name = op.name ?? namer.index(op.table, op.columns);
    return [{
      op: 'dropIndex', name, table: op.table,
      ...(op.concurrently ? { concurrently: true } : {}), ...(op.only ? { only: op.only } : {}),
    }];
  },
  describe(op) {
    return `createIndex ${op.name ?? ''}${op.name ? ' ' : ''}on ${op.table}`;
  },
};
