/**
 * sql: the op's PostgreSQL text, verbatim, as one Statement (it may hold
 * several SQL statements; psql runs them in order). When one of them cannot
 * run in a transaction block, the whole text runs outside the revision's
 * transaction, as a createIndex with `concurrently` does.
 */
import type { Renderer } from '../../dialect.js';
import { ModelError } from '../../../errors.js';
import { holdsStatementOutsideTransaction } from '../../../sql/pg-outside-transaction.js';
import { verbatim } from '../verbatim.js';
import { sqlFor } from './parts.js';

export const sql: Renderer<'sql'> = (op, ctx) => {
  const text = sqlFor(ctx, op.sql);
  if (text === undefined) {
    throw new ModelError(
      `sql op has no ${ctx.dialect.name} entry; add one or set only`,
      `add a "${ctx.dialect.name}" key to sql, or "only" with the dialects it has`,
      'sql',
    );
  }
  // Trailing `;` and whitespace are the template's business, not the statement's.
  const body = text.replace(/[\s;]+$/, '');
  // An empty text is a deliberate "nothing on this dialect".
  if (body === '') return [];
  // CREATE INDEX CONCURRENTLY and the like fail inside the revision's BEGIN/COMMIT: the script runs them outside.
  return holdsStatementOutsideTransaction(body) ? [{ sql: verbatim(body), transactional: false }] : [{ sql: verbatim(body) }];
};
