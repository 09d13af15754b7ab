/**
 * lossy-cast: a type change that either changes values without an error
 * (double -> real keeps 7 digits, timestamp -> date drops the time,
 * numeric(10,2) -> numeric(10,1) rounds, json -> jsonb reorders keys and drops
 * duplicates) or fails at apply time on the values that do not fit
 * (bigint -> integer, varchar(100) -> varchar(20)): it passes on an empty
 * development database and breaks, or quietly corrupts, production. The
 * verdicts come from the measured cast tables: PostgreSQL's ALTER on sample
 * values, SQLite's rebuild copy on sample values (src/audit/casts/).
 */
import { formatType } from '../../model/column-type.js';
import { defineRule } from '../rule.js';
import { typeChangeOf } from '../type-change.js';

export const lossyCast = defineRule({
  meta: {
    id: 'lossy-cast',
    description: 'type change that silently loses information, or that fails at apply time on values that do not fit',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create({ dialect }) {
    return {
      alterColumn(e) {
        const change = typeChangeOf(e);
        // With "using" the conversion is the revision's own expression; a
        // change that fails outright is unsafe-cast's.
        if (!change || change.using !== undefined || change.forward.verdict === 'fails') return;
        const { lossy, failsOnValues, why } = change.forward;
        if (lossy === undefined && !failsOnValues) return;
        const silent = lossy === 'silent';
        const fails = failsOnValues === true || lossy === 'fails-on-values';
        const what = silent && fails
          ? 'changes some values silently and fails at apply time on others'
          : silent ? 'silently loses information' : 'fails at apply time on values that do not fit';
        const col = `${e.op.table}.${e.op.column}`;
        e.report({
          at: ['type'],
          message: `alterColumn ${col} ${formatType(change.from)} -> ${formatType(change.to)} ${what} on ${dialect.displayName}: ${why}`,
          help: fails && !silent
            ? `check the data first (the longest / largest value of ${e.op.column} must fit ${formatType(change.to)}), or keep the wider type`
            : `keep the wider type, or add a new ${formatType(change.to)} column, backfill it with a conversion you choose, and switch to it`,
        });
      },
    };
  },
});
