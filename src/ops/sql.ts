import { EMPTY_DELTA } from '../model/delta.js';
import type { OpDefinition } from './definition.js';

export const sql: OpDefinition<'sql'> = {
  kind: 'sql',
  apply() {
    // Raw SQL is passed through verbatim; the model does not guess what it does.
    return EMPTY_DELTA;
  },
  invert(op) {
    if (op.downgrade === undefined || op.downgrade === null) {
      return {
        irreversible: 'a "sql" op has no "downgrade"',
        hint: 'add "downgrade" to the op (the SQL that undoes it), or give the revision an explicit "downgrade" list',
      };
    }
    return [{ op: 'sql', sql: op.downgrade, downgrade: op.sql, ...(op.only ? { only: op.only } : {}) }];
  },
  describe() {
    return 'sql';
  },
};
