/**
 * Every op kind, on each dialect's embedded engine (PGlite, sql.js): apply a
 * base revision, read the catalog, apply the op's revision, then its
 * downgrade (derived unless the case gives one), and the catalog must equal
 * the one before. The scripts run are the real per-revision scripts (guard,
 * transaction, bookkeeping), and after the upgrade the catalog must equal
 * the model. Every PostgreSQL statement must also parse with libpg-query.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DIALECTS } from '../../src/dialects/registry.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { Namer } from '../../src/model/naming.js';
import type { Op } from '../../src/ops/types.js';
import { compileDialect } from '../../src/render/compile.js';
import { GraphView } from '../../src/render/graph-view.js';
import { downgradeBlock, renderBlock, renderScript, upgradeBlock, type PlanContext } from '../../src/render/plan.js';
import { Templates } from '../../src/render/templates.js';
import { ENGINES, type EngineSession } from '../../src/verify/engines.js';
import { expectedCatalog } from '../../src/verify/expected.js';
import { compareCatalogs } from '../../src/verify/compare.js';
import { MutableSchema } from '../../src/model/state.js';
import { chain } from '../helpers/revisions.js';

const BASE: Op[] = [
  { op: 'createEnum', name: 'mood', values: ['happy', 'sad'] },
  { op: 'createSequence', name: 'counter', start: 10, only: ['postgresql'] },
  {
    op: 'createTable', table: 'parent', columns: [
      { name: 'id', type: 'integer', primaryKey: true },
      { name: 'name', type: 'varchar(50)', nullable: false, unique: true },
      { name: 'score', type: 'integer', default: 0 },
      { name: 'note', type: 'text' },
      { name: 'mood', type: 'enum:mood' },
    ],
    checks: [{ name: 'ck_parent_score', expression: 'score >= 0' }],
  },
  {
    op: 'createTable', table: 'child', columns: [
      { name: 'id', type: 'integer', primaryKey: true },
      { name: 'parent_id', type: 'integer', nullable: false, references: { table: 'parent', column: 'id', onDelete: 'cascade' } },
      { name: 'title', type: 'varchar(40)' },
      { name: 'amount', type: 'numeric(10,2)' },
    ],
  },
  { op: 'createTable', table: 'loose', columns: [{ name: 'a', type: 'integer', nullable: false }, { name: 'b', type: 'text' }, { name: 'ref', type: 'integer', references: { table: 'parent', column: 'id' } }] },
  { op: 'createIndex', name: 'ix_child_title', table: 'child', columns: ['title'] },
  { op: 'insert', table: 'parent', rows: [{ id: 1, name: 'one', score: 5 }, { id: 2, name: 'two', note: "it's" }] },
  { op: 'insert', table: 'child', rows: [{ id: 1, parent_id: 1, title: 'a', amount: 1.5 }, { id: 2, parent_id: 2, title: 'b' }] },
  { op: 'insert', table: 'loose', rows: [{ a: 1, b: 'x' }] },
];

interface Case { name: string; ops: Op[]; downgrade?: Op[]; untracked?: boolean }

const CASES: Case[] = [
  { name: 'createTable', ops: [{ op: 'createTable', table: 'fresh', columns: [{ name: 'id', type: 'bigint', primaryKey: true, autoincrement: true }, { name: 'p', type: 'integer', references: { table: 'parent', column: 'id' } }, { name: 'at', type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } }], uniques: [{ columns: ['p', 'at'] }], checks: [{ expression: 'p > 0' }], comment: 'new' }] },
  { name: 'dropTable', ops: [{ op: 'dropTable', table: 'child' }] },
  { name: 'renameTable', ops: [{ op: 'renameTable', table: 'child', to: 'kid' }] },
  { name: 'addColumn (nullable)', ops: [{ op: 'addColumn', table: 'parent', column: { name: 'extra', type: 'date' } }] },
  { name: 'addColumn (NOT NULL with default)', ops: [{ op: 'addColumn', table: 'parent', column: { name: 'flag', type: 'boolean', nullable: false, default: false } }] },
  { name: 'addColumn (unique, references)', ops: [{ op: 'addColumn', table: 'child', column: { name: 'code', type: 'varchar(10)', unique: true } }, { op: 'addColumn', table: 'loose', column: { name: 'parent_id', type: 'integer', references: { table: 'parent', column: 'id', onDelete: 'set null' } } }] },
  { name: 'dropColumn (plain)', ops: [{ op: 'dropColumn', table: 'parent', column: 'note' }] },
  { name: 'dropColumn (indexed)', ops: [{ op: 'dropColumn', table: 'child', column: 'title' }] },
  { name: 'dropColumn (with check)', ops: [{ op: 'dropColumn', table: 'parent', column: 'score' }] },
  // (A NOT NULL column without default cannot come back onto a table with rows: that downgrade is structure-only, see verify.)
  { name: 'dropColumn (foreign key)', ops: [{ op: 'dropColumn', table: 'loose', column: 'ref' }] },
  { name: 'renameColumn', ops: [{ op: 'renameColumn', table: 'parent', column: 'score', to: 'points' }] },
  { name: 'alterColumn type integer -> bigint', ops: [{ op: 'alterColumn', table: 'parent', column: 'score', type: 'bigint' }] },
  { name: 'alterColumn type varchar(40) -> varchar(100)', ops: [{ op: 'alterColumn', table: 'child', column: 'title', type: 'varchar(100)' }] },
  { name: 'alterColumn type with using', ops: [{ op: 'alterColumn', table: 'loose', column: 'b', type: 'integer', using: { postgresql: 'length(b)', sqlite: 'length(b)' }, downgradeUsing: { postgresql: 'b::text', sqlite: 'CAST(b AS TEXT)' } }] },
  { name: 'alterColumn nullable', ops: [{ op: 'alterColumn', table: 'child', column: 'title', nullable: false }] },
  { name: 'alterColumn default', ops: [{ op: 'alterColumn', table: 'parent', column: 'score', default: 7 }, { op: 'alterColumn', table: 'loose', column: 'b', default: 'x' }] },
  { name: 'alterColumn drop default', ops: [{ op: 'alterColumn', table: 'parent', column: 'score', default: null }] },
  { name: 'alterColumn comment', ops: [{ op: 'alterColumn', table: 'parent', column: 'note', comment: 'free text' }] },
  { name: 'createIndex (plain, unique, expression, partial)', ops: [
    { op: 'createIndex', table: 'parent', columns: ['score'] },
    { op: 'createIndex', table: 'loose', columns: ['a'], unique: true },
    { op: 'createIndex', table: 'parent', name: 'ix_parent_lower_name', columns: [{ expression: 'lower(name)' }] },
    { op: 'createIndex', table: 'child', name: 'ix_child_partial', columns: ['amount'], where: 'amount IS NOT NULL' },
  ] },
  { name: 'createIndex concurrently', ops: [{ op: 'createIndex', table: 'parent', columns: ['note'], concurrently: true }] },
  { name: 'dropIndex', ops: [{ op: 'dropIndex', name: 'ix_child_title' }] },
  { name: 'addForeignKey', ops: [{ op: 'addForeignKey', table: 'loose', columns: ['a'], references: { table: 'parent', columns: ['id'] }, onDelete: 'cascade' }] },
  { name: 'addForeignKey not valid', ops: [{ op: 'addForeignKey', table: 'loose', columns: ['a'], references: { table: 'parent', columns: ['id'] }, notValid: true }] },
  { name: 'addUnique', ops: [{ op: 'addUnique', table: 'child', columns: ['parent_id', 'title'] }] },
  // Regression: the derived downgrade drops a unique that repeats the referenced primary key; the foreign key depends on the key, not on it.
  { name: 'addUnique on a referenced primary key\'s columns', ops: [{ op: 'addUnique', table: 'parent', columns: ['id'] }] },
  { name: 'addCheck', ops: [{ op: 'addCheck', table: 'child', expression: 'amount >= 0' }] },
  { name: 'addPrimaryKey', ops: [{ op: 'addPrimaryKey', table: 'loose', columns: ['a'] }] },
  { name: 'dropConstraint (unique, check, foreign key)', ops: [
    { op: 'dropConstraint', table: 'parent', name: 'ck_parent_score' },
    { op: 'dropConstraint', table: 'child', name: 'fk_child_parent_id_parent' },
  ] },
  { name: 'dropConstraint (primary key)', ops: [{ op: 'dropConstraint', table: 'child', name: 'pk_child' }] },
  { name: 'createSequence / dropSequence', ops: [{ op: 'createSequence', name: 'seq2', start: 5, increment: 2, only: ['postgresql'] }, { op: 'dropSequence', name: 'counter', only: ['postgresql'] }] },
  { name: 'createEnum / dropEnum', ops: [{ op: 'createEnum', name: 'color', values: ['red', "it's"] }, { op: 'addColumn', table: 'loose', column: { name: 'c', type: 'enum:color' } }] },
  { name: 'dropEnum', ops: [{ op: 'dropColumn', table: 'parent', column: 'mood' }, { op: 'dropEnum', name: 'mood' }] },
  { name: 'insert', ops: [{ op: 'insert', table: 'parent', rows: [{ id: 3, name: 'three' }, { id: 4, name: "O'Reilly", note: null }] }] },
  // Raw SQL is verbatim: the model does not know what it creates, so only the round trip is checked.
  { name: 'sql with downgrade', untracked: true, ops: [{ op: 'sql', sql: 'CREATE TABLE raw_t (x integer)', downgrade: 'DROP TABLE raw_t' }] },
  // The revision's BEGIN/COMMIT would make PostgreSQL refuse these: they run outside it, as createIndex concurrently does.
  { name: 'sql with CONCURRENTLY', untracked: true, ops: [{ op: 'sql', sql: { postgresql: 'CREATE INDEX CONCURRENTLY ix_raw_note ON parent (note)', sqlite: 'CREATE INDEX ix_raw_note ON parent (note)' }, downgrade: { postgresql: 'DROP INDEX CONCURRENTLY ix_raw_note', sqlite: 'DROP INDEX ix_raw_note' } }] },
  { name: 'explicit downgrade', ops: [{ op: 'addColumn', table: 'loose', column: { name: 'z', type: 'integer' } }], downgrade: [{ op: 'dropColumn', table: 'loose', column: 'z' }] },
];

const ctxApply = { namer: new Namer() };

function byName<T extends { tables: { columns: { name: string }[] }[] }>(c: T): T {
  return { ...c, tables: c.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })) };
}

/**
 * psql sends a script statement by statement; PGlite's exec() would run the
 * whole text as one implicit transaction, where CREATE INDEX CONCURRENTLY is
 * refused. So split it the way the server parses it.
 */
