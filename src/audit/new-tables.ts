/**
 * Which tables were created in the revision (or `.sql` segment) being
 * audited. Rules about locks and rewrites only matter for a table that
 * already holds rows and serves traffic: one created earlier in the same
 * revision is empty and unused when the op runs. SQL-text linters cannot
 * tell the two apart; this is what the replay buys.
 */
import type { Op } from '../ops/types.js';

export class NewTables {
  private readonly names = new Set<string>();

  /** A new revision (or segment) starts: nothing in it is new yet. */
  reset(): void {
    this.names.clear();
  }

  has(table: string): boolean {
    return this.names.has(table);
  }

  /** Record what an op that was applied does to table identity. */
  note(op: Op): void {
    switch (op.op) {
      case 'createTable':
        this.names.add(op.table);
        return;
      case 'renameTable':
        // A renamed table keeps its rows: it is new only if it was new before.
        if (this.names.delete(op.table)) this.names.add(op.to);
        return;
      case 'dropTable':
        this.names.delete(op.table);
        return;
      default:
        // No other op creates, renames or drops a table.
        return;
    }
  }
}
