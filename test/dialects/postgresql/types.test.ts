import type { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelError } from '../../../src/errors.js';
import { parseType } from '../../../src/model/column-type.js';
import { EMPTY_SCHEMA } from '../../../src/model/state.js';
import type { ColumnType } from '../../../src/model/types.js';
import type { Op, TypeSpec } from '../../../src/ops/types.js';
import { boot, columns, migrate, postgresql, reset } from './harness.js';

const test = suite('postgresql: types');
let db: PGlite;
test.before(async () => { db = await boot(); });
test.before.each(async () => { await reset(db); });
test.after(async () => { await db.close(); });

/** Every portable type (and the variants with different arguments), with the DDL we expect. */
const TYPES: [TypeSpec, string][] = [
  ['smallint', 'smallint'], ['integer', 'integer'], ['bigint', 'bigint'], ['real', 'real'],
  ['double', 'double precision'], ['DOUBLE PRECISION', 'double precision'],
  ['float', 'float'], ['float(1)', 'float(1)'], ['float(24)', 'float(24)'], ['float(25)', 'float(25)'], ['float(53)', 'float(53)'],
  ['numeric', 'numeric'], ['numeric(10)', 'numeric(10)'], ['numeric(10,2)', 'numeric(10,2)'], ['decimal(5,5)', 'numeric(5,5)'],
  ['boolean', 'boolean'], ['text', 'text'], ['varchar', 'varchar'], ['varchar(50)', 'varchar(50)'],
  ['char', 'char'], ['char(3)', 'char(3)'], ['date', 'date'], ['time', 'time'], ['timestamp', 'timestamp'],
  ['timestamptz', 'timestamptz'], ['interval', 'interval'], ['uuid', 'uuid'], ['json', 'json'], ['jsonb', 'jsonb'],
  ['blob', 'bytea'], ['enum:Status', '"Status"'], ['enum:mood', 'mood'], ['enum:user', '"user"'],
  [{ postgresql: 'tsvector', sqlite: 'TEXT' }, 'tsvector'],
  // Hand-written PostgreSQL spellings: written as given, reported as format_type prints them.
  ...[
    'int4', 'INT', 'int2', 'int8', 'serial', 'bigserial', 'float4', 'float8', 'float(10)', 'float(40)', 'bool',
    'varchar(20)', 'character varying', 'national character varying(5)', 'char', 'nchar(3)', 'character(5)',
    'numeric(10, 2)', 'decimal(7)', 'dec(5,2)', 'timestamp(3)', 'timestamptz', 'timestamptz(3)',
    'timestamp(3) with time zone', 'timestamp without time zone', 'time(2)', 'timetz', 'time with time zone',
    'bit', 'bit(3)', 'varbit', 'bit varying(5)', 'interval(3)', 'interval day to second', 'int[]',
    'varchar(10)[]', 'text[][]', 'integer[3]', 'timestamptz[]', 'Text', 'inet', 'money', 'xml', '"char"', 'bpchar',
  ].map((t): [TypeSpec, string] => [{ postgresql: t }, t]),
];

test('typeSql for every portable type, and reportedType is what format_type prints', async () => {
  const ops: Op[] = [
    { op: 'createEnum', name: 'Status', values: ['a'] },
    { op: 'createEnum', name: 'mood', values: ['ok'] },
    { op: 'createEnum', name: 'user', values: ['x'] },
    { op: 'createTable', table: 'every_type', columns: TYPES.map(([t], i) => ({ name: `c${i}`, type: t })) },
  ];
  const out = await migrate(db, [], ops);
  const ddl = out[out.length - 1]!.sql;
  const catalog = await columns(db, 'every_type');
  assert.is(catalog.length, TYPES.length);
  TYPES.forEach(([spec, sql], i) => {
    const type = parseType(spec) as ColumnType;
    assert.is(postgresql.typeSql(type, EMPTY_SCHEMA), sql, `typeSql ${JSON.stringify(spec)}`);
    assert.ok(ddl.includes(`    c${i} ${sql}`), `DDL has c${i} ${sql}`);
    assert.is(postgresql.reportedType(type, EMPTY_SCHEMA), catalog[i]!.type, `reportedType ${JSON.stringify(spec)}`);
  });
  // The cases the float-real-drift rule is about, spelled out.
  const byName = new Map(catalog.map((c) => [c.name, c.type]));
  assert.is(byName.get(`c${TYPES.findIndex(([t]) => t === 'float')}`), 'double precision');
  assert.is(byName.get(`c${TYPES.findIndex(([t]) => t === 'float(24)')}`), 'real');
  assert.is(byName.get(`c${TYPES.findIndex(([t]) => t === 'float(25)')}`), 'double precision');
});

test('a dialect-specific type without a postgresql entry is a ModelError', () => {
  const type = parseType({ sqlite: 'TEXT' }) as ColumnType;
  for (const f of [postgresql.typeSql, postgresql.reportedType]) {
    assert.throws(() => f(type, EMPTY_SCHEMA), (e: unknown) =>
      e instanceof ModelError && /type has no postgresql entry; add one or set only/.test(e.message) && e.field === 'type');
  }
});

test('defaults of every literal kind are accepted by the column types they fit', async () => {
  const out = await migrate(db, [], [{
    op: 'createTable', table: 'defaults',
    columns: [
      { name: 'n', type: 'numeric(10,2)', default: 12.5 },
      { name: 'neg', type: 'integer', default: -3 },
      { name: 'f', type: 'boolean', default: true },
      { name: 'j', type: 'jsonb', default: '{"a": [1, "it\'s"]}' },
      { name: 'u', type: 'uuid', default: { sql: 'gen_random_uuid()' } },
      { name: 't', type: 'timestamp', default: '2024-01-02 03:04:05' },
      { name: 'b', type: 'blob', default: '\\x00ff' },
    ],
  }]);
  assert.ok(out[0]!.sql.includes(`j jsonb DEFAULT '{"a": [1, "it''s"]}'`));
  await db.exec('INSERT INTO defaults DEFAULT VALUES');
  const row = (await db.query<Record<string, unknown>>(
    `SELECT n::text, neg, f, j->'a'->>1 AS j, length(u::text) AS u, t::text, encode(b, 'hex') AS b FROM defaults`)).rows[0];
  assert.equal(row, { n: '12.50', neg: -3, f: true, j: "it's", u: 36, t: '2024-01-02 03:04:05', b: '00ff' });
});

test.run();
