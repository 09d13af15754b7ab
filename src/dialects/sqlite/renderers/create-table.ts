import type { Renderer } from '../../dialect.js';
import { createIndexSql, createTableSql } from '../table-definition.js';
import { tableIn } from './tables.js';

/**
 * Every constraint is written inline, named (`CONSTRAINT name ...`): SQLite
 * cannot add one later without a rebuild. Table and column comments have no
 * place in SQLite, so they produce nothing.
 */
export const createTable: Renderer<'createTable'> = (op, ctx) => {
  const t = tableIn(ctx.after, op.table, 'after');
  return [
    { sql: createTableSql(t, ctx.dialect, ctx.after) },
    ...t.indexes.map((ix) => ({ sql: createIndexSql(ix, t.name, ctx.dialect) })),
  ];
};
