/**
 * Compiling revisions for one dialect: replay every revision in topological
 * order and render each op against the state just before and after it; then
 * render the revision's downgrade (given, or derived by inverting the upgrade)
 * on top of the revision's state. The result feeds every script in out/.
 */
import { ModelError, SqlrevError, type Diagnostic } from '../errors.js';
import type { Dialect, Statement } from '../dialects/dialect.js';
import { isUnsupported } from '../dialects/dialect.js';
import { DowngradeDeriver, OpError, replayOnView, replayOps, type OpStep } from '../model/replay.js';
import { MutableSchema } from '../model/state.js';
import type { ApplyContext } from '../ops/definition.js';
import { defOf } from '../ops/registry.js';
import type { Op, OpKind } from '../ops/types.js';
import type { Revision } from '../revisions/types.js';
import { commentSafe } from './comment.js';
import { diagnosticAt, parseFieldPath } from './locate.js';

export interface RenderedOp {
  /** Index in the list the op came from (`upgrade[i]` / `downgrade[i]`; for derived downgrades the upgrade op it undoes). */
  readonly index: number;
  readonly op: Op;
  /** What the op does, in one line, already safe in a `--` comment (commentSafe). */
  readonly description: string;
  readonly statements: readonly Statement[];
}

export interface IrreversibleDowngrade {
  readonly reason: string;
  readonly hint: string;
  /** The upgrade op that cannot be inverted. */
  readonly index: number;
}

export interface CompiledRevision {
  readonly revision: Revision;
  readonly upgrade: readonly RenderedOp[];
  readonly downgrade: readonly RenderedOp[] | IrreversibleDowngrade;
  /** True when the downgrade was derived rather than written in the file. */
  readonly derived: boolean;
}

export function isIrreversibleDowngrade(d: CompiledRevision['downgrade']): d is IrreversibleDowngrade {
  return !Array.isArray(d);
}

export interface CompileResult {
  readonly revisions: readonly CompiledRevision[];
  /** The model at the last revision of `order`. */
  readonly state: MutableSchema;
}

type RenderFn = (op: Op, ctx: { dialect: Dialect; before: OpStep['before']; after: OpStep['after'] }) => Statement[];

/**
 * The renderer map as a Map: an op's "op" comes from JSON.parse, which leaves
 * strings longer than 10 characters un-internalised, so an object lookup by
 * it ("createIndex") goes through the string table on every op; a Map hashes
 * once per string.
 */
const rendererMaps = new WeakMap<Dialect, Map<string, Dialect['renderers'][OpKind]>>();
function rendererOf(dialect: Dialect, kind: string): Dialect['renderers'][OpKind] | undefined {
  let map = rendererMaps.get(dialect);
  if (!map) rendererMaps.set(dialect, (map = new Map(Object.entries(dialect.renderers))));
  return map.get(kind);
}

function renderStep(dialect: Dialect, step: OpStep): Statement[] {
  const r = rendererOf(dialect, step.op.op)!;
  if (isUnsupported(r)) throw new ModelError(`${dialect.displayName} cannot do ${step.op.op}: ${r.unsupported}`);
  const statements = (r as unknown as RenderFn)(step.op, { dialect, before: step.before, after: step.after });
  // Names and literals refuse NUL when quoted; SQL given verbatim (a default,
  // a check, a WHERE, a raw sql op) is checked here, once for every dialect:
  // both engines read SQL text only up to a NUL, so the script would silently
  // lose the rest of the statement.
  if (statements.some((s) => s.sql.includes('\u0000'))) {
    throw new ModelError(`the SQL of this op contains a NUL character, which ${dialect.displayName} cannot read`, 'remove it from the SQL text of the op');
  }
  return statements;
}

/**
 * Compile `order` (topologically sorted revisions) for `dialect`. Every model
 * or rendering problem is collected; if there are any, throws one SqlrevError
 * listing them all (the first per revision, so one mistake doesn't cascade).
 */
export interface CompileOptions {
  /** Render downgrades too (default true); `upgrade --sql` does not need them. */
  downgrades?: boolean;
  /**
   * Called with each revision as soon as it is compiled; the result then
   * keeps none of them. Rendering 10,000 revisions this way keeps only text
   * alive, which is what keeps garbage collection cheap.
   */
  onRevision?: (c: CompiledRevision) => void;
}

export function compileDialect(order: readonly Revision[], dialect: Dialect, ctx: ApplyContext, start?: MutableSchema, options: CompileOptions = {}): CompileResult {
  const out: CompiledRevision[] = [];
  const emit = options.onRevision ?? ((c: CompiledRevision) => { out.push(c); });
  const state = start ?? new MutableSchema();
  const problems = compileInto(order, [dialect], ctx, state, options.downgrades !== false, (_, c) => emit(c), false);
  if (problems.length) throw new SqlrevError(problems);
  return { revisions: out, state };
}

/**
 * Can one replay serve several dialects? Dialects differ only in the SQL
 * they render, unless an op is limited to some of them (`only`): then their
 * models differ and each needs its own replay.
 */
