/**
 * Hostile and broken input (issue 4): mutated revision files fed to every
 * command. The only acceptable outcomes are exit 0 with plausible output, or
 * exit 2 with one clear line per problem: never a stack trace, an "internal
 * error", a hang (each run is bounded: it runs on a worker thread that is
 * terminated after RUN_TIMEOUT_MS), or a changed out/ (unless the run was a
 * successful render, which must then leave out/ up to date).
 *
 * The mutations are sampled with a seeded PRNG so every `npm test` runs the
 * same cases in well under a minute; SQLREV_SOAK=1 (npm run test:soak) runs
 * every mutation. A failing case prints its name, which says exactly how the
 * file was broken (e.g. `wrong type: upgrade[3].columns[0] = []`).
 *
 * `verify` is left out on purpose (it boots database engines: slow).
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findCommand } from '../../src/cli/commands/index.js';
import {
  CliWorker, copyProject, makeProject, prng, removeDir, ROOT, runCli, sample, snapshotTree, SOAK,
  stackLines, tempDir, treeDiff, writeFiles, type CliResult,
} from '../helpers/cli.js';

const FIXTURE = join(ROOT, 'test/fixtures/cli/fuzz-base');
const MIDDLE_ID = 'a9b8c7d6e5f4';
const MIDDLE_FILE = `revisions/${MIDDLE_ID}_many_ops.json`;
const RUN_TIMEOUT_MS = 20_000;
const SEED = 20240611;
const HUGE = 'x'.repeat(10 * 1024 * 1024);
const DEEP = 100_000;
// Sizes that keep npm test quick; the soak run goes ten times further.
const ROWS = SOAK ? 100_000 : 10_000;
const OPS = SOAK ? 10_000 : 2_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const middleText = readFileSync(join(FIXTURE, MIDDLE_FILE), 'utf8');
const middle = JSON.parse(middleText) as Json;

// ---------------------------------------------------------------------------
// The commands, and what a plausible success looks like for each

interface Command {
  argv: string[];
  /** Exit codes that mean "worked" besides 0 (render --check: 1 is "stale"; audit: 1 is "findings"). */
  alsoOk?: number[];
  /** Output for a terminal (not SQL, where a control character in a literal is data): none may be raw. */
  terminal?: boolean;
  plausible(r: CliResult): string | undefined;
}

const startsWith = (prefix: string) => (r: CliResult) => (r.stdout.startsWith(prefix) ? undefined : `stdout does not start with ${JSON.stringify(prefix)}`);
const graphLines = (r: CliResult) => {
  const bad = r.stdout.split('\n').slice(0, -1).find((l) => !/^.+ -> [A-Za-z0-9_]{1,32}( \([a-z, ]+\))?, /.test(l));
  if (!r.stdout.endsWith('\n')) return 'stdout does not end with a newline';
  return bad === undefined ? undefined : `not a history line: ${JSON.stringify(bad.slice(0, 200))}`;
};

const READ_ONLY: Command[] = [
  {
    argv: ['render', '--check'], alsoOk: [1],
    plausible: (r) => (r.code === 0 ? /^.+\/ is up to date \(\d+ files\)\n$/.test(r.stdout) : /^(stale: .+ \((changed|missing|extra)\)\n)+\d+ files? in .+\/ out of date; run sqlrev render\n$/.test(r.stdout))
      ? undefined : 'unexpected render --check output',
  },
  { argv: ['upgrade', 'head', '--sql', '-d', 'postgresql'], plausible: startsWith('-- sqlrev upgrade for PostgreSQL: base -> ') },
  { argv: ['downgrade', 'head:base', '--sql', '-d', 'sqlite'], plausible: startsWith('-- sqlrev downgrade for SQLite: ') },
  { argv: ['history'], plausible: graphLines, terminal: true },
  { argv: ['heads'], plausible: graphLines, terminal: true },
  { argv: ['show', MIDDLE_ID], plausible: startsWith(`Revision: ${MIDDLE_ID}`), terminal: true },
  { argv: ['schema', '-d', 'postgresql'], plausible: startsWith('-- sqlrev schema for PostgreSQL at ') },
];
// audit comes with issue 3; once the command exists it is fuzzed too.
if (findCommand('audit')) READ_ONLY.push({ argv: ['audit'], alsoOk: [1], terminal: true, plausible: () => undefined });

