/**
 * bin/sqlrev.js runs the bundled CLI (dist/cli/sqlrev.cjs) through vm.Script
 * with V8's code cache (src/cli/launch.ts). The cache may only make a run
 * faster: these tests check that the bundle prints exactly what the
 * in-process main prints, with the cache, without it, with a cache of
 * another bundle and with a corrupt one; that its dynamic imports (a
 * TypeScript revision's loader, libpg-query for .sql files) work from the
 * vm.Script without an experimental warning; and that the build's cache is
 * one V8 accepts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheHeader, loadCli } from '../../src/cli/launch.js';
import { buildChain, DEFAULT_SEED } from '../../bench/chain.js';
import { writeProject } from '../../bench/generate.js';
import { copyProject, ROOT, runCli, runCliProcess, sameTree, snapshotTree, tempDir, treeDiff } from '../helpers/cli.js';

const BUNDLE = join(ROOT, 'dist/cli/sqlrev.cjs');
const CACHE = join(ROOT, 'dist/cli/sqlrev.cache');
/** The tests compare against the build that bin/sqlrev.js runs. */
const TESTING_DIST = pathToFileURL(join(ROOT, 'dist/src/cli/launch.js')).href === new URL('../../src/cli/launch.js', import.meta.url).href;

/** The bundled example project (JSON and TypeScript revisions) plus a .sql file with one finding. */
function project(): string {
  const dir = tempDir('sqlrev-launch-');
  cpSync(join(ROOT, 'revisions'), join(dir, 'revisions'), { recursive: true });
  writeFileSync(join(dir, 'change.sql'), 'CREATE INDEX users_email ON users (email);\n');
  return dir;
}

const COMMANDS = [
  ['history'],
  ['upgrade', 'base:head', '--sql', '--dialect', 'postgresql'],
  ['downgrade', 'head:base', '--sql', '--dialect', 'sqlite'],
  ['audit', '--format', 'json'],
  ['audit', 'change.sql', '--format', 'json'],
];

/**
 * Runs `sqlrev <argv>` from the bundle with `cacheFile` in a new process (in
 * this one V8 would reuse its own compilation of the bundle and never look
 * at the cache); gives whether V8 ran it from the cache, and what it printed.
 */
function runBundle(cacheFile: string | undefined, argv: string[], cwd: string) {
  const launch = pathToFileURL(join(ROOT, 'dist/src/cli/launch.js')).href;
  const script = [
    `import { loadCli } from ${JSON.stringify(launch)};`,
    `const { cli, cached } = loadCli(${JSON.stringify(BUNDLE)}, ${JSON.stringify(cacheFile)});`,
    'let stdout = "";',
    'const io = { stdout: { write: (c) => { stdout += c; return true; } }, stderr: process.stderr, cwd: process.cwd(), env: process.env };',
    `const code = await cli.main(${JSON.stringify(argv)}, io);`,
    'process.stdout.write(JSON.stringify({ code, cached, stdout }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(r.stderr, '', 'nothing on stderr');
  return JSON.parse(r.stdout) as { code: number; cached: boolean; stdout: string };
}

test('the bin prints what the in-process main prints, with no warning, imports included', async () => {
  if (!TESTING_DIST) return;
  const dir = project();
  for (const argv of COMMANDS) {
    const want = await runCli(argv, { cwd: dir, env: { NO_COLOR: '1' } });
    const got = await runCliProcess(argv, { cwd: dir, env: { NO_COLOR: '1' } });
    assert.is(got.stderr, want.stderr, `stderr of ${argv.join(' ')}`);
    assert.is(got.stdout, want.stdout, `stdout of ${argv.join(' ')}`);
    assert.is(got.code, want.code, `exit code of ${argv.join(' ')}`);
  }
  // The .sql audit went through libpg-query, loaded by the bundle's importer.
  const sql = await runCliProcess(['audit', 'change.sql'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.match(sql.stdout, 'index-not-concurrent');
  // The TypeScript revision went through ts-loader, loaded the same way.
  const ts = await runCliProcess(['show', 'a1b2c3d4e5f6'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.is(ts.code, 0, ts.stderr);
  assert.match(ts.stdout, 'a1b2c3d4e5f6_add_task_comments.ts');
});

test('render of 120 revisions writes through the file worker from the bundle the same tree as in process', async () => {
  if (!TESTING_DIST) return;
  // The worker runs runFileOp from its source text; in the bundle that text is esbuild's, which this run proves.
  const a = tempDir('sqlrev-launch-render-');
  writeProject(buildChain(120, { seed: DEFAULT_SEED }), a);
  const b = copyProject(a, 'sqlrev-launch-render-');
  const want = await runCli(['render'], { cwd: a, env: { NO_COLOR: '1' } });
  const got = await runCliProcess(['render'], { cwd: b, env: { NO_COLOR: '1' } });
  assert.is(want.code, 0, want.stderr);
  assert.is(got.stderr, '');
  assert.is(got.stdout, want.stdout);
  const [ta, tb] = [snapshotTree(join(a, 'out')), snapshotTree(join(b, 'out'))];
  assert.match(want.stdout, `(${4 * 120 + 5} files)`, 'an upgrade and a downgrade file per revision and dialect, and 5 more');
  assert.ok(sameTree(ta, tb), treeDiff(ta, tb).join('\n'));
});

test('the build made a cache that V8 accepts in a plain node process', async () => {
  if (!TESTING_DIST) return;
  assert.ok(existsSync(CACHE), 'npm run build writes dist/cli/sqlrev.cache');
  const dir = project();
  const argv = ['upgrade', 'base:head', '--sql', '--dialect', 'postgresql'];
  const want = await runCli(argv, { cwd: dir, env: { NO_COLOR: '1' } });
  const got = runBundle(CACHE, argv, dir);
  assert.is(got.cached, true);
  assert.is(got.stdout, want.stdout);
});

test('a missing, foreign or corrupt cache is ignored, and the output is the same', async () => {
  if (!TESTING_DIST) return;
  const dir = project();
  const work = tempDir('sqlrev-cache-');
  const data = readFileSync(CACHE);
  const header = cacheHeader(readFileSync(BUNDLE));
  assert.ok(data.subarray(0, header.length).equals(header), 'the cache starts with the header of this bundle');

  // Another bundle's cache: same V8 data, header of other bytes.
  const foreign = join(work, 'foreign.cache');
  writeFileSync(foreign, Buffer.concat([cacheHeader(Buffer.from('another bundle')), data.subarray(header.length)]));
  // This bundle's header, data V8 cannot use.
  const corrupt = join(work, 'corrupt.cache');
  writeFileSync(corrupt, Buffer.concat([header, Buffer.alloc(4096, 7)]));
  const truncated = join(work, 'truncated.cache');
  writeFileSync(truncated, header.subarray(0, 10));

  const argv = ['upgrade', 'base:head', '--sql', '--dialect', 'postgresql'];
  const want = await runCli(argv, { cwd: dir, env: { NO_COLOR: '1' } });
  assert.is(want.code, 0, want.stderr);
  for (const [name, file] of [['none', undefined], ['missing', join(work, 'nothing.cache')], ['foreign', foreign], ['corrupt', corrupt], ['truncated', truncated]] as const) {
    const got = runBundle(file, argv, dir);
    assert.is(got.cached, false, `${name}: not run from the cache`);
    assert.is(got.stdout, want.stdout, `${name}: same script`);
    assert.is(got.code, 0, name);
  }
});

test.run();
