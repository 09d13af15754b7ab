import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenize } from '../../src/sql/lexer.js';
import { postgresqlLex, sqliteLex } from '../../src/sql/lex-rules.js';
import { postgresqlSplit, splitStatements, sqliteSplit } from '../../src/sql/split.js';
import { sqlToOps } from '../../src/sql/to-ops.js';
import { Utf8Offsets, codePointsToChar } from '../../src/sql/utf8-offsets.js';
import { statements } from './support.js';

const test = suite('sql: lexing, splitting, offsets');

function pieces(text: string, dialect: 'postgresql' | 'sqlite'): string[] {
  const lex = tokenize(text, dialect === 'postgresql' ? postgresqlLex : sqliteLex);
  return splitStatements(text, lex.tokens, dialect === 'postgresql' ? postgresqlSplit : sqliteSplit).map((p) => text.slice(p.start, p.end));
}

test('PostgreSQL: quotes, E-strings, dollar quotes, nested comments, parentheses, BEGIN ATOMIC, COPY data', () => {
  const text = [
    "SELECT 'a;b', \"c;d\", E'e\\';f', $$g;h$$, $t$i;$$;j$t$;",
    '/* x /* y; */ z; */ SELECT 1; -- trailing; comment',
    'CREATE RULE r AS ON INSERT TO t DO INSTEAD (DELETE FROM u; DELETE FROM v);',
    'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END;',
    'COPY t FROM STDIN;',
    'a;b',
    '\\.',
    'SELECT $1, a$b FROM t',
  ].join('\n');
  assert.equal(pieces(text, 'postgresql'), [
    "SELECT 'a;b', \"c;d\", E'e\\';f', $$g;h$$, $t$i;$$;j$t$",
    'SELECT 1',
    'CREATE RULE r AS ON INSERT TO t DO INSTEAD (DELETE FROM u; DELETE FROM v)',
    'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END',
    'COPY t FROM STDIN',
    'SELECT $1, a$b FROM t',
  ]);
});

test('SQLite: bracket and backtick identifiers, triggers with CASE ... END, non-nesting comments', () => {
  const text = [
    'SELECT [a;b], `c;d` FROM t;',
    "CREATE TEMP TRIGGER tr BEFORE INSERT ON t WHEN NEW.a = 1 BEGIN SELECT CASE WHEN 1 THEN RAISE(ABORT, 'x;') END; UPDATE t SET a = 2; END;",
    '/* a /* b */ SELECT 2;',
    'BEGIN; END;',
  ].join('\n');
  assert.equal(pieces(text, 'sqlite'), [
    'SELECT [a;b], `c;d` FROM t',
    "CREATE TEMP TRIGGER tr BEFORE INSERT ON t WHEN NEW.a = 1 BEGIN SELECT CASE WHEN 1 THEN RAISE(ABORT, 'x;') END; UPDATE t SET a = 2; END",
    'SELECT 2',
    'BEGIN',
    'END',
  ]);
});

test('UTF-8 byte offsets and code point cursors become string offsets', () => {
  const text = 'aé😀b';
  const m = new Utf8Offsets(text);
  // bytes: a(0) é(1,2) 😀(3..6) b(7)
  assert.equal([0, 1, 2, 3, 5, 7, 8].map((b) => m.toChar(b)), [0, 1, 1, 2, 2, 4, 5]);
  assert.equal([0, 1, 2, 3, 4].map((c) => codePointsToChar(text, c)), [0, 1, 2, 4, 5]);
});

test('statements and expressions come out exactly when the text before them is not ASCII (whole-text parse)', async () => {
  const text = "-- 😀 Größe\nCREATE TABLE ä (ü text DEFAULT 'naïve' CHECK (ü <> 'ß'));  CREATE INDEX ON ä (lower(ü)) WHERE ü <> '😀';";
  const a = await sqlToOps(text, 'postgresql');
  assert.equal(a.syntaxErrors, []);
  const s = statements(a);
  assert.equal(s.map((x) => [x.line, x.column, x.sql]), [
    [2, 1, "CREATE TABLE ä (ü text DEFAULT 'naïve' CHECK (ü <> 'ß'))"],
    [2, 60, "CREATE INDEX ON ä (lower(ü)) WHERE ü <> '😀'"],
  ]);
  assert.equal(s.map((x) => x.op), [
    { op: 'createTable', table: 'ä', columns: [{ name: 'ü', type: 'text', default: 'naïve' }], checks: [{ name: 'ä_ü_check', expression: "ü <> 'ß'" }] },
    { op: 'createIndex', name: 'ä_lower_idx', table: 'ä', columns: [{ expression: 'lower(ü)' }], where: "ü <> '😀'" },
  ]);
});

test.run();
