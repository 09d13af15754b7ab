/**
 * `sqlrev verify`: the rendered scripts, run on real engines, checked
 * against the model at every step.
 *
 * For each dialect with an embedded engine (src/verify/engines.ts), on a
 * fresh database:
 *  1. up: run each revision's standalone upgrade script (the exact text of
 *     out/<dialect>/revisions/<stem>.upgrade.sql, from the same buildOutTree
 *     that `render` writes) in topological order, and after each compare the
 *     engine's catalog with the model at that revision and the version table
 *     with the revisions applied so far;
 *  2. down: run each downgrade script back, comparing with the model at the
 *     revision below each time, until base (where nothing but the version
 *     table may be left) or until a downgrade is impossible or fails;
 *  3. up again (optional, on by default): re-apply from where the way down
 *     stopped, comparing again, which catches a downgrade that leaves
 *     something behind that only a second upgrade trips over.
 *
 * Every downgrade is also classified, statically: `impossible` (it could
 * not be derived and was not given), `structure-only` (the upgrade destroys
 * data that no downgrade can bring back: a dropped table or column, a type
 * change that changes values, deleted rows, a dropped sequence's position),
 * or `exact`.
 *
 * The model at each revision comes from replaying the revisions once more
 * (the same fold compile does), turning each intermediate state into its
 * expected catalog as it goes; an engine's spelling of expressions is
 * settled once per revision and reused on the way down and up again.
 */
import type { Dialect } from '../dialects/dialect.js';
import { DIALECTS } from '../dialects/registry.js';
import { replayOps, type OpStep } from '../model/replay.js';
import { MutableSchema } from '../model/state.js';
import type { ColumnType, SchemaState } from '../model/types.js';
import { formatType } from '../model/column-type.js';
import { assertNever, type DialectName } from '../ops/types.js';
import type { Project } from '../project.js';
import { isIrreversibleDowngrade, type CompiledRevision } from '../render/compile.js';
import { buildOutTree } from '../render/out-tree.js';
import { Templates } from '../render/templates.js';
import type { Revision } from '../revisions/types.js';
import { pgCast, type CastResult } from '../audit/casts/cast-table.js';
import { sqliteCast } from '../audit/casts/sqlite-casts.js';
import { tokenize } from '../sql/lexer.js';
import { postgresqlLex } from '../sql/lex-rules.js';
import { postgresqlSplit, splitStatements } from '../sql/split.js';
import { compareText, type Catalog } from './catalog/types.js';
import { compareCatalogs, displayName, type Mismatch } from './compare.js';
import { ENGINES, type EngineSession } from './engines.js';
import { expectedCatalog } from './expected.js';

export type StepStatus = 'ok' | 'mismatch' | 'error';
export type DowngradeKind = 'exact' | 'structure-only' | 'impossible';
export type Phase = 'upgrade' | 'downgrade' | 'upgrade again';

/** A difference between the engine and the model, found after running a revision's script in `phase`. */
export interface Finding extends Mismatch { phase: Phase }

/** A script the engine refused. */
export interface ScriptError {
  phase: Phase;
  /** The engine's message, one line. */
  message: string;
  /** The statement that failed, when the script runs statement by statement. */
  statement?: string;
}

export interface RevisionResult {
  id: string;
  message: string;
  file: string;
  /** What running the upgrade did: `not run` when an earlier one failed, or `--to` stopped before. */
  upgrade: StepStatus | 'not run';
  downgrade: DowngradeKind;
  /** Why the downgrade is structure-only or impossible (empty when exact). */
  because: string[];
  /** What running the downgrade did: `not run` when it is impossible, or the way down stopped above it. */
  downgradeRun: StepStatus | 'not run';
  /** Present when the run upgrades again after going down. */
  upgradeAgain?: StepStatus | 'not run';
  mismatches: Finding[];
  errors: ScriptError[];
}

export interface DialectResult {
  dialect: DialectName;
  /** The engine that ran it. */
  engine: string;
  revisions: RevisionResult[];
  /**
   * `empty`: every downgrade ran and base holds nothing but the version table;
   * `not empty`: base was reached but something was left; `not reached`: see `stopped`.
   */
  base: 'empty' | 'not empty' | 'not reached';
  /** Why the run did not go all the way (an impossible downgrade, a failed script). */
  stopped?: { id: string; phase: Phase; reason: string };
}

