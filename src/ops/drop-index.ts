import { ModelError } from '../errors.js';
import { oneTableDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import type { SchemaState } from '../model/types.js';
import type { DropIndexOp } from './types.js';
import { requireTable, restoreName } from './support.js';

function owner(op: DropIndexOp, before: SchemaState): string {
  const o = before.indexOwner(op.name);
  if (o === undefined || (op.table !== undefined && o !== op.table)) {
    const where = op.table !== undefined ? ` on table "${op.table}"` : '';
    throw new ModelError(`index "${op.name}" does not exist${where} at this point`, 'check the name (sqlrev schema shows the indexes)', 'name');
  }
  return o;
}

export const dropIndex: OpDefinition<'dropIndex'> = {
  kind: 'dropIndex',
  apply(op, before) {
    const t = requireTable(before, owner(op, before));
    return oneTableDelta(t.name, { ...t, indexes: t.indexes.filter((i) => i.name !== op.name) });
  },
  invert(op, before) {
    const t = requireTable(before, owner(op, before));
    const ix = t.indexes.find((i) => i.name === op.name)!;
    return [{
      op: 'createIndex', ...restoreName(ix), table: t.name, columns: [...ix.columns],
      ...(ix.unique ? { unique: true } : {}), ...(ix.where !== undefined ? { where: ix.where } : {}),
      ...(op.concurrently ? { concurrently: true } : {}), ...(op.only ? { only: op.only } : {}),
    }];
  },
  describe(op) {
    return `dropIndex ${op.name}`;
  },
};
