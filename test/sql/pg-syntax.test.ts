import { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sqlToOps } from '../../src/sql/to-ops.js';
import { statements } from './support.js';

const test = suite('sql/postgresql: syntax errors');
let db: PGlite;
test.before(async () => { db = await PGlite.create(); });
test.after(async () => { await db.close(); });

const pg = 'postgresql' as const;

/** The 1-based UTF-16 column of PostgreSQL's own error position (1-based code points) in a one-line statement. */
async function serverColumn(statement: string): Promise<number> {
  try {
    await db.exec(statement);
  } catch (e) {
    const position = Number((e as { position?: string }).position);
    return [...statement].slice(0, position - 1).join('').length + 1;
  }
  throw new Error(`PostgreSQL accepted: ${statement}`);
}

test('every syntax error is reported at its line:column, after non-ASCII text, and the other statements are still analysed', async () => {
  const lines = [
    '-- Größe: 😀 ünïcödé',
    "CREATE TABLE ä (ü int, note text DEFAULT 'naïve');",
    "SELECT 'ß' FROM;",
    'CREATE TABLE b (x int);',
    "INSERT INTO b VALUES ('😀', ;",
    'ALTER TABLE b ADD COLUMN y text;',
    'CREAT INDEX ix ON b (x);',
  ];
  const a = await sqlToOps(lines.join('\n'), pg);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column, e.message]), [
    [3, 16, 'syntax error at or near ";"'],
    [5, 29, 'syntax error at or near ";"'],
    [7, 1, 'syntax error at or near "CREAT"'],
  ]);
  // The offsets agree with the line:column, and with where PostgreSQL itself puts the cursor.
  const text = lines.join('\n');
  for (const e of a.syntaxErrors) {
    const lineStart = text.split('\n').slice(0, e.line - 1).join('\n').length + (e.line > 1 ? 1 : 0);
    assert.is(e.offset, lineStart + e.column - 1);
    assert.is(e.column, await serverColumn(lines[e.line - 1]!), `line ${e.line}`);
  }
  assert.equal(statements(a).map((s) => [s.line, s.kind, s.op?.op]), [
    [2, 'CreateStmt', 'createTable'],
    [4, 'CreateStmt', 'createTable'],
    [6, 'AlterTableStmt', 'addColumn'],
  ]);
});

test('an unterminated string or comment is reported where it starts', async () => {
  const a = await sqlToOps("CREATE TABLE t (a int);\nSELECT 'é', 'abc", pg);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column, e.message]), [[2, 13, 'unterminated quoted string at or near "\'abc"']]);
  assert.equal(statements(a).map((s) => s.op?.op), ['createTable']);
  const b = await sqlToOps('SELECT 1;\n/* never closed', pg);
  assert.equal(b.syntaxErrors.map((e) => [e.line, e.column]), [[2, 1]]);
});

test('an unclosed parenthesis does not swallow the statements after it', async () => {
  const a = await sqlToOps('INSERT INTO t VALUES (1,;\nCREATE TABLE u (a int);\nDROP TABLE u', pg);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column]), [[1, 25]]);
  assert.equal(statements(a).map((s) => s.op?.op), ['createTable', 'dropTable']);
});

test('statement splitting after an error respects quotes, dollar quotes, comments, rule bodies and BEGIN ATOMIC', async () => {
  const text = [
    'SELEC 1;',
    "INSERT INTO t VALUES ('a;b', E'it\\'s; fine', $$x; y$$, $tag$ ; $$ ; $tag$); -- a; comment",
    '/* a /* nested; */ comment; */ CREATE TABLE u (a int);',
    'CREATE RULE r AS ON INSERT TO t DO INSTEAD (DELETE FROM u; INSERT INTO v VALUES (1));',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;',
    'CREATE PROCEDURE p() LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; END; $body$;',
    'COPY t (a) FROM stdin;',
    'x;y',
    '\\.',
    'DROP TABLE u;',
  ].join('\n');
  const a = await sqlToOps(text, pg);
  assert.equal(a.syntaxErrors.map((e) => [e.line, e.column]), [[1, 1]]);
  assert.equal(statements(a).map((s) => [s.line, s.kind, s.dml]), [
    [2, 'InsertStmt', true],
    [3, 'CreateStmt', false],
    [4, 'RuleStmt', false],
    [5, 'CreateFunctionStmt', false],
    [6, 'CreateFunctionStmt', false],
    [7, 'CopyStmt', true],
    [10, 'DropStmt', false],
  ]);
  assert.is(statements(a)[1]!.column, 32);
});

test('valid text has no syntax errors; empty and comment-only text has nothing', async () => {
  assert.equal(await sqlToOps('', pg), { segments: [{ statements: [] }], syntaxErrors: [] });
  assert.equal(await sqlToOps('-- nothing\n/* here */\n', pg), { segments: [{ statements: [] }], syntaxErrors: [] });
  const a = await sqlToOps("SELECT 1;;\n\nSELECT 'two'", pg);
  assert.equal(a.syntaxErrors, []);
  assert.equal(statements(a).map((s) => [s.sql, s.line, s.column, s.offset, s.endOffset]), [
    ['SELECT 1', 1, 1, 0, 8],
    ["SELECT 'two'", 3, 1, 12, 24],
  ]);
});

test.run();
