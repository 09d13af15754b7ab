/**
 * The audit engine: replays the revisions (or the statements of `.sql`
 * files) into the schema model, exactly as the renderer does for each
 * audited dialect, and calls every enabled rule with the state just before
 * and after each op. Rules report; the engine places each report at a line
 * and column, applies suppressions, merges findings that hold on every
 * dialect into one, and sorts them.
 *
 * The model does not depend on the dialect, only on which ops run there (an
 * op's `only`). When every upgrade op runs on every audited dialect, one
 * replay feeds all of them (a lane per dialect, see lane.ts); otherwise each
 * dialect replays on its own. (The second replay was about half a second of
 * a 2.6 s audit of a 10k-revision chain.)
 */
import type { Config } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import { DIALECTS } from '../dialects/registry.js';
import { ModelError } from '../errors.js';
import { Namer } from '../model/naming.js';
import { appliesTo, applyOp, DowngradeDeriver, OpError, replayOnView, type DerivedDowngrade } from '../model/replay.js';
import { MutableSchema, Overlay } from '../model/state.js';
import type { SchemaState } from '../model/types.js';
import type { ApplyContext } from '../ops/definition.js';
import type { DialectName, Op, SqlText } from '../ops/types.js';
import { parseFieldPath } from '../render/locate.js';
import { LineIndex } from '../revisions/line-index.js';
import type { JsonPath, Revision } from '../revisions/types.js';
import { applyAssumingExisting } from './assume-existing.js';
import { sortFindings, summarize, type Finding, type FindingSeverity, type FindingSummary } from './finding.js';
import { Lane, type Instance, type RawFinding } from './lane.js';
import { offsetInLiteral } from './literal-offset.js';
import { mergeDialects } from './merge-dialects.js';
import { OpDispatchEvent, type OpEventInit } from './op-event.js';
import { enabledRules, RULE_IDS, type EnabledRule } from './registry.js';
import { appliesToDialect, type RuleMeta } from './rule.js';
import { FixedPlacement, revisionSite, UpgradeOpPlacement, type Placement, type Site } from './site.js';
import { analyzeSql, type SqlAnalysis, type SqlAnalyzer, type SqlDialect, type SqlStatement } from './sql-analysis.js';
import { Suppressions } from './suppress.js';

export interface SqlFile {
  /** As shown to the user (relative, forward slashes). */
  readonly file: string;
  readonly text: string;
}

export interface AuditInput {
  readonly config: Config;
  /** The revisions in topological order (parents before children). */
  readonly revisions?: readonly Revision[];
  /** Ids of the revisions nothing builds on; derived from `revisions` when absent. */
  readonly heads?: readonly string[];
  /** Plain SQL files to audit (`sqlrev audit file.sql`). */
  readonly sqlFiles?: readonly SqlFile[];
  /** The dialect `.sql` files are written in: default PostgreSQL, unless the config has only SQLite. */
  readonly sqlDialect?: DialectName;
  /** Audit only these dialects (default: the configured ones). */
  readonly dialects?: readonly DialectName[];
  /** The raw SQL parser (default: src/sql/to-ops.ts). */
  readonly analyzeSql?: SqlAnalyzer;
}

export interface AuditResult {
  /** Sorted by file, line, column, rule, dialect. */
  readonly findings: readonly Finding[];
  readonly summary: FindingSummary;
  /** The text of every file a finding points into (for code frames). */
  readonly sources: ReadonlyMap<string, string>;
  /** The rules that ran, with their effective severity (SARIF lists them). */
  readonly rules: readonly { readonly meta: RuleMeta; readonly severity: FindingSeverity }[];
}

/** Whether the findings fail the gate (`audit.failOn` / `--fail-on`). */
export function failsGate(result: AuditResult, failOn: 'error' | 'warning'): boolean {
  return result.summary.error > 0 || (failOn === 'warning' && result.summary.warning > 0);
}

function sqlTextFor(text: SqlText | null | undefined, dialect: DialectName): { text: string; key?: string } | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text === 'string') return { text };
  const t = text[dialect];
  return t === undefined ? undefined : { text: t, key: dialect };
}

const SQL_DIALECTS: Readonly<Record<DialectName, SqlDialect>> = { postgresql: 'postgresql', sqlite: 'sqlite' };

