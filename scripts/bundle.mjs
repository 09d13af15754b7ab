#!/usr/bin/env node
// Bundles the CLI (dist/src/cli/main.js, as tsc emitted it) into one
// CommonJS file, dist/cli/sqlrev.cjs, so that a run loads one file instead
// of ~190 modules.
//
// Why: resolving, reading and compiling each ES module cost ~0.15 ms: ~25 ms
// of every `sqlrev` start, measured (`upgrade` of 100 revisions: 0.14 s CPU
// unbundled, 0.115 s bundled). One CommonJS file rather than ES chunks
// because bin/sqlrev.js runs it through vm.Script with V8's code cache
// (src/cli/launch.ts, scripts/build-code-cache.mjs), which Node 20 offers
// for scripts only. Every command's code is then in the one file, and V8
// deserialises the whole cache at start (~10 ms on `--help`), which the
// bytecode it saves repays on any command that loads revisions.
// The library entry (dist/src/index.js) and the tests keep using tsc's
// output; bin/sqlrev.js uses the bundle, and the CLI tests run it.
//
// Kept out of the bundle: npm packages (loaded from node_modules as usual),
// and ts-loader.js, which registers module hooks by URLs relative to itself
// (./ts-hooks.js, ./define.js), so it must stay where tsc put it. It shares
// no state with the rest (it imports only node builtins and ts-hooks.js).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Both outputs: one CommonJS file each, npm packages loaded from node_modules. */
const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', packages: 'external', legalComments: 'none', logLevel: 'warning' };

// Also removes the old code cache: it must never outlive its bundle.
rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: [join(root, 'dist/src/cli/main.js')],
  outfile: join(outdir, 'sqlrev.cjs'),
  // ES modules are strict; the bundle must stay so. import.meta.url becomes
  // the bundle's own URL (dist/cli/ is as deep as dist/src/*/, so paths
  // relative to it, like package-root's, still hold).
  banner: { js: '"use strict";\nconst __sqlrevUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__sqlrevUrl' },
  plugins: [keepTsLoader],
});

// A vm.Script has no import() of its own on Node 20 without
// --experimental-vm-modules, so the bundle's few dynamic imports (the heavy
// packages loaded on demand, and ts-loader) call the loader's
// __sqlrevImport instead (src/cli/launch.ts). Every one must be rewritten.
const bundleFile = join(outdir, 'sqlrev.cjs');
const code = readFileSync(bundleFile, 'utf8');
const rewritten = code.replace(/\bimport\(("[^"]+")\)/g, '__sqlrevImport($1)');
const left = /\bimport\(/.exec(rewritten);
if (left) {
  console.error(`bundle.mjs: a dynamic import() is left in the bundle that the rewrite does not handle: ${rewritten.slice(left.index, left.index + 80)}`);
  process.exit(1);
}
writeFileSync(bundleFile, rewritten);

// The loader bin/sqlrev.js runs it with (src/cli/launch.ts), as CommonJS too:
// bin/ is CommonJS (bin/package.json), because an ES-module entry costs every
// run ~10 ms more before the first line of sqlrev runs (Node's ES loader reads
// and links asynchronously; measured with --help and upgrade of 1,000
// revisions). Its one import() takes a computed specifier, which esbuild
// leaves as a real dynamic import.
await build({ ...common, entryPoints: [join(root, 'dist/src/cli/launch.js')], outfile: join(outdir, 'launch.cjs') });
