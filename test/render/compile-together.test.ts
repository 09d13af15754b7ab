/**
 * One replay for several dialects (compileTogether) must give each dialect
 * exactly what its own replay gives, and when anything goes wrong the caller
 * falls back to dialect-by-dialect compiling, whose errors are the ones users
 * always got (the first failing dialect's, in config order).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DIALECTS } from '../../src/dialects/registry.js';
import { SqlrevError, formatDiagnostic } from '../../src/errors.js';
import { Namer } from '../../src/model/naming.js';
import type { Op } from '../../src/ops/types.js';
import { compileDialect, compileTogether, sharesOneReplay, type CompiledRevision } from '../../src/render/compile.js';
import { GraphView } from '../../src/render/graph-view.js';
import { buildOutTree } from '../../src/render/out-tree.js';
import { Templates } from '../../src/render/templates.js';
import type { Config } from '../../src/config/types.js';
import { chain } from '../helpers/revisions.js';

const ctx = { namer: new Namer() };
const dialects = [DIALECTS.postgresql, DIALECTS.sqlite];

const OPS: Op[][] = [
  [{ op: 'createTable', table: 't', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'a', type: 'varchar(10)' }] }],
  [{ op: 'addColumn', table: 't', column: { name: 'b', type: 'integer', nullable: false, default: 0 } }, { op: 'createIndex', table: 't', columns: ['b'] }],
  [{ op: 'alterColumn', table: 't', column: 'a', type: 'varchar(20)' }, { op: 'renameColumn', table: 't', column: 'b', to: 'c' }],
  [{ op: 'dropColumn', table: 't', column: 'c' }, { op: 'insert', table: 't', rows: [{ id: 1, a: "it's" }] }],
];

test('each dialect gets what its own replay gives', () => {
  const revs = chain(OPS.map((upgrade, i) => ({ id: `r${i}`, message: `r${i}`, upgrade })));
  assert.ok(sharesOneReplay(revs));
  const got: CompiledRevision[][] = dialects.map(() => []);
  assert.ok(compileTogether(revs, dialects, ctx, (k, c) => got[k]!.push(c)));
  dialects.forEach((d, k) => assert.equal(got[k], compileDialect(revs, d, ctx).revisions, d.name));
});

test('an op limited to some dialects means one replay each', () => {
  const revs = chain([{ id: 'r0', message: 'r0', upgrade: [{ op: 'sql', sql: 'SELECT 1', only: ['postgresql'] }] }]);
  assert.not.ok(sharesOneReplay(revs));
});

const config = {
  revisions: 'revisions', out: 'out', dialects: ['postgresql', 'sqlite'], versionTable: 'alembic_version', deployed: 'base',
} as unknown as Config;

function treeError(upgrades: Op[][]): { error: string; togetherSaid?: boolean } {
  const revs = chain(upgrades.map((upgrade, i) => ({ id: `r${i}`, message: `r${i}`, upgrade })));
  let togetherSaid: boolean | undefined;
  const builds = dialects.map((dialect) => ({ dialect, stream: (v: (c: CompiledRevision) => void) => { compileDialect(revs, dialect, ctx, undefined, { onRevision: v }); } }));
  try {
    buildOutTree(config, new GraphView(revs), builds, new Templates(), dialects, undefined, (visit) => (togetherSaid = compileTogether(revs, dialects, ctx, visit)));
  } catch (e) {
    assert.instance(e, SqlrevError);
    return { error: (e as SqlrevError).diagnostics.map(formatDiagnostic).join('\n'), togetherSaid };
  }
  return { error: '', togetherSaid };
}

test('a failure of the second dialect before one of the first: the first dialect\'s problems, as without sharing', () => {
  // r0 fails on SQLite only (no sequences); r1 fails on both (no such table).
  const { error, togetherSaid } = treeError([
    [{ op: 'createSequence', name: 's' }],
    [{ op: 'addColumn', table: 'nobody', column: { name: 'x', type: 'integer' } }],
  ]);
  assert.is(togetherSaid, false);
  assert.is(error.split('\n').length, 1, error);
  assert.match(error, /r1_test\.json:\d+:\d+: upgrade\[0\]\.table: table "nobody" does not exist/);
});

test('a failure of the second dialect alone: its problems', () => {
  const { error, togetherSaid } = treeError([[{ op: 'createSequence', name: 's' }]]);
  assert.is(togetherSaid, false);
  assert.match(error, /SQLite has no sequences/);
});

test('no failure: the tree is built from the shared replay', () => {
  const { error, togetherSaid } = treeError(OPS);
  assert.is(error, '');
  assert.is(togetherSaid, true);
});

test.run();