const RENDER: Command = {
  argv: ['render'],
  plausible: (r) => (/^rendered \d+ revisions? for [a-z, ]+ to .+\/ \(\d+ files\)\n$/.test(r.stdout) ? undefined : 'unexpected render output'),
};

/** Why a run's outcome is not acceptable, or undefined when it is. */
function judge(cmd: Command, r: CliResult): string | undefined {
  if (r.timedOut) return `no answer within ${RUN_TIMEOUT_MS / 1000} s`;
  if (r.stray) return `printed outside io: ${r.stray.slice(0, 300)}`;
  if (stackLines(r.stderr).length) return `stack trace: ${r.stderr.slice(0, 300)}`;
  if (/internal error|main\(\) threw|worker died/.test(r.stderr)) return r.stderr.slice(0, 400);
  if (r.code === 0 || cmd.alsoOk?.includes(r.code ?? -1)) {
    const warnings = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '));
    if (warnings.length) return `exit ${r.code} but stderr says: ${warnings[0]!.slice(0, 300)}`;
    if (r.stdout.includes('\u0000')) return 'a NUL character in the output';
    // eslint-disable-next-line no-control-regex
    const raw = cmd.terminal ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(r.stdout) : null;
    if (raw) return `a raw control character U+${raw[0].charCodeAt(0).toString(16).padStart(4, '0')} in terminal output`;
    return cmd.plausible(r);
  }
  if (r.code !== 2) return `exit code ${r.code}`;
  if (r.stdout !== '') return `exit 2 with output on stdout: ${r.stdout.slice(0, 200)}`;
  const lines = r.stderr.split('\n');
  if (lines.pop() !== '') return 'stderr does not end with a newline';
  if (lines.length === 0) return 'exit 2 without a message';
  if (lines.length > 24) return `${lines.length} lines for one broken file`;
  for (const l of lines) {
    if (l.startsWith('warning: ')) continue;
    // file[:line:col]: message, or sqlrev: message (file is relative: revisions/..., sqlrev.config.json)
    if (!/^(sqlrev: |[^\s:][^:]*?(:\d+:\d+)?: )\S/.test(l)) return `not a diagnostic line: ${JSON.stringify(l.slice(0, 200))}`;
    if (l.length > 4000) return `a ${l.length}-character line: ${l.slice(0, 200)}...`;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f]/.test(l)) return `a raw control character in a message: ${JSON.stringify(l.slice(0, 200))}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Running one mutation through every command

interface Mutation {
  name: string;
  /** Files to write (relative to the project), replacing or adding. */
  files: Record<string, string | Buffer>;
  /** Files to remove first. */
  remove?: string[];
}

interface Stats { cases: number; runs: number; byCode: Record<string, number>; slowest: { ms: number; what: string } }
const stats: Stats = { cases: 0, runs: 0, byCode: {}, slowest: { ms: 0, what: '' } };

let template = '';
const workers = [new CliWorker(), new CliWorker()];

async function exercise(worker: CliWorker, m: Mutation): Promise<string[]> {
  // One level down in a private directory, so that even a config saying
  // "out": ".." could only ever touch that directory.
  const box = tempDir('sqlrev-fuzz-');
  const dir = join(box, 'project');
  cpSync(template, dir, { recursive: true });
  const failures: string[] = [];
  try {
    for (const f of m.remove ?? []) rmSync(join(dir, f), { force: true });
    writeFiles(dir, m.files);
    const out = join(dir, 'out');
    const before = snapshotTree(out);
    // Everything but out/: no command may change it (render writes only out/).
    const rest = () => new Map([...snapshotTree(dir)].filter(([k]) => !k.startsWith('out/')));
    const restBefore = rest();
    const run = async (cmd: Command): Promise<CliResult> => {
      const r = await worker.run(cmd.argv, { cwd: dir, timeoutMs: RUN_TIMEOUT_MS });
      stats.runs++;
      const key = r.timedOut ? 'timeout' : String(r.code);
      stats.byCode[key] = (stats.byCode[key] ?? 0) + 1;
      if (r.ms > stats.slowest.ms) stats.slowest = { ms: Math.round(r.ms), what: `${m.name} | ${cmd.argv.join(' ')}` };
      const why = judge(cmd, r);
      if (why) failures.push(`${m.name} | sqlrev ${cmd.argv.join(' ')} | ${why}`);
      return r;
    };
    for (const cmd of READ_ONLY) {
      await run(cmd);
      const diff = treeDiff(before, snapshotTree(out));
      if (diff.length) {
        failures.push(`${m.name} | sqlrev ${cmd.argv.join(' ')} | changed out/: ${diff.join(', ')}`);
        break;
      }
    }
    const r = await run(RENDER);
    if (r.code === 0) {
      // A successful render leaves out/ exactly as render --check expects it.
      const check = await worker.run(['render', '--check'], { cwd: dir, timeoutMs: RUN_TIMEOUT_MS });
      if (check.code !== 0) failures.push(`${m.name} | render then render --check | exit ${check.code}: ${check.stdout.slice(0, 200)}`);
    } else {
      const diff = treeDiff(before, snapshotTree(out));
      if (diff.length) failures.push(`${m.name} | sqlrev render (exit ${r.code}) | changed out/: ${diff.join(', ')}`);
    }
    const changed = treeDiff(restBefore, rest());
    if (changed.length) failures.push(`${m.name} | changed files outside out/: ${changed.join(', ')}`);
  } finally {
    removeDir(box);
  }
  stats.cases++;
  return failures;
}

/** Runs the mutations on the worker pool; returns every failure. */
async function exerciseAll(mutations: Mutation[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(workers.map(async (w) => {
    while (next < mutations.length) failures.push(...await exercise(w, mutations[next++]!));
  }));
  return failures;
}

function assertNoFailures(failures: string[]): void {
  if (failures.length) assert.unreachable(`${failures.length} unacceptable outcome(s):\n${failures.slice(0, 25).join('\n')}`);
}

// ---------------------------------------------------------------------------
// Building mutations

function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

/** Every path of a JSON value, the root included, parents before children. */
function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function getAt(value: Json, path: Path): Json {
  let v = value;
  for (const p of path) v = (v as Record<string | number, Json>)[p]!;
  return v;
}

function setAt(value: Json, path: Path, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, Json>;
  let parent = copy;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, Json>;
  parent[path[path.length - 1]!] = replacement;
  return copy as Json;
}

const asJson = (doc: Json): string => `${JSON.stringify(doc, null, 2)}\n`;

function middleAs(name: string, text: string | Buffer): Mutation {
  return { name, files: { [MIDDLE_FILE]: text } };
}

/** The same document as a TypeScript revision (the loader then validates the value it exports). */
function middleAsTs(name: string, doc: Json): Mutation {
  const text = `import { defineRevision } from 'sqlrev';\n\n// @ts-nocheck\nexport default defineRevision(${JSON.stringify(doc, null, 2)});\n`;
  return { name: `${name} (as .ts)`, files: { [MIDDLE_FILE.replace(/\.json$/, '.ts')]: text }, remove: [MIDDLE_FILE] };
}

