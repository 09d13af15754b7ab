/**
 * sqlite-table-rebuild: SQLite's ALTER TABLE can rename, add and drop
 * columns (with restrictions) but nothing else; any other change is the
 * twelve-step rebuild of https://www.sqlite.org/lang_altertable.html#otheralter:
 * create the new table, copy every row, drop the old one, rename, recreate
 * the indexes, with foreign-key enforcement off. The dialect marks those
 * statements (needsForeignKeysOff), so this rule asks the renderer instead
 * of repeating its rules.
 *
 * A rebuild drops the table's triggers with the old table and does not
 * re-create them: sqlrev's model does not know them, since only a raw `sql`
 * op can make one. So the rule follows the CREATE TRIGGER / DROP TRIGGER
 * statements of `sql` ops (and the tables they are on through drops and
 * renames), and says which triggers a rebuild loses.
 */
import { defOf } from '../../ops/registry.js';
import { OP_KINDS, type OpKind } from '../../ops/types.js';
import { tokenize } from '../../sql/lexer.js';
import { sqliteLex } from '../../sql/lex-rules.js';
import { sqliteTargetTable, sqliteTriggerOn } from '../../sql/sqlite-classify.js';
import { defineRule, type AnyOpEvent, type OpHandlers, type StatementEvent } from '../rule.js';

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
    const triggers = new Triggers();
    const onOp = (e: AnyOpEvent) => {
      // Raw SQL runs as written: it never becomes a rebuild.
      if (e.origin === 'sql') return;
      const why = rebuildReason(e);
      if (why === null) return;
      const table = 'table' in e.op && typeof e.op.table === 'string' ? e.op.table : 'the table';
      const lost = triggers.dropAll(table);
      e.report({
        message: `${defOf(e.op).describe(e.op)} cannot be done in place on SQLite${why ? ` (${why})` : ''}: sqlrev rebuilds ${table} `
          + '(new table, copy of every row, drop, rename), which takes time in proportion to its size, holds the write lock throughout, and runs with foreign-key checks off'
          + (lost.length ? `; the rebuild also drops the ${lost.length === 1 ? 'trigger' : 'triggers'} ${lost.join(', ')} on ${table}, made by a "sql" op, and does not re-create ${lost.length === 1 ? 'it' : 'them'}` : ''),
        help: (lost.length ? 're-create the triggers in a "sql" op after this op, in the same revision; ' : '')
          + 'where you can, declare this in createTable, or group the changes to this table in one revision; on a large table, plan the rebuild time. '
          + 'When expected, add "audit": {"allow": ["sqlite-table-rebuild"], "reason": "..."}',
      });
    };
    const handlers: Record<string, (e: AnyOpEvent) => void> = Object.fromEntries(OP_KINDS.filter((k) => MAY_REBUILD[k]).map((k) => [k, onOp]));
    // A table's triggers go with it, and follow it through a rename (written as an op or in raw SQL).
    handlers['dropTable'] = (e) => { if (e.op.op === 'dropTable') triggers.dropAll(e.op.table); };
    handlers['renameTable'] = (e) => { if (e.op.op === 'renameTable') triggers.rename(e.op.table, e.op.to); };
    return {
      ...(handlers as OpHandlers),
      statement: (e: StatementEvent) => {
        // A .sql file is audited as written: sqlrev rebuilds nothing there.
        if (e.origin === 'revision') triggers.see(e.statement.kind, e.statement.sql);
      },
    };
  },
});

/**
 * The triggers raw SQL made, by the table they are on. SQLite folds names
 * to lower case (ASCII only) when it compares them, and so does this.
 */
class Triggers {
  private readonly byTable = new Map<string, string[]>();

  see(kind: string, sql: string): void {
    if (kind !== 'CreateTriggerStmt' && kind !== 'DropTriggerStmt') return;
    const { tokens } = tokenize(sql, sqliteLex);
    if (kind === 'CreateTriggerStmt') {
      const t = sqliteTriggerOn(tokens);
      if (!t) return;
      this.forget(t.trigger);
      const key = fold(t.table);
      this.byTable.set(key, [...(this.byTable.get(key) ?? []), t.trigger]);
      return;
    }
    const name = sqliteTargetTable(tokens);
    if (name !== undefined) this.forget(name);
  }

  /** The table's triggers, which are gone now. */
  dropAll(table: string): string[] {
    // Most projects have no trigger: then a rebuild costs this rule no name folding.
    if (this.byTable.size === 0) return [];
    const key = fold(table);
    const names = this.byTable.get(key) ?? [];
    this.byTable.delete(key);
    return names;
  }

  rename(from: string, to: string): void {
    const names = this.dropAll(from);
    if (names.length) this.byTable.set(fold(to), [...(this.byTable.get(fold(to)) ?? []), ...names]);
  }

  private forget(trigger: string): void {
    for (const [table, names] of this.byTable) {
      const rest = names.filter((n) => fold(n) !== fold(trigger));
      if (rest.length === 0) this.byTable.delete(table);
      else if (rest.length !== names.length) this.byTable.set(table, rest);
    }
  }
}

const fold = (name: string): string => name.replace(/[A-Z]+/g, (c) => c.toLowerCase());