async function execScript(dialect: Dialect, s: EngineSession, text: string): Promise<void> {
  if (dialect.name !== 'postgresql') return s.exec(text);
  const { parse } = await import('libpg-query');
  const bytes = Buffer.from(text, 'utf8');
  const tree = await parse(text) as { stmts: { stmt_location?: number; stmt_len?: number }[] };
  for (const st of tree.stmts) {
    const start = st.stmt_location ?? 0;
    const end = st.stmt_len ? start + st.stmt_len : bytes.length;
    await s.exec(bytes.subarray(start, end).toString('utf8'));
  }
}

async function runCase(dialect: Dialect, s: EngineSession, c: Case): Promise<void> {
  const revs = chain([
    { id: 'base', message: 'base', upgrade: BASE },
    { id: 'step', message: c.name, upgrade: c.ops, ...(c.downgrade ? { downgrade: c.downgrade } : {}) },
  ]);
  const compiled = compileDialect(revs, dialect, ctxApply).revisions;
  const graph = new GraphView(revs);
  const ctx: PlanContext = { dialect, graph, templates: new Templates(), versionTable: 'sqlrev_version' };
  const script = (block: ReturnType<typeof upgradeBlock>, first: boolean) =>
    renderScript(ctx, [renderBlock(ctx, block)], { title: c.name, source: 'test', path: 'x.sql', createVersionTable: first, dropVersionTable: false });
  if (dialect.name === 'postgresql') {
    const { parse } = await import('libpg-query');
    for (const cr of compiled) {
      const lists = [cr.upgrade, Array.isArray(cr.downgrade) ? cr.downgrade : []];
      for (const list of lists) for (const r of list) for (const st of r.statements) await parse(st.sql);
    }
  }
  const exec = (text: string) => execScript(dialect, s, text);
  await exec(script(upgradeBlock(ctx, compiled[0]!), true));
  const before = await s.read({ versionTable: 'sqlrev_version' });
  await exec(script(upgradeBlock(ctx, compiled[1]!), false));
  // After the upgrade the engine holds exactly what the model says.
  const state = new MutableSchema();
  const after = compileDialect(revs, dialect, ctxApply, state).state;
  const mismatches = compareCatalogs(await s.settle(expectedCatalog(after, dialect)), await s.read({ versionTable: 'sqlrev_version' }));
  if (!c.untracked) assert.equal(mismatches, [], `${dialect.name} ${c.name}: catalog after upgrade equals the model`);
  await exec(script(downgradeBlock(ctx, compiled[1]!), false));
  const back = await s.read({ versionTable: 'sqlrev_version' });
  // A column dropped and added back comes last: the same table for every
  // query and schema diff, so column order is not compared here.
  assert.equal(byName(back), byName(before), `${dialect.name} ${c.name}: catalog after downgrade equals the catalog before`);
}

for (const dialect of Object.values(DIALECTS)) {
  const test = suite(`per-op round trip on ${dialect.displayName}`);
  let session: EngineSession;
  test.before(async () => { session = await ENGINES[dialect.name].open(); });
  test.after(async () => { await session.close(); });
  test.before.each(async () => {
    await session.exec('ROLLBACK').catch(() => {}); // a failed case may leave a transaction open
    await session.reset();
    await session.exec('DROP TABLE IF EXISTS sqlrev_version');
  });
  for (const c of CASES) test(c.name, () => runCase(dialect, session, c));
  test.run();
}
