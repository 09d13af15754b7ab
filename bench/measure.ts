/**
 * Timing and peak memory of whole processes.
 *
 * Wall time: process.hrtime from spawn to the child's exit, so it covers
 * fork/exec, the runtime's start, module loading, the work and the exit (the
 * harness does nothing else meanwhile).
 * stdout goes to a file (not a pipe the harness would have to drain), stderr
 * to another, so the harness costs the child nothing while it runs.
 *
 * Peak RSS: Node cannot read a child's rusage (spawn and spawnSync return none, and
 * process.resourceUsage() is the calling process's own), so one extra run per
 * case, before the timed ones (it also warms the file cache), measures it:
 *  - `gnu-time`: `/usr/bin/time -f %M -o FILE cmd...`; GNU time reads the
 *    child's ru_maxrss from wait4(2) and prints it in KiB (time(1)). Works
 *    for any program (node, python, squawk).
 *  - `node-probe` (no /usr/bin/time): node is started with
 *    `--require rss-probe.cjs`, which writes process.resourceUsage().maxRSS
 *    (getrusage(RUSAGE_SELF).ru_maxrss, KiB) to a file on 'exit'. Node only;
 *    other programs get no RSS figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type RssMethod = 'gnu-time' | 'node-probe';

export interface CommandSpec {
  /** Row label, e.g. "upgrade postgresql". */
  name: string;
  /** Program and args; program `node` means process.execPath. */
  argv: string[];
  cwd: string;
  runs: number;
  /** Exit codes that count as success (audit exits 1 on findings). */
  okCodes?: number[];
  /**
   * Checks the stdout of a run that exited with a non-zero ok code (so a
   * crash that also exits 1 is not taken for "findings"); returns a problem or
   * undefined.
   */
  checkNonZero?: (stdout: string) => string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Summarises the first run's stdout into Measurement.details (e.g. audit counts). */
  describe?: (stdout: string) => Record<string, unknown> | undefined;
  /** Runs before every run, outside the timed region (e.g. emptying out/). */
  beforeEach?: () => void;
  /** Per-run limit. */
  timeoutMs?: number;
  /** When one run takes longer than this, stop repeating (the figure is already clear). */
  longRunMs?: number;
}

export interface Measurement {
  name: string;
  status: 'ok' | 'error' | 'timeout';
  /** Wall seconds of each timed run. */
  runs: number[];
  median?: number;
  min?: number;
  /** Peak resident set size in MiB, of the RSS run. */
  rssMB?: number;
  rssMethod?: RssMethod;
  exitCode?: number | null;
  /** First lines of stderr when it failed. */
  message?: string;
  stdoutBytes?: number;
  /** False when two runs printed different stdout (output must be deterministic). */
  stdoutStable?: boolean;
  /** What CommandSpec.describe made of the first run's stdout. */
  details?: Record<string, unknown>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export class Runner {
  readonly rssMethod: RssMethod | undefined;
  private readonly probe: string;

  private readonly scratch: string;

  constructor(scratchDir: string) {
    // Absolute: the runs have other working directories.
    const scratch = (this.scratch = resolve(scratchDir));
    mkdirSync(scratch, { recursive: true });
    this.probe = join(scratch, 'rss-probe.cjs');
    writeFileSync(this.probe, [
      '// Written by bench/measure.ts: reports this process\'s peak RSS (KiB) on exit.',
      "process.on('exit', () => { try { require('fs').writeFileSync(process.env.SQLREV_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });",
      '',
    ].join('\n'));
    // SQLREV_BENCH_RSS=node-probe forces the fallback (to check it on a machine that has GNU time).
    this.rssMethod = process.env.SQLREV_BENCH_RSS !== 'node-probe' && detectGnuTime(scratch) ? 'gnu-time' : 'node-probe';
  }

  async measure(spec: CommandSpec): Promise<Measurement> {
    const ok = spec.okCodes ?? [0];
    const out = join(this.scratch, 'stdout.txt');
    const err = join(this.scratch, 'stderr.txt');
    const rssFile = join(this.scratch, 'rss.txt');
    const result: Measurement = { name: spec.name, status: 'ok', runs: [] };
    const [program, ...args] = spec.argv as [string, ...string[]];
    const exe = program === 'node' ? process.execPath : program;

    // RSS run (also the warm-up).
    rmSync(rssFile, { force: true });
    let argv: [string, string[]];
    let env = { ...process.env, ...spec.env };
    if (this.rssMethod === 'gnu-time') argv = ['/usr/bin/time', ['-f', '%M', '-o', rssFile, exe, ...args]];
    else if (program === 'node') {
      argv = [exe, ['--require', this.probe, ...args]];
      env = { ...env, SQLREV_BENCH_RSS_FILE: rssFile };
    } else argv = [exe, args];
    spec.beforeEach?.();
    const first = await runOnce(argv[0], argv[1], spec, env, out, err);
    if (!this.check(first, ok, result, err)) return result;
    if (first.code !== 0 && spec.checkNonZero) {
      const problem = spec.checkNonZero(readFileSync(out, 'utf8'));
      if (problem !== undefined) {
        result.status = 'error';
        result.message = `exit ${first.code}: ${problem}; stderr: ${firstError(readFileSync(err, 'utf8'))}`.slice(0, 300);
        return result;
      }
    }
    if (spec.describe) {
      const d = spec.describe(readFileSync(out, 'utf8'));
      if (d) result.details = d;
    }
    const firstHash = hashFile(out);
    result.stdoutBytes = statSync(out).size;
    result.stdoutStable = true;
    const kib = existsSync(rssFile) ? Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10) : NaN;
    if (Number.isFinite(kib) && (this.rssMethod === 'gnu-time' || program === 'node')) {
      result.rssMB = kib / 1024;
      result.rssMethod = this.rssMethod;
    }

    for (let i = 0; i < spec.runs; i++) {
      spec.beforeEach?.();
      const r = await runOnce(exe, args, spec, { ...process.env, ...spec.env }, out, err);
      if (!this.check(r, ok, result, err)) return result;
      result.runs.push(r.seconds);
      if (hashFile(out) !== firstHash) result.stdoutStable = false;
      if (spec.longRunMs !== undefined && r.seconds * 1000 > spec.longRunMs) break;
    }
    result.median = median(result.runs);
    result.min = Math.min(...result.runs);
    return result;
  }