const REPLACEMENTS: { label: string; value: Json }[] = [
  { label: 'null', value: null },
  { label: '0', value: 0 },
  { label: '""', value: '' },
  { label: '[]', value: [] },
  { label: '{}', value: {} },
  { label: 'true', value: true },
  { label: 'a 10 MB string', value: HUGE },
];

function wrongTypeMutations(): { small: Mutation[]; huge: Mutation[]; docs: { name: string; doc: Json }[] } {
  const small: Mutation[] = [];
  const huge: Mutation[] = [];
  const docs: { name: string; doc: Json }[] = [];
  for (const path of paths(middle)) {
    const original = getAt(middle, path);
    for (const { label, value } of REPLACEMENTS) {
      if (JSON.stringify(original) === JSON.stringify(value)) continue;
      const name = `wrong type: ${formatPath(path)} = ${label}`;
      const doc = setAt(middle, path, value);
      if (value === HUGE) huge.push(middleAs(name, asJson(doc)));
      else {
        small.push(middleAs(name, asJson(doc)));
        docs.push({ name, doc });
      }
    }
  }
  return { small, huge, docs };
}

function truncations(): Mutation[] {
  const out: Mutation[] = [];
  for (let cut = 0; cut < middleText.length; cut++) out.push(middleAs(`truncated at ${cut} of ${middleText.length}`, middleText.slice(0, cut)));
  return out;
}

