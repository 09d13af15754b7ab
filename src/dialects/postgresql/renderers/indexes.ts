/**
 * createIndex, dropIndex.
 * https://www.postgresql.org/docs/current/sql-createindex.html
 */
import type { Renderer, RenderContext, Statement } from '../../dialect.js';
import { ModelError } from '../../../errors.js';
import type { IndexModel, TableModel } from '../../../model/types.js';
import type { CreateIndexOp, IndexColumn } from '../../../ops/types.js';
import { verbatim } from '../verbatim.js';
import { ident, lockOn, objectName, requireTable } from './parts.js';

/**
 * Plain CREATE INDEX takes SHARE (writes wait for the whole build);
 * CONCURRENTLY takes SHARE UPDATE EXCLUSIVE and cannot run inside a
 * transaction block.
 */
export const createIndex: Renderer<'createIndex'> = (op, ctx) => {
  const table = requireTable(ctx.after, op.table, 'after');
  const index = createdIndex(op, ctx, table);
  const parts = [
    'CREATE',
    index.unique ? 'UNIQUE INDEX' : 'INDEX',
    ...(op.concurrently ? ['CONCURRENTLY'] : []),
    objectName(ctx, index),
    'ON',
    ident(ctx, table.name),
    `(${index.columns.map((c) => indexColumn(ctx, c)).join(', ')})`,
    ...(index.where !== undefined ? ['WHERE', verbatim(index.where)] : []),
  ];
  const stmt: Statement = { sql: parts.join(' '), lock: lockOn(ctx, op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', table.name) };
  if (op.concurrently) stmt.transactional = false;
  return [stmt];
};

/** An expression key must be parenthesised unless it is a bare function call; always parenthesising is safe. */
function indexColumn(ctx: RenderContext, c: IndexColumn): string {
  return typeof c === 'string' ? ident(ctx, c) : `(${verbatim(c.expression)})`;
}

/** The model's index for this op: by its name, else the one index the op added. */
function createdIndex(op: CreateIndexOp, ctx: RenderContext, table: TableModel): IndexModel {
  if (op.name !== undefined) {
    const named = table.indexes.find((i) => i.name === op.name);
    if (named) return named;
  }
  const before = ctx.before.table(op.table)?.indexes ?? [];
  const appended = appendedOne(before, table.indexes);
  if (appended) return appended;
  const had = new Set(before.map((i) => i.name));
  const added = table.indexes.filter((i) => !had.has(i.name));
  if (added.length === 1) return added[0]!;
  const key = JSON.stringify([op.columns, !!op.unique, op.where ?? null]);
  const same = table.indexes.find((i) => JSON.stringify([i.columns, i.unique, i.where ?? null]) === key);
  if (same) return same;
  throw new ModelError(`the model has no index for this createIndex on ${table.name}`, 'give the index a name', 'name');
}

/**
 * The one index `after` adds to `before`, when it keeps every index of
 * `before` (the same objects, in order) and appends one whose name is new:
 * what createIndex's model change does (ops/create-index.ts). Else undefined.
 */
function appendedOne(before: readonly IndexModel[], after: readonly IndexModel[]): IndexModel | undefined {
  if (after.length !== before.length + 1) return undefined;
  for (let i = 0; i < before.length; i++) if (after[i] !== before[i]) return undefined;
  const last = after[before.length]!;
  return before.some((i) => i.name === last.name) ? undefined : last;
}

/**
 * DROP INDEX takes ACCESS EXCLUSIVE on the index's table; CONCURRENTLY waits
 * for running queries instead, under SHARE UPDATE EXCLUSIVE, outside any
 * transaction block. https://www.postgresql.org/docs/current/sql-dropindex.html
 */
export const dropIndex: Renderer<'dropIndex'> = (op, ctx) => {
  const owner = ctx.before.indexOwner(op.name) ?? op.table;
  const index = owner === undefined ? undefined : ctx.before.table(owner)?.indexes.find((i) => i.name === op.name);
  const name = objectName(ctx, index ?? { name: op.name, generated: false });
  const stmt: Statement = { sql: `DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${name}` };
  if (owner !== undefined) stmt.lock = lockOn(ctx, op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', owner);
  if (op.concurrently) stmt.transactional = false;
  return [stmt];
};
