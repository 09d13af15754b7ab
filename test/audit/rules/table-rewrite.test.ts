import assert from 'node:assert/strict';
import { test } from 'uvu';
import type { Op } from '../../../src/ops/types.js';
import { auditOps, none, one, posOf } from '../helpers.js';

const T: Op = { op: 'createTable', table: 't', columns: [
  { name: 'id', type: 'integer', primaryKey: true }, { name: 's', type: 'varchar(20)' }, { name: 'at', type: 'timestamp' }, { name: 'c', type: 'text' },
] };

test('integer -> bigint rewrites the table and its indexes (PostgreSQL)', async () => {
  const { result, revisions } = await auditOps([T], [{ op: 'alterColumn', table: 't', column: 'id', type: 'bigint' }]);
  const f = one(result, 'table-rewrite');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '"bigint"')));
  assert.match(f.message, /integer -> bigint rewrites t and rebuilds its indexes under an ACCESS EXCLUSIVE lock/);
});

test('timestamp -> timestamptz rewrites unless the TimeZone is UTC, and says so', async () => {
  const { result } = await auditOps([T], [{ op: 'alterColumn', table: 't', column: 'at', type: 'timestamptz' }]);
  const f = one(result, 'table-rewrite');
  assert.match(f.message, /with the server's TimeZone set to UTC it would only change the catalog/);
  assert.match(f.help!, /SET LOCAL timezone = 'UTC'/);
});

test('every change with using rewrites, pointing at using', async () => {
  const { result, revisions } = await auditOps([T], [{ op: 'alterColumn', table: 't', column: 'c', type: 'integer', using: 'length(c)', downgradeUsing: 'c::text' }]);
  const f = one(result, 'table-rewrite');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, '"length(c)"')));
  assert.match(f.message, /a USING conversion always rewrites every row/);
});

test('varchar(20) -> varchar(50) and varchar -> text are catalog-only', async () => {
  none((await auditOps([T], [{ op: 'alterColumn', table: 't', column: 's', type: 'varchar(50)' }])).result, 'table-rewrite');
  none((await auditOps([T], [{ op: 'alterColumn', table: 't', column: 's', type: 'text' }])).result, 'table-rewrite');
});

test.run();
