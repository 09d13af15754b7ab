import assert from 'node:assert/strict';
import { test } from 'uvu';
import { MAY_REBUILD } from '../../../src/audit/rules/sqlite-table-rebuild.js';
import { DIALECTS } from '../../../src/dialects/registry.js';
import type { Op } from '../../../src/ops/types.js';
import initSqlJs from 'sql.js';
import { Namer } from '../../../src/model/naming.js';
import { compileDialect } from '../../../src/render/compile.js';
import { auditOps, chain, none, one, opPos, TASK } from '../helpers.js';
import { kindsOf, renderedOps } from '../rendered-ops.js';

test('alterColumn type on SQLite rebuilds the table', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'alterColumn', table: 'task', column: 'note', type: 'varchar(50)' }]);
  const f = one(result, 'sqlite-table-rebuild');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'sqlite');
  assert.deepEqual([f.line, f.column], Object.values(opPos(revisions[1]!, 0)));
  assert.match(f.message, /alterColumn task\.note \(type\) cannot be done in place on SQLite \(ALTER COLUMN type of note\): sqlrev rebuilds task/);
});

test('addUnique rebuilds; a plain addColumn and a droppable column do not', async () => {
  one((await auditOps([TASK], [{ op: 'addUnique', table: 'task', columns: ['title'] }])).result, 'sqlite-table-rebuild');
  none((await auditOps([TASK], [{ op: 'addColumn', table: 'task', column: { name: 'due', type: 'date' } }])).result, 'sqlite-table-rebuild');
  none((await auditOps([TASK], [{ op: 'dropColumn', table: 'task', column: 'note' }])).result, 'sqlite-table-rebuild');
});

test('the reason is the renderer\'s, even when the table name has parentheses', async () => {
  const odd: Op = { ...TASK, table: 'task (old)' } as Op;
  const { result } = await auditOps([odd], [{ op: 'addUnique', table: 'task (old)', columns: ['title'] }]);
  const f = one(result, 'sqlite-table-rebuild');
  assert.match(f.message, /cannot be done in place on SQLite \(add a UNIQUE constraint\): sqlrev rebuilds task \(old\) /);
  assert.doesNotMatch(f.message, /\(old\): sqlrev/);
});

const TRIGGER_SQL = {
  sqlite: 'CREATE TRIGGER task_touch AFTER UPDATE OF title ON "Task" BEGIN UPDATE task SET note = \'changed\' WHERE id = NEW.id; END',
  postgresql: 'SELECT 1',
};
const UNIQUE_TITLE: Op = { op: 'addUnique', table: 'task', columns: ['title'] };

test('a rebuild names the triggers a sql op made on the table, which it drops (and sql.js agrees)', async () => {
  const { result } = await auditOps([TASK, { op: 'sql', sql: TRIGGER_SQL, downgrade: { sqlite: 'DROP TRIGGER task_touch', postgresql: 'SELECT 1' } }], [UNIQUE_TITLE]);
  const f = one(result, 'sqlite-table-rebuild');
  assert.match(f.message, /; the rebuild also drops the trigger task_touch on task, made by a "sql" op, and does not re-create it$/);
  assert.match(f.help!, /^re-create the triggers in a "sql" op after this op, in the same revision; /);

  // What the message says, on the engine: the rendered upgrade leaves no trigger behind.
  const revisions = chain({ id: 'a1', upgrade: [TASK, { op: 'sql', sql: TRIGGER_SQL, downgrade: 'SELECT 1' }] }, { id: 'b2', upgrade: [UNIQUE_TITLE] });
  const { revisions: compiled } = compileDialect(revisions, DIALECTS.sqlite, { namer: new Namer() });
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    const triggers = () => db.exec("SELECT name FROM sqlite_master WHERE type = 'trigger'").flatMap((r) => r.values.map((v) => v[0]));
    for (const [k, c] of compiled.entries()) {
      for (const op of c.upgrade) for (const st of op.statements) db.run(st.sql);
      if (k === 0) assert.deepEqual(triggers(), ['task_touch']);
    }
    assert.deepEqual(triggers(), []);
  } finally {
    db.close();
  }
});

