/**
 * unknown-reference: an op the schema model cannot apply at its point in the
 * history, usually because it names a table, column, index or constraint
 * that does not exist there (a typo, or an object dropped or renamed by an
 * earlier revision). Rendering fails on it too; the auditor reports it with
 * the rest instead of stopping, and goes on with the next op.
 */
import { defineRule } from '../rule.js';

export const unknownReference = defineRule({
  meta: {
    id: 'unknown-reference',
    description: "op names a table, column, index or constraint the model doesn't have at that point",
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create() {
    return {
      modelError(e) {
        e.report({
          message: `${e.error.message}: the migration fails here`,
          help: e.error.hint ?? 'fix the name, or create the object in an earlier op or revision',
        });
      },
    };
  },
});
