/**
 * `npm run bench`: generates revision chains, times whole sqlrev processes on
 * them (and Alembic and squawk when available), prints tables, checks the
 * budgets of issue 5 and writes bench/results.json. See bench/README.md.
 *
 *   node dist/bench/run.js [--quick] [--n N] [--runs R] [--seed S]
 *                          [--no-alembic] [--no-squawk] [--no-install] [--out FILE] [--timeout S]
 *
 * Always exits 0 unless the harness itself breaks: a budget failing, or a
 * command failing, is a figure in the report.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, arch, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../src/package-root.js';
import { findAlembic, writeAlembicProject } from './alembic.js';
import { clearAside, setAside, useAsideDir } from './aside.js';
import { checkBudgets, find, PER_N_COMMANDS, type CaseResult, type Tool, type Variant } from './budgets.js';
import { DEFAULT_SEED, type Chain } from './chain.js';
import { cpuReference } from './cpu-reference.js';
import { SQLREV_COMMANDS, type SqlrevCommand } from './commands.js';
import { ensureProject } from './generate.js';
import { Runner, type CommandSpec } from './measure.js';
import { ensureSquawk } from './squawk.js';
import { count, markdownTable, mb, ratio, secs } from './table.js';
import { validateChain, type SchemaCheck } from './validate.js';
import { manifestOf } from './write-floor.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    n: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    'no-alembic': { type: 'boolean', default: false },
    'no-squawk': { type: 'boolean', default: false },
    'no-install': { type: 'boolean', default: false },
    out: { type: 'string' },
    timeout: { type: 'string' },
  },
  allowPositionals: false,
});

const root = packageRoot();
const work = join(root, 'bench', 'work');
const resultsFile = flags.out ?? join(root, 'bench', 'results.json');
const seed = flags.seed === undefined ? DEFAULT_SEED : Number(flags.seed);
const sizes = flags.n !== undefined ? [Number(flags.n)] : flags.quick ? [100, 1000] : [100, 1000, 10000];
for (const n of sizes) if (!Number.isInteger(n) || n < 1) usage(`--n must be a positive integer, got ${flags.n}`);
if (!Number.isFinite(seed)) usage(`--seed must be a number, got ${flags.seed}`);
if (flags.runs !== undefined && !(Number.isInteger(Number(flags.runs)) && Number(flags.runs) >= 1)) usage(`--runs must be a positive integer, got ${flags.runs}`);
const runsFor = (n: number) => (flags.runs !== undefined ? Number(flags.runs) : n >= 10000 ? 3 : 5);
// A run is cut off after this (default 120 s: 200x the 10,000 budget), reported as "timeout".
const timeoutMs = (flags.timeout === undefined ? 120 : Number(flags.timeout)) * 1000;
if (!(timeoutMs > 0)) usage(`--timeout must be a positive number of seconds, got ${flags.timeout}`);
const longRunMs = 20_000;

function usage(msg: string): never {
  process.stderr.write(`bench: ${msg}\nusage: node dist/bench/run.js [--quick] [--n N] [--runs R] [--seed S] [--no-alembic] [--no-squawk] [--no-install] [--out FILE] [--timeout S]\n`);
  process.exit(2);
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

mkdirSync(work, { recursive: true });
// What an interrupted bench set aside goes now, before anything is timed; this run's at the end (aside.ts).
useAsideDir(work);
clearAside();
const runner = new Runner(join(work, 'scratch'));
const cases: CaseResult[] = [];
// SQLREV_BENCH_BIN times another entry point (e.g. a build in another directory).
const sqlrevBin = process.env.SQLREV_BENCH_BIN ?? join(root, 'bin', 'sqlrev.js');
const sqlrev = (...args: string[]) => ['node', sqlrevBin, ...args];

async function measure(tool: Tool, variant: Variant, n: number, command: string, spec: Omit<CommandSpec, 'name' | 'timeoutMs' | 'longRunMs'>): Promise<CaseResult> {
  const label = `${tool} ${command}${n ? ` n=${count(n)}` : ''}${variant === 'branches' ? ' (branches)' : ''}`;
  process.stderr.write(`  ${label} ... `);
  const m = await runner.measure({ ...spec, name: label, timeoutMs, longRunMs });
  const c: CaseResult = { ...m, tool, variant, n, command };
  cases.push(c);
  log(c.status === 'ok'
    ? `median ${secs(c.median)} s, min ${secs(c.min)} s, ${c.runs.length} runs, ${mb(c.rssMB)} MB`
    : `${c.status}: ${c.message ?? ''}`);
  if (c.details?.summary) log(`    findings: ${JSON.stringify(c.details.summary)}`);
  return c;
}

/** Generates (or reuses) the project for one chain and checks it against schema.json. */
function prepare(n: number, branches: boolean): { dir: string; chain: Chain; schema: SchemaCheck } {
  const t0 = Date.now();
  const { dir, chain, generated } = ensureProject(work, n, { seed, branches });
  log(`chain ${relative(root, dir)}: ${generated ? `generated ${count(n)} revisions in ${((Date.now() - t0) / 1000).toFixed(1)} s` : 'cached'}`);
  const schema = validateChain(chain, root);
  log(`  schema.json: ${schema.status}${schema.note ? ` (${schema.note})` : ''}${schema.problems.length ? `\n    ${schema.problems.join('\n    ')}` : ''}`);
  return { dir, chain, schema };
}

