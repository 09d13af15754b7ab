/**
 * addForeignKey, addUnique, addCheck, addPrimaryKey, dropConstraint.
 * https://www.postgresql.org/docs/current/sql-altertable.html
 */
import type { Renderer, RenderContext } from '../../dialect.js';
import { ModelError } from '../../../errors.js';
import type { ConstraintModel } from '../../../model/types.js';
import {
  addConstraintStatement, constraintsOf, ident, lockOn, objectName, requireTable,
} from './parts.js';

type Kind = ConstraintModel['kind'];
type Of<K extends Kind> = Extract<ConstraintModel, { kind: K }>;

/**
 * The constraint the op added, from the model: by its name when the op
 * gives one, else the one constraint of that kind the op added, else the
 * one of that kind that matches the op's definition.
 */
function addedConstraint<K extends Kind>(
  ctx: RenderContext, op: { name?: string; table: string }, kind: K, matches: (c: Of<K>) => boolean,
): Of<K> {
  const table = requireTable(ctx.after, op.table, 'after');
  const ofKind = constraintsOf(table).filter((c): c is Of<K> => c.kind === kind);
  if (op.name !== undefined) {
    const named = ofKind.find((c) => c.model.name === op.name);
    if (named) return named;
  }
  const before = ctx.before.table(op.table);
  const had = new Set(before ? constraintsOf(before).map((c) => c.model.name) : []);
  const fresh = ofKind.filter((c) => !had.has(c.model.name));
  if (fresh.length === 1) return fresh[0]!;
  const same = ofKind.find(matches);
  if (same) return same;
  throw new ModelError(`the model has no such ${kind} constraint on ${table.name}`, 'give the constraint a name', 'name');
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * SHARE ROW EXCLUSIVE on both tables. NOT VALID skips the scan of existing
 * rows (only new rows are checked) until VALIDATE CONSTRAINT.
 */
export const addForeignKey: Renderer<'addForeignKey'> = (op, ctx) => {
  const fk = addedConstraint(ctx, op, 'foreignKey', (c) =>
    sameList(c.model.columns, op.columns) && c.model.refTable === op.references.table && sameList(c.model.refColumns, op.references.columns));
  return [addConstraintStatement(ctx, requireTable(ctx.after, op.table, 'after').name, fk, op.notValid === true)];
};

/** Builds a unique index under ACCESS EXCLUSIVE. */
export const addUnique: Renderer<'addUnique'> = (op, ctx) => {
  const uq = addedConstraint(ctx, op, 'unique', (c) => sameList(c.model.columns, op.columns));
  return [addConstraintStatement(ctx, requireTable(ctx.after, op.table, 'after').name, uq)];
};

/** ACCESS EXCLUSIVE while existing rows are checked, unless NOT VALID. */
export const addCheck: Renderer<'addCheck'> = (op, ctx) => {
  const ck = addedConstraint(ctx, op, 'check', (c) => c.model.expression === op.expression);
  return [addConstraintStatement(ctx, requireTable(ctx.after, op.table, 'after').name, ck, op.notValid === true)];
};

/** Builds a unique index (and sets the columns NOT NULL) under ACCESS EXCLUSIVE. */
export const addPrimaryKey: Renderer<'addPrimaryKey'> = (op, ctx) => {
  const pk = addedConstraint(ctx, op, 'primaryKey', (c) => sameList(c.model.columns, op.columns));
  return [addConstraintStatement(ctx, requireTable(ctx.after, op.table, 'after').name, pk)];
};

/** ACCESS EXCLUSIVE; a foreign key's triggers on the referenced table go too. */
export const dropConstraint: Renderer<'dropConstraint'> = (op, ctx) => {
  const table = ctx.before.table(op.table);
  const name = table?.name ?? op.table;
  const c = table ? constraintsOf(table).find((x) => x.model.name === op.name) : undefined;
  const referenced = c?.kind === 'foreignKey' ? [c.model.refTable] : [];
  return [{
    sql: `ALTER TABLE ${ident(ctx, name)} DROP CONSTRAINT ${objectName(ctx, c?.model ?? { name: op.name, generated: false })}`,
    lock: lockOn(ctx, 'ACCESS EXCLUSIVE', name, ...referenced),
  }];
};