/** Re-serialises with the first key of the object at `path` written twice. */
function withDuplicateKey(doc: Json, target: Path, second: 'same' | 'different'): string {
  const ser = (v: Json, path: Path): string => {
    if (Array.isArray(v)) return `[${v.map((x, i) => ser(x, [...path, i])).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${ser(x, [...path, k])}`);
      if (JSON.stringify(path) === JSON.stringify(target) && entries.length) {
        const [k, x] = Object.entries(v)[0]!;
        entries.push(`${JSON.stringify(k)}: ${second === 'same' ? JSON.stringify(x) : JSON.stringify('another value')}`);
      }
      return `{${entries.join(', ')}}`;
    }
    return JSON.stringify(v);
  };
  return `${ser(doc, [])}\n`;
}

function duplicateKeyMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const path of paths(middle)) {
    const v = getAt(middle, path);
    if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) continue;
    for (const second of ['same', 'different'] as const) {
      out.push(middleAs(`duplicate key (${second} value) in ${formatPath(path)}`, withDuplicateKey(middle, path, second)));
    }
  }
  return out;
}

const UNICODE: { label: string; value: string }[] = [
  { label: 'CJK', value: '名前' },
  { label: 'combining accent', value: 'e\u0301' },
  { label: 'emoji ZWJ sequence', value: '👩‍💻' },
  { label: 'right-to-left override', value: 'a\u202eb' },
  { label: 'lone surrogate', value: 'a\ud800b' },
  { label: 'NUL', value: 'a\u0000b' },
  { label: 'line separator', value: 'a\u2028b' },
  { label: 'BOM', value: '\ufeffa' },
  { label: 'newline', value: 'a\nDROP TABLE y; --' },
  { label: 'DEL and ESC', value: '\u007f\u001b[31m' },
  { label: 'C1 CSI', value: '\u009b2J' },
  { label: 'only spaces', value: '   ' },
  { label: 'quotes', value: 'x"; DROP TABLE y; --\'' },
];

function unicodeMutations(): Mutation[] {
  const out: Mutation[] = [];
  const stringPaths = paths(middle).filter((p) => typeof getAt(middle, p) === 'string' && p[0] !== '$schema');
  for (const path of stringPaths) {
    for (const { label, value } of UNICODE) {
      out.push(middleAs(`unicode (${label}) at ${formatPath(path)}`, asJson(setAt(middle, path, value))));
    }
  }
  return out;
}

function byteMutations(rand: () => number): Mutation[] {
  const bytes = Buffer.from(middleText, 'utf8');
  const at = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * bytes.length));
  const insert = (pos: number, b: Buffer) => Buffer.concat([bytes.subarray(0, pos), b, bytes.subarray(pos)]);
  const out: Mutation[] = [];
  for (const pos of at(SOAK ? 200 : 6)) out.push(middleAs(`raw NUL byte at ${pos}`, insert(pos, Buffer.from([0]))));
  for (const pos of at(SOAK ? 200 : 4)) out.push(middleAs(`invalid UTF-8 byte 0xff at ${pos}`, insert(pos, Buffer.from([0xff]))));
  for (const pos of at(SOAK ? 100 : 3)) out.push(middleAs(`a half UTF-8 sequence at ${pos}`, insert(pos, Buffer.from([0xe5, 0x90]))));
  out.push(middleAs('UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(middleText, 'utf16le')])));
  out.push(middleAs('UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])));
  out.push(middleAs('CRLF line endings', middleText.replace(/\n/g, '\r\n')));
  out.push(middleAs('random binary', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256)))));
  out.push(middleAs('empty file', ''));
  out.push(middleAs('only whitespace', ' \n\t\r\n'));
  return out;
}

