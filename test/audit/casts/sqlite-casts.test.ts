/**
 * sqliteCast() against SQLite itself (sql.js): every pair of portable types is
 * rebuilt both ways (CAST in the copy, plain copy) with the sample values,
 * and the values that do not read back the same must be exactly the ones the
 * table says.
 */
import initSqlJs, { type Database } from 'sql.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  SQLITE_CAST_LOSS, SQLITE_PLAIN_LOSS, SQLITE_SAMPLES, sqliteAffinity, sqliteCast, sqliteDeclaredType,
  type SqliteAffinity, type SqliteCopy,
} from '../../../src/audit/casts/sqlite-casts.js';
import { MutableSchema } from '../../../src/model/state.js';
import { type } from './pg-replay.js';

const test = suite('sqliteCast: replayed on sql.js');
let db: Database;
test.before(async () => { db = new (await initSqlJs()).Database(); });
test.after(() => { db.close(); });

const schema = new MutableSchema();
schema.commit({ enums: new Map([['mood', { name: 'mood', values: ['sad', 'ok', 'happy'] }]]) });

const TYPES = [
  'smallint', 'integer', 'bigint', 'real', 'double', 'float', 'float(10)', 'float(40)', 'numeric(10,2)', 'numeric', 'boolean',
  'text', 'varchar', 'varchar(50)', 'varchar(20)', 'char(3)', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'uuid',
  'json', 'jsonb', 'blob', 'enum:mood',
];
const declared = (spec: string) => sqliteDeclaredType(type(spec), schema)!;
const samples = (spec: string) => SQLITE_SAMPLES[type(spec).kind as keyof typeof SQLITE_SAMPLES];

function rows<T extends unknown[]>(sql: string): T[] {
  return (db.exec(sql)[0]?.values ?? []) as T[];
}

/**
 * Rebuilds a one-column table from `from` to `to`; returns the values that do
 * not read back the same ("'2024-01-01' becomes 2024"): text compared as
 * bytes, numbers as numbers, blobs as bytes, after casting the new value to
 * the old value's storage class.
 */
function rebuild(from: string, to: string, copy: SqliteCopy): string[] {
  db.run(`DROP TABLE IF EXISTS f; DROP TABLE IF EXISTS t;
    CREATE TABLE f (id INTEGER PRIMARY KEY, c ${declared(from)});
    CREATE TABLE t (id INTEGER PRIMARY KEY, c ${declared(to)});`);
  for (const v of samples(from)) db.run(`INSERT INTO f (c) VALUES (${v})`);
  db.run(`INSERT INTO t (id, c) SELECT id, ${copy === 'cast' ? `CAST(c AS ${declared(to)})` : 'c'} FROM f`);
  return rows<[string, string, number]>(`
    SELECT quote(f.c), quote(t.c), CASE typeof(f.c)
      WHEN 'text' THEN hex(CAST(t.c AS TEXT)) = hex(f.c)
      WHEN 'integer' THEN CAST(t.c AS INTEGER) = f.c
      WHEN 'real' THEN CAST(t.c AS REAL) = f.c
      WHEN 'blob' THEN hex(CAST(t.c AS BLOB)) = hex(f.c)
      ELSE t.c IS NULL END
    FROM f JOIN t USING (id) ORDER BY id`).filter((r) => r[2] !== 1).map(([a, b]) => `${a} becomes ${b}`);
}

test('affinity of every declared type, as SQLite applies it in CAST', () => {
  // CAST('4.5' AS T) and CAST('4' AS T) tell the five affinities apart.
  const signature: Record<SqliteAffinity, [string, string]> = {
    INTEGER: ['integer', 'integer'], NUMERIC: ['real', 'integer'], REAL: ['real', 'real'], TEXT: ['text', 'text'], BLOB: ['blob', 'blob'],
  };
  const seen = new Set<SqliteAffinity>();
  for (const t of [...TYPES.map(declared), 'BLOB', '', 'CLOB', 'FLOATING POINT', 'DECIMAL(5, 2)']) {
    const a = sqliteAffinity(t);
    seen.add(a);
    const [r] = rows<[string, string]>(`SELECT typeof(CAST('4.5' AS ${t || 'BLOB'})), typeof(CAST('4' AS ${t || 'BLOB'}))`);
    assert.equal(r, signature[a], `${t}: ${a}`);
  }
  assert.is(seen.size, 5);
});

