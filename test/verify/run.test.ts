/**
 * verifyProject on both engines, with projects made to pass and made to
 * fail in each way verify must notice: a downgrade that does not undo, SQL
 * the model does not know about, a script the engine refuses, an impossible
 * downgrade, version-table bookkeeping gone wrong. Each case asserts the
 * exact finding (revision, object, expected, actual), not just a failure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DIALECT_NAMES } from '../../src/dialects/registry.js';
import type { DialectName, Op } from '../../src/ops/types.js';
import { loadProject } from '../../src/project.js';
import type { RevisionDocument } from '../../src/revisions/types.js';
import { formatVerifyJson, formatVerifyText } from '../../src/verify/report.js';
import { verifyProject, type DialectResult, type VerifyOptions } from '../../src/verify/run.js';
import { closeSessions, openSessions, type Sessions } from '../property/runner.js';

const dirs: string[] = [];
process.once('exit', () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A project whose revisions are `chain` (each: upgrade ops, optional downgrade), one after the other. */
function project(chain: Array<{ upgrade: Op[]; downgrade?: Op[] }>): { dir: string; ids: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-verify-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'revisions'));
  const ids = chain.map((_, i) => `00000000000${i + 1}`);
  chain.forEach((r, i) => {
    const doc: RevisionDocument = { id: ids[i]!, parent: i === 0 ? null : ids[i - 1]!, message: `step ${i + 1}`, upgrade: r.upgrade };
    if (r.downgrade) doc.downgrade = r.downgrade;
    writeFileSync(join(dir, 'revisions', `${ids[i]}_step.json`), JSON.stringify(doc, null, 2));
  });
  return { dir, ids };
}

let sessions: Sessions;
async function verify(dir: string, opts: VerifyOptions = {}) {
  return verifyProject(await loadProject(dir), { sessions, ...opts });
}