async function timeSqlrev(dir: string, n: number, variant: Variant): Promise<void> {
  const runs = runsFor(n);
  const run = (command: SqlrevCommand, extra: Partial<CommandSpec> = {}) =>
    measure('sqlrev', variant, n, command, { argv: sqlrev(...SQLREV_COMMANDS[command]), cwd: dir, runs, ...extra });
  await run('upgrade-postgresql');
  await run('upgrade-sqlite');
  // A full render writes every file: out/ is emptied before each run (untimed),
  // so a renderer that skips unchanged files is not timed doing nothing.
  // Set aside, not deleted: deleting it right before would time a kernel artefact (aside.ts).
  await run('render', { beforeEach: () => setAside(join(dir, 'out')) });
  if (variant === 'linear' && existsSync(join(dir, 'out'))) await timeWriteFloor(dir, n, runs);
  // What CI runs on every pull request: out/ is now fresh, so this exits 0.
  await run('render-check');
  await run('audit', { okCodes: [0, 1], checkNonZero: auditJson, describe: auditCounts });
  await run('history');
}

/**
 * The same files as render's out/, written by a bare loop (write-floor.ts):
 * the kernel's share of render on this machine's disk, which varies a lot on
 * virtual machines, so that render's own share can be told apart.
 */
async function timeWriteFloor(dir: string, n: number, runs: number): Promise<void> {
  const manifestFile = join(work, 'scratch', `floor-manifest-n${n}.json`);
  const dest = join(work, 'scratch', `floor-n${n}`);
  mkdirSync(dirname(manifestFile), { recursive: true });
  writeFileSync(manifestFile, JSON.stringify(manifestOf(join(dir, 'out'))));
  await measure('node', 'linear', n, 'write-floor', {
    argv: ['node', join(root, 'dist', 'bench', 'write-floor.js'), manifestFile, dest], cwd: work, runs,
    beforeEach: () => setAside(dest),
  });
  setAside(dest);
}

/** `audit --format json` exits 1 on findings; only a findings report counts as success then. */
function auditJson(stdout: string): string | undefined {
  try {
    const r = JSON.parse(stdout) as { findings?: unknown };
    return Array.isArray(r.findings) ? undefined : 'stdout has no "findings" array';
  } catch {
    return 'stdout is not JSON';
  }
}

/** Findings per severity and per rule, to show what the chain audits to. */
function auditCounts(stdout: string): Record<string, unknown> | undefined {
  try {
    const r = JSON.parse(stdout) as { findings?: { rule?: string; severity?: string }[]; summary?: unknown };
    if (!Array.isArray(r.findings)) return undefined;
    const rules: Record<string, number> = {};
    for (const f of r.findings) {
      const key = `${f.severity ?? '?'} ${f.rule ?? '?'}`;
      rules[key] = (rules[key] ?? 0) + 1;
    }
    return { summary: r.summary, rules };
  } catch {
    return undefined;
  }
}

/** A linter exiting 1 must have printed its findings. */
function printed(stdout: string): string | undefined {
  return stdout.trim() === '' ? 'nothing on stdout' : undefined;
}

const schemaChecks: Record<string, SchemaCheck> = {};
const started = new Date();
// Other processes on the machine move the figures; the load average says how busy it was.
const loadAverageAtStart = loadavg().map((x) => Number(x.toFixed(2)));
const cpuAtStart = cpuReference();
log(`sqlrev bench: sizes ${sizes.map(count).join(', ')}; RSS via ${runner.rssMethod}`);

// Cold start, independent of the chain.
await measure('sqlrev', 'linear', 0, 'help', { argv: sqlrev(...SQLREV_COMMANDS.help), cwd: work, runs: 10 });

const dirs = new Map<number, { dir: string; chain: Chain }>();
for (const n of sizes) {
  const p = prepare(n, false);
  schemaChecks[`n${n}`] = p.schema;
  dirs.set(n, p);
  await timeSqlrev(p.dir, n, 'linear');
}
if (sizes.includes(1000)) {
  const p = prepare(1000, true);
  schemaChecks['n1000-branches'] = p.schema;
  await timeSqlrev(p.dir, 1000, 'branches');
}

