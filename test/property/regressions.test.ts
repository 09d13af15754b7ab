/**
 * Bugs the round-trip property found, each as the smallest revision chain
 * that showed it (run through the same verify as the generated chains), plus
 * the seeds that found them (with the generator as it is now).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Op } from '../../src/ops/types.js';
import type { RevisionDocument } from '../../src/revisions/types.js';
import { formatVerifyText } from '../../src/verify/report.js';
import { closeSessions, describeFailure, openSessions, runChain, runSeed, type Sessions } from './runner.js';

function chain(...revisions: Op[][]): { seed: number; revisions: RevisionDocument[] } {
  const ids = revisions.map((_, i) => `feed0000000${i + 1}`);
  return {
    seed: 0,
    revisions: revisions.map((upgrade, i) => ({ id: ids[i]!, parent: i === 0 ? null : ids[i - 1]!, message: `regression ${i + 1}`, upgrade })),
  };
}

let sessions: Sessions;
const test = suite('property/regressions: chains that once failed the round trip');
test.before(async () => { sessions = await openSessions(); });
test.after(async () => { await closeSessions(sessions); });

async function passes(c: ReturnType<typeof chain>) {
  const o = await runChain(c, sessions);
  assert.equal(o.problems, [], o.report ? formatVerifyText(o.report) : o.problems.join('\n'));
  for (const d of Object.values(o.report!.dialects)) assert.is(d!.revisions.length, c.revisions.length);
  return o.report!;
}

test('renaming a column used in a CHECK, an expression index and a partial-index predicate (seeds 18, 20)', async () => {
  // The model wrote the new name bare (`select > 0` does not parse; `Order` folds
  // to order on PostgreSQL) and SQLite kept each old reference's quoting: the
  // CHECK text differed. Now both write "new".
  const names = ['created_19', 'select', 'Order', 'a"b', '名前'];
  await passes(chain(
    [{
      op: 'createTable', table: 't',
      columns: names.map((_, i) => ({ name: `c${i}`, type: 'integer' })),
      checks: names.map((_, i) => ({ expression: `"c${i}" >= 0 AND c${i} < 100` })),
    },
    { op: 'createIndex', table: 't', columns: [{ expression: 'c0 + 1' }, 'c1'], where: '"c2" > 0' }],
    names.map((to, i): Op => ({ op: 'renameColumn', table: 't', column: `c${i}`, to })),
    // A rebuild on SQLite writes the model's text back: it must still be right.
    [{ op: 'alterColumn', table: 't', column: 'select', type: 'bigint' }],
  ));
});

test('a UNIQUE that repeats the primary key or another UNIQUE in createTable (seeds 8, 14, 39, 43, 51)', async () => {
  // PostgreSQL's CREATE TABLE silently drops such a repeat (now added by
  // ALTER TABLE after it); SQLite builds one index for both (the catalog
  // reader now reports both constraints).
  await passes(chain(
    [{
      op: 'createTable', table: 'k',
      columns: [
        { name: 'id', type: 'integer', unique: true },
        { name: 'code', type: 'varchar(10)', unique: true },
        { name: 'n', type: 'text' },
      ],
      primaryKey: { columns: ['id'] },
      uniques: [{ name: 'uq_code_again', columns: ['code'] }, { columns: ['code', 'n'] }, { columns: ['n', 'code'] }],
    }],
    [{ op: 'dropConstraint', table: 'k', name: 'uq_code_again' }, { op: 'dropConstraint', table: 'k', name: 'uq_k_id' }],
  ));
});

test('two foreign keys on the same columns that differ only in their actions (seed 196)', async () => {
  // The SQLite reader paired PRAGMA foreign_key_list rows with the CREATE TABLE
  // clauses by columns only, and swapped the two names.
  await passes(chain(
    [{ op: 'createTable', table: 'p', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'ref', type: 'integer' }] }],
    [
      { op: 'addForeignKey', table: 'p', columns: ['ref'], references: { table: 'p', columns: ['id'] } },
      { op: 'addForeignKey', name: 'fk_second', table: 'p', columns: ['ref'], references: { table: 'p', columns: ['id'] }, onDelete: 'restrict', onUpdate: 'set null' },
    ],
  ));
});

test('a dropped column comes back last after the downgrade (seeds 2, 7, 13): order is compared on the way up only', async () => {
  const report = await passes(chain(
    [{ op: 'createTable', table: 'o', columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'text', default: 'x' }, { name: 'c', type: 'real' }] }],
    [{ op: 'dropColumn', table: 'o', column: 'b' }],
  ));
  assert.equal(report.dialects.postgresql!.revisions.map((r) => r.downgrade), ['exact', 'structure-only']);
});

for (const seed of [2, 8, 14, 18, 30, 39, 43, 51, 196]) {
  test(`seed ${seed}`, async () => {
    const o = await runSeed(seed, sessions);
    if (o.problems.length) assert.unreachable(describeFailure(o));
  });
}

test.run();