const USERS: Op = {
  op: 'createTable', table: 'users',
  columns: [
    { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
    { name: 'email', type: 'varchar(100)', nullable: false, unique: true },
    { name: 'score', type: 'double', default: 0 },
  ],
  checks: [{ name: 'ck_score', expression: 'score >= 0' }],
};

/** How each engine reports the portable type `text`. */
const TEXT: Record<DialectName, string> = { postgresql: 'text', sqlite: 'TEXT' };

const test = suite('verify/run: verifyProject on PGlite and sql.js');
test.before(async () => { sessions = await openSessions(); });
test.after(async () => { await closeSessions(sessions); });

const each = (report: Awaited<ReturnType<typeof verify>>, fn: (d: DialectResult, name: DialectName) => void) => {
  for (const name of DIALECT_NAMES) {
    const d = report.dialects[name];
    assert.ok(d, `${name} was verified`);
    fn(d!, name);
  }
};

test('a correct chain: every step ok, downgrades classified, base empty, up again ok', async () => {
  const { dir, ids } = project([
    { upgrade: [USERS, { op: 'createIndex', table: 'users', columns: [{ expression: 'lower(email)' }], where: 'score > 0' }] },
    { upgrade: [{ op: 'addColumn', table: 'users', column: { name: 'nick', type: 'text' } }, { op: 'alterColumn', table: 'users', column: 'score', type: 'real' }] },
    { upgrade: [{ op: 'renameColumn', table: 'users', column: 'email', to: 'Mail' }, { op: 'dropColumn', table: 'users', column: 'nick' }] },
  ]);
  const report = await verify(dir);
  assert.ok(report.summary.ok);
  each(report, (d, name) => {
    assert.equal(d.revisions.map((r) => [r.id, r.upgrade, r.downgradeRun, r.upgradeAgain]), ids.map((id) => [id, 'ok', 'ok', 'ok']), name);
    assert.is(d.base, 'empty');
    assert.is(d.stopped, undefined);
    assert.equal(d.revisions.map((r) => r.downgrade), [
      'exact',
      // double -> real rounds values on PostgreSQL; on SQLite both are REAL, nothing changes.
      name === 'postgresql' ? 'structure-only' : 'exact',
      'structure-only',
    ], name);
    assert.equal(d.revisions[2]!.because, ['drops column users.nick']);
  });
  assert.equal(report.summary, { revisions: 3, mismatches: 0, errors: 0, exact: 3, structureOnly: 3, impossible: 0, ok: true });
});

test('a downgrade that does not undo its upgrade is a mismatch at that revision', async () => {
  const { dir, ids } = project([
    { upgrade: [USERS] },
    // The explicit downgrade forgets the column.
    { upgrade: [{ op: 'addColumn', table: 'users', column: { name: 'nick', type: 'text' } }], downgrade: [{ op: 'alterColumn', table: 'users', column: 'score', default: 1 }] },
  ]);
  const report = await verify(dir);
  assert.not.ok(report.summary.ok);
  each(report, (d, name) => {
    const r = d.revisions[1]!;
    assert.is(r.id, ids[1]);
    assert.is(r.upgrade, 'ok');
    assert.is(r.downgradeRun, 'mismatch');
    const byObject = new Map(r.mismatches.map((m) => [m.object, m]));
    assert.equal(byObject.get('column users.nick'), { phase: 'downgrade', object: 'column users.nick', expected: '(none)', actual: TEXT[name] }, name);
    assert.ok(byObject.get('column users.score')?.actual.startsWith('DEFAULT 1'), `${name}: ${JSON.stringify(r.mismatches)}`);
    assert.is(r.mismatches.length, 2);
    // The first revision's downgrade drops the table, leftovers and all: base is empty, and up again is clean.
    assert.is(d.base, 'empty');
    assert.equal(d.revisions.map((x) => x.upgradeAgain), ['ok', 'ok']);
  });
});

test('SQL the model does not know about is reported where it ran, and a clean downgrade clears it', async () => {
  const { dir } = project([
    { upgrade: [USERS] },
    { upgrade: [{ op: 'sql', sql: 'CREATE TABLE audit_log (id integer)', downgrade: 'DROP TABLE audit_log' }] },
  ]);
  const report = await verify(dir);
  each(report, (d) => {
    const r = d.revisions[1]!;
    assert.is(r.upgrade, 'mismatch');
    assert.equal(r.mismatches.filter((m) => m.phase === 'upgrade'), [{ phase: 'upgrade', object: 'table audit_log', expected: '(none)', actual: 'columns (id)' }]);
    assert.is(r.downgradeRun, 'ok');
    assert.is(d.base, 'empty');
  });
  assert.is(report.summary.mismatches, 4); // up and up again, on two engines
});

test('a script the engine refuses is an error with the engine message; the way down starts below it', async () => {
  const { dir, ids } = project([
    { upgrade: [USERS] },
    { upgrade: [{ op: 'sql', sql: 'INSERT INTO nowhere VALUES (1)', downgrade: 'DELETE FROM nowhere' }] },
    { upgrade: [{ op: 'dropTable', table: 'users' }] },
  ]);
  const report = await verify(dir);
  assert.is(report.summary.errors, 2);
  assert.not.ok(report.summary.ok);
  each(report, (d, name) => {
    const [first, failed, after] = d.revisions;
    assert.is(failed!.upgrade, 'error');
    assert.match(failed!.errors[0]!.message, name === 'postgresql' ? 'relation "nowhere" does not exist' : 'no such table: nowhere');
    if (name === 'postgresql') assert.is(failed!.errors[0]!.statement, 'INSERT INTO nowhere VALUES (1)');
    assert.equal(d.stopped, { id: ids[1]!, phase: 'upgrade', reason: `its upgrade script failed: ${failed!.errors[0]!.message}` });
    assert.is(after!.upgrade, 'not run');
    assert.is(failed!.downgradeRun, 'not run');
    // The failed script was rolled back: the first revision still goes down to an empty base, and up again.
    assert.is(first!.downgradeRun, 'ok');
    assert.is(first!.upgradeAgain, 'ok');
    assert.is(d.base, 'empty');
  });
});

test('a root revision the engine refuses: nothing applied, base still empty', async () => {
  const { dir, ids } = project([
    { upgrade: [USERS, { op: 'sql', sql: 'SELECT no_such_function()', downgrade: 'SELECT 1' }] },
    { upgrade: [{ op: 'dropTable', table: 'users' }] },
  ]);
  const report = await verify(dir);
  each(report, (d) => {
    assert.equal(d.revisions.map((r) => [r.upgrade, r.downgradeRun, r.upgradeAgain]), [['error', 'not run', 'not run'], ['not run', 'not run', 'not run']]);
    assert.is(d.stopped?.id, ids[0]);
    assert.is(d.base, 'empty');
    assert.equal(d.revisions[0]!.mismatches, []);
  });
});

test('an impossible downgrade stops the way down there', async () => {
  const { dir, ids } = project([
    { upgrade: [USERS] },
    { upgrade: [{ op: 'sql', sql: 'UPDATE users SET score = 1' }] },
    { upgrade: [{ op: 'addColumn', table: 'users', column: { name: 'nick', type: 'text' } }] },
  ]);
  const report = await verify(dir);
  assert.ok(report.summary.ok, 'impossible is a classification, not a mismatch');
  assert.is(report.summary.impossible, 2);
  each(report, (d) => {
    assert.equal(d.revisions.map((r) => [r.upgrade, r.downgrade, r.downgradeRun, r.upgradeAgain]), [
      ['ok', 'exact', 'not run', 'not run'],
      ['ok', 'impossible', 'not run', 'not run'],
      ['ok', 'exact', 'ok', 'ok'],
    ]);
    assert.is(d.base, 'not reached');
    assert.is(d.stopped?.id, ids[1]);
    assert.match(d.stopped!.reason, /^its downgrade is impossible: /);
  });
  assert.match(formatVerifyText(report), `stopped at ${ids[1]} (downgrade): its downgrade is impossible`);
});

test('the version table must name exactly the applied heads', async () => {
  const { dir } = project([
    { upgrade: [USERS] },
    { upgrade: [{ op: 'sql', sql: "INSERT INTO sqlrev_version (version_num) VALUES ('stray')", downgrade: "DELETE FROM sqlrev_version WHERE version_num = 'stray'" }] },
  ]);
  const report = await verify(dir);
  each(report, (d) => {
    const r = d.revisions[1]!;
    assert.is(r.upgrade, 'mismatch');
    assert.equal(r.mismatches.find((m) => m.phase === 'upgrade'), {
      phase: 'upgrade', object: 'version table sqlrev_version', expected: "rows '000000000002'", actual: 'other rows, or no table',
    });
    assert.is(r.downgradeRun, 'ok');
  });
});

test('--to stops at a revision; classification: using, lossless and lossy type changes, dropped sequences', async () => {
  // (No CHECK on the converted column: PostgreSQL re-parses a dependent CHECK with
  // the old type's casts, `(score)::double precision >= (0)::double precision`.)
  const table: Op = { op: 'createTable', table: 'users', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'email', type: 'varchar(100)' }, { name: 'score', type: 'double' }] };
  const { dir, ids } = project([
    { upgrade: [table, { op: 'createSequence', name: 'seq', only: ['postgresql'] }] },
    { upgrade: [{ op: 'alterColumn', table: 'users', column: 'email', type: 'text' }] },
    {
      upgrade: [{
        op: 'alterColumn', table: 'users', column: 'score', type: 'bigint',
        using: { postgresql: 'round(score)::bigint', sqlite: 'CAST(round(score) AS INTEGER)' },
        downgradeUsing: { postgresql: 'score::double precision', sqlite: 'CAST(score AS REAL)' },
      }],
    },
    { upgrade: [{ op: 'dropSequence', name: 'seq', only: ['postgresql'] }] },
    { upgrade: [{ op: 'dropTable', table: 'users' }] },
  ]);
  const all = await verify(dir);
  assert.ok(all.summary.ok, formatVerifyText(all));
  assert.equal(all.dialects.postgresql!.revisions.map((r) => r.downgrade), ['exact', 'exact', 'structure-only', 'structure-only', 'structure-only']);
  assert.equal(all.dialects.postgresql!.revisions.map((r) => r.because), [
    [], [], ['converts users.score with USING'], ['drops sequence seq (its position is lost)'], ['drops table users'],
  ]);
  // The sequence op is PostgreSQL-only: on SQLite that revision does nothing and loses nothing.
  assert.equal(all.dialects.sqlite!.revisions.map((r) => r.downgrade), ['exact', 'exact', 'structure-only', 'exact', 'structure-only']);

  const partial = await verify(dir, { to: ids[1]! });
  each(partial, (d) => {
    assert.equal(d.revisions.map((r) => r.id), ids.slice(0, 2));
    assert.is(d.base, 'empty');
  });
});

