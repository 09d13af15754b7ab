import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import { typeToSpec } from '../model/column-type.js';
import type { OpDefinition } from './definition.js';
import type { AlterColumnOp } from './types.js';
import { makeColumn, replaceColumn, requireColumn, requireTable, resolveType, toDefault } from './support.js';

export const alterColumn: OpDefinition<'alterColumn'> = {
  kind: 'alterColumn',
  apply(op, before) {
    const t = requireTable(before, op.table);
    const c = requireColumn(t, op.column);
    if (op.type === undefined && op.nullable === undefined && !('default' in op) && !('comment' in op)) {
      throw new ModelError('alterColumn changes nothing', 'give at least one of type, nullable, default, comment', 'column');
    }
    if (op.using !== undefined && op.type === undefined) {
      throw new ModelError('"using" needs "type"', 'add the target type, or remove "using"', 'using');
    }
    if (op.nullable === true && t.primaryKey?.columns.includes(op.column)) {
      throw new ModelError(`column "${op.column}" is in the primary key and cannot be nullable`, 'drop the primary key first', 'nullable');
    }
    const next = makeColumn(
      c.name,
      op.type !== undefined ? resolveType(before, op.type, 'type') : c.type,
      op.nullable !== undefined ? op.nullable : c.nullable,
      c.autoincrement,
      'default' in op ? toDefault(op.default) : c.default,
      'comment' in op ? op.comment ?? undefined : c.comment,
    );
    return oneTableDelta(op.table, replaceColumn(t, op.column, next));
  },
  invert(op, before) {
    const c = requireColumn(requireTable(before, op.table), op.column);
    const inv: AlterColumnOp = { op: 'alterColumn', table: op.table, column: op.column, ...(op.only ? { only: op.only } : {}) };
    if (op.type !== undefined) {
      inv.type = typeToSpec(c.type);
      if (op.downgradeUsing !== undefined) inv.using = op.downgradeUsing;
      if (op.using !== undefined) inv.downgradeUsing = op.using;
    }
    if (op.nullable !== undefined) inv.nullable = c.nullable;
    if ('default' in op) inv.default = c.default ?? null;
    if ('comment' in op) inv.comment = c.comment ?? null;
    return [inv];
  },
  describe(op) {
    const what = [
      op.type !== undefined ? 'type' : '', op.nullable !== undefined ? 'nullable' : '',
      'default' in op ? 'default' : '', 'comment' in op ? 'comment' : '',
    ].filter(Boolean).join(', ');
    return `alterColumn ${op.table}.${op.column} (${what})`;
  },
};
