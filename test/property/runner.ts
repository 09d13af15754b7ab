/**
 * One property-test run: a seed's chain written as a real project (a temp
 * directory with revisions/*.json, loaded by the same loader the CLI uses),
 * then `verifyProject` on both embedded engines: every upgrade, catalog ==
 * model after each; every downgrade to base, catalog == model after each;
 * every upgrade again, catalog == model after each.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/project.js';
import { DIALECT_NAMES } from '../../src/dialects/registry.js';
import type { DialectName } from '../../src/ops/types.js';
import { ENGINES, type EngineSession } from '../../src/verify/engines.js';
import { formatVerifyText } from '../../src/verify/report.js';
import { verifyProject, type VerifyReport } from '../../src/verify/run.js';
import { chainFiles, generateChain, type Chain, type ChainOptions } from './generate.js';

/** Chain size used by `npm test` and the soak run: 300 seeds take about 80 s of CPU on the 2-core CI machine. */
export const CHAIN: Required<ChainOptions> = { revisions: 4, maxOps: 4 };

export type Sessions = { [K in DialectName]: EngineSession };

export async function openSessions(): Promise<Sessions> {
  const out = {} as Sessions;
  for (const d of DIALECT_NAMES) out[d] = await ENGINES[d].open();
  return out;
}

export async function closeSessions(s: Sessions): Promise<void> {
  for (const d of DIALECT_NAMES) await s[d].close();
}

/** Write the chain as a project in `dir` (revisions/ only: the config is all defaults). */
export function writeProject(dir: string, chain: Chain): void {
  const revs = join(dir, 'revisions');
  mkdirSync(revs, { recursive: true });
  for (const [name, text] of chainFiles(chain)) writeFileSync(join(revs, name), text);
}

export interface SeedOutcome {
  seed: number;
  chain: Chain;
  report?: VerifyReport;
  /** Empty when the seed passed. */
  problems: string[];
}

export const replayHint = (seed: number): string => `replay: node scripts/replay-seed.mjs ${seed}`;

/** What makes a report a failure of the property: anything but all-ok, every downgrade run, base empty. */
export function problemsOf(report: VerifyReport): string[] {
  const out: string[] = [];
  for (const [d, r] of Object.entries(report.dialects)) {
    if (!r) continue;
    for (const rev of r.revisions) {
      if (rev.upgrade !== 'ok' || rev.downgradeRun !== 'ok' || rev.upgradeAgain !== 'ok') {
        out.push(`${d} ${rev.id}: up ${rev.upgrade}, down ${rev.downgradeRun} (${rev.downgrade}), up again ${rev.upgradeAgain}`);
      }
    }
    if (r.base !== 'empty') out.push(`${d}: base ${r.base}`);
  }
  return out;
}

/** Write `chain` as a project (in `keepDir`, or a temp directory removed afterwards), load it and verify it. */
export async function runChain(chain: Chain, sessions: Sessions, keepDir?: string): Promise<SeedOutcome> {
  const seed = chain.seed;
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), `sqlrev-prop-${seed}-`));
  try {
    writeProject(dir, chain);
    let report: VerifyReport;
    try {
      const project = await loadProject(dir);
      report = await verifyProject(project, { sessions, again: true });
    } catch (e) {
      return { seed, chain, problems: [`render/verify threw: ${(e as Error).message}`] };
    }
    return { seed, chain, report, problems: problemsOf(report) };
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

export function runSeed(seed: number, sessions: Sessions, options: ChainOptions = CHAIN, keepDir?: string): Promise<SeedOutcome> {
  return runChain(generateChain(seed, options), sessions, keepDir);
}

/** The failure message of a seed: what went wrong, the verify report, the revisions, and how to replay it. */
export function describeFailure(o: SeedOutcome): string {
  return [
    `seed ${o.seed} failed:`,
    ...o.problems.map((p) => `  ${p}`),
    ...(o.report ? ['', formatVerifyText(o.report)] : []),
    replayHint(o.seed),
  ].join('\n');
}

/** Seeds for one test file: `count` seeds from `first`, scaled up 50/3-fold (5,000 in all) when SQLREV_SOAK=1. */
export function seedRange(first: number, count: number): number[] {
  const soak = process.env.SQLREV_SOAK === '1';
  const n = soak ? Math.ceil((count * 5000) / 300) : count;
  // Soak seeds start past the npm-test ones so the soak explores new chains.
  const start = soak ? 1_000_000 + Math.ceil((first * 5000) / 300) : first;
  return Array.from({ length: n }, (_, i) => start + i);
}