// Alembic on the same chains.
let alembicInfo: Record<string, unknown> = { available: false };
if (flags['no-alembic']) alembicInfo = { available: false, reason: '--no-alembic' };
else {
  const found = findAlembic();
  if (typeof found === 'string') {
    alembicInfo = { available: false, reason: found };
    log(`alembic: skipped (${found})`);
  } else {
    alembicInfo = { available: true, ...found };
    log(`alembic ${found.alembic} (SQLAlchemy ${found.sqlalchemy}, ${found.python})`);
    for (const n of [...sizes].sort((a, b) => a - b)) {
      const { dir, chain } = dirs.get(n)!;
      if (n > 1000) {
        const at1k = find(cases, 'alembic', 'upgrade-postgresql', 1000);
        const predicted = at1k?.median !== undefined ? at1k.median * (n / 1000) : undefined;
        if (predicted === undefined || predicted >= 60) {
          const reason = predicted === undefined ? 'no 1,000 figure to predict its time from' : `predicted ${predicted.toFixed(0)} s >= 60 s`;
          log(`  alembic n=${count(n)}: skipped (${reason})`);
          alembicInfo[`skipped_${n}`] = reason;
          continue;
        }
      }
      const adir = join(dir, 'alembic');
      writeAlembicProject(chain, adir);
      await measure('alembic', 'linear', n, 'upgrade-postgresql', {
        argv: [found.python, '-m', 'alembic', 'upgrade', 'base:head', '--sql'],
        cwd: adir,
        runs: runsFor(n),
      });
    }
  }
}

// squawk vs sqlrev audit on one large SQL file.
let squawkInfo: Record<string, unknown> = { available: false };
const bigSource = dirs.has(1000) ? join(dirs.get(1000)!.dir, 'out', 'postgresql', 'migration.sql') : undefined;
if (flags['no-squawk']) squawkInfo = { available: false, reason: '--no-squawk' };
else if (!bigSource || !existsSync(bigSource)) {
  squawkInfo = { available: false, reason: 'needs out/postgresql/migration.sql of the 1,000 chain (render must succeed at n=1000)' };
  log(`squawk: skipped (${squawkInfo.reason as string})`);
} else {
  const sq = ensureSquawk(join(work, 'tools'), !flags['no-install']);
  if (typeof sq === 'string') {
    squawkInfo = { available: false, reason: sq };
    log(`squawk: skipped (${sq})`);
  } else {
    const dir = join(work, 'squawk');
    mkdirSync(dir, { recursive: true });
    copyFileSync(bigSource, join(dir, 'big.sql'));
    writeFileSync(join(dir, 'sqlrev.config.json'), JSON.stringify({ dialects: ['postgresql'] }, null, 2) + '\n');
    const lines = spawnSync('wc', ['-l', join(dir, 'big.sql')], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0];
    squawkInfo = { available: true, version: sq.version, file: 'out/postgresql/migration.sql of the 1,000 chain', lines: Number(lines) };
    log(`${sq.version}: big.sql of ${lines} lines`);
    await measure('sqlrev', 'file', 1000, 'audit-sql-file', { argv: sqlrev('audit', 'big.sql'), cwd: dir, runs: 5, okCodes: [0, 1], checkNonZero: printed });
    await measure('squawk', 'file', 1000, 'squawk-npm-bin', { argv: [sq.bin, 'big.sql'], cwd: dir, runs: 5, okCodes: [0, 1], checkNonZero: printed });
    if (sq.native) await measure('squawk', 'file', 1000, 'squawk-native', { argv: [sq.native, 'big.sql'], cwd: dir, runs: 5, okCodes: [0, 1], checkNonZero: printed });
  }
}