export interface VerifySummary {
  revisions: number;
  mismatches: number;
  errors: number;
  exact: number;
  structureOnly: number;
  impossible: number;
  /** No mismatch and no error anywhere. */
  ok: boolean;
}

export interface VerifyReport {
  dialects: { [K in DialectName]?: DialectResult };
  /** Configured dialects that have no embedded engine, and so were not run. */
  skipped: { dialect: DialectName; reason: string }[];
  summary: VerifySummary;
}

export interface Progress {
  dialect: DialectName;
  phase: Phase;
  /** 1-based position of the revision in the run, out of `count`. */
  position: number;
  count: number;
  revision: string;
}

export interface VerifyOptions {
  /** Default: every configured dialect. */
  dialects?: readonly Dialect[];
  /** Stop at this revision id (inclusive) of the topological order; default: all revisions. */
  to?: string;
  /** After going down, upgrade again and compare (default true). */
  again?: boolean;
  /**
   * Sessions to use instead of opening fresh ones (tests share one engine
   * across many runs): each is reset before use and left open.
   */
  sessions?: { [K in DialectName]?: EngineSession };
  onProgress?: (p: Progress) => void;
}

// ---------------------------------------------------------------------------
// Running a script the way the dialect's own client does.

function lexSplit(script: string): string[] {
  return splitStatements(script, tokenize(script, postgresqlLex).tokens, postgresqlSplit).map((p) => script.slice(p.start, p.end));
}

/**
 * How the dialect's client sends a script to the server. psql sends one
 * statement at a time, each autocommitted unless inside BEGIN/COMMIT; one
 * multi-statement string would instead run in a single implicit transaction
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT),
 * where CREATE INDEX CONCURRENTLY is refused. The sqlite3 shell, like
 * sql.js's exec, prepares and steps one statement after another, so the whole
 * script is handed over as is.
 */
const CLIENT_STATEMENTS: { readonly [K in DialectName]: (script: string) => string[] } = {
  postgresql: lexSplit,
  sqlite: (script) => [script],
};

/**
 * What a client's end of session does after a failed script: the connection
 * closes, so an open transaction rolls back, and SQLite's connection-level
 * `PRAGMA foreign_keys` (turned off around table rebuilds) is gone with it.
 * A shared session is kept, so verify undoes those by hand. Either statement
 * may fail harmlessly (no transaction open).
 */
const AFTER_FAILURE: { readonly [K in DialectName]: readonly string[] } = {
  postgresql: ['ROLLBACK'],
  sqlite: ['ROLLBACK', 'PRAGMA foreign_keys = ON'],
};

/** One line of an engine error. */
function errorLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.trim() || 'unknown error';
}

