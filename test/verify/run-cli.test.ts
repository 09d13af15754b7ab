/**
 * `sqlrev verify` as a command: the bundled project passes on both engines,
 * exit codes, formats, progress only on a terminal, and the engines loaded
 * only when verify runs (a module-resolution hook in a child process records
 * every module that gets loaded).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';
import { packageRoot } from '../../src/package-root.js';

const ROOT = packageRoot();
const MAIN_JS = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dirs: string[] = [];
process.once('exit', () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function cli(argv: string[], cwd: string, tty = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; }, isTTY: tty },
    cwd, env: {},
  });
  return { code, stdout, stderr };
}

/** A one-dialect project whose second revision's explicit downgrade forgets its column. */
function brokenProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-verify-cli-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'revisions'));
  writeFileSync(join(dir, 'sqlrev.config.json'), JSON.stringify({ dialects: ['sqlite'] }));
  const rev = (id: string, parent: string | null, upgrade: unknown[], downgrade?: unknown[]) =>
    writeFileSync(join(dir, 'revisions', `${id}_r.json`), JSON.stringify({ id, parent, message: `rev ${id}`, upgrade, ...(downgrade ? { downgrade } : {}) }));
  rev('aaaa00000001', null, [{ op: 'createTable', table: 't', columns: [{ name: 'id', type: 'integer', primaryKey: true }] }]);
  rev('aaaa00000002', 'aaaa00000001', [{ op: 'addColumn', table: 't', column: { name: 'c', type: 'text' } }], []);
  return dir;
}

const test = suite('verify/cli: sqlrev verify');

test('the bundled project verifies on both engines (exit 0), quietly when stderr is not a terminal', async () => {
  const r = await cli(['verify'], ROOT);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, /^postgresql on PGlite \(PostgreSQL in WASM\)\n  revision +up +down +up again +downgrade\n/);
  assert.match(r.stdout, /\nsqlite on sql\.js \(SQLite in WASM\)\n/);
  assert.match(r.stdout, /  6b2c4d8e0f1a  ok +ok +ok +structure-only  store due_at as a timestamp \(converts tasks\.due_at with USING\)\n/);
  assert.is(r.stdout.match(/base: empty \(only the version table is left\)/g)?.length, 2);
  assert.match(r.stdout, /\nverify passed: 10 revisions on postgresql, sqlite: no mismatch, no error; downgrades: 18 exact, 2 structure-only, 0 impossible\n$/);
});

test('progress on a terminal: one line per revision, rewritten with \\r on stderr, cleared at the end', async () => {
  const r = await cli(['verify', '--dialect', 'sqlite', '--to', '2ed6'], ROOT, true);
  assert.is(r.code, 0);
  assert.equal(r.stderr.split('\r').filter(Boolean).map((s) => s.trimEnd()), [
    'revision 1/2 sqlite upgrade', 'revision 2/2 sqlite upgrade',
    'revision 2/2 sqlite downgrade', 'revision 1/2 sqlite downgrade',
    'revision 1/2 sqlite upgrade again', 'revision 2/2 sqlite upgrade again',
    '',
  ]);
  assert.ok(r.stderr.endsWith('\r'), 'the line is blanked and the cursor returned');
  assert.match(r.stdout, /verify passed: 2 revisions on sqlite/);
});

test('a mismatch exits 1; --format json prints one parseable object', async () => {
  const dir = brokenProject();
  const text = await cli(['verify'], dir);
  assert.is(text.code, 1);
  assert.match(text.stdout, '      after downgrade: column t.c: expected (none), actual TEXT\n');
  assert.match(text.stdout, /verify FAILED: 2 revisions on sqlite: 1 mismatch, 0 errors;/);
  const json = await cli(['verify', '--format', 'json'], dir);
  assert.is(json.code, 1);
  const report = JSON.parse(json.stdout);
  assert.is(report.summary.ok, false);
  assert.equal(report.dialects.sqlite.revisions[1].mismatches, [{ phase: 'downgrade', object: 'column t.c', expected: '(none)', actual: 'TEXT' }]);
});

test('bad usage exits 2 with one line', async () => {
  for (const [argv, message] of [
    [['verify', '--format', 'xml'], 'sqlrev: unknown format "xml"; choose from text, json\n'],
    [['verify', 'now'], 'sqlrev: verify takes no arguments (got "now"); see sqlrev verify --help\n'],
    [['verify', '--dialect', 'mysql'], undefined],
    [['verify', '--to', 'zzzz'], undefined],
  ] as const) {
    const r = await cli([...argv], ROOT);
    assert.is(r.code, 2, argv.join(' '));
    assert.is(r.stdout, '');
    assert.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    if (message) assert.is(r.stderr, message);
  }
});

test('the engines load only when verify runs, and only the chosen ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-verify-load-'));
  dirs.push(dir);
  const log = join(dir, 'loaded.txt');
  const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`;
  const script = `
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
const { main } = await import(${JSON.stringify(new URL(`file://${MAIN_JS}`).href)});
const io = { stdout: { write() {} }, stderr: { write() {} }, cwd: ${JSON.stringify(ROOT)}, env: {} };
const codes = [];
for (const argv of [['--help'], ['history'], ['verify', '--help'], ['render', '--check'], ['verify', '--dialect', 'sqlite', '--to', '0146']]) {
  appendFileSync(${JSON.stringify(log)}, '# ' + argv.join(' ') + '\\n');
  codes.push(await main(argv, io));
}
process.stdout.write(JSON.stringify(codes));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const codes = JSON.parse(r.stdout) as number[];
  assert.equal([codes[0], codes[1], codes[2], codes[4]], [0, 0, 0, 0]);
  // Each section: "# argv" and the modules loaded while that command ran.
  const sections = readFileSync(log, 'utf8').split(/^# /m);
  const before = sections.slice(0, -1).join('');
  const last = sections[sections.length - 1]!;
  assert.ok(before.includes('/src/cli/main.js') && before.includes('history'), 'the hook recorded the other commands');
  for (const engine of ['@electric-sql/pglite', '/sql.js/', '/verify/run.js']) {
    assert.not.ok(before.includes(engine), `${engine} loaded before verify ran`);
  }
  // The control: the hook sees the engine verify loads, and only that one.
  assert.ok(last.startsWith('verify --dialect sqlite --to 0146\n'));
  assert.ok(last.includes('/sql.js/'), 'sql.js loaded by verify');
  assert.not.ok(last.includes('@electric-sql/pglite'), 'PGlite not loaded for a sqlite-only run');
});

test.run();
