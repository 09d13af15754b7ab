import { ModelError } from '../../../errors.js';
import type { Renderer } from '../../dialect.js';

/** Index names are schema-wide in SQLite, so DROP INDEX needs no table. No CONCURRENTLY either. */
export const dropIndex: Renderer<'dropIndex'> = (op, ctx) => {
  const owner = ctx.before.indexOwner(op.name);
  const ix = owner === undefined ? undefined : ctx.before.table(owner)?.indexes.find((i) => i.name === op.name);
  if (!ix) throw new ModelError(`index ${op.name} does not exist`, undefined, 'name');
  return [{ sql: `DROP INDEX ${ctx.dialect.quoteIdent(ctx.dialect.physicalName(ix))}` }];
};
