/**
 * What the dialects really render for the ops of generated chains
 * (test/property/generate.ts: every op kind the generator makes, with the
 * schema states around each op), plus the kinds it does not make. Rules
 * that skip rendering an op when they can tell from the op alone hold their
 * shortcut against this.
 */
import type { Dialect, RebuildPlan, RenderContext, Statement } from '../../src/dialects/dialect.js';
import { ModelError } from '../../src/errors.js';
import { Namer } from '../../src/model/naming.js';
import { replayOps } from '../../src/model/replay.js';
import { MutableSchema } from '../../src/model/state.js';
import type { Op, OpKind } from '../../src/ops/types.js';
import { generateChain } from '../property/generate.js';
import { renderOp } from '../../src/audit/op-event.js';

export interface RenderedOp {
  readonly op: Op;
  readonly statements: readonly Statement[];
  /** The dialect's rebuild plan, when it has a planner for the kind (null: nothing to render, or a model error). */
  readonly plan?: RebuildPlan | null;
}

function planOf(dialect: Dialect, op: Op, ctx: RenderContext): RebuildPlan | null | undefined {
  const planner = dialect.rebuildPlans?.[op.op] as ((op: Op, ctx: RenderContext) => RebuildPlan | null) | undefined;
  if (!planner) return undefined;
  try {
    return planner(op, ctx);
  } catch (e) {
    if (e instanceof ModelError) return null;
    throw e;
  }
}

const TASK: Op = {
  op: 'createTable', table: 'task',
  columns: [{ name: 'id', type: 'bigint', primaryKey: true }, { name: 'title', type: 'text' }],
};

/** Ops the chain generator does not make, applied after a table of their own. */
const EXTRA: readonly Op[] = [
  TASK,
  { op: 'insert', table: 'task', rows: [{ id: 1, title: 'a' }] },
  { op: 'deleteRows', table: 'task', keys: [{ id: 1 }] },
  { op: 'sql', sql: 'CREATE INDEX CONCURRENTLY ix_raw ON task (title)', downgrade: 'DROP INDEX ix_raw' },
  { op: 'createIndex', name: 'ix_task_title', table: 'task', columns: ['title'], concurrently: true },
  { op: 'dropIndex', name: 'ix_task_title', table: 'task', concurrently: true },
  { op: 'addColumn', table: 'task', column: { name: 'owner', type: 'integer', references: { table: 'task', column: 'id' } } },
];

/** Every op of `seeds` generated chains and the extra ops, rendered on `dialect`, in replay order. */
export function renderedOps(dialect: Dialect, seeds: number): RenderedOp[] {
  const out: RenderedOp[] = [];
  const ctx = { namer: new Namer() };
  const visit = (ops: readonly Op[], state: MutableSchema) => {
    replayOps(state, ops, dialect.name, ctx, (step) => {
      const plan = planOf(dialect, step.op, { dialect, before: step.before, after: step.after });
      out.push({ op: step.op, statements: renderOp(dialect, step.op, step.before, step.after), ...(plan !== undefined ? { plan } : {}) });
    });
  };
  for (let seed = 1; seed <= seeds; seed++) {
    const state = new MutableSchema();
    for (const rev of generateChain(seed, { revisions: 8, maxOps: 6 }).revisions) visit(rev.upgrade, state);
  }
  visit(EXTRA, new MutableSchema());
  return out;
}

/** The op kinds in `ops`, to check a test covered the kinds it is about. */
export function kindsOf(ops: readonly RenderedOp[]): Set<OpKind> {
  return new Set(ops.map((r) => r.op.op));
}
