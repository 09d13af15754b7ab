import type { Renderer } from '../../dialect.js';

/** The table's indexes and triggers go with it (https://www.sqlite.org/lang_droptable.html). */
export const dropTable: Renderer<'dropTable'> = (op, ctx) => [
  { sql: `DROP TABLE ${ctx.dialect.quoteIdent(op.table)}` },
];
