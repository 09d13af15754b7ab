// Makes dist/cli/sqlrev.cache: V8's code cache for the bundled CLI
// (dist/cli/sqlrev.cjs), taken after a training run, so that it holds the
// bytecode of every function the common commands reach, not only the
// top level. src/cli/launch.ts explains why and how a run uses it.
//
// The training runs the commands CI and editors run most (render, render
// --check, upgrade / downgrade --sql, audit in each format, history, schema)
// on a temporary copy of the bundled revisions/ (JSON and TypeScript ones,
// raw SQL ops included, so libpg-query's paths are trained too), with their
// output thrown away. verify is left out: it loads PGlite for seconds.
//
// The cache is an optimisation only: if this script fails, or V8 later
// rejects the cache (another Node version, other V8 flags), sqlrev runs the
// same without it. So a failure here warns and exits 0.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundleFile = join(root, 'dist/cli/sqlrev.cjs');
const cacheFile = join(root, 'dist/cli/sqlrev.cache');

const TRAINING = [
  ['render'],
  ['render', '--check'],
  ['upgrade', 'base:head', '--sql', '--dialect', 'postgresql'],
  ['upgrade', 'base:head', '--sql', '--dialect', 'sqlite'],
  ['downgrade', 'head:base', '--sql', '--dialect', 'postgresql'],
  ['downgrade', 'head:base', '--sql', '--dialect', 'sqlite'],
  ['audit'],
  ['audit', '--format', 'json'],
  ['audit', '--format', 'sarif'],
  ['history'],
  ['schema', '--dialect', 'postgresql'],
  ['--help'],
];

const sink = { write() { return true; } };
const work = mkdtempSync(join(tmpdir(), 'sqlrev-train-'));
try {
  const { loadCli, cacheHeader } = await import('../dist/src/cli/launch.js');
  cpSync(join(root, 'revisions'), join(work, 'revisions'), { recursive: true });
  const { cli, script } = loadCli(bundleFile);
  for (const argv of TRAINING) {
    const code = await cli.main(argv, { stdout: sink, stderr: sink, cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    // Findings (1) are fine; bad input (2) means the training did not run what it should.
    if (code === 2) throw new Error(`training run \`sqlrev ${argv.join(' ')}\` exited 2`);
  }
  writeFileSync(cacheFile, Buffer.concat([cacheHeader(readFileSync(bundleFile)), script.createCachedData()]));
} catch (e) {
  rmSync(cacheFile, { force: true });
  console.warn(`build-code-cache: no code cache made (${e instanceof Error ? e.message : String(e)}); sqlrev runs the same without it`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
