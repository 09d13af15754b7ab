import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, auditOps, chain, none, one, posOf, TASK } from '../helpers.js';

const LONG = `very_long_table_name_${'x'.repeat(50)}`; // 71 bytes

test('an explicit table name over 63 bytes is an error on PostgreSQL', async () => {
  const revs = chain({ id: 'a', upgrade: [{ op: 'createTable', table: LONG, columns: [{ name: 'id', type: 'bigint', primaryKey: true }] }] });
  const result = await audit(revs);
  const f = one(result, 'identifier-too-long');
  assert.equal(f.severity, 'error');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revs[0]!, `"${LONG}"`, '"table"')));
  assert.match(f.message, new RegExp(`table name "${LONG}" is 71 bytes: PostgreSQL silently truncates identifiers to 63 bytes, so the database gets "${LONG.slice(0, 63)}"`));
  assert.match(f.help!, /at most 63 bytes/);
});

test('an explicit index name is checked; the generated one from a long table is not', async () => {
  const { result } = await auditOps([TASK], [{ op: 'createIndex', name: `ix_${'y'.repeat(70)}`, table: 'task', columns: ['title'], concurrently: true }]);
  assert.match(one(result, 'identifier-too-long').message, /index name "ix_y+" is 73 bytes/);
  const gen = await audit(chain({ id: 'a', upgrade: [
    { op: 'createTable', table: 'a'.repeat(60), columns: [{ name: 'id', type: 'bigint', primaryKey: true }, { name: 'b'.repeat(40), type: 'text', unique: true }] },
  ] }));
  none(gen, 'identifier-too-long');
});

test('multi-byte names count bytes', async () => {
  const name = 'é'.repeat(32); // 64 bytes, 32 characters
  const { result } = await auditOps([TASK], [{ op: 'renameColumn', table: 'task', column: 'note', to: name }]);
  assert.match(one(result, 'identifier-too-long').message, /column name "é+" is 64 bytes/);
});

test.run();
