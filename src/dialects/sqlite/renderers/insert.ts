import type { Renderer } from '../../dialect.js';

/** One INSERT per row with the row's own columns: the keys it leaves out take their default. */
export const insert: Renderer<'insert'> = (op, ctx) => {
  const d = ctx.dialect;
  const t = d.quoteIdent(op.table);
  return op.rows.map((row) => {
    const keys = Object.keys(row);
    if (keys.length === 0) return { sql: `INSERT INTO ${t} DEFAULT VALUES` };
    const cols = keys.map((k) => d.quoteIdent(k)).join(', ');
    const vals = keys.map((k) => d.quoteLiteral(row[k]!)).join(', ');
    return { sql: `INSERT INTO ${t} (${cols}) VALUES (${vals})` };
  });
};
