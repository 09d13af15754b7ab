import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import { keyModel, nameOf, requireColumns, requireFreeConstraintName, requireFreeRelationName, requireTable } from './support.js';

export const addPrimaryKey: OpDefinition<'addPrimaryKey'> = {
  kind: 'addPrimaryKey',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    if (t.primaryKey) {
      throw new ModelError(`table "${op.table}" already has primary key "${t.primaryKey.name}"`, 'drop it first with dropConstraint', 'table');
    }
    requireColumns(t, op.columns);
    const named = nameOf(op, () => namer.pk(op.table));
    requireFreeConstraintName(t, named.name);
    requireFreeRelationName(before, named.name, 'name');
    // PostgreSQL marks primary-key columns NOT NULL when the key is added.
    const columns = t.columns.map((c) => (op.columns.includes(c.name) ? { ...c, nullable: false } : c));
    return oneTableDelta(op.table, { ...t, columns, primaryKey: keyModel(named, op.columns) });
  },
  invert(op, before, { namer }) {
    const name = op.name ?? namer.pk(op.table);
    const o = op.only ? { only: op.only } : {};
    // Dropping a primary key leaves its columns NOT NULL; give back the nullability they had.
    const wereNullable = requireTable(before, op.table).columns.filter((c) => op.columns.includes(c.name) && c.nullable);
    return [
      { op: 'dropConstraint', name, table: op.table, ...o },
      ...wereNullable.map((c) => ({ op: 'alterColumn' as const, table: op.table, column: c.name, nullable: true, ...o })),
    ];
  },
  describe(op) {
    return `addPrimaryKey ${op.table}(${op.columns.join(', ')})`;
  },
};