/** Run every enabled rule over the input. Throws SqlrevError for a config naming an unknown rule. */
export async function runAudit(input: AuditInput): Promise<AuditResult> {
  const enabled = enabledRules(input.config);
  const audit = new Audit(input, enabled);
  await audit.prepare();
  audit.run();
  return audit.result();
}

class Audit {
  private readonly suppressions = new Suppressions();
  private readonly sources = new Map<string, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly analyses = new Map<string, SqlAnalysis>();
  private readonly analyzer: SqlAnalyzer;
  private readonly dialects: readonly Dialect[];
  private readonly revisions: readonly Revision[];
  private readonly applyCtx: ApplyContext;
  /** Rules that ran on at least one dialect. */
  private readonly ran = new Set<string>();
  /** Every lane, in the order their findings are listed before merging (revisions per dialect, then `.sql` files). */
  private readonly lanes: Lane[] = [];

  constructor(private readonly input: AuditInput, private readonly enabled: readonly EnabledRule[]) {
    this.analyzer = input.analyzeSql ?? analyzeSql;
    this.dialects = (input.dialects ?? input.config.dialects).map((d) => DIALECTS[d]);
    this.revisions = input.revisions ?? [];
    this.applyCtx = { namer: new Namer(input.config.naming) };
  }

  private get sqlDialect(): Dialect {
    const configured = this.input.dialects ?? this.input.config.dialects;
    const name = this.input.sqlDialect ?? (configured.length > 0 && !configured.includes('postgresql') ? configured[0]! : 'postgresql');
    return DIALECTS[name];
  }

  // -- raw SQL is parsed up front, so the replay itself stays synchronous ----

  private analysisKey(text: string, dialect: DialectName): string {
    return `${dialect}\u0000${text}`;
  }

  private async analyse(text: string, dialect: DialectName): Promise<void> {
    const key = this.analysisKey(text, dialect);
    if (!this.analyses.has(key)) {
      this.analyses.set(key, await this.analyzer(text, SQL_DIALECTS[dialect], { versionTables: [this.input.config.versionTable] }));
    }
  }

  private analysis(text: string, dialect: DialectName): SqlAnalysis {
    return this.analyses.get(this.analysisKey(text, dialect))!;
  }

  async prepare(): Promise<void> {
    // Listed first, then parsed: an await per revision was 10,000 trips
    // through the microtask queue for a chain without a single `sql` op.
    const texts: (readonly [string, DialectName])[] = [];
    for (const rev of this.revisions) {
      this.sqlTexts(rev.upgrade, texts);
      if (rev.downgrade) this.sqlTexts(rev.downgrade, texts);
    }
    for (const [text, dialect] of texts) await this.analyse(text, dialect);
    for (const f of this.input.sqlFiles ?? []) await this.analyse(f.text, this.sqlDialect.name);
  }

