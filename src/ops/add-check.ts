import { oneTableDelta } from '../model/delta.js';
import type { OpDefinition } from './definition.js';
import { appended, checkModel, nameOf, requireFreeConstraintName, requireTable } from './support.js';

export const addCheck: OpDefinition<'addCheck'> = {
  kind: 'addCheck',
  apply(op, before, { namer }) {
    const t = requireTable(before, op.table);
    const named = nameOf(op, () => namer.check(op.table, op.expression));
    requireFreeConstraintName(t, named.name);
    const check = checkModel(named, op.expression, op.notValid);
    return oneTableDelta(op.table, { ...t, checks: appended(t.checks, check) });
  },
  invert(op, _b, { namer }) {
    const name = op.name ?? namer.check(op.table, op.expression);
    return [{ op: 'dropConstraint', name, table: op.table, ...(op.only ? { only: op.only } : {}) }];
  },
  describe(op) {
    return `addCheck ${op.table}`;
  },
};