test('column order is compared on the way up only: a restored column comes back last', async () => {
  const { dir } = project([
    { upgrade: [USERS] },
    { upgrade: [{ op: 'dropColumn', table: 'users', column: 'email' }] },
    { upgrade: [{ op: 'addColumn', table: 'users', column: { name: 'nick', type: 'text' } }] },
  ]);
  const report = await verify(dir);
  assert.ok(report.summary.ok, formatVerifyText(report));
});

test('json output: one object, dialects -> revisions with statuses and findings, and the summary', async () => {
  const { dir, ids } = project([
    { upgrade: [USERS] },
    { upgrade: [{ op: 'addColumn', table: 'users', column: { name: 'nick', type: 'text' } }], downgrade: [] },
  ]);
  const report = await verify(dir, { again: false });
  const json = JSON.parse(formatVerifyJson(report));
  assert.equal(Object.keys(json), ['dialects', 'skipped', 'summary']);
  assert.equal(Object.keys(json.dialects), ['postgresql', 'sqlite']);
  const r = json.dialects.sqlite.revisions[1];
  assert.equal(
    { id: r.id, upgrade: r.upgrade, downgrade: r.downgrade, downgradeRun: r.downgradeRun, mismatches: r.mismatches },
    { id: ids[1], upgrade: 'ok', downgrade: 'exact', downgradeRun: 'mismatch', mismatches: [{ phase: 'downgrade', object: 'column users.nick', expected: '(none)', actual: 'TEXT' }] },
  );
  assert.not.ok('upgradeAgain' in r, 'not upgraded again when asked not to');
  assert.equal(json.summary, { revisions: 2, mismatches: 2, errors: 0, exact: 4, structureOnly: 0, impossible: 0, ok: false });
});

test.run();
