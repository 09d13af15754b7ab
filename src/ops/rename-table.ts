import { tableDelta } from '../model/delta.js';
import type { TableModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import { referencingKeys, requireFreeRelationName, requireNoTable, requireTable } from './support.js';

export const renameTable: OpDefinition<'renameTable'> = {
  kind: 'renameTable',
  apply(op, before) {
    const t = requireTable(before, op.table);
    requireNoTable(before, op.to, 'to');
    requireFreeRelationName(before, op.to, 'to');
    // Only the table is renamed (CONTRACT: as Alembic does); its constraints and
    // indexes keep their names. Foreign keys elsewhere follow it (they hold the table's OID).
    const renamed: TableModel = {
      ...t,
      name: op.to,
      foreignKeys: t.foreignKeys.map((f) => (f.refTable === op.table ? { ...f, refTable: op.to } : f)),
    };
    const entries: [string, TableModel | null][] = [[op.table, null], [op.to, renamed]];
    const children = new Map<string, TableModel>();
    for (const { table } of referencingKeys(before, op.table)) {
      const child = children.get(table) ?? before.table(table)!;
      children.set(table, { ...child, foreignKeys: child.foreignKeys.map((f) => (f.refTable === op.table ? { ...f, refTable: op.to } : f)) });
    }
    for (const [n, c] of children) entries.push([n, c]);
    return tableDelta(...entries);
  },
  invert(op) {
    return [{ op: 'renameTable', table: op.to, to: op.table, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `renameTable ${op.table} -> ${op.to}`;
  },
};