function deepMutations(): Mutation[] {
  const open = '['.repeat(DEEP);
  const close = ']'.repeat(DEEP);
  const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const doc = (field: string, value: string) => middleText.replace(/\n\}\n?$/, `,\n  ${JSON.stringify(field)}: ${value}\n}\n`);
  return [
    middleAs(`${DEEP} unclosed [`, open),
    middleAs(`${DEEP} balanced [] as the file`, `${open}${close}`),
    middleAs(`${DEEP} nested arrays as "message"`, middleText.replace('"many ops in one revision"', `${open}${close}`)),
    middleAs(`${DEEP} nested objects in a sql op`, middleText.replace('"SELECT 3"', objects(DEEP))),
    middleAs(`${DEEP} nested arrays as an extra property`, doc('extra', `${open}${close}`)),
    middleAs('257 levels (one past the limit)', middleText.replace('"SELECT 3"', objects(257))),
    middleAs('250 levels (deep but allowed by the parser)', middleText.replace('"SELECT 3"', objects(250))),
    {
      name: `${DEEP} nested arrays in a .ts revision`,
      files: { [MIDDLE_FILE.replace(/\.json$/, '.ts')]: `export default ${open}${close};\n` },
      remove: [MIDDLE_FILE],
    },
  ];
}

function hugeMutations(): Mutation[] {
  const m = structuredClone(middle) as { message: string; upgrade: Record<string, unknown>[] };
  const with_ = (f: (d: typeof m) => void): string => {
    const d = structuredClone(m);
    f(d);
    return asJson(d as unknown as Json);
  };
  return [
    middleAs('a 10 MB message', with_((d) => { d.message = HUGE; })),
    middleAs('a 10 MB column name', with_((d) => { (d.upgrade[0]!.column as Record<string, unknown>).name = HUGE; })),
    middleAs('a 10 MB unknown op', with_((d) => { d.upgrade[0]!.op = HUGE; })),
    middleAs('a 10 MB property name', with_((d) => { d.upgrade[0]![HUGE] = 1; })),
    middleAs('a 10 MB type', with_((d) => { (d.upgrade[0]!.column as Record<string, unknown>).type = HUGE; })),
    middleAs('a 10 MB id', with_((d) => { (d as unknown as Record<string, unknown>).id = HUGE; })),
    middleAs('a 10 MB parent', with_((d) => { (d as unknown as Record<string, unknown>).parent = HUGE; })),
    middleAs(`${ROWS.toLocaleString('en')} insert rows`, with_((d) => {
      d.upgrade.push({ op: 'insert', table: 'tags', rows: Array.from({ length: ROWS }, (_, i) => ({ id: 100 + i, label: `l${i}` })) });
    })),
    middleAs(`${OPS.toLocaleString('en')} ops`, with_((d) => {
      d.upgrade.push(...Array.from({ length: OPS }, (_, i) => ({ op: 'createTable', table: `t${i}`, columns: [{ name: 'id', type: 'integer' }] })));
    })),
    middleAs('1,600 columns added to one table (PostgreSQL\'s limit)', with_((d) => {
      d.upgrade.push(...Array.from({ length: 1_600 }, (_, i) => ({ op: 'addColumn', table: 'tags', column: { name: `c${i}`, type: 'integer' } })));
    })),
    middleAs('10,000 unknown properties', with_((d) => {
      for (let i = 0; i < 10_000; i++) d.upgrade[0]![`p${i}`] = i;
    })),
  ];
}

// ---------------------------------------------------------------------------

const Hostile = suite('hostile input');
const durations: string[] = [];
let testStarted = 0;
Hostile.before.each(() => { testStarted = performance.now(); });
Hostile.after.each(() => { durations.push(`${((performance.now() - testStarted) / 1000).toFixed(1)}s`); });

Hostile.before(async () => {
  template = copyProject(FIXTURE, 'sqlrev-fuzz-template-');
  const r = await runCli(['render'], { cwd: template });
  assert.is(r.code, 0, r.stderr);
});

Hostile.after(async () => {
  await Promise.all(workers.map((w) => w.close()));
  removeDir(template);
  console.log(`hostile: ${stats.cases} mutations, ${stats.runs} runs, exit codes ${JSON.stringify(stats.byCode)}; slowest ${stats.slowest.ms} ms (${stats.slowest.what}); per test ${durations.join(' ')}${SOAK ? ' [soak]' : ''}`);
});

