/**
 * irreversible-downgrade: a revision without a `downgrade` gets one derived
 * by inverting its upgrade against the schema model. Some ops cannot be
 * inverted (a `sql` op without `downgrade`, an `insert` whose rows cannot be
 * found again); and a type change with `using` inverts to the old type
 * without one, which the dialect refuses when no cast goes back (the
 * rollback script would fail exactly when it is needed).
 */
import { formatType } from '../../model/column-type.js';
import { defineRule } from '../rule.js';
import { typeChangeOf } from '../type-change.js';

export const irreversibleDowngrade = defineRule({
  meta: {
    id: 'irreversible-downgrade',
    description: 'a revision whose downgrade cannot be derived and is not given (a sql op without downgrade, using without downgradeUsing when no cast goes back)',
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create({ dialect }) {
    return {
      revision(e) {
        const problem = e.derivedDowngrade?.irreversible;
        if (!problem) return;
        e.report({
          op: problem.index,
          message: `revision ${e.revision.id} has no "downgrade" and upgrade[${problem.index}] cannot be inverted (${problem.irreversible}): rendering its rollback fails`,
          help: problem.hint,
        });
      },
      alterColumn(e) {
        if (e.origin === 'sql' || e.revision?.downgrade !== undefined) return;
        const change = typeChangeOf(e);
        if (!change || change.using === undefined || change.downgradeUsing !== undefined) return;
        const back = change.reverse();
        if (back.verdict !== 'fails') return;
        const from = formatType(change.from);
        const to = formatType(change.to);
        const oldSql = dialect.typeSql(change.from, e.before);
        e.report({
          at: ['using'],
          message: `alterColumn ${e.op.table}.${e.op.column} ${from} -> ${to} has "using" but no "downgradeUsing": the derived downgrade changes it back to ${from} without one, which ${dialect.displayName} refuses (${back.why})`,
          help: back.usingCast
            ? `add "downgradeUsing": ${JSON.stringify(`${e.op.column}::${oldSql}`)} (or an expression that converts back)`
            : `add "downgradeUsing" with an expression that computes the old ${from} value from ${e.op.column}`,
        });
      },
    };
  },
});
