#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { loadCli } from '../dist/src/cli/launch.js';

// The bundled CLI, run from V8's code cache when it matches (src/cli/launch.ts).
const dist = fileURLToPath(new URL('../dist/cli/', import.meta.url));
const { cli } = loadCli(`${dist}sqlrev.cjs`, `${dist}sqlrev.cache`);

// `sqlrev audit | head` closes the pipe early: that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
process.exitCode = await cli.main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
