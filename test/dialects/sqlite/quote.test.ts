import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelError } from '../../../src/errors.js';
import { SQLITE_KEYWORDS } from '../../../src/dialects/sqlite/keywords.js';
import { quoteIdent, quoteLiteral } from '../../../src/dialects/sqlite/quote.js';
import { sqlite } from '../../../src/dialects/sqlite/index.js';
import { columnNames, newDb, rows, tableNames } from './support.js';

test('plain words stay bare, everything else is quoted', () => {
  assert.is(quoteIdent('task'), 'task');
  assert.is(quoteIdent('MyTable_2'), 'MyTable_2');
  assert.is(quoteIdent('_x'), '_x');
  assert.is(quoteIdent('2fa'), '"2fa"');
  assert.is(quoteIdent('due at'), '"due at"');
  assert.is(quoteIdent('名前'), '"名前"');
  assert.is(quoteIdent('a-b'), '"a-b"');
});

test('keywords are quoted in any case', () => {
  assert.is(quoteIdent('select'), '"select"');
  assert.is(quoteIdent('Order'), '"Order"');
  assert.is(quoteIdent('CURRENT_TIMESTAMP'), '"CURRENT_TIMESTAMP"');
  assert.is(quoteIdent('rowid'), 'rowid'); // not a keyword
});

test('the keyword list is the 147 of https://www.sqlite.org/lang_keywords.html', () => {
  assert.is(SQLITE_KEYWORDS.size, 147);
  for (const k of ['ABORT', 'RETURNING', 'MATERIALIZED', 'NULLS', 'WITHOUT', 'WINDOW', 'GENERATED']) assert.ok(SQLITE_KEYWORDS.has(k), k);
});

test('every keyword works as a quoted table and column name on sql.js', () => {
  const db = newDb();
  for (const k of SQLITE_KEYWORDS) {
    const name = k.toLowerCase();
    db.run(`CREATE TABLE ${quoteIdent(name)} (${quoteIdent(name)} INTEGER)`);
    assert.equal(columnNames(db, name), [name]);
  }
  assert.is(tableNames(db).length, 147);
});

test('a double quote inside is doubled, so the name survives a round trip', () => {
  assert.is(quoteIdent('x"; DROP TABLE y; --'), '"x""; DROP TABLE y; --"');
  const db = newDb();
  db.run('CREATE TABLE y (a INTEGER)');
  const name = 'x"; DROP TABLE y; --';
  db.run(`CREATE TABLE ${quoteIdent(name)} (${quoteIdent('"')} TEXT)`);
  assert.equal(tableNames(db), [name, 'y']);
  assert.equal(columnNames(db, name), ['"']);
});

test('NUL in a name or a text value is a ModelError', () => {
  assert.throws(() => quoteIdent('a\u0000b'), (e: unknown) => e instanceof ModelError && /NUL/.test((e as Error).message));
  assert.throws(() => quoteIdent(''), (e: unknown) => e instanceof ModelError);
  assert.throws(() => quoteLiteral('a\u0000b'), (e: unknown) => e instanceof ModelError);
});

test('literals', () => {
  assert.is(quoteLiteral(null), 'NULL');
  assert.is(quoteLiteral(true), '1');
  assert.is(quoteLiteral(false), '0');
  assert.is(quoteLiteral(42), '42');
  assert.is(quoteLiteral(-0), '0');
  assert.is(quoteLiteral("it's"), "'it''s'");
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(() => quoteLiteral(bad), (e: unknown) => e instanceof ModelError, String(bad));
  }
});

test('literals read back equal on sql.js', () => {
  const db = newDb();
  const values = ["'); DROP TABLE y; --", "a''b", 'back\\slash', '名前 🎉', '', 'line\nbreak', '"dq"'];
  for (const v of values) {
    assert.is(rows(db, `SELECT ${quoteLiteral(v)} AS v`)[0]!['v'], v);
  }
  const numbers = [0, 1, -5, 0.1, 1e21, 1.5e-10, -2.25, Number.MAX_SAFE_INTEGER, 1e300];
  for (const n of numbers) {
    const r = rows(db, `SELECT ${quoteLiteral(n)} AS v`)[0]!['v'];
    assert.is(r, n, String(n));
  }
  assert.is(rows(db, `SELECT ${quoteLiteral(true)} AS v`)[0]!['v'], 1);
  assert.is(rows(db, `SELECT ${quoteLiteral(null)} AS v`)[0]!['v'], null);
});

test('the dialect object exposes the same functions', () => {
  assert.is(sqlite.name, 'sqlite');
  assert.is(sqlite.identifierLimit, undefined);
  assert.is(sqlite.quoteIdent('Order'), '"Order"');
  const long = 'x'.repeat(300);
  assert.is(sqlite.physicalName({ name: long, generated: true }), long);
});

test.run();
