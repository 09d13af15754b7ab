/**
 * Running the sqlrev CLI from tests, three ways:
 *
 * - `runCli`: in-process, through `main(argv, io)` of the same build as the
 *   test (fast; what most CLI tests use).
 * - `CliWorker`: in-process too, but on a worker thread that is terminated
 *   when a run takes too long, so a hang is a failed case instead of a hung
 *   suite (the fuzz tests use it).
 * - `runCliProcess` / `spawnCli`: a real `node` process, for what needs one
 *   (signals, exit codes set by the bin script). It runs `bin/sqlrev.js` when
 *   the test is the `dist/` build (the one bin/sqlrev.js imports); from any
 *   other build directory it runs a two-line shim that imports that build's
 *   main.js, so a private build (`tsc --outDir .tmp/build-x`) tests itself.
 *   SQLREV_MAIN_JS overrides which main.js the subprocess runs.
 *
 * Plus the project plumbing those tests share: temporary projects, copying
 * them, and snapshots of a directory tree to compare out/ before and after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { main } from '../../src/cli/main.js';
import { packageRoot } from '../../src/package-root.js';

export const ROOT = packageRoot();

/** main.js of the build this file was compiled into. */
const OWN_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Temporary directories made here, removed when the process exits. */
const temporary = new Set<string>();
process.once('exit', () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

export interface CliResult {
  /** Exit code; null when the process was killed or timed out. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run, in milliseconds. */
  ms: number;
  timedOut: boolean;
  signal?: NodeJS.Signals | null;
  /** CliWorker only: what the code wrote to process.stdout / process.stderr itself, bypassing io. */
  stray?: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** Runs `sqlrev <argv>` in this process. */
export async function runCli(argv: string[], opts: RunOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await main(argv, {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    cwd: opts.cwd,
    env: opts.env ?? {},
  });
  return { code, stdout, stderr, ms: performance.now() - started, timedOut: false };
}

// ---------------------------------------------------------------------------
// Subprocess

let shimPath: string | undefined;

/** The command line that starts the CLI in a new process. */
export function cliCommand(): { command: string; args: string[] } {
  const mainJs = process.env.SQLREV_MAIN_JS ?? OWN_MAIN;
  if (mainJs === join(ROOT, 'dist', 'src', 'cli', 'main.js')) {
    return { command: process.execPath, args: [join(ROOT, 'bin', 'sqlrev.js')] };
  }
  if (!shimPath) {
    const dir = mkdtempSync(join(tmpdir(), 'sqlrev-bin-'));
    temporary.add(dir);
    shimPath = join(dir, 'sqlrev.mjs');
    // What bin/sqlrev.js does, but with that build's main.js instead of the bundle (dist/ only has one).
    writeFileSync(shimPath, [
      `import { main } from ${JSON.stringify(pathToFileURL(mainJs).href)};`,
      'process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });',
      '',
    ].join('\n'));
  }
  return { command: process.execPath, args: [shimPath] };
}

/** Starts `sqlrev <argv>` as a child process (stdout and stderr piped). */
export function spawnCli(argv: string[], opts: RunOptions): ChildProcess {
  const { command, args } = cliCommand();
  return spawn(command, [...args, ...argv], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `sqlrev <argv>` in a child process; kills it after `timeoutMs`. */
export function runCliProcess(argv: string[], opts: RunOptions & { timeoutMs?: number }): Promise<CliResult> {
  const started = performance.now();
  const child = spawnCli(argv, opts);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, signal, ms: performance.now() - started, timedOut });
    });
  });
}

// ---------------------------------------------------------------------------
// Worker