/** The start of a statement, for a report: comments dropped, whitespace folded, at most 120 characters. */
function statementExcerpt(sql: string): string {
  const flat = sql.split('\n').filter((l) => !/^\s*--/.test(l)).join(' ').replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

async function runScript(session: EngineSession, script: string, phase: Phase): Promise<ScriptError | undefined> {
  const statements = CLIENT_STATEMENTS[session.dialect](script);
  for (const sql of statements) {
    try {
      await session.exec(sql);
    } catch (e) {
      for (const s of AFTER_FAILURE[session.dialect]) await session.exec(s).catch(() => undefined);
      return { phase, message: errorLine(e), ...(statements.length > 1 ? { statement: statementExcerpt(sql) } : {}) };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Classifying downgrades.

/** What a type change does to values, per dialect (the measured tables the audit uses). */
const CASTS: { readonly [K in DialectName]: (from: ColumnType, to: ColumnType, schema: SchemaState) => CastResult } = {
  postgresql: (from, to, schema) => pgCast(from, to, { schema }),
  sqlite: (from, to, schema) => sqliteCast(from, to, { schema }),
};

/** What an upgrade op destroys that no downgrade can restore (empty: nothing). */
function dataLoss(step: OpStep, dialect: DialectName): string[] {
  const op = step.op;
  switch (op.op) {
    case 'dropTable': return [`drops table ${displayName(op.table)}`];
    case 'dropColumn': return [`drops column ${displayName(op.table)}.${displayName(op.column)}`];
    case 'deleteRows': return [`deletes rows of ${displayName(op.table)}`];
    case 'dropSequence': return [`drops sequence ${displayName(op.name)} (its position is lost)`];
    case 'alterColumn': {
      const col = `${displayName(op.table)}.${displayName(op.column)}`;
      // A USING expression is arbitrary SQL: nothing says its downgradeUsing undoes it exactly.
      if (op.using !== undefined) return [`converts ${col} with USING`];
      if (op.type === undefined) return [];
      const from = step.before.table(op.table)?.columns.find((c) => c.name === op.column)?.type;
      const to = step.after.table(op.table)?.columns.find((c) => c.name === op.column)?.type;
      if (!from || !to) return [];
      return CASTS[dialect](from, to, step.before).lossy === 'silent'
        ? [`changes ${col} from ${formatType(from)} to ${formatType(to)}, which can change values`]
        : [];
    }
    // Structure that a downgrade rebuilds exactly, or rows it deletes again by key.
    case 'createTable': case 'renameTable': case 'addColumn': case 'renameColumn':
    case 'createIndex': case 'dropIndex': case 'addForeignKey': case 'addUnique': case 'addCheck':
    case 'addPrimaryKey': case 'dropConstraint': case 'createSequence': case 'createEnum': case 'dropEnum':
    case 'insert':
      return [];
    // Raw SQL is taken at its word: its downgrade is whatever the revision says.
    case 'sql': return [];
    default: return assertNever(op, 'op');
  }
}

// ---------------------------------------------------------------------------

/** What one dialect's run needs, prepared before any engine starts. */
interface DialectPlan {
  dialect: Dialect;
  compiled: readonly CompiledRevision[];
  up: string[];
  down: string[];
  /** expected[i]: the catalog after the first i revisions (model text; settled lazily). */
  expected: Catalog[];
  /** Data the upgrade of revision i destroys. */
  losses: string[][];
}

function planDialect(project: Project, dialect: Dialect, count: number, templates: Templates): DialectPlan {
  const compiled = project.compile(dialect).revisions.slice(0, count);
  // The very text `render` writes to out/<dialect>/revisions/ (only those files are kept).
  const scripts = new Map<string, string>();
  const prefix = `${dialect.name}/revisions/`;
  buildOutTree(project.config, project.view, [{ dialect, compiled }], templates, [dialect], {
    file(rel, content) { if (rel.startsWith(prefix)) scripts.set(rel, content); },
  });
  const file = (rev: Revision, dir: 'upgrade' | 'downgrade') => {
    const text = scripts.get(`${prefix}${rev.stem}.${dir}.sql`);
    if (text === undefined) throw new Error(`no ${dir} script rendered for ${rev.id}`);
    return text;
  };
  const state = new MutableSchema();
  const expected: Catalog[] = [expectedCatalog(state, dialect)];
  const losses: string[][] = [];
  for (const c of compiled) {
    const lost: string[] = [];
    replayOps(state, c.revision.upgrade, dialect.name, project.applyContext, (step) => { lost.push(...dataLoss(step, dialect.name)); });
    expected.push(expectedCatalog(state, dialect));
    losses.push(lost);
  }
  return {
    dialect, compiled, expected, losses,
    up: compiled.map((c) => file(c.revision, 'upgrade')),
    down: compiled.map((c) => file(c.revision, 'downgrade')),
  };
}

function classify(c: CompiledRevision, lost: string[]): { kind: DowngradeKind; because: string[] } {
  if (isIrreversibleDowngrade(c.downgrade)) return { kind: 'impossible', because: [`${c.downgrade.reason} (upgrade[${c.downgrade.index}])`] };
  return lost.length ? { kind: 'structure-only', because: lost } : { kind: 'exact', because: [] };
}

/** The catalog with each table's columns in name order rather than ordinal order. */
function byColumnName(c: Catalog): Catalog {
  return { ...c, tables: c.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => compareText(a.name, b.name)) })) };
}

/** The ids a version table holds when exactly `applied` are applied: those with no applied child. */
function headsOf(project: Project, applied: ReadonlySet<string>): string[] {
  return [...applied].filter((id) => !project.view.childrenOf(id).some((c) => applied.has(c))).sort();
}

