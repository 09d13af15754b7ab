#!/usr/bin/env node
// Runs every compiled uvu suite (dist/test/**/*.test.js) in one process and
// ends with the line CI reads: "N passed, N failed". Exit code 1 on any failure.
// Usage: node scripts/test.mjs [substring-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js') && p.includes(filter)) files.push(p);
  }
})('dist/test');

let passed = 0, failed = 0, skipped = 0, broken = 0;
for (const f of files) {
  // One process per file keeps a crash or a leaked handle in one suite from hiding the others.
  const r = spawnSync(process.execPath, [f], { encoding: 'utf8', env: process.env, maxBuffer: 256 * 1024 * 1024 });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  process.stdout.write(`\n# ${f}\n${out}`);
  const total = /Total:\s+(\d+)/.exec(out);
  const ok = /Passed:\s+(\d+)/.exec(out);
  const skip = /Skipped:\s+(\d+)/.exec(out);
  if (!total || !ok) { broken++; failed++; process.stdout.write(`!! ${f} did not report totals (exit ${r.status})\n`); continue; }
  passed += Number(ok[1]);
  failed += Number(total[1]) - Number(ok[1]);
  skipped += skip ? Number(skip[1]) : 0;
  if (r.status !== 0 && Number(total[1]) === Number(ok[1])) { failed++; process.stdout.write(`!! ${f} exited ${r.status}\n`); }
}
if (files.length === 0) { failed++; console.log('no test files found'); }
console.log(`\n${files.length} files${broken ? `, ${broken} broken` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
