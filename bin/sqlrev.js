#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): an ES-module entry costs every run ~10 ms
// before this line, in Node's asynchronous ES loader.
const { join } = require('node:path');
const { loadCli } = require('../dist/cli/launch.cjs');

// The bundled CLI, run from V8's code cache when it matches (src/cli/launch.ts).
const dist = join(__dirname, '..', 'dist', 'cli');
const { cli } = loadCli(join(dist, 'sqlrev.cjs'), join(dist, 'sqlrev.cache'));

// `sqlrev audit | head` closes the pipe early: that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
cli.main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
  process.exitCode = code;
});