Hostile('the unbroken project passes the judge (the checks are not vacuous)', async () => {
  assertNoFailures(await exerciseAll([middleAs('unchanged', middleText)]));
  // Every command worked (audit may exit 1 on findings; --check is 0: out/ was rendered from this very project).
  assert.ok((stats.byCode['0'] ?? 0) >= READ_ONLY.length, JSON.stringify(stats.byCode));
});

Hostile('truncated JSON at many cut points', async () => {
  const all = truncations();
  assertNoFailures(await exerciseAll(SOAK ? all : sample(all, 20, prng(SEED))));
});

Hostile('wrong types at every path (null, 0, "", [], {}, true, a 10 MB string)', async () => {
  const { small, huge, docs } = wrongTypeMutations();
  const rand = prng(SEED + 1);
  const ts = docs.map((d) => middleAsTs(d.name, d.doc));
  const picked = SOAK ? [...small, ...huge, ...ts] : [...sample(small, 26, rand), ...sample(huge, 2, rand), ...sample(ts, 4, rand)];
  assertNoFailures(await exerciseAll(picked));
});

Hostile('huge strings, arrays and objects', async () => {
  assertNoFailures(await exerciseAll(hugeMutations()));
});

Hostile(`deep nesting (${DEEP.toLocaleString('en')} levels)`, async () => {
  assertNoFailures(await exerciseAll(deepMutations()));
});

Hostile('unicode and NUL in every string, raw NUL and broken UTF-8 in the file', async () => {
  const rand = prng(SEED + 2);
  const all = unicodeMutations();
  assertNoFailures(await exerciseAll([...(SOAK ? all : sample(all, 24, rand)), ...byteMutations(rand)]));
});

Hostile('duplicate keys in every object', async () => {
  const all = duplicateKeyMutations();
  assertNoFailures(await exerciseAll(SOAK ? all : sample(all, 10, prng(SEED + 3))));
});

/** A config using every key, so each has a value to break. */
const CONFIG = {
  $schema: './node_modules/sqlrev/config.schema.json',
  revisions: 'revisions',
  out: 'out',
  dialects: ['postgresql', 'sqlite'],
  versionTable: 'alembic_version',
  tablePrefix: '',
  naming: { ix: 'ix_{table}_{columns}' },
  deployed: 'base',
  audit: { rules: { rename: 'off' }, failOn: 'error' },
  lockTimeout: '5s',
} as unknown as Json;

Hostile('a broken sqlrev.config.json: wrong types at every path, truncated, deep', async () => {
  const text = asJson(CONFIG);
  const all: Mutation[] = [{ name: 'config: unchanged', files: { 'sqlrev.config.json': text } }];
  for (const path of paths(CONFIG)) {
    for (const { label, value } of REPLACEMENTS) {
      if (JSON.stringify(getAt(CONFIG, path)) === JSON.stringify(value)) continue;
      all.push({ name: `config: ${formatPath(path)} = ${label}`, files: { 'sqlrev.config.json': asJson(setAt(CONFIG, path, value)) } });
    }
  }
  for (let cut = 0; cut < text.length; cut += SOAK ? 1 : 37) all.push({ name: `config: truncated at ${cut}`, files: { 'sqlrev.config.json': text.slice(0, cut) } });
  all.push({ name: `config: ${DEEP} nested arrays`, files: { 'sqlrev.config.json': `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` } });
  all.push({ name: 'config: duplicate key', files: { 'sqlrev.config.json': '{"out": "out", "out": "elsewhere"}' } });
  // "out" at a directory of the user's: render replaces out/ as a whole, so these must be refused, with nothing deleted.
  const outs = ['.', '..', 'revisions', '/', 'out/..', './', MIDDLE_FILE, 'revisions/..'];
  const outCases = outs.map((o) => ({ name: `config: "out": ${JSON.stringify(o)}`, files: { 'sqlrev.config.json': JSON.stringify({ out: o }) } }));
  assertNoFailures(await exerciseAll([...outCases, ...(SOAK ? all : sample(all, 16, prng(SEED + 4)))]));
});

Hostile.run();

// ---------------------------------------------------------------------------
// 10,000 revisions

const Big = suite('10,000 revisions');
Big.before.each(() => { testStarted = performance.now(); });
Big.after.each(() => { console.log(`  ${((performance.now() - testStarted) / 1000).toFixed(1)}s`); });

