/**
 * data-migration: rows changed inside a schema migration. The schema model
 * does not track rows, so nothing checks them against later revisions, a
 * large UPDATE holds its row locks (and the revision's transaction, with
 * every DDL lock taken so far) until it ends, and a downgrade cannot restore
 * what an UPDATE or DELETE overwrote.
 */
import { defineRule } from '../rule.js';
import { BOOKKEEPING_KIND, statementVerb } from '../sql-analysis.js';

/** The table a DML statement writes, when it starts INSERT INTO / UPDATE / DELETE FROM / COPY <table>. */
function targetTable(sql: string): string | undefined {
  const m = /^\s*(?:insert\s+into|update|delete\s+from|copy|merge\s+into)\s+(?:only\s+)?((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)/i.exec(sql);
  if (!m) return undefined;
  const last = m[1]!.split('.').pop()!.trim();
  return last.startsWith('"') ? last.slice(1, -1) : last.toLowerCase();
}

export const dataMigration = defineRule({
  meta: {
    id: 'data-migration',
    description: 'insert ops and sql ops with DML (INSERT, UPDATE, DELETE, MERGE, COPY) change rows the schema model does not track',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create() {
    return {
      insert(e) {
        if (e.origin === 'sql') return; // reported as a statement
        const n = e.op.rows.length;
        e.report({
          message: `insert of ${n} row${n === 1 ? '' : 's'} into ${e.op.table}: rows are data the schema model does not track; later revisions are not checked against them, and a derived downgrade can only delete them by primary key`,
          help: 'keep migrations to schema and small reference data; load larger data with a separate job. '
            + 'If these rows belong here, add "audit": {"allow": ["data-migration"], "reason": "..."}',
        });
      },
      statement(e) {
        // The version table's bookkeeping (sqlrev's, or Alembic's in `--sql`
        // output) is how migrations record themselves, not a data change.
        if (!e.statement.dml || e.statement.kind === BOOKKEEPING_KIND) return;
        const target = targetTable(e.statement.sql);
        const kind = statementVerb(e.statement.sql);
        e.report({
          message: `${kind}${target ? ` on ${target}` : ''} in a migration changes rows the schema model does not track: it holds its row locks and the migration's transaction (with every lock taken so far) until it ends, and a downgrade cannot restore what it overwrote`,
          help: 'run data backfills as a separate job in batches (UPDATE ... WHERE id BETWEEN ...), outside the schema migration; '
            + 'if this change belongs here, add "audit": {"allow": ["data-migration"], "reason": "..."} to the op',
        });
      },
    };
  },
});
