/**
 * What every op module (src/ops/<kind>.ts) provides: how it changes the
 * schema model and how to undo it.
 */
import type { Delta } from '../model/delta.js';
import type { Namer } from '../model/naming.js';
import type { SchemaState } from '../model/types.js';
import type { OpKind, OpOf, Op } from './types.js';

export interface ApplyContext {
  readonly namer: Namer;
}

/** The inverse of an op could not be derived: why, and what the user can write instead. */
export interface Irreversible {
  readonly irreversible: string;
  readonly hint: string;
}

export function isIrreversible(x: unknown): x is Irreversible {
  return typeof x === 'object' && x !== null && 'irreversible' in x;
}

export interface OpDefinition<K extends OpKind> {
  readonly kind: K;
  /**
   * The change this op makes to `before`. Throws ModelError (src/errors.ts)
   * when the op names something the model doesn't have, with the op field at fault.
   */
  apply(op: OpOf<K>, before: SchemaState, ctx: ApplyContext): Delta;
  /**
   * Ops that undo this one, computed from the state before it (so drops come
   * back with their full definition). Runs in order, on the state after `op`.
   */
  invert(op: OpOf<K>, before: SchemaState, ctx: ApplyContext): Op[] | Irreversible;
  /** Short human description for the comment above rendered SQL, e.g. `addColumn task.due_at`. */
  describe(op: OpOf<K>): string;
}

export type OpRegistry = { [K in OpKind]: OpDefinition<K> };
