import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic, SqlrevError } from '../../src/errors.js';
import type { AddForeignKeyOp, CreateTableOp, Op, RenameTableOp } from '../../src/ops/types.js';
import { loadRevisionGraph, loadRevisions } from '../../src/revisions/load.js';
import { fixture, root } from './support.js';

test('a valid directory loads, normalised, in file name order; other files are ignored', async () => {
  const { revisions, diagnostics, brokenIds } = await loadRevisions(fixture('valid'), { cwd: root });
  assert.equal(diagnostics, []);
  assert.equal(brokenIds, []);
  assert.equal(revisions.map((r) => r.id), ['0001', '0002', '0003']);
  const [first, second, third] = revisions as [typeof revisions[0], typeof revisions[0], typeof revisions[0]];
  assert.equal(first.parents, []);
  assert.equal(second.parents, ['0001']);
  assert.equal(third.parents, ['0002'], 'a one-element parent array is one parent');
  assert.is(first.file, 'test/fixtures/revisions/valid/0001_create_users.json');
  assert.is(first.stem, '0001_create_users');
  assert.is(first.slug, 'create_users');
  assert.is(first.format, 'json');
  assert.is(first.message, 'create users');
  assert.is(first.transactional, true, 'transactional defaults to true');
  assert.is(second.transactional, false);
  assert.is(first.downgrade, undefined, 'no downgrade given: derive it');
  assert.equal(second.downgrade, [{ op: 'dropTable', table: 'task' }]);
  assert.is(third.upgrade.length, 8);
  assert.ok(first.text.startsWith('{\n  "$schema"'));
  const pos = second.source.locate(['upgrade', 1, 'only', 0]);
  assert.equal([pos.line, pos.column], [19, 132]);
});

test('every problem of every file in one run, each one line with file, position, path and hint', async () => {
  const { revisions, diagnostics } = await loadRevisions(fixture('errors'), { cwd: root });
  assert.equal(revisions, []);
  const dir = 'test/fixtures/revisions/errors';
  assert.equal(diagnostics.map(formatDiagnostic), [
    `${dir}/a1_trailing_comma.json:6:40: trailing comma; JSON allows no "," before "]"; remove it`,
    `${dir}/a2_duplicate_key.json:8:7: duplicate key "table"; it is already set at line 7:7; keep one of them`,
    `${dir}/a3_truncated.json:6:40: unexpected end of file; the array opened at line 5:14 is never closed (the file may be cut short)`,
    `${dir}/a4_nul.json:4:19: NUL byte in the file; the file is binary or not UTF-8 (UTF-16 has NUL bytes); save it as UTF-8 text`,
    `${dir}/a5_deep_nesting.json:5:269: nesting deeper than 256 levels; a revision never needs this; the file is probably generated wrong or corrupt`,
    `${dir}/a6_bad_value.json:14:38: upgrade[3].columns[1].type: must be a string or an object, not an integer; a portable type (integer, varchar(50), numeric(10,2), timestamptz, enum:<Name>, ...) or an object of dialect to native type`,
    `${dir}/a7_unknown_property.json:6:26: upgrade[0].tabel: unknown property "tabel"; did you mean "table"?`,
    `${dir}/a8_unknown_op.json:6:13: upgrade[0].op: unknown op "dropTabel"; did you mean "dropTable"?`,
    `${dir}/a9_id_mismatch.json:2:9: id: the file name says a9 but id is zz; rename the file or fix the id`,
    `${dir}/b1.json:2:9: id: the file name has no slug after the id; rename the file to b1_<what_it_does>.json`,
    `${dir}/b2_many_problems.json:4:14: message: must be a string, not an integer; what this revision does (shown by sqlrev history)`,
    `${dir}/b2_many_problems.json:6:5: upgrade[0]: missing required property "table"; a dropTable op needs "table"`,
    `${dir}/b2_many_problems.json:7:37: upgrade[1].table: must be a string, not an integer; the current table name`,
    `${dir}/b2_many_problems.json:7:46: upgrade[1].to: must be a string, not an integer; the new table name`,
    `${dir}/b2_many_problems.json:8:53: upgrade[2].expression: must not be empty; the SQL boolean expression, e.g. "price >= 0"`,
    `${dir}/b2_many_problems.json: and 2 more problems in this file; fix the ones above and run again`,
  ]);
});

test('loadRevisionGraph throws one SqlrevError with every problem of files and graph', async () => {
  try {
    await loadRevisionGraph(fixture('graph-errors'), { cwd: root });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, SqlrevError);
    const lines = (e as SqlrevError).message.split('\n');
    assert.is(lines.length, 7);
    assert.ok(lines[0]!.includes('unknown op "nope"'), lines[0]);
    assert.ok(lines.some((l) => l.includes('duplicate id "g2"')));
  }
  const graph = await loadRevisionGraph(fixture('valid'), { cwd: root });
  assert.equal(graph.heads, ['0003']);
});

