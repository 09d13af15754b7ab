/**
 * Tables, indexes and primary-key / unique constraints share one namespace
 * on PostgreSQL. A generated name repeats after a rename (pk_t stays with
 * the renamed table), so creating a new "t" would fail on the server with
 * 'relation "pk_t" already exists': the model says so at compile time, at the
 * op, and the explicit name that avoids it compiles and runs on PGlite.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PGlite } from '@electric-sql/pglite';
import { DIALECTS } from '../../src/dialects/registry.js';
import { SqlrevError, formatDiagnostic } from '../../src/errors.js';
import { Namer } from '../../src/model/naming.js';
import type { Op } from '../../src/ops/types.js';
import { compileDialect } from '../../src/render/compile.js';
import { chain } from '../helpers/revisions.js';

const test = suite('relation namespace');
const ctx = { namer: new Namer() };
const pk = (table: string, name?: string): Op => ({
  op: 'createTable', table, columns: [{ name: 'id', type: 'integer' }], primaryKey: { columns: ['id'], ...(name ? { name } : {}) },
});

function compileError(ops: Op[][]): string {
  const revs = chain(ops.map((upgrade, i) => ({ id: `r${i}`, message: `r${i}`, upgrade })));
  try {
    compileDialect(revs, DIALECTS.postgresql, ctx);
  } catch (e) {
    if (e instanceof SqlrevError) return e.diagnostics.map(formatDiagnostic).join('\n');
    throw e;
  }
  return '';
}

test('a second table reusing a generated key name after a rename is refused at the op', () => {
  const msg = compileError([[pk('t')], [{ op: 'renameTable', table: 't', to: 'u' }, pk('t')]]);
  assert.match(msg, /revisions\/r1_test\.json:\d+:\d+: upgrade\[1\]\.primaryKey: "pk_t" is already the name of an index or key constraint of table "u"/);
});

test('an index named like a table, or a unique named like an index, is refused', () => {
  assert.match(compileError([[pk('t'), { op: 'createIndex', table: 't', name: 't', columns: ['id'] }]]), /upgrade\[1\]\.name: "t" is already the name of a table/);
  assert.match(compileError([[pk('t'), { op: 'createIndex', table: 't', name: 'ix', columns: ['id'] }, { op: 'addUnique', table: 't', name: 'ix', columns: ['id'] }]]), /upgrade\[2\]\.name: "ix" is already the name of an index or key constraint of table "t"/);
});

test('PostgreSQL really refuses it, and the explicit name the hint asks for works', async () => {
  const db = new PGlite();
  try {
    await db.exec('CREATE TABLE t (id integer, CONSTRAINT pk_t PRIMARY KEY (id)); ALTER TABLE t RENAME TO u;');
    let failed = '';
    try { await db.exec('CREATE TABLE t (id integer, CONSTRAINT pk_t PRIMARY KEY (id))'); } catch (e) { failed = (e as Error).message; }
    assert.match(failed, /relation "pk_t" already exists/);
    assert.is(compileError([[pk('t')], [{ op: 'renameTable', table: 't', to: 'u' }, pk('t', 'pk_t2')]]), '');
  } finally {
    await db.close();
  }
});

test.run();
