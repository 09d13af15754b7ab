/**
 * The event the op handlers of one dialect get for one op. One object per
 * (op, dialect), handed to each subscribed rule in turn: the engine sets
 * `instance` before each call, so `report` files the finding under the rule
 * being called (an event per rule and op was 100,000s of objects more at
 * 10k revisions). What the event computes on demand (the rendered
 * statements, what rules derive with `shared`) is computed once for all
 * rules and held by the event only. (Held in a WeakMap keyed by the event,
 * the type change, whose closures hold the event, outlived the young
 * generation: 30 MB of a 10k audit's rendered SQL was promoted as garbage.)
 */
import { isUnsupported, type Dialect, type RebuildPlan, type RenderContext, type Statement } from '../dialects/dialect.js';
import { ModelError } from '../errors.js';
import type { SchemaState } from '../model/types.js';
import type { Op } from '../ops/types.js';
import type { JsonPath, Revision } from '../revisions/types.js';
import type { Instance, Lane } from './lane.js';
import type { NewTables } from './new-tables.js';
import type { AnyOpEvent, OpReport } from './rule.js';
import type { Placement } from './site.js';
import type { SqlStatement } from './sql-analysis.js';

/** What the engine knows of an op; one per op, whichever lanes it is dispatched to. */
export interface OpEventInit {
  readonly op: Op;
  readonly index: number;
  readonly before: SchemaState;
  readonly after: SchemaState;
  readonly revision?: Revision;
  readonly origin: 'revision' | 'sql';
  readonly statement?: SqlStatement;
  readonly placement: Placement;
}

const NOT_PLANNED = Symbol('not planned');

export class OpDispatchEvent implements AnyOpEvent {
  readonly op: Op;
  readonly index: number;
  readonly before: SchemaState;
  readonly after: SchemaState;
  readonly revision: Revision | undefined;
  readonly dialect: Dialect;
  readonly origin: 'revision' | 'sql';
  readonly statement: SqlStatement | undefined;
  /** The rule being called; reports go to it. */
  instance!: Instance;
  private readonly newTables: NewTables;
  private readonly placement: Placement;
  private rendered: readonly Statement[] | undefined;
  private plan: RebuildPlan | null | undefined | typeof NOT_PLANNED = NOT_PLANNED;
  private derived: Map<unknown, unknown> | undefined;

  constructor(private readonly lane: Lane, init: OpEventInit) {
    this.op = init.op;
    this.index = init.index;
    this.before = init.before;
    this.after = init.after;
    this.revision = init.revision;
    this.dialect = lane.dialect;
    this.origin = init.origin;
    this.statement = init.statement;
    this.newTables = lane.newTables;
    this.placement = init.placement;
  }

  isExistingTable(name: string): boolean {
    return this.before.table(name) !== undefined && !this.newTables.has(name);
  }

  statements(): readonly Statement[] {
    return (this.rendered ??= renderOp(this.dialect, this.op, this.before, this.after));
  }

  rebuildPlan(): RebuildPlan | null | undefined {
    if (this.plan !== NOT_PLANNED) return this.plan;
    const planner = this.dialect.rebuildPlans?.[this.op.op] as ((op: Op, ctx: RenderContext) => RebuildPlan | null) | undefined;
    try {
      this.plan = planner?.(this.op, { dialect: this.dialect, before: this.before, after: this.after });
    } catch (e) {
      // As statements(): what cannot be rendered, render reports.
      if (!(e instanceof ModelError)) throw e;
      this.plan = null;
    }
    return this.plan;
  }

  shared<T>(derive: (e: this) => T): T {
    const derived = (this.derived ??= new Map());
    if (derived.has(derive)) return derived.get(derive) as T;
    const value = derive(this);
    derived.set(derive, value);
    return value;
  }

  report(r: OpReport): void {
    this.lane.report(this.instance, this.placement, r.at as JsonPath | undefined, r);
  }
}

/** What the dialect renders for an op; [] when it cannot (render reports that itself). */
export function renderOp(dialect: Dialect, op: Op, before: SchemaState, after: SchemaState): readonly Statement[] {
  const r = dialect.renderers[op.op];
  if (isUnsupported(r)) return [];
  try {
    return (r as (op: Op, ctx: unknown) => Statement[])(op, { dialect, before, after });
  } catch (e) {
    if (e instanceof ModelError) return [];
    throw e;
  }
}
