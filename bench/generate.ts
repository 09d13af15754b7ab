/**
 * Writes a benchmark chain (chain.ts) as a sqlrev project:
 *   <dir>/sqlrev.config.json          dialects postgresql and sqlite
 *   <dir>/revisions/<id>_<slug>.json  one file per revision (CONTRACT section 1),
 *                                     no explicit downgrade anywhere (derived)
 *   <dir>/bench-manifest.json         what was generated, to know when a cached dir is stale
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setAside } from './aside.js';
import { buildChain, DEFAULT_SEED, type Chain, type ChainOptions, type ChainRevision } from './chain.js';

/** Bump when the generated content changes, so cached work dirs are regenerated. */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions extends ChainOptions {
  /** The project directory to write (created; its revisions/ is replaced). */
  dir: string;
}

export interface Manifest {
  generatorVersion: number;
  n: number;
  seed: number;
  branches: boolean;
  head: string;
  merges: number;
  ops: number;
}

export function revisionFileName(r: ChainRevision): string {
  return `${r.id}_${r.slug}.json`;
}

export function revisionDocument(r: ChainRevision): object {
  const parent = r.parents.length === 0 ? null : r.parents.length === 1 ? r.parents[0]! : r.parents;
  return { id: r.id, parent, message: r.message, upgrade: r.upgrade };
}

export function manifestOf(chain: Chain): Manifest {
  return {
    generatorVersion: GENERATOR_VERSION,
    n: chain.n,
    seed: chain.seed,
    branches: chain.branches,
    head: chain.head,
    merges: chain.merges,
    ops: chain.revisions.reduce((s, r) => s + r.upgrade.length, 0),
  };
}

/** Generates the chain and writes it to opts.dir; returns the chain (for the Alembic writer). */
export function generateChain(n: number, opts: GenerateOptions): Chain {
  const chain = buildChain(n, opts);
  writeProject(chain, opts.dir);
  return chain;
}

export function writeProject(chain: Chain, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const revDir = join(dir, 'revisions');
  // Set aside, not deleted, while the bench runs (aside.ts says why).
  setAside(revDir);
  setAside(join(dir, 'out'));
  mkdirSync(revDir, { recursive: true });
  writeFileSync(join(dir, 'sqlrev.config.json'), JSON.stringify({ dialects: ['postgresql', 'sqlite'] }, null, 2) + '\n');
  for (const r of chain.revisions) {
    writeFileSync(join(revDir, revisionFileName(r)), JSON.stringify(revisionDocument(r), null, 2) + '\n');
  }
  // Written last: a dir with a manifest is complete.
  writeFileSync(join(dir, 'bench-manifest.json'), JSON.stringify(manifestOf(chain), null, 2) + '\n');
}

/** True when dir holds exactly this generator's output for (n, opts). */
export function isCurrent(dir: string, n: number, opts: ChainOptions): boolean {
  const file = join(dir, 'bench-manifest.json');
  if (!existsSync(file)) return false;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return m.generatorVersion === GENERATOR_VERSION && m.n === n
      && m.seed === (opts.seed ?? DEFAULT_SEED) && m.branches === (opts.branches ?? false);
  } catch {
    return false;
  }
}

/** The cached project dir of one chain under work/: n<N> or n<N>-branches. */
export function projectDir(work: string, n: number, branches: boolean): string {
  return join(work, `n${n}${branches ? '-branches' : ''}`);
}

/** Builds the chain and writes its project unless the cached one is current; `generated` says which. */
export function ensureProject(work: string, n: number, opts: ChainOptions): { dir: string; chain: Chain; generated: boolean } {
  const dir = projectDir(work, n, opts.branches ?? false);
  const chain = buildChain(n, opts);
  if (isCurrent(dir, n, opts)) return { dir, chain, generated: false };
  writeProject(chain, dir);
  return { dir, chain, generated: true };
}