test('tablePrefix is prepended to every table name the ops mention, and nothing else', async () => {
  const { revisions } = await loadRevisions(fixture('valid'), { cwd: root, tablePrefix: 'app_' });
  const ops = revisions.flatMap((r) => [...r.upgrade, ...(r.downgrade ?? [])]);
  const createTask = ops[1] as CreateTableOp;
  assert.is((ops[0] as CreateTableOp).table, 'app_users');
  assert.is(createTask.table, 'app_task');
  assert.is(createTask.columns[1]!.references!.table, 'app_users');
  assert.is(createTask.columns[1]!.name, 'owner_id', 'column names are not prefixed');
  assert.is(createTask.foreignKeys![0]!.references.table, 'app_users');
  assert.is(createTask.uniques![0]!.name, 'uq_task_title', 'explicit constraint names are used exactly as given');
  const byOp = (kind: Op['op']): Op[] => ops.filter((o) => o.op === kind);
  assert.equal(byOp('createIndex').map((o) => (o as { table: string }).table), ['app_task']);
  assert.equal(byOp('dropTable').map((o) => (o as { table: string }).table), ['app_task']);
  assert.equal(byOp('insert').map((o) => (o as { table: string }).table), ['app_task']);
  assert.equal(byOp('alterColumn').map((o) => (o as { table: string }).table), ['app_task']);
  const rename = byOp('renameTable')[0] as RenameTableOp;
  assert.equal([rename.table, rename.to], ['app_task', 'app_tasks']);
  const fk = byOp('addForeignKey')[0] as AddForeignKeyOp;
  assert.equal([fk.table, fk.references.table], ['app_tasks', 'app_users']);
  assert.equal(byOp('dropIndex'), [{ op: 'dropIndex', name: 'ix_task_title', table: 'app_tasks' }]);
  assert.equal(byOp('createEnum'), [{ op: 'createEnum', name: 'Status', values: ['open', 'done'] }]);
  assert.equal(byOp('sql')[0], { op: 'sql', sql: { postgresql: 'SELECT 1', sqlite: 'SELECT 2' }, downgrade: null, audit: { allow: ['data-migration'], reason: 'seed row' } });
  // Loading without a prefix is untouched by the prefixed load.
  const plain = await loadRevisions(fixture('valid'), { cwd: root });
  assert.is((plain.revisions[0]!.upgrade[0] as CreateTableOp).table, 'users');
});

test('a missing revisions directory is one clear diagnostic', async () => {
  const { diagnostics } = await loadRevisions('no/such/dir', { cwd: root });
  assert.equal(diagnostics.map(formatDiagnostic), [
    'no/such/dir: the revisions directory does not exist; run sqlrev init, or set "revisions" in sqlrev.config.json',
  ]);
});

