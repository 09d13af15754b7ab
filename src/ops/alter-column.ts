import { ModelError } from '../errors.js';
import { tableDelta } from '../model/delta.js';
import { typeToSpec } from '../model/column-type.js';
import type { ColumnModel } from '../model/types.js';
import type { OpDefinition } from './definition.js';
import type { AlterColumnOp } from './types.js';
import { replaceColumn, requireColumn, requireTable, resolveType, toDefault } from './support.js';

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
    const { default: _d, comment: _c, ...base } = c;
    const next: ColumnModel = {
      ...base,
      ...(op.type !== undefined ? { type: resolveType(before, op.type, 'type') } : {}),
      ...(op.nullable !== undefined ? { nullable: op.nullable } : {}),
      ...(withDefault(op, c)),
      ...(withComment(op, c)),
    };
    return tableDelta([op.table, replaceColumn(t, op.column, next)]);
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

function withDefault(op: AlterColumnOp, c: ColumnModel): Partial<ColumnModel> {
  if (!('default' in op)) return c.default !== undefined ? { default: c.default } : {};
  const d = toDefault(op.default);
  return d !== undefined ? { default: d } : {};
}

function withComment(op: AlterColumnOp, c: ColumnModel): Partial<ColumnModel> {
  if (!('comment' in op)) return c.comment !== undefined ? { comment: c.comment } : {};
  return op.comment === null || op.comment === undefined ? {} : { comment: op.comment };
}