async function runDialect(project: Project, plan: DialectPlan, session: EngineSession, opts: VerifyOptions, templates: Templates): Promise<DialectResult> {
  const { dialect, compiled } = plan;
  const n = compiled.length;
  const versionTable = project.config.versionTable;
  const results: RevisionResult[] = compiled.map((c, i) => {
    const { kind, because } = classify(c, plan.losses[i]!);
    return {
      id: c.revision.id, message: c.revision.message, file: c.revision.file,
      upgrade: 'not run', downgrade: kind, because, downgradeRun: 'not run',
      ...(opts.again === false ? {} : { upgradeAgain: 'not run' as const }),
      mismatches: [], errors: [],
    };
  });

  const settled = new Map<number, Catalog>();
  const expectedAt = async (i: number, actual: Catalog): Promise<Catalog> => {
    const raw = plan.expected[i]!;
    // When the engine reports the model's text as is (common on SQLite), there is nothing to settle.
    if (compareCatalogs(raw, actual).length === 0) return raw;
    let s = settled.get(i);
    if (!s) {
      s = await session.settle(raw);
      settled.set(i, s);
    }
    return s;
  };

  // The version table must name the heads of what is applied (checked with a
  // guard, the dialect's own way of failing). It exists once a root's script ran.
  const applied = new Set<string>();
  let versionTableMade = false;
  const versionCheck = (heads: readonly string[]): string => {
    const t = dialect.quoteIdent(versionTable);
    const condition = [
      `(SELECT COUNT(*) FROM ${t}) = ${heads.length}`,
      ...heads.map((h) => `EXISTS (SELECT 1 FROM ${t} WHERE version_num = ${dialect.quoteLiteral(h)})`),
    ].join(' AND ');
    const text = `sqlrev verify: the version table does not hold exactly ${heads.length ? heads.join(', ') : 'no revision'}`;
    return `${templates.render(`${dialect.name}/guard.sql.hbs`, { condition, message: dialect.quoteLiteral(text), text }).replace(/;?\s*$/, '')};`;
  };

  /** Set by the last comparison at base (no revision applied). */
  let baseClean: boolean | undefined;
  /** Compare the engine with the model after the first `i` revisions; findings go to revision `r`. */
  const check = async (i: number, r: RevisionResult, phase: Phase): Promise<StepStatus> => {
    const actual = await session.read({ versionTable });
    const expected = await expectedAt(i, actual);
    // Once a downgrade has run, column order is not compared: a column it
    // restores comes back last (PostgreSQL's ADD COLUMN has no position,
    // https://www.postgresql.org/docs/current/sql-altertable.html), and stays
    // there when the revisions are applied again.
    const found: Finding[] = (phase === 'upgrade' ? compareCatalogs(expected, actual) : compareCatalogs(byColumnName(expected), byColumnName(actual)))
      .map((m) => ({ phase, ...m }));
    if (versionTableMade) {
      const heads = headsOf(project, applied);
      if (await runScript(session, versionCheck(heads), phase)) {
        found.push({
          phase, object: `version table ${displayName(versionTable)}`,
          expected: heads.length ? `rows ${heads.map((h) => `'${h}'`).join(', ')}` : 'no rows',
          actual: 'other rows, or no table',
        });
      }
    }
    r.mismatches.push(...found);
    if (i === 0) baseClean = found.length === 0;
    return found.length ? 'mismatch' : 'ok';
  };

  const progress = (phase: Phase, i: number) => opts.onProgress?.({ dialect: dialect.name, phase, position: i + 1, count: n, revision: compiled[i]!.revision.id });
  const finish = (base: DialectResult['base'], stopped: DialectResult['stopped']): DialectResult =>
    ({ dialect: dialect.name, engine: ENGINES[dialect.name].label, revisions: results, base, ...(stopped ? { stopped } : {}) });

  /** Upgrade revisions [from, to); returns the index of the one that failed, or `to`. */
  const upgradeRange = async (from: number, to: number, phase: Phase, field: 'upgrade' | 'upgradeAgain'): Promise<number> => {
    for (let i = from; i < to; i++) {
      progress(phase, i);
      const r = results[i]!;
      const err = await runScript(session, plan.up[i]!, phase);
      if (err) {
        r[field] = 'error';
        r.errors.push(err);
        return i;
      }
      applied.add(r.id);
      versionTableMade = true;
      r[field] = await check(i + 1, r, phase);
    }
    return to;
  };

  // 1. Up.
  const top = await upgradeRange(0, n, 'upgrade', 'upgrade');
  let stopped: DialectResult['stopped'];
  if (top < n) {
    const r = results[top]!;
    stopped = { id: r.id, phase: 'upgrade', reason: `its upgrade script failed: ${r.errors[0]!.message}` };
    // A failed script may leave part of itself behind (a statement outside a
    // transaction): going down from there would only repeat that difference.
    if ((await check(top, r, 'upgrade')) !== 'ok') return finish('not reached', stopped);
  }

  // 2. Down.
  let low = top;
  let downFailed = false;
  for (let i = top - 1; i >= 0; i--) {
    const r = results[i]!;
    if (r.downgrade === 'impossible') {
      stopped ??= { id: r.id, phase: 'downgrade', reason: `its downgrade is impossible: ${r.because.join('; ')}` };
      break;
    }
    progress('downgrade', i);
    const err = await runScript(session, plan.down[i]!, 'downgrade');
    if (err) {
      r.downgradeRun = 'error';
      r.errors.push(err);
      stopped ??= { id: r.id, phase: 'downgrade', reason: `its downgrade script failed: ${err.message}` };
      downFailed = true;
      break;
    }
    applied.delete(r.id);
    r.downgradeRun = await check(i, r, 'downgrade');
    low = i;
  }
  const base: DialectResult['base'] = n === 0 ? 'empty' : low > 0 || downFailed || baseClean === undefined ? 'not reached' : baseClean ? 'empty' : 'not empty';

  // 3. Up again, from wherever the way down stopped to where the way up did.
  if (opts.again !== false && !downFailed) {
    const failed = await upgradeRange(low, top, 'upgrade again', 'upgradeAgain');
    if (failed < top) stopped ??= { id: results[failed]!.id, phase: 'upgrade again', reason: `its upgrade script failed the second time: ${results[failed]!.errors.at(-1)!.message}` };
  }
  return finish(base, stopped);
}

