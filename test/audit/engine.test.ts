import assert from 'node:assert/strict';
import { test } from 'uvu';
import { runAudit, failsGate } from '../../src/audit/engine.js';
import { SqlrevError } from '../../src/errors.js';
import { audit, auditOps, byRule, chain, config, none, one, posOf, revisionFrom, TASK } from './helpers.js';

const ALEMBIC = `-- Running upgrade  -> a1
CREATE TABLE t (id int primary key, x text);
INSERT INTO alembic_version (version_num) VALUES ('a1');
-- Running upgrade a1 -> b2
CREATE INDEX ix ON t (x);
ALTER TABLE t ADD COLUMN y int NOT NULL, ALTER COLUMN x TYPE integer;
UPDATE t SET x = '1';
CREATE INDEX CONCURRENTLY ix2 ON t (y);
SELEC 1;
`;

test('.sql file: Alembic markers make a table of an earlier revision existing; findings at file line:column', async () => {
  const result = await runAudit({ config: config({ dialects: ['postgresql'] }), sqlFiles: [{ file: 'migrations/all.sql', text: ALEMBIC }] });
  const at = (rule: string) => { const f = one(result, rule); return [f.line, f.column, f.revision, f.dialect]; };
  assert.deepEqual(at('index-not-concurrent'), [5, 1, 'b2', undefined]);
  assert.deepEqual(at('add-not-null-without-default'), [6, 15, 'b2', undefined]);
  assert.deepEqual(at('unsafe-cast'), [6, 42, 'b2', undefined]);
  assert.deepEqual(at('data-migration'), [7, 1, 'b2', undefined]);
  assert.deepEqual(at('non-transactional'), [8, 1, 'b2', undefined]);
  assert.deepEqual(at('sql-syntax'), [9, 1, 'b2', undefined]);
  assert.match(one(result, 'sql-syntax').message, /PostgreSQL rejects this SQL: syntax error at or near "SELEC"/);
  assert.match(one(result, 'unsafe-cast').message, /alterColumn t\.x text -> integer fails on PostgreSQL/);
  // The version-table INSERT is bookkeeping, not a data migration.
  assert.equal(byRule(result, 'data-migration').length, 1);
  assert.equal(result.findings.every((f) => f.file === 'migrations/all.sql' && f.op === undefined), true);
  assert.equal(result.sources.get('migrations/all.sql'), ALEMBIC);
});

test('.sql file without markers: a table created earlier in the same file is new', async () => {
  const text = 'CREATE TABLE t (id int primary key, x text);\nCREATE INDEX ix ON t (x);\n';
  const result = await runAudit({ config: config({ dialects: ['postgresql'] }), sqlFiles: [{ file: 'a.sql', text }] });
  none(result, 'index-not-concurrent');
  assert.equal(result.findings.length, 0, JSON.stringify(result.findings));
});

test('.sql file: a table the file does not create is assumed to exist already', async () => {
  const result = await runAudit({ config: config(), sqlFiles: [{ file: 'b.sql', text: 'CREATE INDEX ix ON orders (customer_id);\n' }] });
  const f = one(result, 'index-not-concurrent');
  // Audited as PostgreSQL only, while sqlite is configured too: the finding names its dialect.
  assert.equal(f.dialect, 'postgresql');
  assert.equal(f.revision, undefined);
});

test('sql op: statements are located inside the JSON string, escapes included', async () => {
  const revs = chain(
    { id: 'a1', upgrade: [TASK] },
    { id: 'b2', upgrade: [{ op: 'sql', sql: 'UPDATE task SET note = "x";\nCREATE INDEX ix_t ON task (title);\nSELEC 1', downgrade: 'DROP INDEX ix_t' }] },
  );
  const result = await audit(revs, { dialects: ['postgresql'] });
  const rev = revs[1]!;
  const sqlAt = posOf(rev, '"UPDATE');
  const dm = one(result, 'data-migration');
  assert.deepEqual([dm.line, dm.column, dm.op], [sqlAt.line, sqlAt.column + 1, 0]);
  // After `\"x\";\n` (escapes are 2 source characters each) comes CREATE INDEX.
  const ix = one(result, 'index-not-concurrent');
  assert.deepEqual([ix.line, ix.column], [sqlAt.line, rev.text.split('\n')[sqlAt.line - 1]!.indexOf('CREATE INDEX') + 1]);
  const syn = one(result, 'sql-syntax');
  assert.equal(syn.column, rev.text.split('\n')[sqlAt.line - 1]!.indexOf('SELEC 1') + 1);
  none(result, 'irreversible-downgrade');
});

test('a finding on every configured dialect is merged; one on some keeps its dialect', async () => {
  const { result } = await auditOps([TASK], [
    { op: 'dropColumn', table: 'task', column: 'note' },
    { op: 'createIndex', table: 'task', columns: ['title'] },
  ]);
  assert.equal(one(result, 'destructive').dialect, undefined);
  assert.equal(one(result, 'index-not-concurrent').dialect, 'postgresql');
});

