import type { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelError } from '../../../src/errors.js';
import { EMPTY_SCHEMA } from '../../../src/model/state.js';
import type { Op } from '../../../src/ops/types.js';
import { assertParses, boot, migrate, renderOne, reset, rows, run } from './harness.js';

const test = suite('postgresql: sequences, enums, insert, deleteRows, sql');
let db: PGlite;
test.before(async () => { db = await boot(); });
test.before.each(async () => { await reset(db); });
test.after(async () => { await db.close(); });

test('createSequence / dropSequence', async () => {
  const out = await migrate(db, [], [
    { op: 'createSequence', name: 'invoice_no', start: 1000, increment: 5 },
    { op: 'createSequence', name: 'Plain' },
  ]);
  assert.equal(out, [
    { sql: 'CREATE SEQUENCE invoice_no INCREMENT BY 5 START WITH 1000' },
    { sql: 'CREATE SEQUENCE "Plain"' },
  ]);
  assert.equal(await rows(db, `SELECT sequencename AS name, start_value::int AS start, increment_by::int AS inc
    FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`), [
    { name: 'Plain', start: 1, inc: 1 },
    { name: 'invoice_no', start: 1000, inc: 5 },
  ]);
  assert.equal(await rows(db, `SELECT nextval('invoice_no')::int AS a, nextval('invoice_no')::int AS b`), [{ a: 1000, b: 1005 }]);
  await reset(db);
  const drop = await migrate(db, [{ op: 'createSequence', name: 'Plain', increment: -1, start: -10 }, { op: 'createSequence', name: 'keep' }],
    [{ op: 'dropSequence', name: 'Plain' }]);
  assert.equal(drop, [{ sql: 'DROP SEQUENCE "Plain"' }]);
  assert.equal(await rows(db, `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public'`), [{ name: 'keep' }]);
});

test('createEnum / dropEnum: values are literals, in order', async () => {
  const out = await migrate(db, [], [{ op: 'createEnum', name: 'Status', values: ['open', "won't do", 'Done'] }]);
  assert.equal(out, [{ sql: `CREATE TYPE "Status" AS ENUM ('open', 'won''t do', 'Done')` }]);
  assert.equal(await rows(db, `SELECT e.enumlabel AS v FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
    WHERE t.typname = 'Status' ORDER BY e.enumsortorder`), [{ v: 'open' }, { v: "won't do" }, { v: 'Done' }]);
  await reset(db);
  const drop = await migrate(db, [{ op: 'createEnum', name: 'mood', values: ['ok'] }], [{ op: 'dropEnum', name: 'mood' }]);
  assert.equal(drop, [{ sql: 'DROP TYPE mood' }]);
  assert.equal(await rows(db, `SELECT count(*)::int AS n FROM pg_type WHERE typname = 'mood'`), [{ n: 0 }]);
});

const table: Op = {
  op: 'createTable', table: 'setting',
  columns: [
    { name: 'id', type: 'integer', primaryKey: true },
    { name: 'scope', type: 'text', nullable: false, default: 'global' },
    { name: 'value', type: 'text' },
    { name: 'enabled', type: 'boolean', default: true },
    { name: 'weight', type: 'double' },
  ],
};

test('insert: one statement per row, each with its own columns; missing keys take the default', async () => {
  const out = await migrate(db, [table], [{
    op: 'insert', table: 'setting',
    rows: [
      { id: 1, value: "it's", enabled: false, weight: -0.5 },
      { id: 2, scope: 'user', value: null, weight: 1e21 },
      { id: 3, value: 'back\\slash\nnew line' },
    ],
  }]);
  assert.equal(out, [
    { sql: `INSERT INTO setting (id, value, enabled, weight) VALUES (1, 'it''s', false, -0.5)`, lock: 'ROW EXCLUSIVE on setting' },
    { sql: `INSERT INTO setting (id, scope, value, weight) VALUES (2, 'user', NULL, 1e+21)`, lock: 'ROW EXCLUSIVE on setting' },
    // A backslash makes it an E'' string (safe whatever standard_conforming_strings says).
    { sql: `INSERT INTO setting (id, value) VALUES (3, E'back\\\\slash\nnew line')`, lock: 'ROW EXCLUSIVE on setting' },
  ]);
  assert.equal(await rows(db, 'SELECT id, scope, value, enabled, weight FROM setting ORDER BY id'), [
    { id: 1, scope: 'global', value: "it's", enabled: false, weight: -0.5 },
    { id: 2, scope: 'user', value: null, enabled: true, weight: 1e21 },
    { id: 3, scope: 'global', value: 'back\\slash\nnew line', enabled: true, weight: null },
  ]);
});

test('insert: a row with no keys takes every default', async () => {
  const out = await migrate(db, [{ op: 'createTable', table: 'counter', columns: [{ name: 'n', type: 'integer', default: 7 }] }],
    [{ op: 'insert', table: 'counter', rows: [{}] }]);
  assert.equal(out.map((s) => s.sql), ['INSERT INTO counter DEFAULT VALUES']);
  assert.equal(await rows(db, 'SELECT n FROM counter'), [{ n: 7 }]);
});

