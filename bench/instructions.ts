/**
 * Instructions, not seconds: runs sqlrev commands under valgrind's callgrind
 * and prints how many machine instructions each one executed.
 *
 *   node dist/bench/instructions.js [command ...] [--n N] [--branches] [--base BIN]
 *   (commands: help, upgrade-postgresql, upgrade-sqlite, render-check, audit,
 *   history; default: upgrade-postgresql, audit, help)
 *
 * Why: on this project's VM the same command's wall time moves by 10-30%
 * between minutes (other guests take the CPU; bench/cpu-reference.ts), so an
 * A/B of a change worth 2% cannot be read off timings, and the VM offers no
 * hardware counters (`perf stat -e instructions` is "not supported").
 * Callgrind counts instructions in software: the count of one build on one
 * chain is the same whatever else the machine is doing. Node runs with
 * --single-threaded, because V8's background compiler and GC helpers
 * otherwise make the count move by ±2% with thread timing; with it, by
 * ±0.3%. The count is not the time: cache misses, page faults and the second
 * core do not show. Use it to compare two builds (`--base`), and the bench
 * (`npm run bench`) for what the budgets say.
 *
 * A run is ~50x slower than natively: about 30 s for `upgrade` of 1,000
 * revisions, several minutes at 10,000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/package-root.js';
import { DEFAULT_SEED } from './chain.js';
import { isSqlrevCommand, SQLREV_COMMANDS, type SqlrevCommand } from './commands.js';
import { ensureProject } from './generate.js';
import { count, markdownTable } from './table.js';

const DEFAULT_COMMANDS: SqlrevCommand[] = ['upgrade-postgresql', 'audit', 'help'];

/** The total callgrind prints at the end ("==123== Collected : 1697913514"), or undefined. */
export function collectedInstructions(stderr: string): number | undefined {
  const m = /^==\d+== Collected : (\d+)\s*$/m.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** "+1.23%" / "-0.40%": how `after` differs from `before`. */
export function change(before: number, after: number): string {
  const pct = ((after - before) / before) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
}

function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Instructions of `node --single-threaded <bin> <argv>` in `cwd`, all threads. */
function instructions(bin: string, argv: readonly string[], cwd: string): number {
  const out = mkdtempSync(join(tmpdir(), 'sqlrev-callgrind-'));
  try {
    const r = spawnSync('valgrind', [
      '--tool=callgrind', `--callgrind-out-file=${join(out, 'callgrind.%p')}`,
      // V8 writes the machine code it runs: valgrind must notice code that changes.
      '--smc-check=all-non-file',
      process.execPath, '--single-threaded', bin, ...argv,
    ], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const n = collectedInstructions(r.stderr ?? '');
    if (n === undefined) throw new Error(`no instruction count from valgrind (exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(-5).join(' ')}`);
    // Findings (exit 1) are fine, as in the bench; bad input (2) means the count is of the wrong thing.
    if (r.status !== 0 && r.status !== 1) throw new Error(`sqlrev ${argv.join(' ')} exited ${r.status} under valgrind`);
    return n;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function usage(msg: string): never {
  process.stderr.write(`instructions: ${msg}\nusage: node dist/bench/instructions.js [${Object.keys(SQLREV_COMMANDS).filter((c) => c !== 'render').join('|')} ...] [--n N] [--branches] [--seed S] [--base BIN]\n`);
  process.exit(2);
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: {
      n: { type: 'string', default: '1000' },
      branches: { type: 'boolean', default: false },
      seed: { type: 'string' },
      base: { type: 'string' },
    },
    allowPositionals: true,
  });
  const commands = positionals.length ? positionals : DEFAULT_COMMANDS;
  for (const c of commands) {
    // render writes 40,000 files: its count would be mostly the kernel's, which callgrind does not see anyway.
    if (!isSqlrevCommand(c) || c === 'render') usage(`unknown command "${c}"`);
  }
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 1) usage(`--n must be a positive integer, got ${values.n}`);
  if (!hasValgrind()) {
    process.stderr.write('instructions: valgrind is not installed (Debian: apt-get install valgrind)\n');
    process.exit(2);
  }
  const root = packageRoot();
  const bin = process.env.SQLREV_BENCH_BIN ?? join(root, 'bin', 'sqlrev.js');
  const base = values.base === undefined ? undefined : resolve(values.base);
  if (base !== undefined && !existsSync(base)) usage(`--base ${base} does not exist`);
  const { dir } = ensureProject(join(root, 'bench', 'work'), n, { seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed), branches: values.branches });

  const rows: string[][] = [];
  for (const c of commands as SqlrevCommand[]) {
    const argv = SQLREV_COMMANDS[c];
    // render --check needs a rendered out/: make it once, natively.
    if (c === 'render-check' && !existsSync(join(dir, 'out'))) spawnSync(process.execPath, [bin, 'render'], { cwd: dir, stdio: 'ignore' });
    process.stderr.write(`  ${c} n=${count(n)} ... `);
    const mine = instructions(bin, argv, dir);
    const theirs = base === undefined ? undefined : instructions(base, argv, dir);
    process.stderr.write('done\n');
    const m = (x: number) => (x / 1e6).toFixed(0);
    rows.push(theirs === undefined ? [c, count(n), m(mine)] : [c, count(n), m(theirs), m(mine), change(theirs, mine)]);
  }
  const header = base === undefined ? ['command', 'revisions', 'M instructions'] : ['command', 'revisions', 'base M', 'this M', 'change'];
  process.stdout.write(`${markdownTable(header, rows, header.map((_, i) => (i === 0 ? 'l' : 'r')))}\n`);
  if (base !== undefined) process.stdout.write(`\nbase: ${base}\nthis: ${bin}\n`);
}

// Run only as a program: the tests import the parsers above.
if (process.argv[1] !== undefined && resolve(process.argv[1]).endsWith(join('bench', 'instructions.js'))) main();
