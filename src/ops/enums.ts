import { ModelError } from '../errors.js';
import { enumDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';

export const createEnum: OpDefinition<'createEnum'> = {
  kind: 'createEnum',
  apply(op, before) {
    if (before.enumType(op.name)) throw new ModelError(`enum "${op.name}" already exists`, 'pick another name', 'name');
    if (op.values.length === 0) throw new ModelError('an enum needs at least one value', undefined, 'values');
    const dup = op.values.find((v, i) => op.values.indexOf(v) !== i);
    if (dup !== undefined) throw new ModelError(`enum value "${dup}" is listed twice`, undefined, 'values');
    return enumDelta(op.name, { name: op.name, values: op.values });
  },
  invert(op) {
    return [{ op: 'dropEnum', name: op.name, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `createEnum ${op.name}`;
  },
};

export const dropEnum: OpDefinition<'dropEnum'> = {
  kind: 'dropEnum',
  apply(op, before) {
    if (!before.enumType(op.name)) throw new ModelError(`enum "${op.name}" does not exist at this point`, 'check the name', 'name');
    for (const n of before.tableNames()) {
      const col = before.table(n)!.columns.find((c) => c.type.kind === 'enum' && c.type.name === op.name);
      if (col) throw new ModelError(`enum "${op.name}" is still used by column "${n}.${col.name}"`, 'change or drop that column first', 'name');
    }
    return enumDelta(op.name, null);
  },
  invert(op, before) {
    const e = before.enumType(op.name)!;
    return [{ op: 'createEnum', name: e.name, values: [...e.values], ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `dropEnum ${op.name}`;
  },
};
