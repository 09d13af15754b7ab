/**
 * The general table change SQLite's ALTER TABLE cannot make in place, done
 * the way https://www.sqlite.org/lang_altertable.html#otheralter ("Making
 * Other Kinds Of Table Schema Changes") prescribes:
 *
 *   CREATE TABLE new_X (the new definition); INSERT INTO new_X SELECT ... FROM X;
 *   DROP TABLE X; ALTER TABLE new_X RENAME TO X; recreate X's indexes.
 *
 * Steps 1, 10 and 12 of that procedure (PRAGMA foreign_keys=OFF before the
 * transaction, PRAGMA foreign_key_check, foreign keys back ON after COMMIT)
 * are the script layer's job: PRAGMA foreign_keys is a no-op inside a
 * transaction (https://www.sqlite.org/foreignkeys.html#fk_enable). Every
 * statement here is marked needsForeignKeysOff so it knows to. With foreign
 * keys ON, DROP TABLE X would run an implicit DELETE FROM X and cascade into
 * (or be refused by) the child tables.
 *
 * Triggers on X go with DROP TABLE X and are not recreated: the model does
 * not know them (only a `sql` op can make one).
 */
import { ModelError } from '../../errors.js';
import type { RenderContext, Statement } from '../dialect.js';
import type { TableModel } from '../../model/types.js';
import { autoincrementColumn, createIndexSql, createTableSql } from './table-definition.js';

export const REBUILD_PREFIX = '_sqlrev_new_';
const SAVEPOINT = 'sqlrev_rebuild';

export interface RebuildOptions {
  /**
   * The SELECT expression for a column of the new table, by column name.
   * Columns not listed copy the old column of the same name; new columns
   * (no old column of that name) are left out of the copy, so they take their
   * DEFAULT (or NULL) exactly as an added column would.
   */
  readonly expressions?: ReadonlyMap<string, string>;
  /** Why the table is rebuilt, for the comment above the statements. */
  readonly reason: string;
}

/** The rebuild of `name` needs its work table's name free. */
export function checkWorkTable(name: string, ctx: RenderContext): void {
  const tmp = REBUILD_PREFIX + name;
  if (ctx.before.table(tmp) || ctx.after.table(tmp)) {
    throw new ModelError(`cannot rebuild ${name}: the work table name ${tmp} is taken`, `rename the table ${tmp}`);
  }
}

export function rebuildTable(before: TableModel, after: TableModel, ctx: RenderContext, opts: RebuildOptions): Statement[] {
  const d = ctx.dialect;
  const name = after.name;
  const tmp = REBUILD_PREFIX + name;
  checkWorkTable(name, ctx);
  const t = d.quoteIdent(name);
  const n = d.quoteIdent(tmp);
  // A savepoint makes the rebuild all-or-nothing even in a revision marked
  // `transactional: false`: outside a transaction SAVEPOINT begins one, inside
  // it nests (https://www.sqlite.org/lang_savepoint.html). A failure between
  // DROP TABLE and the rename must never leave the data only in the work table.
  const out: string[] = [`SAVEPOINT ${SAVEPOINT}`, createTableSql(after, d, ctx.after, tmp)];

  const targets: string[] = [];
  const sources: string[] = [];
  for (const col of after.columns) {
    const expr = opts.expressions?.get(col.name);
    if (expr !== undefined) {
      targets.push(d.quoteIdent(col.name));
      sources.push(expr);
    } else if (before.columns.some((c) => c.name === col.name)) {
      targets.push(d.quoteIdent(col.name));
      sources.push(d.quoteIdent(col.name));
    }
  }
  if (targets.length > 0) out.push(`INSERT INTO ${n} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${t}`);

  // AUTOINCREMENT keeps its high-water mark in sqlite_sequence
  // (https://www.sqlite.org/autoinc.html); DROP TABLE deletes X's row and the
  // copy only records the largest id still present, so carry the old mark over.
  // ALTER TABLE ... RENAME renames the sqlite_sequence row with the table.
  if (autoincrementColumn(before) && autoincrementColumn(after)) {
    out.push(`DELETE FROM sqlite_sequence WHERE name = ${d.quoteLiteral(tmp)}`);
    out.push(`INSERT INTO sqlite_sequence (name, seq) SELECT ${d.quoteLiteral(tmp)}, seq FROM sqlite_sequence WHERE name = ${d.quoteLiteral(name)}`);
  }

  out.push(`DROP TABLE ${t}`);
  // Since SQLite 3.26 a RENAME re-parses every view and trigger of the schema
  // and fails ("error in view v: no such table: main.X") when one of them uses
  // X, which was just dropped. legacy_alter_table=ON renames the table only
  // (https://www.sqlite.org/pragma.html#pragma_legacy_alter_table); the child
  // tables' REFERENCES X need no rewrite: they name X, which is what the new
  // table is called once renamed.
  out.push('PRAGMA legacy_alter_table = ON');
  out.push(`ALTER TABLE ${n} RENAME TO ${t}`);
  out.push('PRAGMA legacy_alter_table = OFF');
  for (const ix of after.indexes) out.push(createIndexSql(ix, name, d));
  out.push(`RELEASE ${SAVEPOINT}`);

  return out.map((sql, i) => ({
    sql,
    needsForeignKeysOff: true,
    ...(i === 0 ? { note: `rebuilds table ${name} (${opts.reason}): copy, drop, rename; see https://www.sqlite.org/lang_altertable.html#otheralter`, rebuildReason: opts.reason } : {}),
  }));
}