export function sharesOneReplay(order: readonly Revision[]): boolean {
  for (const r of order) {
    for (const op of r.upgrade) if (op.only !== undefined) return false;
    for (const op of r.downgrade ?? []) if (op.only !== undefined) return false;
  }
  return true;
}

/**
 * compileDialect for several dialects in one replay (see sharesOneReplay):
 * each op is applied once and rendered once per dialect, and `visit` gets
 * dialect k's revision right after it is compiled. Returns false, having
 * stopped, at the first problem of any dialect, and when `visit` throws: the
 * caller then compiles dialect by dialect, which reports exactly what it
 * always did (only the first failing dialect's problems, or visit's error).
 * Everything `visit` was given before that must be thrown away.
 */
export function compileTogether(order: readonly Revision[], dialects: readonly Dialect[], ctx: ApplyContext, visit: (k: number, c: CompiledRevision) => void): boolean {
  try {
    return compileInto(order, dialects, ctx, new MutableSchema(), true, visit, true).length === 0;
  } catch {
    return false;
  }
}

/**
 * The loop behind both: replay each revision once, render every op for each
 * dialect, derive and render the downgrade. Problems are collected (the first
 * per revision), or, with `stopAtFirst`, end the loop.
 */
function compileInto(
  order: readonly Revision[], dialects: readonly Dialect[], ctx: ApplyContext, state: MutableSchema,
  withDowngrades: boolean, emit: (k: number, c: CompiledRevision) => void, stopAtFirst: boolean,
): Diagnostic[] {
  // With one dialect, its `only` lists decide what applies; several dialects share a replay only when no op has one.
  const filter = dialects.length === 1 ? dialects[0]!.name : undefined;
  const problems: Diagnostic[] = [];
  const lists = (): RenderedOp[][] => dialects.map(() => []);
  for (const rev of order) {
    const upgrade = lists();
    const deriver = withDowngrades && rev.downgrade === undefined ? new DowngradeDeriver(ctx) : undefined;
    let current = -1;
    try {
      replayOps(state, rev.upgrade, filter, ctx, (step) => {
        current = step.index;
        renderForEach(dialects, step, upgrade);
        deriver?.visit(step);
      });
    } catch (e) {
      problems.push(locateError(rev, 'upgrade', e, current));
      if (stopAtFirst) return problems;
      continue;
    }
    if (!withDowngrades) {
      dialects.forEach((_, k) => emit(k, { revision: rev, upgrade: upgrade[k]!, downgrade: [], derived: rev.downgrade === undefined }));
      continue;
    }
    let ops: readonly Op[];
    if (deriver) {
      const d = deriver.result();
      if (d.irreversible) {
        const downgrade = { reason: d.irreversible.irreversible, hint: d.irreversible.hint, index: d.irreversible.index };
        dialects.forEach((_, k) => emit(k, { revision: rev, upgrade: upgrade[k]!, downgrade, derived: true }));
        continue;
      }
      ops = d.ops;
    } else {
      ops = rev.downgrade!;
    }
    const downgrade = lists();
    current = -1;
    try {
      replayOnView(state, ops, filter, ctx, (step) => {
        current = step.index;
        // A derived op points back at the upgrade op it undoes, for messages.
        renderForEach(dialects, step, downgrade);
      });
    } catch (e) {
      const d = locateError(rev, deriver ? 'upgrade' : 'downgrade', e, current);
      // A derived downgrade that does not replay is sqlrev's fault, not the user's: say so, and how to get past it.
      problems.push(deriver ? { ...d, message: `the derived downgrade does not replay (${d.message})`, hint: 'give an explicit "downgrade" for this revision, and report this to sqlrev' } : d);
      if (stopAtFirst) return problems;
      continue;
    }
    dialects.forEach((_, k) => emit(k, { revision: rev, upgrade: upgrade[k]!, downgrade: downgrade[k]!, derived: deriver !== undefined }));
  }
  return problems;
}

/**
 * Renders the step for each dialect into that dialect's list. The
 * description is the same for all, and made comment-safe here, once, rather
 * than in every dialect's block: commentSafe on each block's comment line
 * cost a render of 10,000 revisions ~100 ms, mostly flattening the
 * concatenated line just to scan it.
 */
function renderForEach(dialects: readonly Dialect[], step: OpStep, lists: RenderedOp[][]): void {
  const description = commentSafe(defOf(step.op).describe(step.op));
  for (let k = 0; k < dialects.length; k++) {
    lists[k]!.push({ index: step.index, op: step.op, description, statements: renderStep(dialects[k]!, step) });
  }
}

function locateError(rev: Revision, list: 'upgrade' | 'downgrade', e: unknown, current: number): Diagnostic {
  if (e instanceof OpError) {
    return diagnosticAt(rev, [list, e.index, ...parseFieldPath(e.cause.field)], e.cause.message, e.cause.hint);
  }
  if (e instanceof ModelError) {
    // Thrown by a renderer while rendering op `current`.
    return diagnosticAt(rev, [list, Math.max(current, 0), ...parseFieldPath(e.field)], e.message, e.hint);
  }
  throw e;
}