for (const copy of ['cast', 'plain'] as const) {
  test(`every pair (${TYPES.length * TYPES.length}), copy by ${copy}: the values that change are the ones sqliteCast says`, () => {
    const wrong: string[] = [];
    let lossy = 0;
    for (const from of TYPES) {
      for (const to of TYPES) {
        const got = sqliteCast(type(from), type(to), { copy, schema });
        const changed = rebuild(from, to, copy);
        if (got.verdict === 'same') {
          if (declared(from) !== declared(to)) wrong.push(`${from} -> ${to}: same, but declared ${declared(from)} and ${declared(to)}`);
          if (copy === 'plain' && changed.length) wrong.push(`${from} -> ${to}: same, but a plain copy changes ${changed.join(', ')}`);
          continue;
        }
        assert.is(got.verdict, 'rewrite');
        if ((got.lossy === 'silent') !== changed.length > 0) wrong.push(`${from} -> ${to}: sqliteCast says ${got.lossy ?? 'lossless'}, SQLite changed [${changed.join(', ')}]`);
        // the example in the table is one SQLite produced
        const table = copy === 'cast' ? SQLITE_CAST_LOSS : SQLITE_PLAIN_LOSS;
        const example = table[type(from).kind as keyof typeof table][sqliteAffinity(declared(to))];
        if (example && !changed.includes(example)) wrong.push(`${from} -> ${to}: example "${example}" not among [${changed.join(', ')}]`);
        if (changed.length) lossy++;
      }
    }
    assert.equal(wrong, []);
    assert.ok(lossy > 50, `${lossy}`);
  });
}

test('the known traps of CAST in the copy', () => {
  const c = (from: string, to: string, copy: SqliteCopy = 'cast') => sqliteCast(type(from), type(to), { copy, schema });
  // a text date cast to DATE/DATETIME (NUMERIC affinity) keeps its leading number
  assert.match(c('text', 'timestamp').why, /'hello' becomes 0/);
  assert.is(c('date', 'timestamp').lossy, 'silent');
  assert.is(c('date', 'timestamp', 'plain').lossy, undefined);
  // JSON has NUMERIC affinity too: CAST(... AS JSON) zeroes objects
  assert.is(c('text', 'json').lossy, 'silent');
  assert.is(c('text', 'json', 'plain').lossy, 'silent'); // '0042' still becomes 42
  assert.is(c('real', 'integer').lossy, 'silent');
  assert.is(c('real', 'integer', 'plain').lossy, undefined);
  // SQLite enforces no length: narrowing a varchar changes nothing
  assert.is(c('varchar(50)', 'varchar(20)').lossy, undefined);
  assert.is(c('varchar(50)', 'varchar(20)').verdict, 'rewrite');
  // double -> real: both are 8-byte floats on SQLite
  assert.is(c('double', 'real').lossy, undefined);
  assert.is(c('timestamp', 'timestamptz').verdict, 'same');
  assert.is(sqliteCast({ kind: 'custom', byDialect: { postgresql: 'tsvector', sqlite: 'TEXT' } }, type('text')).verdict, 'same');
  assert.is(sqliteCast({ kind: 'custom', byDialect: { postgresql: 'tsvector', sqlite: 'BLOB' } }, type('text')).verdict, 'unknown');
  assert.is(sqliteCast(type('text'), { kind: 'custom', byDialect: { postgresql: 'tsvector' } }).verdict, 'unknown');
});

test.run();