test('triggers are followed: dropped by DROP TRIGGER or with their table, carried by a rename, gone after one rebuild', async () => {
  const made = { op: 'sql', sql: TRIGGER_SQL, downgrade: 'SELECT 1' } as Op;
  const quiet = (r: Awaited<ReturnType<typeof auditOps>>) => assert.doesNotMatch(one(r.result, 'sqlite-table-rebuild').message, /trigger/);
  quiet(await auditOps([TASK, made, { op: 'sql', sql: { sqlite: 'DROP TRIGGER IF EXISTS "TASK_TOUCH"', postgresql: 'SELECT 1' }, downgrade: 'SELECT 1' }], [UNIQUE_TITLE]));
  quiet(await auditOps([TASK, made, { op: 'dropTable', table: 'task' }, TASK], [UNIQUE_TITLE]));
  const renamed = await auditOps([TASK, made, { op: 'renameTable', table: 'task', to: 'todo' }], [{ op: 'addUnique', table: 'todo', columns: ['title'] }]);
  assert.match(one(renamed.result, 'sqlite-table-rebuild').message, /drops the trigger task_touch on todo/);
  // Two rebuilds in one revision: the second has no trigger left to drop.
  const twice = await auditOps([TASK, made], [UNIQUE_TITLE, { op: 'addCheck', table: 'task', expression: 'length(title) > 0' }]);
  const messages = twice.result.findings.filter((x) => x.rule === 'sqlite-table-rebuild').map((x) => x.message);
  assert.equal(messages.length, 2);
  assert.match(messages[0]!, /drops the trigger task_touch/);
  assert.doesNotMatch(messages[1]!, /trigger/);
});

test('only the op kinds MAY_REBUILD lets through are rebuilt (held against the renderer on generated chains)', () => {
  const ops = renderedOps(DIALECTS.sqlite, 60);
  assert.ok(kindsOf(ops).size >= 18, `few op kinds covered: ${[...kindsOf(ops)].join(', ')}`);
  let rebuilds = 0;
  for (const { op, statements } of ops) {
    if (!statements.some((s) => s.needsForeignKeysOff)) continue;
    rebuilds++;
    assert.ok(MAY_REBUILD[op.op], `SQLite rebuilds for ${JSON.stringify(op)}, but the rule would not look`);
  }
  assert.ok(rebuilds > 0, 'no rebuild rendered: the check above proved nothing');
});

test('the SQLite alterColumn planner the auditor reads agrees with what the renderer renders (generated chains)', () => {
  const planned = renderedOps(DIALECTS.sqlite, 60).filter((r) => r.plan !== undefined);
  assert.ok(planned.some((r) => r.plan) && planned.some((r) => r.plan === null), 'the chains must have alterColumns that rebuild and ones that do not');
  for (const { op, statements, plan } of planned) {
    const what = JSON.stringify(op);
    if (!plan) {
      assert.deepEqual(statements, [], `planned as nothing, rendered: ${what}`);
      continue;
    }
    assert.ok(statements.every((s) => s.needsForeignKeysOff), `planned as a rebuild, not rendered as one: ${what}`);
    assert.ok(statements[0]!.note!.includes(`(${plan.reason})`), `${statements[0]!.note} gives another reason than ${plan.reason}`);
    const copy = statements.find((s) => s.sql.startsWith('INSERT INTO'))?.sql ?? '';
    for (const expr of plan.expressions.values()) assert.ok(copy.includes(expr), `${copy} does not copy with ${expr}`);
  }
  assert.ok(planned.some((r) => r.plan?.expressions.size), 'no planned conversion expression was checked');
});

test.run();
