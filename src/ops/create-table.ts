import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import type {
  CheckModel, ColumnModel, ForeignKeyModel, NamedObject, TableModel, UniqueModel,
} from '../model/types.js';
import type { OpDefinition } from './definition.js';
import {
  checkModel, checkReference, columnFromDef, foreignKeyModel, keyModel, nameOf, requireColumns, requireFreeRelationName, requireNoTable,
  type Writable,
} from './support.js';

export const createTable: OpDefinition<'createTable'> = {
  kind: 'createTable',
  apply(op, before, { namer }) {
    requireNoTable(before, op.table);
    requireFreeRelationName(before, op.table, 'table');
    const defs = op.columns;
    if (defs.length === 0) throw new ModelError('a table needs at least one column', undefined, 'columns');
    const uniques: UniqueModel[] = [];
    const checks: CheckModel[] = [];
    const foreignKeys: ForeignKeyModel[] = [];
    const pkColumns: string[] = [];
    // map() rather than push(): the array the model keeps is then exactly as long as the table.
    const columns: ColumnModel[] = defs.map((def, i) => {
      for (let j = 0; j < i; j++) {
        if (defs[j]!.name === def.name) throw new ModelError(`column "${def.name}" is defined twice`, undefined, `columns[${i}].name`);
      }
      // Primary-key columns are NOT NULL whatever the definition says (PostgreSQL enforces it).
      const inPrimaryKey = op.primaryKey !== undefined && op.primaryKey.columns.includes(def.name);
      const parts = columnFromDef(before, op.table, def, 'columns', namer, inPrimaryKey, i);
      if (parts.primaryKey) pkColumns.push(def.name);
      if (parts.unique) uniques.push({ name: parts.unique, generated: true, columns: [def.name] });
      if (parts.foreignKey) foreignKeys.push(parts.foreignKey);
      return parts.column;
    });
    if (pkColumns.length > 0 && op.primaryKey) {
      throw new ModelError('the primary key is given twice (on columns and as primaryKey)', 'keep one of them', 'primaryKey');
    }
    // Built in place (nothing else sees it before it is returned), its keys in
    // the order the model has always written them: primaryKey and comment last.
    const table: Writable<TableModel> = { name: op.table, columns, uniques, checks, foreignKeys, indexes: [] };
    // slice(): the model keeps the key's columns, and push() left 16 spare slots.
    const pk = op.primaryKey ? op.primaryKey.columns : pkColumns.slice();
    if (pk.length > 0) {
      const spec = op.primaryKey;
      if (spec) requireColumns(table, pk, 'primaryKey.columns');
      // As nameOf() (support.ts) does, without a closure per table.
      table.primaryKey = spec?.name !== undefined
        ? { name: spec.name, generated: spec.generated === true, columns: pk }
        : { name: namer.pk(op.table), generated: true, columns: pk };
    }
    for (let i = 0; i < (op.uniques?.length ?? 0); i++) {
      const u = op.uniques![i]!;
      requireColumns(table, u.columns, `uniques[${i}].columns`);
      uniques.push(keyModel(nameOf(u, () => namer.unique(op.table, u.columns)), u.columns));
    }
    for (const c of op.checks ?? []) checks.push(checkModel(nameOf(c, () => namer.check(op.table, c.expression)), c.expression, false));
    for (let i = 0; i < (op.foreignKeys?.length ?? 0); i++) {
      const f = op.foreignKeys![i]!;
      requireColumns(table, f.columns, `foreignKeys[${i}].columns`);
      if (f.columns.length !== f.references.columns.length) {
        throw new ModelError('a foreign key needs as many referenced columns as columns', undefined, `foreignKeys[${i}].references.columns`);
      }
      foreignKeys.push(foreignKeyModel(
        nameOf(f, () => namer.foreignKey(op.table, f.columns, f.references.table)),
        f.columns, f.references.table, f.references.columns, f.onDelete, f.onUpdate, false,
      ));
    }
    if (op.comment !== undefined) table.comment = op.comment;
    // References are checked last so that a table may reference itself.
    for (let i = 0; i < foreignKeys.length; i++) {
      const fk = foreignKeys[i]!;
      checkReference(before, table, fk.refTable, fk.refColumns, fieldOfFk(op, fk, i));
    }
    const primaryKey = table.primaryKey;
    if (primaryKey) requireFreeRelationName(before, primaryKey.name, 'primaryKey');
    for (const u of uniques) requireFreeRelationName(before, u.name, 'uniques');
    requireDistinctNames(primaryKey, uniques, checks, foreignKeys);
    return oneTableDelta(op.table, table);
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

function requireDistinctNames(
  primaryKey: NamedObject | undefined, uniques: readonly NamedObject[], checks: readonly NamedObject[], foreignKeys: readonly NamedObject[],
): void {
  // Most tables name one constraint (their primary key) or none.
  if ((primaryKey ? 1 : 0) + uniques.length + checks.length + foreignKeys.length < 2) return;
  const names = new Set<string>();
  const add = (c: NamedObject) => {
    if (names.has(c.name)) throw new ModelError(`two constraints are named "${c.name}"`, 'name one of them explicitly', 'columns');
    names.add(c.name);
  };
  if (primaryKey) add(primaryKey);
  for (const list of [uniques, checks, foreignKeys]) for (const c of list) add(c);
}
