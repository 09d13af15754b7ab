/**
 * rename: renaming a table or a column in one step breaks every running
 * instance of the application that still uses the old name, for as long as
 * the deploy takes (old code and new schema overlap).
 */
import { defineRule } from '../rule.js';

const HELP_TABLE = 'expand and contract: create the new table (or a view named like the new one), have the application write both, '
  + 'backfill, switch reads, and drop the old name in a later revision';
const HELP_COLUMN = 'expand and contract: addColumn the new name, have the application write both, backfill it with a "sql" op, '
  + 'switch reads, and dropColumn the old one in a later revision';

export const rename = defineRule({
  meta: {
    id: 'rename',
    description: 'renameTable and renameColumn break the running application during a deploy',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create() {
    return {
      renameTable(e) {
        if (!e.isExistingTable(e.op.table)) return;
        e.report({
          message: `renameTable ${e.op.table} -> ${e.op.to}: queries of the running application that name "${e.op.table}" fail from the moment this runs until the new code is live`,
          help: HELP_TABLE,
        });
      },
      renameColumn(e) {
        if (!e.isExistingTable(e.op.table)) return;
        e.report({
          message: `renameColumn ${e.op.table}.${e.op.column} -> ${e.op.to}: queries of the running application that name "${e.op.column}" fail from the moment this runs until the new code is live`,
          help: HELP_COLUMN,
        });
      },
    };
  },
});
