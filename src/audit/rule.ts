/**
 * What an audit rule is: metadata plus one small function. `create` gets the
 * dialect being audited and returns handlers keyed by op kind (called with
 * the schema state just before and after the op), plus optional hooks for
 * whole revisions, the revision graph, raw SQL statements and problems the
 * engine finds itself (model errors, SQL syntax errors). Rules report; the
 * engine locates, suppresses, merges across dialects and sorts.
 */
import type { Config } from '../config/types.js';
import type { Dialect, RebuildPlan, Statement } from '../dialects/dialect.js';
import type { ModelError } from '../errors.js';
import type { DerivedDowngrade } from '../model/replay.js';
import type { SchemaState } from '../model/types.js';
import type { DialectName, Op, OpKind, OpOf } from '../ops/types.js';
import type { JsonPath, Revision } from '../revisions/types.js';
import type { FindingSeverity } from './finding.js';
import type { SqlStatement, SqlSyntaxError } from './sql-analysis.js';

export interface RuleMeta {
  /** Kebab-case id, as in CONTRACT section 5 and `audit.rules` / `audit.allow`. */
  readonly id: string;
  /** One sentence: what the rule flags. */
  readonly description: string;
  readonly defaultSeverity: FindingSeverity;
  /** The dialects it applies to; `all` for every registered dialect. */
  readonly dialects: readonly DialectName[] | 'all';
  /** The rule's page, relative to the package root: `docs/rules/<id>.md`. */
  readonly docs: string;
}

/** What a rule says: the consequence, and the remedy in sqlrev's own format. */
export interface Report {
  readonly message: string;
  readonly help?: string;
}

export interface OpReport extends Report {
  /** The op field at fault, relative to the op (e.g. `["columns", 2, "type"]`); the op itself when absent. */
  readonly at?: JsonPath;
}

/** What every op handler gets; `OpEvent<K>` narrows `op` to the handler's kind. */
export interface AnyOpEvent {
  readonly op: Op;
  /** Index of the op in the revision's `upgrade`; for a statement of a `sql` op, that op's index. */
  readonly index: number;
  readonly before: SchemaState;
  readonly after: SchemaState;
  /** The revision; undefined for a statement of an audited `.sql` file. */
  readonly revision?: Revision;
  readonly dialect: Dialect;
  /**
   * `revision`: an op written in a revision. `sql`: the op equivalent of a
   * DDL statement in raw SQL (a `sql` op or a `.sql` file): the statement is
   * what runs, so rules about how sqlrev renders an op do not apply to it.
   */
  readonly origin: 'revision' | 'sql';
  /** For origin `sql`: the statement the op is equivalent to. */
  readonly statement?: SqlStatement;
  /**
   * The table existed before this revision (or this segment of a `.sql`
   * file) started: it may hold rows and be in use. A table created earlier in
   * the same revision is not existing.
   */
  isExistingTable(name: string): boolean;
  /** What the dialect renders for this op ([] when it cannot render it). */
  statements(): readonly Statement[];
  /**
   * The rebuild the dialect plans for this op, without rendering it (see
   * Dialect.rebuildPlans): null when the op renders nothing (or cannot be
   * rendered), undefined when the dialect has no planner for this op kind.
   */
  rebuildPlan(): RebuildPlan | null | undefined;
  /**
   * `derive(this event)`, computed once for every rule that asks: for what
   * several rules work out from the same op (its type change). Kept on the
   * event, so it goes when the event does.
   */
  shared<T>(derive: (e: this) => T): T;
  report(r: OpReport): void;
}

export interface OpEvent<K extends OpKind = OpKind> extends AnyOpEvent {
  readonly op: OpOf<K>;
}

export interface RevisionEvent {
  readonly revision: Revision;
  readonly dialect: Dialect;
  /** When the revision gives no `downgrade`: its derived downgrade (undefined when the upgrade did not replay). */
  readonly derivedDowngrade?: DerivedDowngrade;
  /** `at` is a path in the revision document; `op` the upgrade op the finding is about. */
  report(r: Report & { readonly at?: JsonPath; readonly op?: number }): void;
}

export interface GraphEvent {
  /** Every revision, in topological order. */
  readonly revisions: readonly Revision[];
  readonly heads: readonly string[];
  readonly dialect: Dialect;
  report(r: Report & { readonly revision: Revision; readonly at?: JsonPath }): void;
}

export interface StatementEvent {
  /** A statement of raw SQL (a `sql` op or a `.sql` file). */
  readonly statement: SqlStatement;
  readonly dialect: Dialect;
  /** `revision` for a statement of a `sql` op, `file` for a `.sql` file. */
  readonly origin: 'revision' | 'file';
  report(r: Report): void;
}

export interface SyntaxErrorEvent {
  readonly error: SqlSyntaxError;
  readonly dialect: Dialect;
  report(r: Report): void;
}

export interface ModelErrorEvent {
  /** The model's complaint about an op (located by the engine at the op field it names). */
  readonly error: ModelError;
  readonly dialect: Dialect;
  report(r: Report): void;
}

export type OpHandlers = { readonly [K in OpKind]?: (e: OpEvent<K>) => void };

export interface HookHandlers {
  /** After a revision's upgrade has been replayed. */
  readonly revision?: (e: RevisionEvent) => void;
  /** Once per dialect, before any revision. */
  readonly graph?: (e: GraphEvent) => void;
  readonly statement?: (e: StatementEvent) => void;
  readonly syntaxError?: (e: SyntaxErrorEvent) => void;
  readonly modelError?: (e: ModelErrorEvent) => void;
}

export type RuleHandlers = OpHandlers & HookHandlers;

export interface RuleContext {
  /** The dialect this instance audits. */
  readonly dialect: Dialect;
  /** Every dialect being audited (for messages that compare them). */
  readonly dialects: readonly Dialect[];
  readonly config: Config;
}

export interface Rule {
  readonly meta: RuleMeta;
  create(ctx: RuleContext): RuleHandlers;
}

/** The doc page of a rule id, relative to the package root. */
export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** Identity helper that types a rule module (and fills in `docs`). */
export function defineRule(rule: { meta: Omit<RuleMeta, 'docs'>; create: Rule['create'] }): Rule {
  return { meta: { ...rule.meta, docs: docsPath(rule.meta.id) }, create: rule.create };
}

export function appliesToDialect(meta: RuleMeta, dialect: DialectName): boolean {
  return meta.dialects === 'all' || meta.dialects.includes(dialect);
}
