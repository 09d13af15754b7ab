/**
 * destructive: dropTable / dropColumn lose data. The derived downgrade
 * recreates the table or column from the model, empty: structure comes
 * back, rows do not.
 */
import { defineRule } from '../rule.js';

export const destructive = defineRule({
  meta: {
    id: 'destructive',
    description: 'dropTable and dropColumn delete data that no downgrade brings back',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create() {
    return {
      dropTable(e) {
        // A table created earlier in the same revision holds no rows yet.
        if (!e.isExistingTable(e.op.table)) return;
        e.report({
          message: `dropTable ${e.op.table} deletes the table and every row in it; a downgrade recreates it empty`,
          help: 'stop reading and writing the table in one release and drop it in a later one, after a backup; '
            + 'if the data is really disposable, add "audit": {"allow": ["destructive"], "reason": "..."} to the op',
        });
      },
      dropColumn(e) {
        if (!e.isExistingTable(e.op.table)) return;
        e.report({
          message: `dropColumn ${e.op.table}.${e.op.column} deletes the column's values in every row; a downgrade adds the column back empty (or with its default)`,
          help: 'stop using the column in the application first, then drop it in a later revision; '
            + 'if the values are really disposable, add "audit": {"allow": ["destructive"], "reason": "..."} to the op',
        });
      },
    };
  },
});
