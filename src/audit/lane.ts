/**
 * One audited dialect: its rule instances, indexed by what they subscribe
 * to, the findings they report, and the tables new in the revision being
 * replayed. The engine may drive several lanes from one replay of the model
 * (see engine.ts); each lane keeps its findings in the order a replay of its
 * own would have produced them.
 */
import type { Dialect } from '../dialects/dialect.js';
import { OP_KINDS, type DialectName, type OpKind } from '../ops/types.js';
import type { JsonPath } from '../revisions/types.js';
import type { Finding, FindingSeverity } from './finding.js';
import { NewTables } from './new-tables.js';
import type { AnyOpEvent, Report, RuleHandlers } from './rule.js';
import type { Placement } from './site.js';
import type { Suppressions } from './suppress.js';

/** A finding before dialects are merged. */
export interface RawFinding extends Omit<Finding, 'dialect'> {
  readonly dialect?: DialectName;
  /** What `file` is the text of (see Site.source). */
  readonly source: object;
}

/** A rule created for one dialect. */
export interface Instance {
  readonly id: string;
  readonly severity: FindingSeverity;
  readonly handlers: RuleHandlers;
}

export interface OpSubscriber {
  readonly instance: Instance;
  readonly handle: (e: AnyOpEvent) => void;
}

export class Lane {
  readonly raw: RawFinding[] = [];
  readonly newTables = new NewTables();
  readonly instances: readonly Instance[];
  /** Per op kind, the rules with a handler for it (most rules handle one or two kinds). */
  private readonly byKind = new Map<OpKind, OpSubscriber[]>();

  constructor(readonly dialect: Dialect, instances: readonly Instance[], private readonly suppressions: Suppressions) {
    this.instances = instances;
    for (const instance of instances) {
      for (const kind of OP_KINDS) {
        const handle = instance.handlers[kind] as ((e: AnyOpEvent) => void) | undefined;
        if (!handle) continue;
        let list = this.byKind.get(kind);
        if (!list) this.byKind.set(kind, (list = []));
        list.push({ instance, handle });
      }
    }
  }

  subscribers(kind: OpKind): readonly OpSubscriber[] {
    return this.byKind.get(kind) ?? NONE;
  }

  /** Record what `instance` reports, unless the op it is about allows the rule. */
  report(instance: Instance, placement: Placement, at: JsonPath | undefined, r: Report): void {
    if (this.suppressions.suppresses(placement.allowOn, instance.id)) return;
    const site = placement.site(at);
    // Field by field, in the Finding order (no spread of optional parts: an
    // object per part, for each of the 29,000 reports at 10k revisions).
    const f: { -readonly [K in keyof RawFinding]: RawFinding[K] } = { source: site.source, rule: instance.id, severity: instance.severity } as RawFinding;
    if (site.revision !== undefined) f.revision = site.revision;
    f.file = site.file;
    f.line = site.line;
    f.column = site.column;
    if (site.op !== undefined) f.op = site.op;
    f.dialect = this.dialect.name;
    f.message = r.message;
    if (r.help) f.help = r.help;
    this.raw.push(f);
  }
}

const NONE: readonly OpSubscriber[] = [];
