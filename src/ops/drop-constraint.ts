import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import { assertNever } from './types.js';
import type { TableModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import type { Op } from './types.js';
import { findConstraint, requireTable, restoreName } from './support.js';

export const dropConstraint: OpDefinition<'dropConstraint'> = {
  kind: 'dropConstraint',
  apply(op, before) {
    const t = requireTable(before, op.table);
    const c = findConstraint(t, op.name);
    if (!c) {
      throw new ModelError(`table "${op.table}" has no constraint named "${op.name}"`, 'check the name (sqlrev schema shows them)', 'name');
    }
    // A foreign key depends on one key of the referenced table: PostgreSQL
    // picks the primary key when its columns match, else the first matching
    // unique. Dropping another key with the same columns is fine.
    const cols = c.kind === 'primaryKey' || c.kind === 'unique' ? c.model.columns : undefined;
    const backing = cols && (t.primaryKey && sameSet(t.primaryKey.columns, cols) ? t.primaryKey : t.uniques.find((u) => sameSet(u.columns, cols)));
    if ((c.kind === 'primaryKey' || c.kind === 'unique') && backing?.name === op.name) {
      for (const n of [op.table, ...before.referencingTables(op.table)]) {
        const fk = before.table(n)!.foreignKeys.find((f) => f.refTable === op.table && sameSet(f.refColumns, c.model.columns));
        if (fk && !(n === op.table && fk.name === op.name)) {
          throw new ModelError(`foreign key "${fk.name}" on "${n}" depends on "${op.name}"`, 'drop the foreign key first', 'name');
        }
      }
    }
    let next: TableModel;
    switch (c.kind) {
      case 'primaryKey': {
        const { primaryKey: _pk, ...rest } = t;
        next = rest;
        break;
      }
      case 'unique': next = { ...t, uniques: t.uniques.filter((u) => u.name !== op.name) }; break;
      case 'check': next = { ...t, checks: t.checks.filter((k) => k.name !== op.name) }; break;
      case 'foreignKey': next = { ...t, foreignKeys: t.foreignKeys.filter((f) => f.name !== op.name) }; break;
      default: return assertNever(c, 'constraint');
    }
    return oneTableDelta(op.table, next);
  },
  invert(op, before) {
    const t = requireTable(before, op.table);
    const c = findConstraint(t, op.name);
    if (!c) return { irreversible: `constraint "${op.name}" is unknown`, hint: 'fix the name' };
    const o = op.only ? { only: op.only } : {};
    const base = { ...restoreName(c.model), table: op.table, ...o };
    let inv: Op;
    switch (c.kind) {
      case 'primaryKey': inv = { op: 'addPrimaryKey', ...base, columns: [...c.model.columns] }; break;
      case 'unique': inv = { op: 'addUnique', ...base, columns: [...c.model.columns] }; break;
      case 'check': inv = { op: 'addCheck', ...base, expression: c.model.expression }; break;
      case 'foreignKey': {
        const f = c.model;
        inv = {
          op: 'addForeignKey', ...base, columns: [...f.columns], references: { table: f.refTable, columns: [...f.refColumns] },
          ...(f.onDelete ? { onDelete: f.onDelete } : {}), ...(f.onUpdate ? { onUpdate: f.onUpdate } : {}),
        };
        break;
      }
      default: return assertNever(c, 'constraint');
    }
    return [inv];
  },
  describe(op) {
    return `dropConstraint ${op.name} on ${op.table}`;
  },
};

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
