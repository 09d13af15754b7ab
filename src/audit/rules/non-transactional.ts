/**
 * non-transactional: statements that run outside a transaction. A revision
 * normally applies all or nothing; a statement that cannot run in a
 * transaction block (CREATE/DROP INDEX CONCURRENTLY on PostgreSQL:
 * https://www.postgresql.org/docs/current/sql-createindex.html) or a
 * revision marked "transactional": false can leave the database half
 * migrated when something fails, with the version table not saying so.
 */
import type { Dialect } from '../../dialects/dialect.js';
import { defOf } from '../../ops/registry.js';
import { OP_KINDS, type Op } from '../../ops/types.js';
import { defineRule, type AnyOpEvent, type OpHandlers } from '../rule.js';
import { statementVerb } from '../sql-analysis.js';

const HELP_OP = 'keep it in a revision of its own, so a failure cannot leave other ops half applied; a failed CONCURRENTLY build leaves an INVALID index: '
  + 'drop it (dropIndex "concurrently": true) and run again. When that is understood, add "audit": {"allow": ["non-transactional"], "reason": "..."}';

/**
 * Whether `op` can render a statement that runs outside the transaction,
 * decided without rendering it: a dialect with transactional DDL runs only
 * the CONCURRENTLY forms outside (CREATE/DROP INDEX CONCURRENTLY on
 * PostgreSQL); without it (MySQL), any op may. Rendering every op to look
 * was a tenth of a 10k-revision audit; test/audit/rules/non-transactional.test.ts
 * holds this against every renderer on generated chains.
 */
export function mayRunOutsideTransaction(op: Op, dialect: Dialect): boolean {
  return !dialect.transactionalDdl || ('concurrently' in op && op.concurrently === true);
}

export const nonTransactional = defineRule({
  meta: {
    id: 'non-transactional',
    description: 'statements that run outside a transaction (CONCURRENTLY, "transactional": false): a failure leaves the revision half applied',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create() {
    // Whatever the dialect renders with `transactional: false`, for every op kind.
    const onOp = (e: AnyOpEvent) => {
      // The statements of SQL (a .sql file, a raw `sql` op) are reported one by one, by statement(), which names each.
      if (e.origin === 'sql' || e.op.op === 'sql') return;
      if (!mayRunOutsideTransaction(e.op, e.dialect)) return;
      const outside = e.statements().filter((s) => s.transactional === false);
      if (!outside.length) return;
      e.report({
        ...(('concurrently' in e.op && e.op.concurrently) ? { at: ['concurrently'] } : {}),
        message: `${defOf(e.op).describe(e.op)} cannot run inside a transaction on ${e.dialect.displayName}: sqlrev runs it on its own, so if anything after it fails the revision stays half applied`,
        help: HELP_OP,
      });
    };
    const ops = Object.fromEntries(OP_KINDS.map((k) => [k, onOp])) as OpHandlers;
    return {
      ...ops,
      statement(e) {
        if (e.statement.outsideTransaction || e.statement.concurrently) {
          const what = e.statement.concurrently ? `${statementVerb(e.statement.sql)} ... CONCURRENTLY` : statementVerb(e.statement.sql);
          e.report({
            message: `${what} cannot run inside a transaction block: if it fails, what ran before it stays applied${e.statement.concurrently ? ', and a failed concurrent index build leaves an INVALID index' : ''}`,
            help: e.origin === 'revision' ? HELP_OP : 'run it on its own, outside BEGIN/COMMIT; after a failure, clean up what it left (DROP INDEX CONCURRENTLY an invalid index) and run it again',
          });
        } else if (e.statement.transactionControl && e.origin === 'revision' && /^\s*(begin|start|commit|end|rollback|abort|savepoint|release|prepare)\b/i.test(e.statement.sql)) {
          e.report({
            message: `${statementVerb(e.statement.sql)} in a "sql" op ends or nests the transaction sqlrev wraps the revision in: what follows runs outside it, and a failure leaves the revision half applied`,
            help: 'remove transaction control from the op; to run outside a transaction, set "transactional": false on the revision',
          });
        }
      },
      revision(e) {
        if (e.revision.transactional) return;
        e.report({
          at: ['transactional'],
          message: `revision ${e.revision.id} is "transactional": false: its statements commit one by one, so a failure leaves it half applied and the version table still at the previous revision`,
          help: 'keep such a revision to the one statement that needs it (and make that statement safe to run again); '
            + 'otherwise remove "transactional": false',
        });
      },
    };
  },
});