  private check(r: RunResult, ok: number[], result: Measurement, errFile: string): boolean {
    result.exitCode = r.code;
    if (r.timedOut) {
      result.status = 'timeout';
      result.message = `no exit after ${r.seconds.toFixed(1)} s`;
      return false;
    }
    if (r.code === null || !ok.includes(r.code)) {
      result.status = 'error';
      const text = existsSync(errFile) ? readFileSync(errFile, 'utf8') : '';
      result.message = (r.spawnError ?? (firstError(text) || `exit ${r.code ?? r.signal}`)).slice(0, 300);
      return false;
    }
    return true;
  }
}

interface RunResult { seconds: number; code: number | null; signal: string | null; timedOut: boolean; spawnError?: string }

/** The process group of the run in flight, killed if the bench itself is interrupted. */
let inFlight: number | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    if (inFlight !== undefined) try { process.kill(-inFlight, 'SIGKILL'); } catch { /* already gone */ }
    process.exit(130);
  });
}

/**
 * One run. The child leads its own process group (detached), so a timeout
 * kills the whole group: with /usr/bin/time in front, killing only the direct
 * child would leave the measured process running on, loading the machine.
 */
function runOnce(exe: string, args: string[], spec: CommandSpec, env: NodeJS.ProcessEnv, outFile: string, errFile: string): Promise<RunResult> {
  const outFd = openSync(outFile, 'w');
  const errFd = openSync(errFile, 'w');
  const done = () => { closeSync(outFd); closeSync(errFd); inFlight = undefined; };
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - t0) / 1e9;
    let timedOut = false;
    const child = spawn(exe, args, { cwd: spec.cwd, env, stdio: ['ignore', outFd, errFd], detached: true });
    inFlight = child.pid;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* exited meanwhile */ }
    }, spec.timeoutMs ?? 300_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      done();
      resolve({ seconds: seconds(), code: null, signal: null, timedOut: false, spawnError: e.message });
    });
    // 'exit', not 'close': stdio are files, so there is nothing to drain.
    child.once('exit', (code, signal) => {
      const s = seconds();
      clearTimeout(timer);
      done();
      resolve({ seconds: s, code, signal, timedOut });
    });
  });
}

function hashFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function detectGnuTime(scratch: string): boolean {
  if (!existsSync('/usr/bin/time')) return false;
  const f = join(scratch, 'time-check.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', f, process.execPath, '-e', '0'], { stdio: 'ignore' });
  const ok = r.status === 0 && existsSync(f) && /^\d+\s*$/.test(readFileSync(f, 'utf8').trim().split('\n').pop() ?? '');
  rmSync(f, { force: true });
  return ok;
}

/** The informative line of a failure's stderr: the error line of a Node stack trace, else the first line. */
export function firstError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(\w*Error\b|Error \[|sqlrev:|error:)/i.test(l)) ?? lines[0] ?? '';
}
