import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { test } from 'uvu';
import { VOLATILE_BUILTINS, volatileCalls } from '../../../src/audit/rules/volatile-default.js';
import { auditOps, none, one, posOf, TASK } from '../helpers.js';

test('addColumn with gen_random_uuid() default on an existing table rewrites it (PostgreSQL)', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'uid', type: 'uuid', default: { sql: 'gen_random_uuid()' } } }]);
  const f = one(result, 'volatile-default');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '{', '"default"')));
  assert.match(f.message, /task\.uid has a volatile default \(gen_random_uuid\(\)\): PostgreSQL computes it for every existing row, rewriting task/);
});

test('an identity column rewrites too', async () => {
  const { result } = await auditOps([{ op: 'createTable', table: 'log', columns: [{ name: 'msg', type: 'text' }] }], [
    { op: 'addColumn', table: 'log', column: { name: 'id', type: 'bigint', autoincrement: true, nullable: false } },
  ]);
  assert.match(one(result, 'volatile-default').message, /log\.id is an identity column/);
});

test('now(), CURRENT_TIMESTAMP and constants are not volatile; a new table is fine', async () => {
  for (const d of [{ sql: 'now()' }, { sql: 'CURRENT_TIMESTAMP' }, { sql: "'random()'" }, 0]) {
    none((await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'x', type: 'text', default: d } }])).result, 'volatile-default');
  }
  none((await auditOps([], [TASK, { op: 'addColumn', table: 'task', column: { name: 'u', type: 'uuid', default: { sql: 'gen_random_uuid()' } } }])).result, 'volatile-default');
  assert.deepEqual(volatileCalls("pg_catalog.random() + 1, 'clock_timestamp()'"), ['random']);
});

test('the built-in list matches PostgreSQL\'s catalog (pg_proc.provolatile)', async () => {
  const db = new PGlite();
  try {
    const names = [...VOLATILE_BUILTINS, 'now', 'statement_timestamp', 'transaction_timestamp'];
    const rows = (await db.query<{ proname: string; v: string }>(
      `SELECT proname, string_agg(DISTINCT provolatile::text, '') AS v FROM pg_proc WHERE proname = ANY($1) GROUP BY proname`, [names],
    )).rows;
    const got = Object.fromEntries(rows.map((r) => [r.proname, r.v]));
    for (const n of VOLATILE_BUILTINS) assert.equal(got[n], 'v', `${n} should be volatile, pg_proc says ${got[n]}`);
    for (const n of ['now', 'statement_timestamp', 'transaction_timestamp']) assert.equal(got[n], 's', `${n} is stable`);
  } finally {
    await db.close();
  }
});

test.run();
