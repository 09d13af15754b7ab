import { ModelError } from '../../../errors.js';
import type { Renderer } from '../../dialect.js';
import { createIndexSql } from '../table-definition.js';
import { tableIn } from './tables.js';

/**
 * SQLite has no CREATE INDEX CONCURRENTLY (https://www.sqlite.org/lang_createindex.html):
 * a `concurrently` index is a plain one here, built inside the transaction.
 */
export const createIndex: Renderer<'createIndex'> = (op, ctx) => {
  const before = ctx.before.table(op.table);
  const after = tableIn(ctx.after, op.table, 'after');
  const ix = op.name !== undefined
    ? after.indexes.find((i) => i.name === op.name)
    : after.indexes.find((i) => !before?.indexes.some((b) => b.name === i.name));
  if (!ix) throw new ModelError(`the new index is not on ${op.table} after the op`, undefined, 'name');
  return [{ sql: createIndexSql(ix, after.name, ctx.dialect) }];
};