test('an empty directory has no revisions and no problems', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-empty-'));
  try {
    assert.equal(await loadRevisions(dir, { cwd: dir }), { revisions: [], diagnostics: [], brokenIds: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes one revision file into a fresh directory and returns the formatted diagnostics of loading it. */
async function problemsOf(name: string, text: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-one-'));
  try {
    mkdirSync(join(dir, 'revisions'));
    writeFileSync(join(dir, 'revisions', name), text);
    const { diagnostics } = await loadRevisions('revisions', { cwd: dir });
    return diagnostics.map(formatDiagnostic);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function doc(upgrade: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: 'r1', parent: null, message: 'm', upgrade, ...extra }, null, 2);
}

test('schema problems in plain words', async () => {
  const cases: [string, string][] = [
    [doc([{ table: 't' }]),
      'revisions/r1_x.json:6:5: upgrade[0]: missing "op"; each op names its kind, e.g. "op": "createTable"; ops are createTable, dropTable, renameTable, addColumn, dropColumn, renameColumn, alterColumn, createIndex, dropIndex, addForeignKey, addUnique, addCheck, addPrimaryKey, dropConstraint, createSequence, dropSequence, createEnum, dropEnum, insert, sql'],
    [doc([{ op: 5 }]),
      'revisions/r1_x.json:7:13: upgrade[0].op: "op" must be a string, not an integer; ops are createTable, dropTable, renameTable, addColumn, dropColumn, renameColumn, alterColumn, createIndex, dropIndex, addForeignKey, addUnique, addCheck, addPrimaryKey, dropConstraint, createSequence, dropSequence, createEnum, dropEnum, insert, sql'],
    [doc([{ op: 'deleteRows', table: 't', keys: [] }]),
      'revisions/r1_x.json:7:13: upgrade[0].op: unknown op "deleteRows"; ops are createTable, dropTable, renameTable, addColumn, dropColumn, renameColumn, alterColumn, createIndex, dropIndex, addForeignKey, addUnique, addCheck, addPrimaryKey, dropConstraint, createSequence, dropSequence, createEnum, dropEnum, insert, sql'],
    [doc([{ op: 'addColumn', table: 't', column: { name: 'c', type: { postgres: 'int' } } }]),
      'revisions/r1_x.json:12:11: upgrade[0].column.type.postgres: unknown dialect "postgres"; did you mean "postgresql"?'],
    [doc([{ op: 'addForeignKey', table: 't', columns: ['a'], references: { table: 'u', columns: ['id'] }, onDelete: 'cascad' }]),
      'revisions/r1_x.json:18:19: upgrade[0].onDelete: must be one of "cascade", "restrict", "set null", "set default", "no action"; did you mean "cascade"?'],
    [doc([{ op: 'dropTable', table: 't', only: ['pg'] }]),
      'revisions/r1_x.json:10:9: upgrade[0].only[0]: must be one of "postgresql", "sqlite", "mysql"'],
    [doc([{ op: 'alterColumn', table: 't', column: 'c' }]),
      'revisions/r1_x.json:6:5: upgrade[0]: alterColumn changes nothing; give at least one of "type", "nullable", "default", "comment"'],
    [doc([{ op: 'alterColumn', table: 't', column: 'c', using: 'x', nullable: false }]),
      'revisions/r1_x.json:10:7: upgrade[0].using: "using" is given without "type"; add "type" or remove "using"'],
    [doc([{ op: 'createIndex', table: 't', columns: [{ expr: 'lower(x)' }] }]),
      'revisions/r1_x.json:11:11: upgrade[0].columns[0].expr: unknown property "expr"; did you mean "expression"?'],
    [doc([{ op: 'createTable', table: 't', columns: [{ name: 'a', type: 'int', default: { sql: 1 } }] }]),
      'revisions/r1_x.json:14:20: upgrade[0].columns[0].default.sql: must be a string, not an integer; a SQL expression, rendered verbatim'],
    [doc([{ op: 'insert', table: 't', rows: [{ a: [1] }] }]),
      'revisions/r1_x.json:11:16: upgrade[0].rows[0].a: must be a string, a number, a boolean or null, not an array; a literal value, quoted on render'],
    [doc([], { messages: 'typo' }),
      'revisions/r1_x.json:6:3: messages: unknown property "messages"; did you mean "message"?'],
    [doc([], { zzz: 1 }),
      'revisions/r1_x.json:6:3: zzz: unknown property "zzz"; allowed here: $schema, id, parent, message, transactional, upgrade, downgrade'],
    [JSON.stringify({ id: 'r1', message: 'm', upgrade: [] }),
      'revisions/r1_x.json:1:1: missing required property "parent"; required here: "id", "parent", "message", "upgrade"'],
    [JSON.stringify({ id: 'r1', parent: 'a-b', message: 'm', upgrade: [] }),
      'revisions/r1_x.json:1:21: parent: must be 1 to 32 letters, digits or underscores'],
    [JSON.stringify({ id: 'r1', parent: [], message: 'm', upgrade: [] }),
      'revisions/r1_x.json:1:21: parent: must not be empty; null for a root revision, the id of the parent, or an array of ids for a merge revision'],
    [JSON.stringify({ id: 'r1', parent: 7, message: 'm', upgrade: [] }),
      'revisions/r1_x.json:1:21: parent: must be null, a string or an array, not an integer; null for a root revision, the id of the parent, or an array of ids for a merge revision'],
    ['[]', 'revisions/r1_x.json:1:1: must be an object, not an array; a revision is one JSON object: {"id": ..., "parent": ..., "message": ..., "upgrade": [...]}'],
    ['null', 'revisions/r1_x.json:1:1: must be an object, not null; a revision is one JSON object: {"id": ..., "parent": ..., "message": ..., "upgrade": [...]}'],
  ];
  for (const [text, expected] of cases) assert.equal(await problemsOf('r1_x.json', text), [expected], text);
});

test('an unknown property that is a typo of a missing one is reported once', async () => {
  assert.equal(await problemsOf('r1_x.json', doc([{ op: 'dropTable', tabel: 't' }])), [
    'revisions/r1_x.json:8:7: upgrade[0].tabel: unknown property "tabel"; did you mean "table"?',
  ]);
});

test('ids: pattern, reserved words, file name agreement', async () => {
  assert.equal(await problemsOf('a_b_c.json', JSON.stringify({ id: 'a-b', parent: null, message: 'm', upgrade: [] })), [
    'revisions/a_b_c.json:1:7: id: must be 1 to 32 letters, digits or underscores; sqlrev new makes a 12-hex-digit id',
  ]);
  assert.equal(await problemsOf('head_x.json', JSON.stringify({ id: 'head', parent: null, message: 'm', upgrade: [] })), [
    'revisions/head_x.json:1:7: id: id "head" is reserved; base, head and heads name targets on the command line; pick another id',
  ]);
  // Ids may contain underscores: the id is the part of the name the document says.
  assert.equal(await problemsOf('ab_cd_make_things.json', JSON.stringify({ id: 'ab_cd', parent: null, message: 'm', upgrade: [] })), []);
  assert.equal(await problemsOf('ab_.json', JSON.stringify({ id: 'ab', parent: null, message: 'm', upgrade: [] })), [
    'revisions/ab_.json:1:7: id: the file name has no slug after the id; rename the file to ab_<what_it_does>.json',
  ]);
});

test('$schema takes any string and is ignored', async () => {
  assert.equal(await problemsOf('r1_x.json', doc([], { $schema: 'https://example.invalid/whatever.json' })), []);
});

test.run();