test('findings are sorted by file, line, column, rule, dialect', async () => {
  const revs = chain(
    { id: 'a1', upgrade: [TASK] },
    { id: 'b2', upgrade: [{ op: 'dropColumn', table: 'task', column: 'note' }, { op: 'renameTable', table: 'task', to: 'todo' }] },
    { id: 'c3', upgrade: [{ op: 'dropTable', table: 'todo' }] },
  );
  const result = await audit(revs);
  const keys = result.findings.map((f) => `${f.file}:${String(f.line).padStart(4)}:${String(f.column).padStart(4)}:${f.rule}:${f.dialect ?? ''}`);
  assert.deepEqual(keys, [...keys].sort());
  assert.deepEqual(result.findings.map((f) => f.rule), ['destructive', 'rename', 'destructive']);
  assert.deepEqual(result.summary, { error: 0, warning: 3 });
});

test('model errors become unknown-reference findings and the audit goes on', async () => {
  const revs = chain(
    { id: 'a1', upgrade: [TASK] },
    { id: 'b2', upgrade: [{ op: 'dropColumn', table: 'task', column: 'nope' }, { op: 'dropColumn', table: 'task', column: 'note' }] },
  );
  const result = await audit(revs);
  const f = one(result, 'unknown-reference');
  assert.equal(f.severity, 'error');
  assert.equal(f.op, 0);
  assert.deepEqual([f.line, f.column], [posOf(revs[1]!, '"nope"').line, posOf(revs[1]!, '"nope"').column]);
  assert.match(f.message, /column "nope" does not exist in table "task": the migration fails here/);
  assert.match(f.help!, /its columns are: id, title, note/);
  one(result, 'destructive');
  assert.equal(failsGate(result, 'error'), true);
});

test('config: severities, "off", and unknown rule ids', async () => {
  const { result } = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note' }], { rules: { destructive: 'error' } });
  assert.equal(one(result, 'destructive').severity, 'error');
  const off = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note' }], { rules: { destructive: 'off' } });
  none(off.result, 'destructive');
  assert.equal(off.result.rules.some((r) => r.meta.id === 'destructive'), false);
  await assert.rejects(
    runAudit({ config: config({ rules: { destrutive: 'off' } }), revisions: [] }),
    (e: unknown) => e instanceof SqlrevError && /unknown audit rule "destrutive"/.test(e.message) && /did you mean "destructive"\?/.test(e.message),
  );
});

test('failsGate: warnings fail only with failOn warning', async () => {
  const { result } = await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note' }]);
  assert.equal(failsGate(result, 'error'), false);
  assert.equal(failsGate(result, 'warning'), true);
});

test('suppressions: allow with a reason silences the rule on that op', async () => {
  const { result } = await auditOps([TASK], [
    { op: 'dropColumn', table: 'task', column: 'note', audit: { allow: ['destructive'], reason: 'the column was never written' } },
  ]);
  assert.equal(result.findings.length, 0, JSON.stringify(result.findings));
});

test('suppressions: no reason, unknown rule, stale allowance are suppression errors', async () => {
  const { result, revisions } = await auditOps([TASK], [
    { op: 'dropColumn', table: 'task', column: 'note', audit: { allow: ['destructive', 'destrucive', 'rename'] } },
  ]);
  const list = byRule(result, 'suppression');
  assert.equal(list.length, 3, JSON.stringify(list, null, 2));
  assert.ok(list.every((f) => f.severity === 'error' && f.op === 0 && f.dialect === undefined));
  const rev = revisions[1]!;
  const [noReason, unknown, stale] = list as [typeof list[0], typeof list[0], typeof list[0]];
  assert.deepEqual([noReason.line, noReason.column], [posOf(rev, '{', '"audit"').line, posOf(rev, '{', '"audit"').column]);
  assert.match(noReason.message, /without a reason/);
  assert.match(unknown.message, /"destrucive" is not an audit rule/);
  assert.match(unknown.help!, /did you mean "destructive"\?/);
  assert.match(stale.message, /"rename" is allowed here but reports nothing on this op/);
  none(result, 'destructive');
});

test('a merged revision list with two heads reports multiple-heads at each head', async () => {
  const revs = [
    revisionFrom({ id: 'root', parent: null, upgrade: [TASK] }),
    revisionFrom({ id: 'left', parent: 'root', upgrade: [] }),
    revisionFrom({ id: 'right', parent: 'root', upgrade: [] }),
  ];
  const result = await audit(revs);
  const list = byRule(result, 'multiple-heads');
  const idLine = (i: number) => revs[i]!.source.locate(['id']).line;
  assert.deepEqual(list.map((f) => [f.revision, f.severity, f.dialect, f.line]), [['left', 'error', undefined, idLine(1)], ['right', 'error', undefined, idLine(2)]]);
  assert.match(list[0]!.message, /one of 2 heads \(left, right\)/);
  assert.match(list[0]!.help!, /sqlrev merge left right -m "merge heads"/);
});

test.run();
