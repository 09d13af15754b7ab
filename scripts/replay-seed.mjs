#!/usr/bin/env node
// Reruns one property-test seed verbosely: prints the generated revisions,
// runs verify on PGlite and sql.js, prints the full report.
//
//   node scripts/replay-seed.mjs <seed> [--keep DIR] [--revisions N] [--max-ops N]
//
// --keep DIR writes the project (revisions/*.json) to DIR and leaves it there,
// so `sqlrev render` / `sqlrev verify` can be run on it by hand.
// Uses the compiled tests in dist/ (npm run build); SQLREV_BUILD=<dir> points
// at another build directory (e.g. .tmp/build-me).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const build = resolve(root, process.env.SQLREV_BUILD ?? 'dist');
const runnerPath = join(build, 'test/property/runner.js');

function usage(msg) {
  process.stderr.write(`${msg ? `replay-seed: ${msg}\n` : ''}usage: node scripts/replay-seed.mjs <seed> [--keep DIR] [--revisions N] [--max-ops N]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let seed;
let keep;
const chain = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--keep') keep = args[++i];
  else if (a === '--revisions') chain.revisions = Number(args[++i]);
  else if (a === '--max-ops') chain.maxOps = Number(args[++i]);
  else if (/^\d+$/.test(a) && seed === undefined) seed = Number(a);
  else usage(`unexpected argument "${a}"`);
}
if (seed === undefined) usage('which seed?');
if (!existsSync(runnerPath)) usage(`${runnerPath} does not exist: run npm run build first (or set SQLREV_BUILD)`);

const { runSeed, openSessions, closeSessions, describeFailure, CHAIN } = await import(pathToFileURL(runnerPath).href);
if (keep) {
  keep = resolve(keep);
  mkdirSync(keep, { recursive: true });
}
const sessions = await openSessions();
let outcome;
try {
  outcome = await runSeed(seed, sessions, { ...CHAIN, ...chain }, keep);
} finally {
  await closeSessions(sessions);
}

for (const r of outcome.chain.revisions) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
process.stdout.write('\n');
if (outcome.report) {
  const { formatVerifyText } = await import(pathToFileURL(join(build, 'src/verify/report.js')).href);
  process.stdout.write(formatVerifyText(outcome.report));
}
if (keep) {
  const files = readdirSync(join(keep, 'revisions'));
  process.stdout.write(`\nproject kept in ${keep} (${files.length} revision files); e.g. cd ${keep} && sqlrev render\n`);
}
if (outcome.problems.length) {
  process.stdout.write(`\n${describeFailure(outcome).split('\n').slice(0, 1 + outcome.problems.length).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`\nseed ${seed} passed\n`);
