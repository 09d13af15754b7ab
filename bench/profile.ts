/**
 * Where does the time go? Runs one bench command under `node --cpu-prof` on a
 * generated chain and summarises the profile: self time by package or source
 * folder, and the functions with the most self and inclusive time.
 *
 *   node dist/bench/profile.js <command> [--n N] [--branches] [--top K]
 *   (command: help, upgrade-postgresql, upgrade-sqlite, render, render-check, audit, history)
 *
 * The .cpuprofile is kept in bench/work/profiles/ (open it in Chrome DevTools'
 * Performance panel or speedscope for the flame graph).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/package-root.js';
import { clearAside, setAside, useAsideDir } from './aside.js';
import { DEFAULT_SEED } from './chain.js';
import { isSqlrevCommand, SQLREV_COMMANDS } from './commands.js';
import { ensureProject } from './generate.js';
import { markdownTable } from './table.js';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface ProfileSummary {
  totalMs: number;
  /** Self time by package (node_modules/<pkg>), source folder (dist/src/<dir>), node internals or V8 pseudo-frames. */
  byArea: [string, number][];
  bySelf: [string, number][];
  byTotal: [string, number][];
}

/** Groups a script URL into an area worth reading in a summary. */
export function areaOf(url: string, root: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return `node_modules/${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const rel = relative(root, path);
  const parts = rel.split('/');
  // dist/src/<folder>/... or <build dir>/src/<folder>/...
  const src = parts.indexOf('src');
  if (src >= 0 && parts.length > src + 2) return `src/${parts[src + 1]}`;
  if (src >= 0) return `src/${parts[src + 1] ?? ''}`;
  return rel.startsWith('..') ? path : rel;
}

function frameName(f: CallFrame, root: string): string {
  if (f.url === '') return f.functionName || '(anonymous)';
  const path = f.url.startsWith('file://') ? fileURLToPath(f.url) : f.url;
  const where = path.startsWith('node:') ? path : relative(root, path);
  return `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
}

export function summarise(profile: CpuProfile, root: string, top: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample i lasted until sample i+1 (timeDeltas[i+1]); the last one until endTime.
  const durations = profile.samples.map((_, i) => (i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1]! : 0));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const area = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = Math.max(0, durations[i]!);
    totalUs += us;
    const node = byId.get(id);
    if (!node) return;
    const name = frameName(node.callFrame, root);
    self.set(name, (self.get(name) ?? 0) + us);
    // V8's pseudo-frames ((garbage collector), (program), (idle)) are areas of their own.
    const fn = node.callFrame.functionName;
    const a = node.callFrame.url === '' && fn.startsWith('(') ? fn : areaOf(node.callFrame.url, root);
    area.set(a, (area.get(a) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      const key = frameName(n.callFrame, root);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + us);
    }
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, v / 1000] as [string, number]);
  const hidden = new Set(['(root)', '(program)', '(idle)']);
  return {
    totalMs: totalUs / 1000,
    byArea: sorted(area),
    bySelf: sorted(self),
    byTotal: sorted(new Map([...total].filter(([k]) => !hidden.has(k)))),
  };
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: {
      n: { type: 'string', default: '1000' },
      branches: { type: 'boolean', default: false },
      top: { type: 'string', default: '25' },
      seed: { type: 'string' },
    },
    allowPositionals: true,
  });
  const command = positionals[0] ?? '';
  if (!isSqlrevCommand(command)) {
    process.stderr.write(`usage: node dist/bench/profile.js <${Object.keys(SQLREV_COMMANDS).join('|')}> [--n N] [--branches] [--top K]\n`);
    process.exit(2);
  }
  const root = packageRoot();
  const work = join(root, 'bench', 'work');
  const n = Number(values.n);
  const top = Number(values.top);
  const { dir } = ensureProject(work, n, { seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed), branches: values.branches });
  const profDir = join(work, 'profiles');
  mkdirSync(profDir, { recursive: true });
  const name = `${command}-n${n}${values.branches ? '-branches' : ''}.cpuprofile`;
  rmSync(join(profDir, name), { force: true });
  if (command === 'render') {
    // Set aside, not deleted, and cleared once the profile is taken (aside.ts says why).
    useAsideDir(work);
    setAside(join(dir, 'out'));
  }
  const bin = process.env.SQLREV_BENCH_BIN ?? join(root, 'bin', 'sqlrev.js');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', name, bin, ...SQLREV_COMMANDS[command]], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  clearAside();
  if (!readdirSync(profDir).includes(name)) {
    process.stderr.write(`no profile written (exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(0, 5).join('\n')}\n`);
    process.exit(1);
  }
  const s = summarise(JSON.parse(readFileSync(join(profDir, name), 'utf8')) as CpuProfile, root, top);
  const ms = (x: number) => x.toFixed(1);
  const pct = (x: number) => `${((100 * x) / s.totalMs).toFixed(1)}%`;
  const out = [
    `## sqlrev ${SQLREV_COMMANDS[command].join(' ')} on ${n} revisions${values.branches ? ' (branches)' : ''}`,
    '',
    `exit ${r.status}; wall ${ms(wall)} ms (profiling slows it); profiled ${ms(s.totalMs)} ms; profile: ${relative(process.cwd(), join(profDir, name))}`,
    '',
    'Self time by area:',
    '',
    markdownTable(['area', 'self ms', 'share'], s.byArea.map(([k, v]) => [k, ms(v), pct(v)]), ['l', 'r', 'r']),
    '',
    'Functions by self time:',
    '',
    markdownTable(['function', 'self ms', 'share'], s.bySelf.map(([k, v]) => [k, ms(v), pct(v)]), ['l', 'r', 'r']),
    '',
    'Functions by inclusive time:',
    '',
    markdownTable(['function', 'total ms', 'share'], s.byTotal.map(([k, v]) => [k, ms(v), pct(v)]), ['l', 'r', 'r']),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main();
