/**
 * The audit engine: replays the revisions (or the statements of `.sql`
 * files) into the schema model once per audited dialect, exactly as the
 * renderer does, and calls every enabled rule with the state just before and
 * after each op. Rules report; the engine places each report at a line and
 * column, applies suppressions, merges findings that hold on every dialect
 * into one, and sorts them.
 */
import type { Config } from '../config/types.js';
import { isUnsupported, type Dialect, type Statement } from '../dialects/dialect.js';
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
import { compareFindings, summarize, type Finding, type FindingSeverity, type FindingSummary } from './finding.js';
import { offsetInLiteral } from './literal-offset.js';
import { NewTables } from './new-tables.js';
import { enabledRules, RULE_IDS, type EnabledRule } from './registry.js';
import { appliesToDialect, type AnyOpEvent, type Report, type RuleHandlers, type RuleMeta } from './rule.js';
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

/** A finding before dialects are merged. */
interface RawFinding extends Omit<Finding, 'dialect'> {
  readonly dialect?: DialectName;
}

/** Where a report lands, and which op's `audit.allow` can silence it. */
interface Site {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly revision?: string;
  readonly op?: number;
  readonly allowOn?: Op;
}

interface Instance {
  readonly enabled: EnabledRule;
  readonly handlers: RuleHandlers;
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
  private readonly raw: RawFinding[] = [];
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
    for (const d of this.dialects) {
      for (const rev of this.revisions) {
        for (const op of [...rev.upgrade, ...(rev.downgrade ?? [])]) {
          if (op.op !== 'sql' || !appliesTo(op, d.name)) continue;
          for (const t of [sqlTextFor(op.sql, d.name), sqlTextFor(op.downgrade, d.name)]) if (t) await this.analyse(t.text, d.name);
        }
      }
    }
    for (const f of this.input.sqlFiles ?? []) await this.analyse(f.text, this.sqlDialect.name);
  }

  // -- the replay --------------------------------------------------------------

  private instances(dialect: Dialect): Instance[] {
    const out: Instance[] = [];
    for (const e of this.enabled) {
      if (!appliesToDialect(e.rule.meta, dialect.name)) continue;
      this.ran.add(e.rule.meta.id);
      out.push({ enabled: e, handlers: e.rule.create({ dialect, dialects: this.dialects, config: this.input.config }) });
    }
    return out;
  }

  run(): void {
    for (const rev of this.revisions) this.sources.set(rev.file, rev.text);
    if (this.revisions.length) for (const d of this.dialects) this.replayRevisions(d);
    for (const f of this.input.sqlFiles ?? []) {
      this.sources.set(f.file, f.text);
      this.replaySqlFile(f, this.sqlDialect);
    }
  }

  private emit(inst: Instance, dialect: Dialect, site: Site, r: Report): void {
    const id = inst.enabled.rule.meta.id;
    if (this.suppressions.suppresses(site.allowOn, id)) return;
    this.raw.push({
      rule: id,
      severity: inst.enabled.severity,
      ...(site.revision !== undefined ? { revision: site.revision } : {}),
      file: site.file,
      line: site.line,
      column: site.column,
      ...(site.op !== undefined ? { op: site.op } : {}),
      dialect: dialect.name,
      message: r.message,
      ...(r.help ? { help: r.help } : {}),
    });
  }

  private revSite(rev: Revision, path: JsonPath, op?: number, allowOn?: Op): Site {
    const pos = rev.source.locate(path);
    return { file: rev.file, line: pos.line, column: pos.column, revision: rev.id, ...(op !== undefined ? { op } : {}), ...(allowOn ? { allowOn } : {}) };
  }

  private lineIndex(file: string, text: string): LineIndex {
    let ix = this.lineIndexes.get(file);
    if (!ix) this.lineIndexes.set(file, (ix = new LineIndex(text)));
    return ix;
  }

  /** The site of character `offset` of a `sql` op's text (the statement, or the syntax error, inside the string). */
  private sqlTextSite(rev: Revision, path: JsonPath, offset: number, op: number | undefined, allowOn: Op): Site {
    const start = rev.source.locate(path);
    const at = offsetInLiteral(rev.text, start.offset, offset);
    if (at === undefined) return this.revSite(rev, path, op, allowOn);
    const pos = this.lineIndex(rev.file, rev.text).position(at);
    return { file: rev.file, line: pos.line, column: pos.column, revision: rev.id, ...(op !== undefined ? { op } : {}), allowOn };
  }

  private replayRevisions(dialect: Dialect): void {
    const instances = this.instances(dialect);
    const heads = this.input.heads ?? headsOf(this.revisions);
    for (const inst of instances) {
      inst.handlers.graph?.({
        revisions: this.revisions, heads, dialect,
        report: (r) => this.emit(inst, dialect, this.revSite(r.revision, r.at ?? ['id']), r),
      });
    }
    const state = new MutableSchema();
    const newTables = new NewTables();
    for (const rev of this.revisions) {
      newTables.reset();
      const deriver = rev.downgrade === undefined ? new DowngradeDeriver(this.applyCtx) : undefined;
      let replayed = true;
      rev.upgrade.forEach((op, index) => {
        if (!appliesTo(op, dialect.name)) return;
        let delta;
        try {
          delta = applyOp(state, op, this.applyCtx);
        } catch (e) {
          if (!(e instanceof ModelError)) throw e;
          replayed = false;
          this.modelError(instances, dialect, e, this.revSite(rev, ['upgrade', index, ...parseFieldPath(e.field)], index, op));
          return;
        }
        const after = new Overlay(state, delta);
        const site = this.revSite(rev, ['upgrade', index], index, op);
        this.dispatchOp(instances, dialect, {
          op, index, before: state, after, revision: rev, origin: 'revision', newTables,
          site: (at) => (at && at.length ? this.revSite(rev, ['upgrade', index, ...at], index, op) : site),
        });
        if (op.op === 'sql') this.sqlOp(instances, dialect, rev, op, index, state, newTables);
        if (deriver && replayed) {
          try {
            deriver.visit({ index, op, before: state, after });
          } catch (e) {
            if (!(e instanceof ModelError)) throw e;
            replayed = false;
          }
        }
        state.commit(delta);
        newTables.note(op);
      });
      const derived: DerivedDowngrade | undefined = deriver && replayed ? deriver.result() : undefined;
      for (const inst of instances) {
        inst.handlers.revision?.({
          revision: rev, dialect, ...(derived ? { derivedDowngrade: derived } : {}),
          report: (r) => {
            const allowOn = r.op !== undefined ? rev.upgrade[r.op] : undefined;
            this.emit(inst, dialect, this.revSite(rev, r.at ?? (r.op !== undefined ? ['upgrade', r.op] : ['id']), r.op, allowOn), r);
          },
        });
      }
      if (rev.downgrade && replayed) this.checkDowngrade(instances, dialect, rev, rev.downgrade, state);
    }
  }

  /** An explicit downgrade must replay on the revision's state; what it names must exist. */
  private checkDowngrade(instances: Instance[], dialect: Dialect, rev: Revision, ops: readonly Op[], state: SchemaState): void {
    try {
      replayOnView(state, ops, dialect.name, this.applyCtx);
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      const op = ops[e.index]!;
      this.modelError(instances, dialect, e.cause, this.revSite(rev, ['downgrade', e.index, ...parseFieldPath(e.cause.field)], undefined, op));
    }
    ops.forEach((op, i) => {
      if (op.op !== 'sql' || !appliesTo(op, dialect.name)) return;
      for (const [field, text] of [['sql', op.sql], ['downgrade', op.downgrade]] as const) {
        const t = sqlTextFor(text, dialect.name);
        if (!t) continue;
        const path: JsonPath = ['downgrade', i, field, ...(t.key ? [t.key] : [])];
        this.syntaxErrors(instances, dialect, this.analysis(t.text, dialect.name), (offset) => this.sqlTextSite(rev, path, offset, undefined, op));
      }
    });
  }

  private modelError(instances: Instance[], dialect: Dialect, error: ModelError, site: Site): void {
    for (const inst of instances) inst.handlers.modelError?.({ error, dialect, report: (r) => this.emit(inst, dialect, site, r) });
  }

  private syntaxErrors(instances: Instance[], dialect: Dialect, analysis: SqlAnalysis, siteAt: (offset: number) => Site): void {
    for (const error of analysis.syntaxErrors) {
      const site = siteAt(error.offset);
      for (const inst of instances) inst.handlers.syntaxError?.({ error, dialect, report: (r) => this.emit(inst, dialect, site, r) });
    }
  }

  /** A `sql` op: its text's syntax errors, its statements, and the ops equivalent to its DDL. */
  private sqlOp(instances: Instance[], dialect: Dialect, rev: Revision, op: Extract<Op, { op: 'sql' }>, index: number, state: SchemaState, newTables: NewTables): void {
    for (const [field, text] of [['sql', op.sql], ['downgrade', op.downgrade]] as const) {
      const t = sqlTextFor(text, dialect.name);
      if (!t) continue;
      const path: JsonPath = ['upgrade', index, field, ...(t.key ? [t.key] : [])];
      const analysis = this.analysis(t.text, dialect.name);
      const siteAt = (offset: number) => this.sqlTextSite(rev, path, offset, index, op);
      this.syntaxErrors(instances, dialect, analysis, siteAt);
      // The downgrade text is only checked for syntax: it does not run on upgrade.
      if (field === 'downgrade') continue;
      // Raw SQL does not change sqlrev's model (render treats it as opaque);
      // its statements are followed on a view that lives for this op only.
      let view: SchemaState = state;
      for (const seg of analysis.segments) {
        for (const statement of seg.statements) {
          view = this.statement(instances, dialect, statement, siteAt, view, newTables, rev, index);
        }
      }
    }
  }

  /** One raw SQL statement: statement hooks, then its op (if any) through the op handlers. Returns the view after it. */
  private statement(
    instances: Instance[], dialect: Dialect, statement: SqlStatement, siteAt: (offset: number) => Site,
    view: SchemaState, newTables: NewTables, rev: Revision, index: number,
  ): SchemaState {
    this.statementHooks(instances, dialect, statement, 'revision', siteAt);
    const op = statement.op;
    if (!op) return view;
    const step = applyAssumingExisting(view, op, this.applyCtx);
    if (!step) return view;
    const after = new Overlay(step.before, step.delta);
    const site = siteAt(statement.part?.offset ?? statement.offset);
    this.dispatchOp(instances, dialect, {
      op, index, before: step.before, after, revision: rev, origin: 'sql', statement, newTables, site: () => site,
    });
    newTables.note(op);
    return after;
  }

  /** Statement hooks run once per statement (a statement of several ops is listed once per op). */
  private statementHooks(instances: Instance[], dialect: Dialect, statement: SqlStatement, origin: 'revision' | 'file', siteAt: (offset: number) => Site): void {
    if (statement.part && statement.part.index > 0) return;
    const site = siteAt(statement.offset);
    for (const inst of instances) inst.handlers.statement?.({ statement, dialect, origin, report: (r) => this.emit(inst, dialect, site, r) });
  }

  private dispatchOp(
    instances: Instance[], dialect: Dialect,
    s: {
      op: Op; index: number; before: SchemaState; after: SchemaState; revision?: Revision; origin: 'revision' | 'sql';
      statement?: SqlStatement; newTables: NewTables; site: (at?: JsonPath) => Site;
    },
  ): void {
    let rendered: readonly Statement[] | undefined;
    const statements = (): readonly Statement[] => (rendered ??= renderOp(dialect, s.op, s.before, s.after));
    const isExistingTable = (name: string) => s.before.table(name) !== undefined && !s.newTables.has(name);
    for (const inst of instances) {
      const handler = inst.handlers[s.op.op] as ((e: AnyOpEvent) => void) | undefined;
      if (!handler) continue;
      handler({
        op: s.op, index: s.index, before: s.before, after: s.after, ...(s.revision ? { revision: s.revision } : {}),
        dialect, origin: s.origin, ...(s.statement ? { statement: s.statement } : {}), isExistingTable, statements,
        report: (r) => this.emit(inst, dialect, s.site(r.at), r),
      });
    }
  }

  private replaySqlFile(file: SqlFile, dialect: Dialect): void {
    const instances = this.instances(dialect);
    const analysis = this.analysis(file.text, dialect.name);
    const lines = this.lineIndex(file.file, file.text);
    const at = (offset: number, revision?: string): Site => {
      const p = lines.position(offset);
      return { file: file.file, line: p.line, column: p.column, ...(revision !== undefined ? { revision } : {}) };
    };
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
    this.syntaxErrors(instances, dialect, analysis, (offset) => at(offset, revisionAt(offset)));
    // The file's own statements build its model; tables it does not create
    // are assumed to exist already (see assume-existing.ts).
    const state = new MutableSchema();
    const newTables = new NewTables();
    for (const seg of analysis.segments) {
      // Each Alembic revision in the file is its own unit: a table created by
      // an earlier one exists (and may hold rows) by the time this one runs.
      newTables.reset();
      const revision = segmentRevision(seg.marker);
      for (const statement of seg.statements) {
        this.statementHooks(instances, dialect, statement, 'file', (offset) => at(offset, revision));
        const op = statement.op;
        if (!op) continue;
        const step = applyAssumingExisting(state, op, this.applyCtx);
        if (!step) continue;
        const site = at(statement.part?.offset ?? statement.offset, revision);
        this.dispatchOp(instances, dialect, {
          op, index: -1, before: step.before, after: new Overlay(step.before, step.delta), origin: 'sql', statement, newTables, site: () => site,
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
    const raw = [...this.raw];
    if (suppressionSeverity) {
      for (const p of this.suppressions.problems(this.revisions, RULE_IDS, this.ran)) {
        const pos = p.revision.source.locate(p.at);
        raw.push({
          rule: 'suppression', severity: suppressionSeverity, revision: p.revision.id, file: p.revision.file,
          line: pos.line, column: pos.column, ...(p.op !== undefined ? { op: p.op } : {}), message: p.message, help: p.help,
        });
      }
    }
    const universe = (this.input.dialects ?? this.input.config.dialects).length;
    const findings = mergeDialects(raw, universe).sort(compareFindings);
    return {
      findings,
      summary: summarize(findings),
      sources: this.sources,
      rules: this.enabled.filter((e) => this.ran.has(e.rule.meta.id) || e.rule.meta.id === 'suppression')
        .map((e) => ({ meta: e.rule.meta, severity: e.severity })),
    };
  }
}

function segmentRevision(marker: { from: readonly string[]; to: readonly string[]; direction: 'upgrade' | 'downgrade' } | undefined): string | undefined {
  if (!marker) return undefined;
  // An upgrade segment is the target revision's upgrade; a downgrade segment
  // (`Running downgrade B -> A`) is B's downgrade.
  const ids = marker.direction === 'upgrade' ? marker.to : marker.from;
  return ids.length ? ids.join(',') : undefined;
}

/** What the dialect renders for an op; [] when it cannot (render reports that itself). */
function renderOp(dialect: Dialect, op: Op, before: SchemaState, after: SchemaState): readonly Statement[] {
  const r = dialect.renderers[op.op];
  if (isUnsupported(r)) return [];
  try {
    return (r as (op: Op, ctx: unknown) => Statement[])(op, { dialect, before, after });
  } catch (e) {
    if (e instanceof ModelError) return [];
    throw e;
  }
}

/** Revisions no other revision names as a parent. */
export function headsOf(revisions: readonly Revision[]): string[] {
  const parents = new Set(revisions.flatMap((r) => r.parents));
  return revisions.filter((r) => !parents.has(r.id)).map((r) => r.id).sort();
}

/**
 * A finding reported identically on every audited dialect becomes one
 * finding without `dialect`; any other keeps its dialect.
 */
function mergeDialects(raw: readonly RawFinding[], dialectCount: number): Finding[] {
  const groups = new Map<string, { finding: RawFinding; dialects: Set<DialectName | undefined> }>();
  for (const f of raw) {
    const { dialect, ...rest } = f;
    const key = JSON.stringify([rest.rule, rest.severity, rest.revision, rest.file, rest.line, rest.column, rest.op, rest.message, rest.help]);
    const g = groups.get(key);
    if (g) g.dialects.add(dialect);
    else groups.set(key, { finding: f, dialects: new Set([dialect]) });
  }
  const out: Finding[] = [];
  for (const { finding, dialects } of groups.values()) {
    const { dialect: _d, ...rest } = finding;
    if (dialects.has(undefined) || dialects.size >= dialectCount) out.push(rest);
    else for (const d of [...dialects].sort()) out.push({ ...rest, dialect: d! });
  }
  return out;
}