  /** The texts of the `sql` ops in `ops`, with each dialect they run on. */
  private sqlTexts(ops: readonly Op[], out: (readonly [string, DialectName])[]): void {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      if (op.op !== 'sql') continue;
      for (const d of this.dialects) {
        if (!appliesTo(op, d.name)) continue;
        for (const t of [sqlTextFor(op.sql, d.name), sqlTextFor(op.downgrade, d.name)]) if (t) out.push([t.text, d.name]);
      }
    }
  }

  // -- the replay --------------------------------------------------------------

  /** The enabled rules that apply to `dialect`, created for it. */
  private lane(dialect: Dialect): Lane {
    const instances: Instance[] = [];
    for (const e of this.enabled) {
      if (!appliesToDialect(e.rule.meta, dialect.name)) continue;
      this.ran.add(e.rule.meta.id);
      instances.push({
        id: e.rule.meta.id,
        severity: e.severity,
        handlers: e.rule.create({ dialect, dialects: this.dialects, config: this.input.config }),
      });
    }
    const lane = new Lane(dialect, instances, this.suppressions);
    this.lanes.push(lane);
    return lane;
  }

  run(): void {
    for (const rev of this.revisions) this.sources.set(rev.file, rev.text);
    if (this.revisions.length) {
      const lanes = this.dialects.map((d) => this.lane(d));
      if (sameOpsOnEveryDialect(this.revisions, this.dialects)) this.replayRevisions(lanes);
      else for (const lane of lanes) this.replayRevisions([lane]);
    }
    for (const f of this.input.sqlFiles ?? []) {
      this.sources.set(f.file, f.text);
      this.replaySqlFile(f, this.lane(this.sqlDialect));
    }
  }

  private lineIndex(file: string, text: string): LineIndex {
    let ix = this.lineIndexes.get(file);
    if (!ix) this.lineIndexes.set(file, (ix = new LineIndex(text)));
    return ix;
  }

  /** The site of character `offset` of a `sql` op's text (the statement, or the syntax error, inside the string). */
  private sqlTextSite(rev: Revision, path: JsonPath, offset: number, op: number | undefined): Site {
    const start = rev.source.locate(path);
    const at = offsetInLiteral(rev.text, start.offset, offset);
    if (at === undefined) return revisionSite(rev, path, op);
    const pos = this.lineIndex(rev.file, rev.text).position(at);
    return { source: rev, file: rev.file, line: pos.line, column: pos.column, revision: rev.id, ...(op !== undefined ? { op } : {}) };
  }

  /**
   * Replay every revision once, for every lane: all of them run the same
   * ops (the caller checked), so they see the same states.
   */
  private replayRevisions(lanes: readonly Lane[]): void {
    const heads = this.input.heads ?? headsOf(this.revisions);
    for (const lane of lanes) {
      for (const inst of lane.instances) {
        inst.handlers.graph?.({
          revisions: this.revisions, heads, dialect: lane.dialect,
          report: (r) => lane.report(inst, new FixedPlacement(() => revisionSite(r.revision, r.at ?? ['id'])), undefined, r),
        });
      }
    }
    const dialect = lanes[0]!.dialect.name;
    const state = new MutableSchema();
    for (const rev of this.revisions) {
      for (const lane of lanes) lane.newTables.reset();
      const deriver = rev.downgrade === undefined ? new DowngradeDeriver(this.applyCtx) : undefined;
      let replayed = true;
      const ops = rev.upgrade;
      for (let index = 0; index < ops.length; index++) {
        const op = ops[index]!;
        if (!appliesTo(op, dialect)) continue;
        let delta;
        try {
          delta = applyOp(state, op, this.applyCtx);
        } catch (e) {
          if (!(e instanceof ModelError)) throw e;
          replayed = false;
          const placement = new FixedPlacement(() => revisionSite(rev, ['upgrade', index, ...parseFieldPath(e.field)], index), op);
          for (const lane of lanes) this.modelError(lane, e, placement);
          continue;
        }
        const after = new Overlay(state, delta);
        const event: OpEventInit = { op, index, before: state, after, revision: rev, origin: 'revision', placement: new UpgradeOpPlacement(rev, index, op) };
        for (const lane of lanes) {
          this.dispatchOp(lane, event);
          if (op.op === 'sql') this.sqlOp(lane, rev, op, index, state);
        }
        if (deriver && replayed) {
          try {
            deriver.visit({ index, op, before: state, after });
          } catch (e) {
            if (!(e instanceof ModelError)) throw e;
            replayed = false;
          }
        }
        state.commit(delta);
        for (const lane of lanes) lane.newTables.note(op);
      }
      const derived: DerivedDowngrade | undefined = deriver && replayed ? deriver.result() : undefined;
      for (const lane of lanes) {
        for (const inst of lane.instances) {
          inst.handlers.revision?.({
            revision: rev, dialect: lane.dialect, ...(derived ? { derivedDowngrade: derived } : {}),
            report: (r) => {
              const allowOn = r.op !== undefined ? rev.upgrade[r.op] : undefined;
              const placement = new FixedPlacement(() => revisionSite(rev, r.at ?? (r.op !== undefined ? ['upgrade', r.op] : ['id']), r.op), allowOn);
              lane.report(inst, placement, undefined, r);
            },
          });
        }
        if (rev.downgrade && replayed) this.checkDowngrade(lane, rev, rev.downgrade, state);
      }
    }
  }

  /** An explicit downgrade must replay on the revision's state; what it names must exist. */
  private checkDowngrade(lane: Lane, rev: Revision, ops: readonly Op[], state: SchemaState): void {
    const dialect = lane.dialect.name;
    try {
      replayOnView(state, ops, dialect, this.applyCtx);
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      const op = ops[e.index]!;
      const path = ['downgrade', e.index, ...parseFieldPath(e.cause.field)];
      this.modelError(lane, e.cause, new FixedPlacement(() => revisionSite(rev, path), op));
    }
    ops.forEach((op, i) => {
      if (op.op !== 'sql' || !appliesTo(op, dialect)) return;
      for (const [field, text] of [['sql', op.sql], ['downgrade', op.downgrade]] as const) {
        const t = sqlTextFor(text, dialect);
        if (!t) continue;
        const path: JsonPath = ['downgrade', i, field, ...(t.key ? [t.key] : [])];
        this.syntaxErrors(lane, this.analysis(t.text, dialect), (offset) => new FixedPlacement(() => this.sqlTextSite(rev, path, offset, undefined), op));
      }
    });
  }

  private modelError(lane: Lane, error: ModelError, placement: Placement): void {
    for (const inst of lane.instances) {
      inst.handlers.modelError?.({ error, dialect: lane.dialect, report: (r) => lane.report(inst, placement, undefined, r) });
    }
  }

  private syntaxErrors(lane: Lane, analysis: SqlAnalysis, placeAt: (offset: number) => Placement): void {
    for (const error of analysis.syntaxErrors) {
      const placement = placeAt(error.offset);
      for (const inst of lane.instances) {
        inst.handlers.syntaxError?.({ error, dialect: lane.dialect, report: (r) => lane.report(inst, placement, undefined, r) });
      }
    }
  }

  /** A `sql` op: its text's syntax errors, its statements, and the ops equivalent to its DDL. */
  private sqlOp(lane: Lane, rev: Revision, op: Extract<Op, { op: 'sql' }>, index: number, state: SchemaState): void {
    const dialect = lane.dialect.name;
    for (const [field, text] of [['sql', op.sql], ['downgrade', op.downgrade]] as const) {
      const t = sqlTextFor(text, dialect);
      if (!t) continue;
      const path: JsonPath = ['upgrade', index, field, ...(t.key ? [t.key] : [])];
      const analysis = this.analysis(t.text, dialect);
      const placeAt = (offset: number) => new FixedPlacement(() => this.sqlTextSite(rev, path, offset, index), op);
      this.syntaxErrors(lane, analysis, placeAt);
      // The downgrade text is only checked for syntax: it does not run on upgrade.
      if (field === 'downgrade') continue;
      // Raw SQL does not change sqlrev's model (render treats it as opaque);
      // its statements are followed on a view that lives for this op only.
      let view: SchemaState = state;
      for (const seg of analysis.segments) {
        for (const statement of seg.statements) {
          view = this.statement(lane, statement, placeAt, view, rev, index);
        }
      }
    }
  }

  /** One raw SQL statement: statement hooks, then its op (if any) through the op handlers. Returns the view after it. */
  private statement(
    lane: Lane, statement: SqlStatement, placeAt: (offset: number) => Placement, view: SchemaState, rev: Revision, index: number,
  ): SchemaState {
    this.statementHooks(lane, statement, 'revision', placeAt);
    const op = statement.op;
    if (!op) return view;
    const step = applyAssumingExisting(view, op, this.applyCtx);
    if (!step) return view;
    const after = new Overlay(step.before, step.delta);
    const placement = placeAt(statement.part?.offset ?? statement.offset);
    this.dispatchOp(lane, {
      op, index, before: step.before, after, revision: rev, origin: 'sql', statement, placement,
    });
    lane.newTables.note(op);
    return after;
  }

  /** Statement hooks run once per statement (a statement of several ops is listed once per op). */
  private statementHooks(lane: Lane, statement: SqlStatement, origin: 'revision' | 'file', placeAt: (offset: number) => Placement): void {
    if (statement.part && statement.part.index > 0) return;
    const placement = placeAt(statement.offset);
    for (const inst of lane.instances) {
      inst.handlers.statement?.({ statement, dialect: lane.dialect, origin, report: (r) => lane.report(inst, placement, undefined, r) });
    }
  }

  /** The op handlers of the lane's rules, in registry order, with one event between them. */
  private dispatchOp(lane: Lane, init: OpEventInit): void {
    const subscribers = lane.subscribers(init.op.op);
    if (subscribers.length === 0) return;
    const event = new OpDispatchEvent(lane, init);
    for (const s of subscribers) {
      event.instance = s.instance;
      s.handle(event);
    }
  }

  private replaySqlFile(file: SqlFile, lane: Lane): void {
    const analysis = this.analysis(file.text, lane.dialect.name);
    const lines = this.lineIndex(file.file, file.text);
    const at = (offset: number, revision?: string): Placement => new FixedPlacement(() => {
      const p = lines.position(offset);
      return { source: file, file: file.file, line: p.line, column: p.column, ...(revision !== undefined ? { revision } : {}) };
    });
    // A syntax error belongs to the segment it is in, for the revision id.
    const revisionAt = (offset: number): string | undefined => {
      let id: string | undefined;
      for (const seg of analysis.segments) {
        const first = seg.statements[0];
        if (first && first.offset > offset) break;
        id = segmentRevision(seg.marker);
      }
      return id;
    };
    this.syntaxErrors(lane, analysis, (offset) => at(offset, revisionAt(offset)));
    // The file's own statements build its model; tables it does not create
    // are assumed to exist already (see assume-existing.ts).
    const state = new MutableSchema();
    const newTables = lane.newTables;
    for (const seg of analysis.segments) {
      // Each Alembic revision in the file is its own unit: a table created by
      // an earlier one exists (and may hold rows) by the time this one runs.
      newTables.reset();
      const revision = segmentRevision(seg.marker);
      for (const statement of seg.statements) {
        this.statementHooks(lane, statement, 'file', (offset) => at(offset, revision));
        const op = statement.op;
        if (!op) continue;
        const step = applyAssumingExisting(state, op, this.applyCtx);
        if (!step) continue;
        const placement = at(statement.part?.offset ?? statement.offset, revision);
        this.dispatchOp(lane, {
          op, index: -1, before: step.before, after: new Overlay(step.before, step.delta), origin: 'sql', statement, placement,
        });
        if (step.assumed) state.commit(step.assumed);
        state.commit(step.delta);
        newTables.note(op);
      }
    }
  }

  result(): AuditResult {
    const severityOf = new Map(this.enabled.map((e) => [e.rule.meta.id, e.severity]));
    const suppressionSeverity = severityOf.get('suppression');
    const raw: RawFinding[] = [];
    for (const lane of this.lanes) for (const f of lane.raw) raw.push(f);
    if (suppressionSeverity) {
      for (const p of this.suppressions.problems(this.revisions, RULE_IDS, this.ran)) {
        const pos = p.revision.source.locate(p.at);
        raw.push({
          source: p.revision, rule: 'suppression', severity: suppressionSeverity, revision: p.revision.id, file: p.revision.file,
          line: pos.line, column: pos.column, ...(p.op !== undefined ? { op: p.op } : {}), message: p.message, help: p.help,
        });
      }
    }
    const universe = (this.input.dialects ?? this.input.config.dialects).length;
    const findings = sortFindings(mergeDialects(raw, universe));
    return {
      findings,
      summary: summarize(findings),
      sources: this.sources,
      rules: this.enabled.filter((e) => this.ran.has(e.rule.meta.id) || e.rule.meta.id === 'suppression')
        .map((e) => ({ meta: e.rule.meta, severity: e.severity })),
    };
  }
}

/** Whether every upgrade op runs on all of `dialects` or on none (no `only` tells them apart). */
function sameOpsOnEveryDialect(revisions: readonly Revision[], dialects: readonly Dialect[]): boolean {
  if (dialects.length < 2) return true;
  for (const rev of revisions) {
    for (const op of rev.upgrade) {
      if (op.only === undefined) continue;
      const first = appliesTo(op, dialects[0]!.name);
      for (const d of dialects) if (appliesTo(op, d.name) !== first) return false;
    }
  }
  return true;
}

function segmentRevision(marker: { from: readonly string[]; to: readonly string[]; direction: 'upgrade' | 'downgrade' } | undefined): string | undefined {
  if (!marker) return undefined;
  // An upgrade segment is the target revision's upgrade; a downgrade segment
  // (`Running downgrade B -> A`) is B's downgrade.
  const ids = marker.direction === 'upgrade' ? marker.to : marker.from;
  return ids.length ? ids.join(',') : undefined;
}

/** Revisions no other revision names as a parent. */
export function headsOf(revisions: readonly Revision[]): string[] {
  const parents = new Set(revisions.flatMap((r) => r.parents));
  return revisions.filter((r) => !parents.has(r.id)).map((r) => r.id).sort();
}