// Report.
const budgets = checkBudgets(cases);
const perRevision: Record<string, number> = {};
for (const command of PER_N_COMMANDS) {
  const pts = [100, 1000, 10000].map((n) => [n, find(cases, 'sqlrev', command, n)?.median] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  if (pts.length >= 2) {
    const [a, b] = [pts[pts.length - 2]!, pts[pts.length - 1]!];
    perRevision[command] = ((b[1] - a[1]) / (b[0] - a[0])) * 1000;
  }
}
const ratios: Record<string, number> = {};
for (const c of cases.filter((x) => x.tool === 'alembic' && x.median !== undefined)) {
  const s = find(cases, 'sqlrev', 'upgrade-postgresql', c.n);
  if (s?.median !== undefined) ratios[`n${c.n}`] = c.median! / s.median;
}

const round4 = (x: number | undefined) => (x === undefined ? undefined : Number(x.toFixed(4)));
const cpuList = cpus();
const machine = {
  cpuModel: cpuList[0]?.model ?? 'unknown',
  cpus: cpuList.length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  os: `${type()} ${release()} ${arch()}`,
  loadAverageAtStart,
  loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))),
  /** Seconds of a fixed JavaScript loop at the start and the end (bench/cpu-reference.ts): compare runs by it. */
  cpuReferenceSeconds: { start: Number(cpuAtStart.toFixed(3)), end: Number(cpuReference().toFixed(3)) },
};
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
const results = {
  startedAt: started.toISOString(),
  seconds: Number(((Date.now() - started.getTime()) / 1000).toFixed(1)),
  machine,
  commit: git.status === 0 ? git.stdout.trim() : undefined,
  options: { sizes, seed, quick: flags.quick, runs: flags.runs === undefined ? 'default (5; 3 at 10,000)' : Number(flags.runs) },
  rssMethod: runner.rssMethod,
  schema: schemaChecks,
  alembic: alembicInfo,
  squawk: squawkInfo,
  cases: cases.map((c) => ({
    tool: c.tool, variant: c.variant, n: c.n, command: c.command, status: c.status,
    median: round4(c.median), min: round4(c.min), runs: c.runs.map((x) => Number(x.toFixed(4))), rssMB: c.rssMB === undefined ? undefined : Number(c.rssMB.toFixed(1)),
    exitCode: c.exitCode, stdoutBytes: c.stdoutBytes, stdoutStable: c.stdoutStable, message: c.message, details: c.details,
  })),
  derived: { perRevisionMs: Object.fromEntries(Object.entries(perRevision).map(([k, v]) => [k, round4(v)])), alembicOverSqlrev: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.toFixed(2))])) },
  budgets,
};
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
clearAside();

const out: string[] = [];
out.push('', `## sqlrev bench (${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.os})`, '');
const busiest = Math.max(loadAverageAtStart[0]!, machine.loadAverageAtEnd[0]!);
if (busiest > machine.cpus * 0.5) {
  out.push(`**Warning:** 1-minute load average ${busiest.toFixed(1)} on ${machine.cpus} CPUs: other processes competed with the bench, so these figures are slower and noisier than on an idle machine.`, '');
}
out.push(`CPU reference (a fixed 10^8-step JavaScript loop, bench/cpu-reference.ts): ${machine.cpuReferenceSeconds.start.toFixed(3)} s at the start, ${machine.cpuReferenceSeconds.end.toFixed(3)} s at the end; figures of runs with different references are not comparable.`, '');
const statusOf = (c: CaseResult) => (c.status === 'ok' ? (c.stdoutStable === false ? 'ok (stdout differs between runs!)' : 'ok') : `${c.status}${c.message ? `: ${c.message.slice(0, 80)}` : ''}`);
out.push(markdownTable(
  ['tool', 'chain', 'revisions', 'command', 'median s', 'min s', 'runs', 'peak RSS MB', 'status'],
  cases.map((c) => [c.tool, c.variant, c.n ? count(c.n) : '-', c.command, secs(c.median), secs(c.min), String(c.runs.length), mb(c.rssMB), statusOf(c)]),
  ['l', 'l', 'r', 'l', 'r', 'r', 'r', 'r', 'l'],
));
if (Object.keys(ratios).length) {
  out.push('', 'Alembic `upgrade base:head --sql` / sqlrev `upgrade base:head --sql --dialect postgresql` (medians):', '');
  out.push(markdownTable(['revisions', 'Alembic s', 'sqlrev s', 'Alembic / sqlrev'],
    Object.keys(ratios).map((k) => {
      const n = Number(k.slice(1));
      return [count(n), secs(find(cases, 'alembic', 'upgrade-postgresql', n)?.median), secs(find(cases, 'sqlrev', 'upgrade-postgresql', n)?.median), ratio(ratios[k])];
    }), ['r', 'r', 'r', 'r']));
} else if (!alembicInfo.available) out.push('', `Alembic: not timed (${String(alembicInfo.reason)}).`);
if (!squawkInfo.available) out.push('', `squawk: not timed (${String(squawkInfo.reason)}).`);
if (Object.keys(perRevision).length) {
  out.push('', `Marginal cost per revision (slope between the two largest sizes): ${Object.entries(perRevision).map(([k, v]) => `${k} ${v.toFixed(3)} ms`).join(', ')}.`);
}
out.push('', 'Budgets (issue 5; medians of this run):', '');
out.push(markdownTable(['budget', 'limit', 'measured', 'result'],
  budgets.map((b) => [b.budget, b.limit, b.measured, b.status + (b.note ? ` (${b.note.slice(0, 100)})` : '')])));
out.push('', `RSS measured with ${runner.rssMethod}; results written to ${relative(process.cwd(), resultsFile) || resultsFile}.`, '');
process.stdout.write(out.join('\n'));
