import type { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelError } from '../../../src/errors.js';
import { shortenName } from '../../../src/model/naming.js';
import { QUOTED_KEYWORDS } from '../../../src/dialects/postgresql/keywords.js';
import { assertParses, boot, postgresql, rows } from './harness.js';

const { quoteIdent, quoteLiteral, physicalName } = postgresql;

const test = suite('postgresql: quoting and names');
let db: PGlite;
test.before(async () => { db = await boot(); });
test.after(async () => { await db.close(); });

const isModelError = (message: string) => (e: unknown) => e instanceof ModelError && e.message === message;

test('quoteIdent: bare when the lexer reads it back unchanged, quoted otherwise', () => {
  for (const bare of ['task', '_x', 'a1', 'col$1', 'name', 'text', 'abort', 'comment']) assert.is(quoteIdent(bare), bare);
  const quoted: [string, string][] = [
    ['Order', '"Order"'], ['select', '"select"'], ['user', '"user"'], ['int', '"int"'], ['left', '"left"'],
    ['1abc', '"1abc"'], ['$x', '"$x"'], ['a b', '"a b"'], ['名前', '"名前"'], ['a"b', '"a""b"'],
    ['x"; DROP TABLE y; --', '"x""; DROP TABLE y; --"'], ['""', '""""""'], ['line\nbreak', '"line\nbreak"'],
  ];
  for (const [name, q] of quoted) assert.is(quoteIdent(name), q, name);
});

test('quoteIdent: NUL and the empty name are refused', () => {
  assert.throws(() => quoteIdent('a\u0000b'), isModelError('PostgreSQL identifiers cannot contain NUL'));
  assert.throws(() => quoteIdent(''), (e: unknown) => e instanceof ModelError);
});

test('the keyword list is exactly the server\'s non-unreserved keywords, by category', async () => {
  const real = await rows<{ word: string; catcode: string }>(db, `SELECT word, catcode FROM pg_get_keywords() WHERE catcode <> 'U' ORDER BY word`);
  const code = { reserved: 'R', colName: 'C', typeFuncName: 'T' } as const;
  const mine = [...QUOTED_KEYWORDS].map(([word, cat]) => ({ word, catcode: code[cat] })).sort((a, b) => (a.word < b.word ? -1 : 1));
  assert.ok(real.length > 150);
  assert.equal(mine, real);
});

test('every keyword works as a table and a column name, quoted only when it must be', async () => {
  const all = await rows<{ word: string; catcode: string }>(db, `SELECT word, catcode FROM pg_get_keywords()`);
  assert.ok(all.length > 450);
  for (const { word, catcode } of all) assert.is(quoteIdent(word) === word, catcode === 'U', word);
  const ddl = all.map(({ word }) => `CREATE TABLE ${quoteIdent(word)} (${quoteIdent(word)} int, ${quoteIdent(`${word}_x`)} int)`);
  await db.exec(`CREATE SCHEMA kw; SET search_path = kw; ${ddl.join(';\n')}; SET search_path = public`);
  const made = await rows<{ t: string; c: string }>(db, 
    `SELECT c.relname AS t, a.attname AS c FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1 WHERE n.nspname = 'kw' AND c.relkind = 'r'`);
  assert.is(made.length, all.length);
  for (const m of made) assert.is(m.t, m.c);
  assert.equal(new Set(made.map((m) => m.t)), new Set(all.map((k) => k.word)));
  await db.exec('DROP SCHEMA kw CASCADE');
});

/** Strings that break naive quoting. */
const NASTY = [
  '', "'", "''", "'); DROP TABLE y; --", 'back\\slash', '\\', "\\'", 'ends with \\', 'new\nline\r\n', 'tab\there',
  '$$dollar$$', '$tag$x$tag$', '"double"', '名前 ✓ 𝄞', 'E\'x\'', '--comment', '/* c */', ';',
];

test('quoteLiteral: strings come back exactly as given', async () => {
  for (const s of NASTY) {
    const lit = quoteLiteral(s);
    // Escape-string syntax only where a backslash needs it (safe whatever standard_conforming_strings says).
    assert.is(lit.startsWith("E'"), s.includes('\\'), `E'' only with a backslash: ${lit}`);
    await assertParses(`SELECT ${lit} AS v`);
    assert.equal(await rows(db, `SELECT ${lit} AS v`), [{ v: s }], JSON.stringify(s));
  }
});

test('quoteLiteral: numbers, booleans and null', async () => {
  assert.is(quoteLiteral(null), 'NULL');
  assert.is(quoteLiteral(true), 'true');
  assert.is(quoteLiteral(false), 'false');
  assert.is(quoteLiteral(-0), '0');
  for (const n of [0, 1, -1, 0.1, -2.5, 1e21, 1.5e-7, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE]) {
    const lit = quoteLiteral(n);
    const [row] = await rows<{ v: number }>(db, `SELECT (${lit})::float8 AS v`);
    assert.is(row!.v, n, lit);
  }
  assert.equal(await rows(db, `SELECT ${quoteLiteral(true)} AS t, ${quoteLiteral(false)} AS f, ${quoteLiteral(null)}::int AS n`),
    [{ t: true, f: false, n: null }]);
});

test('quoteLiteral: NUL and non-finite numbers are refused', () => {
  assert.throws(() => quoteLiteral('a\u0000'), isModelError('PostgreSQL strings cannot contain NUL'));
  for (const n of [NaN, Infinity, -Infinity]) assert.throws(() => quoteLiteral(n), (e: unknown) => e instanceof ModelError);
});

test('physicalName: generated names are shortened to 63 bytes, explicit names never', () => {
  const long = `ix_${'a'.repeat(70)}`;
  assert.is(physicalName({ name: long, generated: true }), shortenName(long, 63));
  assert.ok(Buffer.byteLength(physicalName({ name: long, generated: true })) <= 63);
  assert.is(physicalName({ name: long, generated: false }), long);
  assert.is(physicalName({ name: 'pk_task', generated: true }), 'pk_task');
  const wide = `uq_${'名'.repeat(30)}`; // 93 bytes
  const short = physicalName({ name: wide, generated: true });
  assert.ok(Buffer.byteLength(short) <= 63 && short.startsWith('uq_名'), short);
  assert.is(postgresql.identifierLimit, 63);
});

test.run();
