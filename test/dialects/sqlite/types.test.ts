import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelError } from '../../../src/errors.js';
import { sqlite } from '../../../src/dialects/sqlite/index.js';
import { defaultSql } from '../../../src/dialects/sqlite/default.js';
import { parseType } from '../../../src/model/column-type.js';
import { enumDelta } from '../../../src/model/delta.js';
import { EMPTY_SCHEMA, MutableSchema } from '../../../src/model/state.js';
import type { ColumnModel, ColumnType } from '../../../src/model/types.js';
import { newDb, rows, tableInfo } from './support.js';

function type(spec: string | Record<string, string>): ColumnType {
  const t = parseType(spec);
  if (typeof t === 'string') throw new Error(t);
  return t;
}

const schema = new MutableSchema();
schema.commit(enumDelta('Status', { name: 'Status', values: ['open', 'in_progress', 'done'] }));
schema.commit(enumDelta('Accents', { name: 'Accents', values: ['été', 'ab'] }));

// The CONTRACT's names (SQLAlchemy's for SQLite).
const EXPECTED: [string | Record<string, string>, string][] = [
  ['smallint', 'SMALLINT'], ['integer', 'INTEGER'], ['bigint', 'BIGINT'], ['real', 'REAL'],
  ['double', 'DOUBLE'], ['double precision', 'DOUBLE'], ['float', 'FLOAT'], ['float(24)', 'FLOAT'], ['float(53)', 'FLOAT'],
  ['numeric(10,2)', 'NUMERIC(10, 2)'], ['decimal(12, 4)', 'NUMERIC(12, 4)'], ['numeric(8)', 'NUMERIC(8)'], ['numeric', 'NUMERIC'],
  ['boolean', 'BOOLEAN'], ['text', 'TEXT'], ['varchar(50)', 'VARCHAR(50)'], ['varchar', 'VARCHAR'], ['char(3)', 'CHAR(3)'],
  ['date', 'DATE'], ['time', 'TIME'], ['timestamp', 'DATETIME'], ['timestamptz', 'DATETIME'], ['interval', 'DATETIME'],
  ['uuid', 'CHAR(32)'], ['json', 'JSON'], ['jsonb', 'JSON'], ['blob', 'BLOB'],
  ['enum:Status', 'VARCHAR(11)'], ['enum:Accents', 'VARCHAR(3)'],
  [{ postgresql: 'tsvector', sqlite: 'TEXT' }, 'TEXT'], [{ sqlite: 'my  odd type' }, 'my  odd type'],
];

test('typeSql gives the SQLAlchemy names', () => {
  for (const [spec, want] of EXPECTED) assert.is(sqlite.typeSql(type(spec), schema), want, JSON.stringify(spec));
});

test('a custom type without a sqlite entry is a ModelError', () => {
  assert.throws(
    () => sqlite.typeSql(type({ postgresql: 'tsvector' }), schema),
    (e: unknown) => e instanceof ModelError && e.message === 'type has no sqlite entry; add one or set only' && e.field === 'type',
  );
});

test('an enum that does not exist is a ModelError', () => {
  assert.throws(() => sqlite.typeSql({ kind: 'enum', name: 'Nope' }, EMPTY_SCHEMA), (e: unknown) => e instanceof ModelError);
});

test('reportedType is what PRAGMA table_info reports on sql.js', () => {
  const db = newDb();
  const cols = EXPECTED.map(([spec], i) => `c${i} ${sqlite.typeSql(type(spec), schema)}`);
  db.run(`CREATE TABLE t (${cols.join(', ')})`);
  const info = tableInfo(db, 't');
  assert.is(info.length, EXPECTED.length);
  EXPECTED.forEach(([spec], i) => assert.is(info[i]!.type, sqlite.reportedType(type(spec), schema), JSON.stringify(spec)));
  // Custom types: standard names come back upper-cased (SQLite >= 3.37), others as written.
  const custom = ['  text ', 'int', 'Integer', 'any', 'text(5)', 'double', 'varchar(10)'];
  db.run(`CREATE TABLE u (${custom.map((c, i) => `c${i} ${sqlite.typeSql(type({ sqlite: c }), schema)}`).join(', ')})`);
  const uinfo = tableInfo(db, 'u');
  custom.forEach((c, i) => assert.is(uinfo[i]!.type, sqlite.reportedType(type({ sqlite: c }), schema), c));
  assert.equal(uinfo.map((c) => c.type), ['TEXT', 'INT', 'INTEGER', 'ANY', 'text(5)', 'double', 'varchar(10)']);
});

const COL: ColumnModel = { name: 'c', type: { kind: 'text' }, nullable: true, autoincrement: false };

test('defaultSql: literals quoted, CURRENT_* and literals bare, other expressions parenthesised', () => {
  assert.is(defaultSql('x', COL), "'x'");
  assert.is(defaultSql("it's", COL), "'it''s'");
  assert.is(defaultSql(0, COL), '0');
  assert.is(defaultSql(-1.5, COL), '-1.5');
  assert.is(defaultSql(true, COL), '1');
  assert.is(defaultSql({ sql: 'CURRENT_TIMESTAMP' }, COL), 'CURRENT_TIMESTAMP');
  assert.is(defaultSql({ sql: 'current_date' }, COL), 'current_date');
  assert.is(defaultSql({ sql: "'lit'" }, COL), "'lit'");
  assert.is(defaultSql({ sql: '42' }, COL), '42');
  assert.is(defaultSql({ sql: "X'00ff'" }, COL), "X'00ff'");
  assert.is(defaultSql({ sql: "lower('ABC')" }, COL), "(lower('ABC'))");
  assert.is(defaultSql({ sql: '(1 + 2)' }, COL), '(1 + 2)');
  assert.is(defaultSql({ sql: '(1) + (2)' }, COL), '((1) + (2))');
  assert.is(defaultSql({ sql: "(')') || 'x'" }, COL), "((')') || 'x')");
  assert.is(defaultSql({ sql: "datetime('now')" }, COL), "(datetime('now'))");
});

test('rendered defaults are accepted by sql.js and give the intended values', () => {
  const db = newDb();
  const cases: [ColumnModel['default'] & {}, unknown][] = [
    ["'); DROP TABLE t; --", "'); DROP TABLE t; --"],
    [7, 7], [-2.5, -2.5], [true, 1], [false, 0],
    [{ sql: "lower('ABC')" }, 'abc'], [{ sql: '(1) + (2)' }, 3], [{ sql: "'lit'" }, 'lit'], [{ sql: '1 + 1' }, 2],
  ];
  // No declared type: no affinity, so each value comes back as the default produced it.
  const cols = cases.map(([d], i) => `c${i} DEFAULT ${defaultSql(d, COL)}`);
  db.run(`CREATE TABLE t (id INTEGER, ts DATETIME DEFAULT ${defaultSql({ sql: 'CURRENT_TIMESTAMP' }, COL)}, ${cols.join(', ')})`);
  db.run('INSERT INTO t (id) VALUES (1)');
  const row = rows(db, 'SELECT * FROM t')[0]!;
  cases.forEach(([d, want], i) => assert.is(row[`c${i}`], want, JSON.stringify(d)));
  assert.match(String(row['ts']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});

test.run();
