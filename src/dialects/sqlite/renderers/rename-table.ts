import type { Renderer } from '../../dialect.js';

/**
 * With legacy_alter_table OFF (the default), SQLite >= 3.26 also rewrites the
 * REFERENCES clauses of child tables, and the views and triggers that name the
 * table (https://www.sqlite.org/lang_altertable.html#altertabrename).
 * Indexes keep their names, as the model says.
 */
export const renameTable: Renderer<'renameTable'> = (op, ctx) => [
  { sql: `ALTER TABLE ${ctx.dialect.quoteIdent(op.table)} RENAME TO ${ctx.dialect.quoteIdent(op.to)}` },
];