function summarize(dialects: DialectResult[]): VerifySummary {
  const all = dialects.flatMap((d) => d.revisions);
  const s: VerifySummary = {
    revisions: Math.max(0, ...dialects.map((d) => d.revisions.length)),
    mismatches: all.reduce((k, r) => k + r.mismatches.length, 0),
    errors: all.reduce((k, r) => k + r.errors.length, 0),
    exact: all.filter((r) => r.downgrade === 'exact').length,
    structureOnly: all.filter((r) => r.downgrade === 'structure-only').length,
    impossible: all.filter((r) => r.downgrade === 'impossible').length,
    ok: true,
  };
  s.ok = s.mismatches === 0 && s.errors === 0;
  return s;
}

/** How many revisions of the topological order `to` takes in (all when undefined). */
function countTo(project: Project, to: string | undefined): number {
  if (to === undefined) return project.graph.order.length;
  const at = project.graph.order.findIndex((r) => r.id === to);
  if (at < 0) throw new Error(`verify: unknown revision ${to}`);
  return at + 1;
}

/** Verify a loaded project on every (chosen) dialect's embedded engine. */
export async function verifyProject(project: Project, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const dialects = opts.dialects ?? project.config.dialects.map((d) => DIALECTS[d]);
  const count = countTo(project, opts.to);
  const templates = new Templates(project.config.templates ? project.path(project.config.templates) : undefined);
  const report: VerifyReport = { dialects: {}, skipped: [], summary: summarize([]) };
  // Compile (and render) every dialect before starting any engine, so bad input fails fast.
  const plans: DialectPlan[] = [];
  for (const d of dialects) {
    if (!Object.prototype.hasOwnProperty.call(ENGINES, d.name)) {
      report.skipped.push({ dialect: d.name, reason: `no embedded engine runs ${d.displayName}` });
      continue;
    }
    plans.push(planDialect(project, d, count, templates));
  }
  for (const plan of plans) {
    const name = plan.dialect.name;
    const shared = opts.sessions?.[name];
    const session = shared ?? await ENGINES[name].open();
    try {
      if (shared) await shared.reset();
      report.dialects[name] = await runDialect(project, plan, session, opts, templates);
    } finally {
      if (!shared) await session.close();
    }
  }
  report.summary = summarize(Object.values(report.dialects));
  return report;
}
