import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, posOf, TASK } from '../helpers.js';

test('float in createTable: what each configured dialect stores and reports, at the type', async () => {
  const revs = chain({ id: 'a', upgrade: [{ op: 'createTable', table: 'm', columns: [{ name: 'id', type: 'bigint', primaryKey: true }, { name: 'v', type: 'float' }] }] });
  const result = await audit(revs);
  const f = one(result, 'float-real-drift');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, undefined);
  assert.deepEqual([f.line, f.column], Object.values(posOf(revs[0]!, '"float"')));
  assert.match(f.message, /m\.v is declared float, a type no dialect keeps: PostgreSQL stores double precision \(8 bytes, about 15 significant digits\) and reports "double precision"; SQLite stores an 8-byte REAL whatever the precision and reports "FLOAT"/);
  assert.match(f.help!, /declare "type": "double"/);
});

test('float(10) on PostgreSQL only: real', async () => {
  const { result } = await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'score', type: 'float(10)' } }], { dialects: ['postgresql'] });
  const f = one(result, 'float-real-drift');
  assert.match(f.message, /declared float\(10\), .*PostgreSQL stores real \(4 bytes, about 6 significant digits\) and reports "real"/);
  assert.doesNotMatch(f.message, /SQLite/);
  assert.match(f.help!, /"type": "real"/);
});

test('real and double are fine', async () => {
  none(await audit(chain({ id: 'a', upgrade: [{ op: 'createTable', table: 'm', columns: [{ name: 'a', type: 'real' }, { name: 'b', type: 'double' }] }] })), 'float-real-drift');
});

test.run();