function chain(n: number, parentOf: (i: number) => string | null): Record<string, string> {
  const files: Record<string, string> = {};
  const id = (i: number) => `r${String(i).padStart(5, '0')}`;
  for (let i = 0; i < n; i++) {
    files[`revisions/${id(i)}_t.json`] = JSON.stringify({
      id: id(i), parent: parentOf(i), message: `table ${i}`,
      upgrade: [{ op: 'createTable', table: `t${i}`, columns: [{ name: 'id', type: 'integer', primaryKey: true }] }],
    });
  }
  return files;
}

const N = 10_000;
const rid = (i: number) => `r${String(i).padStart(5, '0')}`;

/** A few commands, for the cases after the first (each command reads 10,000 files). */
const SOME = (): Command[] => (SOAK ? [...READ_ONLY, RENDER] : [READ_ONLY[1]!, READ_ONLY[3]!, RENDER]);

async function bigCase(name: string, files: Record<string, string>, expectLines: RegExp[], commands = [...READ_ONLY, RENDER]): Promise<void> {
  const dir = makeProject(files, 'sqlrev-fuzz-big-');
  const worker = workers[0]!;
  const failures: string[] = [];
  for (const cmd of commands) {
    const r = await worker.run(cmd.argv, { cwd: dir, timeoutMs: RUN_TIMEOUT_MS });
    const why = judge(cmd, r);
    if (why) failures.push(`${name} | sqlrev ${cmd.argv.join(' ')} | ${why}`);
    else {
      const lines = r.stderr.split('\n').slice(0, -1);
      if (r.code !== 2 || lines.length !== expectLines.length || !lines.every((l, i) => expectLines[i]!.test(l))) {
        failures.push(`${name} | sqlrev ${cmd.argv.join(' ')} | exit ${r.code}, stderr: ${r.stderr.slice(0, 300)}`);
      }
    }
  }
  assert.is(snapshotTree(join(dir, 'out')).size, 0, 'no out/ was written');
  removeDir(dir);
  assertNoFailures(failures);
}

Big('a cycle at the end: every command says so in one line', () => bigCase(
  'two-revision cycle at the end',
  chain(N, (i) => (i === 0 ? null : i === N - 2 ? rid(N - 1) : rid(i - 1))),
  [new RegExp(`^revisions/${rid(N - 2)}_t\\.json:1:\\d+: parent: the parents form a cycle: ${rid(N - 2)} -> ${rid(N - 1)} -> ${rid(N - 2)}; `)],
));

Big('the whole chain is one cycle: one short line', () => bigCase(
  '10,000-revision ring',
  chain(N, (i) => (i === 0 ? rid(N - 1) : rid(i - 1))),
  [new RegExp(`^revisions/${rid(0)}_t\\.json:1:\\d+: parent: the parents form a cycle: ${rid(0)} -> ${rid(N - 1)} -> .{0,200}; a revision cannot be its own ancestor`)],
  SOME(),
));

Big('a broken revision at the end of 10,000', () => bigCase(
  'unknown op at the end',
  { ...chain(N, (i) => (i === 0 ? null : rid(i - 1))), [`revisions/${rid(N - 1)}_t.json`]: JSON.stringify({ id: rid(N - 1), parent: rid(N - 2), message: 'x', upgrade: [{ op: 'createTabel' }] }) },
  [new RegExp(`^revisions/${rid(N - 1)}_t\\.json:1:\\d+: upgrade\\[0\\]\\.op: unknown op "createTabel"; did you mean "createTable"\\?$`)],
  SOME(),
));

if (SOAK) {
  Big('10,000 valid revisions: every command works', async () => {
    const dir = makeProject(chain(N, (i) => (i === 0 ? null : rid(i - 1))), 'sqlrev-fuzz-big-');
    const failures: string[] = [];
    for (const cmd of [...READ_ONLY, RENDER]) {
      const r = await workers[0]!.run(cmd.argv, { cwd: dir, timeoutMs: 120_000 });
      const why = judge(cmd, r);
      if (why) failures.push(`10,000 valid | sqlrev ${cmd.argv.join(' ')} | ${why}`);
    }
    removeDir(dir);
    assertNoFailures(failures);
  });
}

Big.after(async () => {
  await Promise.all(workers.map((w) => w.close()));
});

Big.run();
