import type { RenderContext, Renderer, Statement } from '../../dialect.js';
import { rebuildTable } from '../rebuild.js';
import { tableIn } from './tables.js';

/**
 * SQLite's ALTER TABLE cannot add or drop a constraint
 * (https://www.sqlite.org/omitted.html): the table is rebuilt with the
 * constraints of the model after the op. A unique index would avoid the
 * rebuild for addUnique, but the model (and a later dropConstraint) treats it
 * as a constraint, so it is one here too.
 */
function constraintChange(what: string): (op: { table: string }, ctx: RenderContext) => Statement[] {
  return (op, ctx) => rebuildTable(tableIn(ctx.before, op.table, 'before'), tableIn(ctx.after, op.table, 'after'), ctx, { reason: what });
}

export const addForeignKey: Renderer<'addForeignKey'> = constraintChange('add a FOREIGN KEY');
export const addUnique: Renderer<'addUnique'> = constraintChange('add a UNIQUE constraint');
export const addCheck: Renderer<'addCheck'> = constraintChange('add a CHECK constraint');
export const addPrimaryKey: Renderer<'addPrimaryKey'> = constraintChange('add a PRIMARY KEY');
export const dropConstraint: Renderer<'dropConstraint'> = constraintChange('drop a constraint');
