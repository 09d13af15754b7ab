import { ModelError } from '../errors.js';
import { EMPTY_DELTA } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import { requireColumn, requireTable } from './support.js';

export const insert: OpDefinition<'insert'> = {
  kind: 'insert',
  apply(op, before) {
    const t = requireTable(before, op.table);
    if (op.rows.length === 0) throw new ModelError('insert needs at least one row', undefined, 'rows');
    op.rows.forEach((row, i) => {
      for (const k of Object.keys(row)) requireColumn(t, k, `rows[${i}].${k}`);
      for (const c of t.columns) {
        if (!(c.name in row) && !c.nullable && c.default === undefined && !c.autoincrement) {
          throw new ModelError(`row ${i} has no value for "${c.name}", which is NOT NULL without a default`, 'give it a value', `rows[${i}]`);
        }
      }
    });
    // Rows are data, not schema: the model does not change.
    return EMPTY_DELTA;
  },
  invert(op, before) {
    const t = requireTable(before, op.table);
    const pk = t.primaryKey?.columns;
    if (!pk) {
      return { irreversible: `table "${op.table}" has no primary key, so the inserted rows cannot be found again`, hint: 'give a "downgrade" that deletes them' };
    }
    const missing = op.rows.findIndex((r) => pk.some((c) => !(c in r) || r[c] === null));
    if (missing >= 0) {
      return { irreversible: `row ${missing} does not give its primary key (${pk.join(', ')})`, hint: 'give every row its key, or a "downgrade" that deletes them' };
    }
    const keys = op.rows.map((r) => Object.fromEntries(pk.map((c) => [c, r[c]!])));
    // Delete in reverse order of insertion, so rows referencing earlier ones go first.
    return [{ op: 'deleteRows', table: op.table, keys: keys.reverse(), ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `insert ${op.rows.length} row${op.rows.length === 1 ? '' : 's'} into ${op.table}`;
  },
};

export const deleteRows: OpDefinition<'deleteRows'> = {
  kind: 'deleteRows',
  apply(op, before) {
    requireTable(before, op.table);
    return EMPTY_DELTA;
  },
  invert() {
    return { irreversible: 'deleted rows cannot be restored', hint: 'give an explicit "downgrade"' };
  },
  describe(op) {
    return `delete ${op.keys.length} row${op.keys.length === 1 ? '' : 's'} from ${op.table}`;
  },
};
