/**
 * Bad input, one case per kind of error (issue 2, last test bullet): each
 * case copies a valid project (test/fixtures/cli/minimal), renders it, breaks
 * one thing, runs a command and checks the whole of stderr (one line per
 * problem: file:line:col, JSON path, what is wrong, what to do), exit code 2,
 * nothing on stdout, no stack trace, and out/ byte-identical to before.
 */
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { copyProject, ROOT, runCli, runCliProcess, snapshotTree, stackLines, tempDir, treeDiff } from '../helpers/cli.js';

const FIXTURE = join(ROOT, 'test/fixtures/cli/minimal');
const USERS = 'revisions/0a1b_create_users.json';
const NAME = 'revisions/0a2c_add_name.json';
const INDEX = 'revisions/1f00_index_email.json';

/** The fixture, rendered once: each case starts from a copy of it. */
let rendered: string;

type Break = (dir: string) => void;

function edit(file: string, change: (text: string) => string): Break {
  return (dir) => {
    const p = join(dir, file);
    const before = readFileSync(p, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    writeFileSync(p, after);
  };
}

function replace(file: string, from: string, to: string): Break {
  return edit(file, (t) => {
    if (!t.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    return t.replace(from, to);
  });
}

function write(file: string, text: string): Break {
  return (dir) => writeFileSync(join(dir, file), text);
}

function all(...breaks: Break[]): Break {
  return (dir) => breaks.forEach((b) => b(dir));
}

/** A second child of 0a2c: the graph then has two heads. */
const BRANCH = write('revisions/2b00_add_age.json', JSON.stringify({
  id: '2b00', parent: '0a2c', message: 'add age',
  upgrade: [{ op: 'addColumn', table: 'users', column: { name: 'age', type: 'integer' } }],
}, null, 2));

async function expectFailure(breakIt: Break, argv: string[], expected: string[]): Promise<void> {
  // One level down in a private directory: a config saying "out": ".." can only touch that.
  const box = tempDir('sqlrev-bad-input-');
  const dir = join(box, 'project');
  cpSync(rendered, dir, { recursive: true });
  breakIt(dir);
  const out = join(dir, 'out');
  const before = snapshotTree(out);
  const projectBefore = snapshotTree(dir);
  const r = await runCli(argv, { cwd: dir });
  assert.is(r.stderr, expected.map((l) => `${l}\n`).join(''), `stderr of sqlrev ${argv.join(' ')}`);
  assert.is(r.code, 2, 'exit code');
  assert.is(r.stdout, '', 'nothing on stdout');
  assert.equal(stackLines(r.stderr), [], 'no stack trace');
  assert.not.match(r.stderr, /internal error/);
  assert.equal(treeDiff(before, snapshotTree(out)), [], 'out/ is untouched');
  // Nothing else changed either: revisions, config, no temporary siblings of out/.
  assert.equal(treeDiff(projectBefore, snapshotTree(dir)), [], 'the project is untouched');
  assert.equal(readdirSync(box), ['project'], 'nothing beside the project');
  rmSync(box, { recursive: true, force: true });
}

test.before(async () => {
  rendered = copyProject(FIXTURE, 'sqlrev-bad-input-base-');
  const r = await runCli(['render'], { cwd: rendered });
  assert.is(r.code, 0, r.stderr);
  assert.ok(snapshotTree(join(rendered, 'out')).size > 5);
});

// --- JSON syntax -----------------------------------------------------------

test('truncated JSON', () => expectFailure(
  edit(NAME, (t) => t.slice(0, t.indexOf('"upgrade"') + 14)),
  ['render'],
  [`${NAME}:6:2: unexpected end of file; the file is cut short: a value is missing`],
));

test('trailing comma', () => expectFailure(
  replace(NAME, '"type": "text" }', '"type": "text", }'),
  ['render'],
  [`${NAME}:6:86: trailing comma; JSON allows no "," before "}"; remove it`],
));

test('duplicate key', () => expectFailure(
  replace(NAME, '"message": "add name",', '"message": "add name", "message": "add the name",'),
  ['render'],
  [`${NAME}:4:26: duplicate key "message"; it is already set at line 4:3; keep one of them`],
));

test('NUL byte', () => expectFailure(
  replace(NAME, '"add name"', '"add\u0000name"'),
  ['render'],
  [`${NAME}:4:18: NUL byte in the file; the file is binary or not UTF-8 (UTF-16 has NUL bytes); save it as UTF-8 text`],
));

// --- schema ----------------------------------------------------------------

test('wrong type at a path', () => expectFailure(
  replace(NAME, '"type": "text"', '"type": 5'),
  ['render'],
  [`${NAME}:6:80: upgrade[0].column.type: must be a string or an object, not an integer; a portable type (integer, varchar(50), numeric(10,2), timestamptz, enum:<Name>, ...) or an object of dialect to native type`],
));

test('unknown op, with "did you mean"', () => expectFailure(
  replace(NAME, '"addColumn"', '"addColum"'),
  ['render'],
  [`${NAME}:6:13: upgrade[0].op: unknown op "addColum"; did you mean "addColumn"?`],
));

test('unknown property', () => expectFailure(
  replace(NAME, '"table": "users",', '"table": "users", "after": "email",'),
  ['render'],
  [`${NAME}:6:44: upgrade[0].after: unknown property "after"; allowed here: op, table, column, only, audit`],
));

test('a misspelt property is reported once, as unknown with the right name', () => expectFailure(
  replace(NAME, '"table": "users"', '"tabel": "users"'),
  ['render'],
  [`${NAME}:6:26: upgrade[0].tabel: unknown property "tabel"; did you mean "table"?`],
));

test('missing required field', () => expectFailure(
  replace(NAME, '"table": "users", ', ''),
  ['render'],
  [`${NAME}:6:5: upgrade[0]: missing required property "table"; an addColumn op needs "table", "column"`],
));

test('bad id', () => expectFailure(
  all(replace(NAME, '"id": "0a2c"', '"id": "0a-2c"'), replace(INDEX, '"parent": "0a2c"', '"parent": "0a1b"')),
  ['render'],
  [`${NAME}:2:9: id: must be 1 to 32 letters, digits or underscores; sqlrev new makes a 12-hex-digit id`],
));

test('file name and id disagree', () => expectFailure(
  all(replace(NAME, '"id": "0a2c"', '"id": "0a2d"'), replace(INDEX, '"parent": "0a2c"', '"parent": "0a2d"')),
  ['render'],
  [`${NAME}:2:9: id: the file name says 0a2c but id is 0a2d; rename the file or fix the id`],
));

test('a reserved id', () => expectFailure(
  all(write('revisions/head_x.json', '{"id": "head", "parent": "1f00", "message": "m", "upgrade": []}')),
  ['render'],
  ['revisions/head_x.json:1:8: id: id "head" is reserved; base, head and heads name targets on the command line; pick another id'],
));

// --- graph -----------------------------------------------------------------

test('duplicate ids', () => expectFailure(
  (dir) => writeFileSync(join(dir, 'revisions/1f00_again.json'), readFileSync(join(dir, INDEX))),
  ['render'],
  ['revisions/1f00_index_email.json:2:9: id: duplicate id "1f00": revisions/1f00_again.json has it too; ids must be unique; give one of them a new id (sqlrev new makes one) and rename its file'],
));

test('unknown parent, with "did you mean"', () => expectFailure(
  replace(INDEX, '"parent": "0a2c"', '"parent": "0a2e"'),
  ['render'],
  [`${INDEX}:3:13: parent: parent "0a2e" is not a revision in revisions/; did you mean "0a2c"?`],
));

test('cycle', () => expectFailure(
  replace(USERS, '"parent": null', '"parent": "1f00"'),
  ['render'],
  [`${USERS}:3:13: parent: the parents form a cycle: 0a1b -> 1f00 -> 0a2c -> 0a1b; a revision cannot be its own ancestor; fix the parent of one of them`],
));

// --- TypeScript revisions --------------------------------------------------

test('a TS revision that throws while loading', () => expectFailure(
  write('revisions/2c00_throws.ts', [
    "import { defineRevision } from 'sqlrev';",
    '',
    "const columns = (): never => { throw new RangeError('no columns today'); };",
    '',
    "export default defineRevision({ id: '2c00', parent: '1f00', message: 'throws', upgrade: columns() });",
    '',
  ].join('\n')),
  ['render'],
  ['revisions/2c00_throws.ts:3:1: the revision threw while loading: RangeError: no columns today; a .ts revision runs when sqlrev loads it; it should only build and export its definition'],
));

test('a TS revision without a default export', () => expectFailure(
  write('revisions/2c00_no_default.ts', [
    "import { defineRevision } from 'sqlrev';",
    '',
    "export const revision = defineRevision({ id: '2c00', parent: '1f00', message: 'forgot default', upgrade: [] });",
    '',
  ].join('\n')),
  ['render'],
  ["revisions/2c00_no_default.ts: the file has no default export; write export default defineRevision({ id, parent, message, upgrade: [...] }) with defineRevision from 'sqlrev'"],
));

test('a TS revision with a syntax error', () => expectFailure(
  write('revisions/2c00_syntax.ts', [
    "import { defineRevision } from 'sqlrev';",
    "export default defineRevision({ id: '2c00', parent: '1f00', message: 'broken' upgrade: [] });",
    '',
  ].join('\n')),
  ['render'],
  ['revisions/2c00_syntax.ts:2:79: cannot load this TypeScript revision: Unexpected token, expected "," (2:79); fix the code so the file runs on its own'],
));

// --- the model -------------------------------------------------------------

test('unknown table in an op', () => expectFailure(
  replace(NAME, '"table": "users"', '"table": "user"'),
  ['render'],
  [`${NAME}:6:35: upgrade[0].table: table "user" does not exist at this point; create it in an earlier op or revision, or fix the name`],
));

test('unknown column in an op', () => expectFailure(
  replace(INDEX, '"columns": ["email"]', '"columns": ["mail"]'),
  ['render'],
  [`${INDEX}:6:58: upgrade[0].columns[0]: column "mail" does not exist in table "users"; its columns are: id, email, name`],
));

test('an op that cannot be derived backwards fails the downgrade, not the upgrade', () => expectFailure(
  write('revisions/2c00_raw.json', JSON.stringify({ id: '2c00', parent: '1f00', message: 'raw', upgrade: [{ op: 'sql', sql: 'SELECT 1' }] }, null, 2)),
  ['downgrade', 'head:base', '--sql', '-d', 'sqlite'],
  ['revisions/2c00_raw.json:6:5: upgrade[0]: cannot derive the SQLite downgrade of 2c00: a "sql" op has no "downgrade"; add "downgrade" to the op (the SQL that undoes it), or give the revision an explicit "downgrade" list'],
));

// --- targets and the command line ------------------------------------------

test('unknown target', () => expectFailure(
  () => {},
  ['upgrade', 'nope', '--sql', '-d', 'postgresql'],
  ['sqlrev: unknown revision "nope"; run sqlrev history to list the revisions'],
));

test('unknown target close to a real one', () => expectFailure(
  () => {},
  ['upgrade', '1f01', '--sql', '-d', 'postgresql'],
  ['sqlrev: unknown revision "1f01"; did you mean "1f00"? (sqlrev history lists the revisions)'],
));

test('ambiguous prefix', () => expectFailure(
  () => {},
  ['upgrade', '0a', '--sql', '-d', 'postgresql'],
  ['sqlrev: revision prefix "0a" is ambiguous: 0a1b, 0a2c; type more of the id'],
));

test('"head" with several heads', () => expectFailure(
  BRANCH,
  ['upgrade', 'head', '--sql', '-d', 'postgresql'],
  ['sqlrev: multiple heads 1f00, 2b00; name one or use heads'],
));

test('missing --sql', () => expectFailure(
  () => {},
  ['upgrade', 'head', '-d', 'postgresql'],
  ['sqlrev: upgrade only prints SQL (offline mode): add --sql; sqlrev never connects to a database; pipe the output to psql / sqlite3 yourself'],
));

test('downgrade without FROM', () => expectFailure(
  () => {},
  ['downgrade', 'base', '--sql', '-d', 'postgresql'],
  ['sqlrev: downgrade needs FROM:TO, not "base"; the SQL cannot know which revision the database is at; e.g. sqlrev downgrade head:-1'],
));

test('unknown dialect', () => expectFailure(
  () => {},
  ['render', '--dialect', 'oracle'],
  ['sqlrev: unknown dialect "oracle"; choose from postgresql, sqlite'],
));

test('a dialect the config does not list', () => expectFailure(
  write('sqlrev.config.json', '{ "dialects": ["postgresql"] }\n'),
  ['upgrade', 'head', '--sql', '-d', 'sqlite'],
  ['sqlrev: dialect "sqlite" is not configured; add it to "dialects" in sqlrev.config.json (now: postgresql)'],
));

test('several dialects and no --dialect for a one-script command', () => expectFailure(
  () => {},
  ['upgrade', 'head', '--sql'],
  ['sqlrev: several dialects are configured (postgresql, sqlite); pick one with --dialect'],
));

test('two dialects for a one-script command', () => expectFailure(
  () => {},
  ['upgrade', 'head', '--sql', '-d', 'postgresql', '-d', 'sqlite'],
  ['sqlrev: this command prints one script, for one dialect (got --dialect postgresql, sqlite); give --dialect once'],
));

test('an argument where none is taken, and a missing one', async () => {
  await expectFailure(() => {}, ['render', 'now'], ['sqlrev: render takes no arguments (got "now"); see sqlrev render --help']);
  await expectFailure(() => {}, ['show'], ['sqlrev: show takes one revision; e.g. sqlrev show head']);
  await expectFailure(() => {}, ['upgrade', '--sql', '-d', 'sqlite'], ['sqlrev: upgrade takes one target ([FROM:]TO); see sqlrev upgrade --help']);
});

test('a model error in a TS revision points at its line', () => expectFailure(
  write('revisions/2c00_ts_model.ts', [
    "import { defineRevision } from 'sqlrev';",
    '',
    'export default defineRevision({',
    "  id: '2c00',",
    "  parent: '1f00',",
    "  message: 'adds a column to a table that is not there',",
    '  upgrade: [',
    "    { op: 'addColumn', table: 'nobody', column: { name: 'x', type: 'integer' } },",
    '  ],',
    '});',
    '',
  ].join('\n')),
  ['render'],
  ['revisions/2c00_ts_model.ts:8:7: upgrade[0].table: table "nobody" does not exist at this point; create it in an earlier op or revision, or fix the name'],
));

test('unknown option', () => expectFailure(
  () => {},
  ['render', '--frobnicate'],
  ['sqlrev: unknown option --frobnicate; see sqlrev render --help'],
));

test('unknown command', () => expectFailure(
  () => {},
  ['rendre'],
  [`sqlrev: unknown command "rendre"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`],
));

// --- config ----------------------------------------------------------------

test('config: unknown key', () => expectFailure(
  write('sqlrev.config.json', '{\n  "dialect": ["postgresql"]\n}\n'),
  ['render'],
  ['sqlrev.config.json:2:3: dialect: unknown key "dialect"; known keys: revisions, out, templates, dialects, versionTable, tablePrefix, naming, deployed, audit, lockTimeout'],
));

test('config: bad dialect', () => expectFailure(
  write('sqlrev.config.json', '{\n  "dialects": ["postgres"]\n}\n'),
  ['render'],
  ['sqlrev.config.json:2:3: dialects: unknown dialect "postgres"; choose from postgresql, sqlite'],
));

test('config: not JSON', () => expectFailure(
  write('sqlrev.config.json', '{\n  "dialects": ["postgresql"],\n}\n'),
  ['render'],
  ['sqlrev.config.json:2:29: trailing comma; JSON allows no "," before "}"; remove it'],
));

test('config: "out" at the revisions directory is refused, and nothing is deleted', () => expectFailure(
  write('sqlrev.config.json', '{\n  "out": "revisions"\n}\n'),
  ['render'],
  ['sqlrev.config.json: out: "revisions" holds "0a1b_create_users.json", "0a2c_add_name.json", "1f00_index_email.json", which sqlrev did not write; render replaces that whole directory, so it refuses; point "out" at a directory of its own (the default is "out"), or move those files away'],
));

test('config: "out" at the project itself is refused', () => expectFailure(
  write('sqlrev.config.json', '{ "out": "." }\n'),
  ['render'],
  ['sqlrev.config.json: out: "." holds "README.md", "out", "revisions" and 1 more, which sqlrev did not write; render replaces that whole directory, so it refuses; point "out" at a directory of its own (the default is "out"), or move those files away'],
));

test('a file of the user\'s in out/ stops render from replacing it', () => expectFailure(
  write('out/NOTES.md', 'my notes\n'),
  ['render'],
  ['sqlrev: "out" holds "NOTES.md", which sqlrev did not write; render replaces that whole directory, so it refuses; point "out" at a directory of its own (the default is "out"), or move those files away'],
));

// --- everything at once ----------------------------------------------------

test('several problems in one run: all reported, one line each, in file order', () => expectFailure(
  all(
    replace(NAME, '"message": "add name",', '"message": "add name", "message": "again",'),
    replace(INDEX, '"unique": true', '"unique": "yes"'),
    write('revisions/2c00_x.json', '{"id": "2c00", "parent": "1f00", "message": "x", "upgrade": [{"op": "dropTabel", "table": "users"}]}'),
    write('revisions/2d00_y.json', '{"id": "2d00", "parent": "2c01", "message": "y", "upgrade": []}'),
  ),
  ['render'],
  [
    `${NAME}:4:26: duplicate key "message"; it is already set at line 4:3; keep one of them`,
    `${INDEX}:6:78: upgrade[0].unique: must be true or false, not a string; a unique index`,
    'revisions/2c00_x.json:1:69: upgrade[0].op: unknown op "dropTabel"; did you mean "dropTable"?',
    'revisions/2d00_y.json:1:26: parent: parent "2c01" is not a revision in revisions/; check the id (sqlrev history lists them), or restore the file of that revision',
  ],
));

test('several model problems in one run: each revision\'s own problem is reported', () => expectFailure(
  all(
    replace(NAME, '"table": "users"', '"table": "user"'),
    replace(INDEX, '"columns": ["email"]', '"columns": ["mail"]'),
  ),
  ['upgrade', 'head', '--sql', '-d', 'sqlite'],
  [
    `${NAME}:6:35: upgrade[0].table: table "user" does not exist at this point; create it in an earlier op or revision, or fix the name`,
    `${INDEX}:6:58: upgrade[0].columns[0]: column "mail" does not exist in table "users"; its columns are: id, email`,
  ],
));

// --- through a real process ------------------------------------------------

test('a real process: exit code 2, one line, no stack (bin/sqlrev.js or the build\'s main.js)', async () => {
  const dir = copyProject(rendered, 'sqlrev-bad-input-proc-');
  const before = snapshotTree(join(dir, 'out'));
  replace(NAME, '"addColumn"', '"addColum"')(dir);
  const r = await runCliProcess(['render'], { cwd: dir, timeoutMs: 30_000 });
  assert.is(r.code, 2);
  assert.is(r.stderr, `${NAME}:6:13: upgrade[0].op: unknown op "addColum"; did you mean "addColumn"?\n`);
  assert.is(r.stdout, '');
  assert.equal(treeDiff(before, snapshotTree(join(dir, 'out'))), []);
  replace(NAME, '"addColum"', '"addColumn"')(dir);
  const usage = await runCliProcess(['upgrade', 'head', '--sql', '-d', 'mysql'], { cwd: dir, timeoutMs: 30_000 });
  assert.is(usage.code, 2);
  assert.is(usage.stderr, 'sqlrev: unknown dialect "mysql"; choose from postgresql, sqlite\n');
  rmSync(dir, { recursive: true, force: true });
});

test('a missing revisions directory', () => expectFailure(
  (dir) => rmSync(join(dir, 'revisions'), { recursive: true }),
  ['history'],
  ['revisions: the revisions directory does not exist; run sqlrev init, or set "revisions" in sqlrev.config.json'],
));

test('an appended second JSON value', () => expectFailure(
  (dir) => appendFileSync(join(dir, NAME), '{}\n'),
  ['render'],
  [`${NAME}:9:1: unexpected "{" after the end of the JSON value; a revision file holds exactly one JSON object; remove what follows it`],
));

test.run();
