/**
 * createSequence, dropSequence.
 * https://www.postgresql.org/docs/current/sql-createsequence.html
 */
import type { Renderer } from '../../dialect.js';
import { ident } from './parts.js';

export const createSequence: Renderer<'createSequence'> = (op, ctx) => {
  const seq = ctx.after.sequence(op.name) ?? op;
  const increment = seq.increment ?? op.increment;
  const start = seq.start ?? op.start;
  let sql = `CREATE SEQUENCE ${ident(ctx, seq.name)}`;
  if (increment !== undefined) sql += ` INCREMENT BY ${ctx.dialect.quoteLiteral(increment)}`;
  if (start !== undefined) sql += ` START WITH ${ctx.dialect.quoteLiteral(start)}`;
  return [{ sql }];
};

export const dropSequence: Renderer<'dropSequence'> = (op, ctx) => [{ sql: `DROP SEQUENCE ${ident(ctx, op.name)}` }];
