/**
 * createEnum, dropEnum.
 * https://www.postgresql.org/docs/current/sql-createtype.html
 */
import type { Renderer } from '../../dialect.js';
import { ident } from './parts.js';

export const createEnum: Renderer<'createEnum'> = (op, ctx) => {
  const e = ctx.after.enumType(op.name) ?? op;
  const values = e.values.map((v) => ctx.dialect.quoteLiteral(v)).join(', ');
  return [{ sql: `CREATE TYPE ${ident(ctx, e.name)} AS ENUM (${values})` }];
};

export const dropEnum: Renderer<'dropEnum'> = (op, ctx) => [{ sql: `DROP TYPE ${ident(ctx, op.name)}` }];