test('deleteRows: by key, IS NULL for a null key part, other rows stay', async () => {
  const t: Op = { op: 'createTable', table: 'pair', columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'text' }] };
  const out = await migrate(db, [t, { op: 'insert', table: 'pair', rows: [{ a: 1, b: 'x' }, { a: 1, b: null }, { a: 2, b: "o'k" }] }], [
    { op: 'deleteRows', table: 'pair', keys: [{ a: 1, b: null }, { a: 2, b: "o'k" }] },
  ]);
  assert.equal(out, [
    { sql: 'DELETE FROM pair WHERE a = 1 AND b IS NULL', lock: 'ROW EXCLUSIVE on pair' },
    { sql: `DELETE FROM pair WHERE a = 2 AND b = 'o''k'`, lock: 'ROW EXCLUSIVE on pair' },
  ]);
  assert.equal(await rows(db, 'SELECT a, b FROM pair'), [{ a: 1, b: 'x' }]);
});

test('deleteRows: an empty key is refused (it would delete every row)', () => {
  assert.throws(() => renderOne({ op: 'deleteRows', table: 'pair', keys: [{}] }, EMPTY_SCHEMA, EMPTY_SCHEMA),
    (e: unknown) => e instanceof ModelError && /empty key/.test(e.message));
});

test('sql: the postgresql text verbatim, trailing semicolons and whitespace stripped', async () => {
  const text = "CREATE TABLE raw (v text);\nINSERT INTO raw VALUES ('a;b') ; \n\n";
  const out = renderOne({ op: 'sql', sql: { sqlite: 'nope', postgresql: text } }, EMPTY_SCHEMA, EMPTY_SCHEMA);
  assert.equal(out, [{ sql: "CREATE TABLE raw (v text);\nINSERT INTO raw VALUES ('a;b')" }]);
  await run(db, out, { checkLocks: false, statementsPer: 2 });
  assert.equal(await rows(db, 'SELECT v FROM raw'), [{ v: 'a;b' }]);
  assert.equal(renderOne({ op: 'sql', sql: 'SELECT 1' }, EMPTY_SCHEMA, EMPTY_SCHEMA), [{ sql: 'SELECT 1' }]);
});

test('sql: an empty text renders nothing; a trailing line comment cannot swallow the terminator', async () => {
  assert.equal(renderOne({ op: 'sql', sql: { postgresql: ' ;\n' } }, EMPTY_SCHEMA, EMPTY_SCHEMA), []);
  const out = renderOne({ op: 'sql', sql: 'CREATE TABLE c1 (v int) -- first;' }, EMPTY_SCHEMA, EMPTY_SCHEMA);
  assert.equal(out, [{ sql: 'CREATE TABLE c1 (v int) -- first\n' }]);
  // What a script does with it: the statement, its terminator, the next statement.
  await assertParses(`${out[0]!.sql};\nCREATE TABLE c2 (v int)`, 2);
});

test('verbatim expressions ending in a line comment do not comment out what follows', async () => {
  const out = await migrate(db, [], [
    {
      op: 'createTable', table: 'stamp',
      columns: [
        { name: 'n', type: 'integer', nullable: false, default: { sql: '1 -- one' } },
        { name: 'at', type: 'timestamptz', nullable: false, default: { sql: 'now() -- server time' } },
      ],
      checks: [{ name: 'n_pos', expression: 'n > 0 -- positive' }],
    },
    { op: 'createIndex', name: 'stamp_at', table: 'stamp', columns: [{ expression: 'n + 1 -- next' }], where: 'n > 1 -- big' },
    { op: 'alterColumn', table: 'stamp', column: 'n', type: 'bigint', using: 'n::bigint -- widen' },
  ]);
  assert.ok(out.length >= 4);
  assert.equal(await rows(db, `SELECT attname AS c, attnotnull AS nn FROM pg_attribute WHERE attrelid = 'stamp'::regclass AND attnum > 0 ORDER BY attnum`),
    [{ c: 'n', nn: true }, { c: 'at', nn: true }]);
  assert.equal(await rows(db, `SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conname = 'n_pos'`), [{ d: 'CHECK ((n > 0))' }]);
  assert.equal(await rows(db, `SELECT indexdef AS d FROM pg_indexes WHERE indexname = 'stamp_at'`),
    [{ d: 'CREATE INDEX stamp_at ON public.stamp USING btree (((n + 1))) WHERE (n > 1)' }]);
  assert.equal(await rows(db, `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'stamp'::regclass AND attname = 'n'`),
    [{ t: 'bigint' }]);
});

test('sql: a per-dialect object without postgresql is an error, not silence', () => {
  assert.throws(() => renderOne({ op: 'sql', sql: { sqlite: 'VACUUM' } }, EMPTY_SCHEMA, EMPTY_SCHEMA),
    (e: unknown) => e instanceof ModelError && e.message === 'sql op has no postgresql entry; add one or set only');
});

test.run();