const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const { main } = await import(workerData.mainUrl);
parentPort.on('message', async ({ argv, cwd, env }) => {
  let stdout = '', stderr = '';
  const started = performance.now();
  let code;
  try {
    code = await main(argv, { stdout: { write: (s) => { stdout += s; } }, stderr: { write: (s) => { stderr += s; } }, cwd, env });
  } catch (e) {
    // main() must never throw; report it as a result the test will reject.
    code = -1;
    stderr += 'main() threw: ' + (e && e.stack || e);
  }
  parentPort.postMessage({ code, stdout, stderr, ms: performance.now() - started, timedOut: false });
});
parentPort.postMessage('ready');
`;

/**
 * A worker thread that runs main() of this build, one run at a time. A run
 * that takes longer than its timeout terminates the worker (a fresh one
 * starts for the next run) and comes back with `timedOut: true`.
 */
export class CliWorker {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private stray = '';

  private start(): Promise<void> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mainUrl: pathToFileURL(process.env.SQLREV_MAIN_JS ?? OWN_MAIN).href },
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    // Anything the code under test prints by itself (not through io) is a bug the test should see.
    this.stray = '';
    worker.stdout.setEncoding('utf8').on('data', (s: string) => { this.stray += s; });
    worker.stderr.setEncoding('utf8').on('data', (s: string) => { this.stray += s; });
    return (this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    }));
  }

  async run(argv: string[], opts: RunOptions & { timeoutMs?: number }): Promise<CliResult> {
    if (!this.worker) await this.start();
    else await this.ready;
    const worker = this.worker!;
    const started = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: CliResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(r);
      };
      const onMessage = (r: CliResult): void => {
        // The worker's own stdout/stderr arrive asynchronously: give them a turn to land.
        setImmediate(() => {
          const stray = this.stray;
          this.stray = '';
          finish(stray ? { ...r, stray } : r);
        });
      };
      const onError = (e: Error): void => {
        // The worker died (e.g. out of memory): a failed run; start afresh next time.
        this.worker = undefined;
        finish({ code: null, stdout: '', stderr: `worker died: ${e.stack ?? e}`, ms: performance.now() - started, timedOut: false });
      };
      const timer = setTimeout(() => {
        this.worker = undefined;
        void worker.terminate();
        finish({ code: null, stdout: '', stderr: '', ms: performance.now() - started, timedOut: true });
      }, opts.timeoutMs ?? 20_000);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ argv, cwd: opts.cwd, env: opts.env ?? {} });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

// ---------------------------------------------------------------------------
// Projects and trees

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = 'sqlrev-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.add(dir);
  return dir;
}

/** Removes a temporary directory now (large fuzz cases should not pile up until exit). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  temporary.delete(dir);
}

/** Writes `files` (relative path -> content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** A new temporary project holding `files`. */
export function makeProject(files: Record<string, string | Buffer>, prefix?: string): string {
  const dir = tempDir(prefix);
  writeFiles(dir, files);
  return dir;
}

/** Copies a project (revisions, config, out/) to a fresh temporary directory. */
export function copyProject(from: string, prefix?: string): string {
  const dir = tempDir(prefix);
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` (relative path -> bytes), directories included as entries ending in "/". */
export function snapshotTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  (function walk(d: string, prefix: string): void {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(p).isDirectory()) {
        out.set(`${rel}/`, Buffer.alloc(0));
        walk(p, rel);
      } else {
        out.set(rel, readFileSync(p));
      }
    }
  })(dir, '');
  return out;
}

/** How two snapshots differ (empty when equal): the first few paths that differ. */
export function treeDiff(a: Map<string, Buffer>, b: Map<string, Buffer>, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined) out.push(`- ${k}`);
    else if (!v.equals(w)) out.push(`~ ${k}`);
    if (out.length >= limit) return out;
  }
  for (const k of b.keys()) {
    if (!a.has(k)) out.push(`+ ${k}`);
    if (out.length >= limit) return out;
  }
  return out;
}

export function sameTree(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return treeDiff(a, b, 1).length === 0;
}

/** Lines of stderr that are Node stack frames: none may ever reach a user. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at /.test(l));
}

/** A seeded PRNG (mulberry32): the fuzz tests sample the same cases on every run. The bench's, so there is one. */
export { prng } from '../../bench/chain.js';

/** `n` items of `list` picked by `rand`, in their original order (all of them when n >= length). */
export function sample<T>(list: readonly T[], n: number, rand: () => number): T[] {
  if (n >= list.length) return [...list];
  const idx = list.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, n).sort((x, y) => x - y).map((i) => list[i]!);
}

/** True under `npm run test:soak`: fuzz tests sweep every case instead of a sample. */
export const SOAK = process.env.SQLREV_SOAK === '1';
