/**
 * Replaying ops: a fold over the schema model. For each op that applies to
 * the dialect, the visitor sees the state just before and just after it;
 * the running state is committed afterwards, so a replay is linear in the
 * number of ops however large the schema (see state.ts).
 */
import { ModelError } from '../errors.js';
import type { ApplyContext, Irreversible } from '../ops/definition.js';
import { isIrreversible } from '../ops/definition.js';
import { defOf } from '../ops/registry.js';
import type { DialectName, Op } from '../ops/types.js';
import type { Delta } from './delta.js';
import { forEachEntry } from './one-entry-map.js';
import { MutableSchema, Overlay } from './state.js';
import type { EnumModel, SchemaState, SequenceModel, TableModel } from './types.js';

export interface OpStep {
  /** Index of the op in the list it came from (`upgrade[index]`). */
  readonly index: number;
  readonly op: Op;
  readonly before: SchemaState;
  readonly after: SchemaState;
}

/** An op failed to apply: where, and the model's complaint. */
export class OpError extends Error {
  constructor(readonly index: number, override readonly cause: ModelError) {
    super(cause.message);
    this.name = 'OpError';
  }
}

/** Does the op run on this dialect (its `only` list)? `undefined` dialect = every dialect. */
export function appliesTo(op: Op, dialect: DialectName | undefined): boolean {
  return dialect === undefined || op.only === undefined || op.only.includes(dialect);
}

export function applyOp(before: SchemaState, op: Op, ctx: ApplyContext): Delta {
  return defOf(op).apply(op, before, ctx);
}

/** applyOp, with a ModelError turned into an OpError naming the op's index. */
function applyAt(before: SchemaState, op: Op, index: number, ctx: ApplyContext): Delta {
  try {
    return applyOp(before, op, ctx);
  } catch (e) {
    if (e instanceof ModelError) throw new OpError(index, e);
    throw e;
  }
}

/**
 * Apply `ops` to `state` (mutated in place), calling `visit` for each op that
 * applies to `dialect`. A ModelError becomes an OpError naming the op index.
 */
export function replayOps(
  state: MutableSchema,
  ops: readonly Op[],
  dialect: DialectName | undefined,
  ctx: ApplyContext,
  visit?: (step: OpStep) => void,
): void {
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index]!;
    if (!appliesTo(op, dialect)) continue;
    const delta = applyAt(state, op, index, ctx);
    if (visit) visit({ index, op, before: state, after: new Overlay(state, delta) });
    state.commit(delta);
  }
}

/**
 * Like replayOps but leaves `base` untouched: the ops apply to one Overlay
 * whose delta grows op by op. (One Overlay per op made every lookup walk the
 * whole stack: a revision of n ops cost O(n²), 10,000 ops over a minute.)
 * As with replayOps, the states a visitor sees are views, valid during the
 * callback. Returns the final view.
 */
export function replayOnView(
  base: SchemaState,
  ops: readonly Op[],
  dialect: DialectName | undefined,
  ctx: ApplyContext,
  visit?: (step: OpStep) => void,
): SchemaState {
  const tables = new Map<string, TableModel | null>();
  const sequences = new Map<string, SequenceModel | null>();
  const enums = new Map<string, EnumModel | null>();
  const overlay = new Overlay(base, { tables, sequences, enums });
  let state = base;
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index]!;
    if (!appliesTo(op, dialect)) continue;
    const delta = applyAt(state, op, index, ctx);
    if (visit) visit({ index, op, before: state, after: new Overlay(state, delta) });
    if (delta.tables) forEachEntry(delta.tables, (k, v) => tables.set(k, v));
    if (delta.sequences) forEachEntry(delta.sequences, (k, v) => sequences.set(k, v));
    if (delta.enums) forEachEntry(delta.enums, (k, v) => enums.set(k, v));
    // Until the first change, lookups go straight to base.
    state = overlay;
  }
  return state;
}

export interface DerivedDowngrade {
  ops: Op[];
  /** Set when some op cannot be inverted: which op (upgrade index) and why. */
  irreversible?: { index: number } & Irreversible;
}

/** Collects the inverse of each upgrade op as the replay visits it; `result()` gives them in undo order. */
export class DowngradeDeriver {
  private readonly chunks: Op[][] = [];
  private problem: DerivedDowngrade['irreversible'];
  constructor(private readonly ctx: ApplyContext) {}
  visit(step: OpStep): void {
    if (this.problem) return;
    const inv = defOf(step.op).invert(step.op, step.before, this.ctx);
    if (isIrreversible(inv)) this.problem = { index: step.index, ...inv };
    else this.chunks.push(inv);
  }
  result(): DerivedDowngrade {
    const ops: Op[] = [];
    for (let i = this.chunks.length - 1; i >= 0; i--) ops.push(...this.chunks[i]!);
    return this.problem ? { ops, irreversible: this.problem } : { ops };
  }
}
