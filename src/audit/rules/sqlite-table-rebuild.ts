/**
 * sqlite-table-rebuild: SQLite's ALTER TABLE can rename, add and drop
 * columns (with restrictions) but nothing else; any other change is the
 * twelve-step rebuild of https://www.sqlite.org/lang_altertable.html#otheralter:
 * create the new table, copy every row, drop the old one, rename, recreate
 * the indexes, with foreign-key enforcement off. The dialect marks those
 * statements (needsForeignKeysOff), so this rule asks the renderer instead
 * of repeating its rules.
 */
import { defOf } from '../../ops/registry.js';
import { OP_KINDS, type OpKind } from '../../ops/types.js';
import { defineRule, type AnyOpEvent, type OpHandlers } from '../rule.js';

/**
 * The op kinds that change an existing table's definition, which is what
 * SQLite's ALTER TABLE is limited in: only they can need a rebuild. The
 * others create, drop or rename whole objects or touch rows, all done in
 * place, so they are not rendered to look (for the createTable and
 * createIndex ops of a 10k-revision chain, about 55 ms). A record over
 * every kind, so a new op kind has to decide;
 * test/audit/rules/sqlite-table-rebuild.test.ts holds it against the
 * renderer on generated chains.
 */
export const MAY_REBUILD: Readonly<Record<OpKind, boolean>> = {
  createTable: false, dropTable: false, renameTable: false,
  addColumn: true, dropColumn: true, renameColumn: true, alterColumn: true,
  createIndex: false, dropIndex: false,
  addForeignKey: true, addUnique: true, addCheck: true, addPrimaryKey: true, dropConstraint: true,
  createSequence: false, dropSequence: false, createEnum: false, dropEnum: false,
  insert: false, deleteRows: false, sql: false,
};

/**
 * Why the op rebuilds its table ('' when the renderer gives no reason), or
 * null when it does not: from the dialect's plan when it has a planner for
 * the op kind (nothing is rendered), else from the statements it renders.
 */
function rebuildReason(e: AnyOpEvent): string | null {
  const plan = e.rebuildPlan();
  if (plan !== undefined) return plan && plan.reason;
  const stmts = e.statements();
  if (!stmts.some((s) => s.needsForeignKeysOff)) return null;
  return stmts.find((s) => s.rebuildReason !== undefined)?.rebuildReason ?? '';
}

export const sqliteTableRebuild = defineRule({
  meta: {
    id: 'sqlite-table-rebuild',
    description: 'op that SQLite can only do by rebuilding the table (create a copy, copy every row, drop, rename)',
    defaultSeverity: 'warning',
    dialects: ['sqlite'],
  },
  create() {
    const onOp = (e: AnyOpEvent) => {
      // Raw SQL runs as written: it never becomes a rebuild.
      if (e.origin === 'sql') return;
      const why = rebuildReason(e);
      if (why === null) return;
      const table = 'table' in e.op && typeof e.op.table === 'string' ? e.op.table : 'the table';
      e.report({
        message: `${defOf(e.op).describe(e.op)} cannot be done in place on SQLite${why ? ` (${why})` : ''}: sqlrev rebuilds ${table} `
          + '(new table, copy of every row, drop, rename), which takes time in proportion to its size, holds the write lock throughout, and runs with foreign-key checks off',
        help: 'where you can, declare this in createTable, or group the changes to this table in one revision; on a large table, plan the rebuild time. '
          + 'When expected, add "audit": {"allow": ["sqlite-table-rebuild"], "reason": "..."}',
      });
    };
    return Object.fromEntries(OP_KINDS.filter((k) => MAY_REBUILD[k]).map((k) => [k, onOp])) as OpHandlers;
  },
});
