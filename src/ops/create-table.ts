import { ModelError } from '../errors.js';
import { tableDelta } from '../model/delta.js';
import type { ColumnModel, ForeignKeyModel, TableModel, UniqueModel, CheckModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import { checkReference, columnFromDef, nameOf, requireColumns, requireFreeRelationName, requireNoTable } from './support.js';

export const createTable: OpDefinition<'createTable'> = {
  kind: 'createTable',
  apply(op, before, { namer }) {
    requireNoTable(before, op.table);
    requireFreeRelationName(before, op.table, 'table');
    if (op.columns.length === 0) throw new ModelError('a table needs at least one column', undefined, 'columns');
    const columns: ColumnModel[] = [];
    const uniques: UniqueModel[] = [];
    const foreignKeys: ForeignKeyModel[] = [];
    const pkColumns: string[] = [];
    const seen = new Set<string>();
    op.columns.forEach((def, i) => {
      if (seen.has(def.name)) throw new ModelError(`column "${def.name}" is defined twice`, undefined, `columns[${i}].name`);
      seen.add(def.name);
      const parts = columnFromDef(before, op.table, def, `columns[${i}]`, namer);
      columns.push(parts.column);
      if (parts.primaryKey) pkColumns.push(def.name);
      if (parts.unique) uniques.push({ name: parts.unique, generated: true, columns: [def.name] });
      if (parts.foreignKey) foreignKeys.push(parts.foreignKey);
    });
    if (pkColumns.length > 0 && op.primaryKey) {
      throw new ModelError('the primary key is given twice (on columns and as primaryKey)', 'keep one of them', 'primaryKey');
    }
    let table: TableModel = { name: op.table, columns, uniques, checks: [], foreignKeys, indexes: [] };
    const pk = op.primaryKey ? op.primaryKey.columns : pkColumns;
    if (pk.length > 0) {
      if (op.primaryKey) requireColumns(table, pk, 'primaryKey.columns');
      // Primary-key columns are NOT NULL whatever the definition says (PostgreSQL enforces it).
      table = { ...table, columns: columns.map((c) => (pk.includes(c.name) ? { ...c, nullable: false } : c)) };
      table = { ...table, primaryKey: { ...nameOf(op.primaryKey ?? {}, () => namer.pk(op.table)), columns: pk } };
    }
    for (const [i, u] of (op.uniques ?? []).entries()) {
      requireColumns(table, u.columns, `uniques[${i}].columns`);
      uniques.push({ ...nameOf(u, () => namer.unique(op.table, u.columns)), columns: u.columns });
    }
    const checks: CheckModel[] = (op.checks ?? []).map((c) => ({
      ...nameOf(c, () => namer.check(op.table, c.expression)), expression: c.expression,
    }));
    for (const [i, f] of (op.foreignKeys ?? []).entries()) {
      requireColumns(table, f.columns, `foreignKeys[${i}].columns`);
      if (f.columns.length !== f.references.columns.length) {
        throw new ModelError('a foreign key needs as many referenced columns as columns', undefined, `foreignKeys[${i}].references.columns`);
      }
      foreignKeys.push({
        ...nameOf(f, () => namer.foreignKey(op.table, f.columns, f.references.table)),
        columns: f.columns, refTable: f.references.table, refColumns: f.references.columns,
        ...(f.onDelete ? { onDelete: f.onDelete } : {}), ...(f.onUpdate ? { onUpdate: f.onUpdate } : {}),
      });
    }
    table = { ...table, uniques, checks, foreignKeys, ...(op.comment !== undefined ? { comment: op.comment } : {}) };
    // References are checked last so that a table may reference itself.
    foreignKeys.forEach((fk, i) => checkReference(before, table, fk.refTable, fk.refColumns, fieldOfFk(op, fk, i)));
    if (table.primaryKey) requireFreeRelationName(before, table.primaryKey.name, 'primaryKey');
    uniques.forEach((u) => requireFreeRelationName(before, u.name, 'uniques'));
    const names = new Set<string>();
    for (const c of [...(table.primaryKey ? [table.primaryKey] : []), ...uniques, ...checks, ...foreignKeys]) {
      if (names.has(c.name)) throw new ModelError(`two constraints are named "${c.name}"`, 'name one of them explicitly', 'columns');
      names.add(c.name);
    }
    return tableDelta([op.table, table]);
  },
  invert(op) {
    return [{ op: 'dropTable', table: op.table, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `createTable ${op.table}`;
  },
};

function fieldOfFk(op: { columns: { name: string; references?: unknown }[] }, fk: ForeignKeyModel, i: number): string {
  const col = op.columns.findIndex((c) => c.references !== undefined && c.name === fk.columns[0] && fk.columns.length === 1);
  if (col >= 0) return `columns[${col}].references`;
  return `foreignKeys[${i - op.columns.filter((c) => c.references !== undefined).length}].references`;
}
