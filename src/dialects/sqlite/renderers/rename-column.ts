import type { Renderer } from '../../dialect.js';

/**
 * SQLite >= 3.25 renames the column and every use of it in indexes, CHECKs,
 * child REFERENCES, triggers and views
 * (https://www.sqlite.org/lang_altertable.html#altertabrencol).
 */
export const renameColumn: Renderer<'renameColumn'> = (op, ctx) => {
  const q = ctx.dialect.quoteIdent;
  return [{ sql: `ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.column)} TO ${q(op.to)}` }];
};
