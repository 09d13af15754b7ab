import { ModelError } from '../errors.js';
import { sequenceDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';

export const createSequence: OpDefinition<'createSequence'> = {
  kind: 'createSequence',
  apply(op, before) {
    if (before.sequence(op.name)) throw new ModelError(`sequence "${op.name}" already exists`, 'pick another name', 'name');
    if (op.increment === 0) throw new ModelError('a sequence increment cannot be 0', undefined, 'increment');
    return sequenceDelta(op.name, {
      name: op.name, ...(op.start !== undefined ? { start: op.start } : {}), ...(op.increment !== undefined ? { increment: op.increment } : {}),
    });
  },
  invert(op) {
    return [{ op: 'dropSequence', name: op.name, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `createSequence ${op.name}`;
  },
};

export const dropSequence: OpDefinition<'dropSequence'> = {
  kind: 'dropSequence',
  apply(op, before) {
    if (!before.sequence(op.name)) {
      throw new ModelError(`sequence "${op.name}" does not exist at this point`, 'check the name', 'name');
    }
    return sequenceDelta(op.name, null);
  },
  invert(op, before) {
    const s = before.sequence(op.name)!;
    return [{
      op: 'createSequence', name: s.name,
      ...(s.start !== undefined ? { start: s.start } : {}), ...(s.increment !== undefined ? { increment: s.increment } : {}),
      ...(op.only ? { only: op.only } : {}),
    }];
  },
  describe(op) {
    return `dropSequence ${op.name}`;
  },
};
