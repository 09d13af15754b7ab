#!/usr/bin/env node
// Bundles the CLI (dist/src/cli/main.js, as tsc emitted it) into dist/cli/:
// one entry module plus a chunk per lazily loaded command, so that a run
// loads a handful of files instead of ~190 modules.
//
// Why: Node 20 has no module compile cache, and resolving, reading and
// compiling each ES module costs ~0.15 ms: ~25 ms of every `sqlrev` start,
// measured (`upgrade` of 100 revisions: 0.14 s CPU unbundled, 0.115 s bundled).
// The library entry (dist/src/index.js) and the tests keep using tsc's
// output; bin/sqlrev.js uses the bundle, and the CLI tests run it.
//
// Kept out of the bundle: npm packages (loaded from node_modules as usual),
// and ts-loader.js, which registers module hooks by URLs relative to itself
// (./ts-hooks.js, ./define.js), so it must stay where tsc put it. It shares
// no state with the rest (it imports only node builtins and ts-hooks.js).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/cli');

/** Leaves `import('./ts-loader.js')` pointing at tsc's output. */
const keepTsLoader = {
  name: 'keep-ts-loader',
  setup(b) {
    b.onResolve({ filter: /\/ts-loader\.js$/ }, () => ({ path: '../src/revisions/ts-loader.js', external: true }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'dist/src/cli/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Stable file names: the same sources give the same bundle bytes.
  chunkNames: 'chunk-[hash]',
  entryNames: '[name]',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [keepTsLoader],
});
