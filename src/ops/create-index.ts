import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import type { IndexModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import { appended, findColumn, requireColumn, requireFreeIndexName, requireFreeRelationName, requireTable } from './support.js';

export const createIndex: OpDefinition<'createIndex'> = {
  kind: 'createIndex',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    if (op.columns.length === 0) throw new ModelError('an index needs at least one column or expression', undefined, 'columns');
    for (let i = 0; i < op.columns.length; i++) {
      const c = op.columns[i]!;
      if (typeof c === 'string' && !findColumn(t, c)) requireColumn(t, c, `columns[${i}]`);
    }
    // As nameOf() (support.ts) does, without a closure per op.
    const name = op.name === undefined ? namer.index(op.table, op.columns) : op.name;
    const generated = op.name === undefined || op.generated === true;
    requireFreeIndexName(before, name);
    requireFreeRelationName(before, name, 'name');
    const unique = op.unique === true;
    const index: IndexModel = op.where !== undefined
      ? { name, generated, columns: op.columns, unique, where: op.where }
      : { name, generated, columns: op.columns, unique };
    return oneTableDelta(op.table, { ...t, indexes: appended(t.indexes, index) });
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
