import { ModelError } from '../errors.js';
import { renameIdentifier } from '../model/expression.js';
import { tableDelta } from '../model/delta.js';
import type { IndexColumn } from './types.js';
import type { TableModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import { requireColumn, requireTable } from './support.js';

function renameIn(t: TableModel, from: string, to: string): TableModel {
  const r = (c: string) => (c === from ? to : c);
  const rx = (e: string) => renameIdentifier(e, from, to);
  const rIx = (c: IndexColumn) => (typeof c === 'string' ? r(c) : { expression: rx(c.expression) });
  return {
    ...t,
    columns: t.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    ...(t.primaryKey ? { primaryKey: { ...t.primaryKey, columns: t.primaryKey.columns.map(r) } } : {}),
    uniques: t.uniques.map((u) => ({ ...u, columns: u.columns.map(r) })),
    foreignKeys: t.foreignKeys.map((f) => ({
      ...f, columns: f.columns.map(r), refColumns: f.refTable === t.name ? f.refColumns.map(r) : f.refColumns,
    })),
    checks: t.checks.map((k) => ({ ...k, expression: rx(k.expression) })),
    indexes: t.indexes.map((ix) => ({ ...ix, columns: ix.columns.map(rIx), ...(ix.where !== undefined ? { where: rx(ix.where) } : {}) })),
  };
}

export const renameColumn: OpDefinition<'renameColumn'> = {
  kind: 'renameColumn',
  apply(op, before) {
    const t = requireTable(before, op.table);
    requireColumn(t, op.column);
    if (t.columns.some((c) => c.name === op.to)) {
      throw new ModelError(`column "${op.to}" already exists in table "${op.table}"`, 'pick another name', 'to');
    }
    // Servers rewrite the column's name inside checks, expression indexes and
    // partial-index predicates; so does the model (model/expression.ts).
    const entries: [string, TableModel][] = [[op.table, renameIn(t, op.column, op.to)]];
    for (const n of before.referencingTables(op.table)) {
      const other = before.table(n)!;
      if (!other.foreignKeys.some((f) => f.refTable === op.table && f.refColumns.includes(op.column))) continue;
      entries.push([n, {
        ...other,
        foreignKeys: other.foreignKeys.map((f) => (f.refTable === op.table
          ? { ...f, refColumns: f.refColumns.map((c) => (c === op.column ? op.to : c)) } : f)),
      }]);
    }
    return tableDelta(...entries);
  },
  invert(op) {
    return [{ op: 'renameColumn', table: op.table, column: op.to, to: op.column, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `renameColumn ${op.table}.${op.column} -> ${op.to}`;
  },
};
