import { ModelError } from '../../../errors.js';
import type { Renderer } from '../../dialect.js';

/** The inverse of insert: one DELETE per row, by its primary key. */
export const deleteRows: Renderer<'deleteRows'> = (op, ctx) => {
  const d = ctx.dialect;
  return op.keys.map((key) => {
    const keys = Object.keys(key);
    // An empty key would render a DELETE without WHERE: every row.
    if (keys.length === 0) throw new ModelError(`deleteRows on ${op.table} has a row without key columns`, undefined, 'keys');
    const where = keys
      .map((k) => (key[k] === null ? `${d.quoteIdent(k)} IS NULL` : `${d.quoteIdent(k)} = ${d.quoteLiteral(key[k]!)}`))
      .join(' AND ');
    return { sql: `DELETE FROM ${d.quoteIdent(op.table)} WHERE ${where}` };
  });
};
