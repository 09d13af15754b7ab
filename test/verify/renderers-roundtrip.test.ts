/**
 * End to end on both engines: ops rendered by sqlrev's own dialect renderers,
 * applied to a real database, then the engine's catalog compared with the
 * model's expected catalog. No mismatch means the SQL sqlrev writes builds
 * exactly the schema its model describes (including SQLite table rebuilds).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isUnsupported, type Dialect, type Renderer } from '../../src/dialects/dialect.js';
import { DIALECTS, DIALECT_NAMES } from '../../src/dialects/registry.js';
import { Namer } from '../../src/model/naming.js';
import { replayOps } from '../../src/model/replay.js';
import { MutableSchema } from '../../src/model/state.js';
import type { Op, OpKind } from '../../src/ops/types.js';
import { compareCatalogs } from '../../src/verify/compare.js';
import { ENGINES, type EngineSession } from '../../src/verify/engines.js';
import { expectedCatalog } from '../../src/verify/expected.js';

const HOSTILE = 'x"; DROP TABLE y; --';

const OPS: Op[] = [
  { op: 'createEnum', name: 'Status', values: ['new', 'open', "it's done"] },
  { op: 'createSequence', name: 'invoice_no', start: 1000, increment: 5, only: ['postgresql'] },
  {
    op: 'createTable', table: 'project', comment: 'all projects',
    columns: [
      { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
      { name: 'code', type: 'varchar(10)', nullable: false, unique: true, comment: 'short code' },
    ],
  },
  {
    op: 'createTable', table: HOSTILE,
    columns: [
      { name: 'id', type: 'integer', primaryKey: true },
      { name: '名前', type: 'text', nullable: false, default: 'untitled' },
      { name: 'price', type: 'numeric(10,2)', default: 0 },
      { name: 'status', type: 'enum:Status', nullable: false, default: 'new' },
      { name: 'done', type: 'boolean', default: false },
      { name: 'created_at', type: 'timestamptz', default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'lowered', type: 'text', default: { sql: "lower('ABC')" } },
      { name: 'project_id', type: 'bigint', references: { table: 'project', column: 'id', onDelete: 'cascade' } },
    ],
    checks: [{ name: 'ck_price', expression: 'price >= 0' }],
  },
  { op: 'createIndex', table: HOSTILE, columns: [{ expression: 'lower("名前")' }, 'price'], where: 'price > 0' },
  { op: 'createIndex', name: 'ix_名前', table: HOSTILE, columns: ['名前'], unique: true },
  { op: 'addColumn', table: 'project', column: { name: 'due', type: 'date', default: { sql: 'CURRENT_DATE' } } },
  { op: 'alterColumn', table: 'project', column: 'code', type: 'varchar(20)' },
  { op: 'addCheck', table: 'project', expression: "code <> ''" },
  { op: 'addForeignKey', table: HOSTILE, columns: ['id'], references: { table: 'project', columns: ['id'] }, onDelete: 'set null' },
  { op: 'renameColumn', table: 'project', column: 'due', to: 'due_on' },
  { op: 'dropColumn', table: HOSTILE, column: 'done' },
  { op: 'renameTable', table: 'project', to: 'projects' },
];

/** The statements sqlrev renders for OPS on `dialect`, and the model after them. */
function render(dialect: Dialect) {
  const state = new MutableSchema();
  const sql: string[] = [];
  replayOps(state, OPS, dialect.name, { namer: new Namer() }, (step) => {
    const r = dialect.renderers[step.op.op as OpKind];
    if (isUnsupported(r)) throw new Error(`${step.op.op}: ${r.unsupported}`);
    for (const s of (r as Renderer<OpKind>)(step.op as never, { dialect, before: step.before, after: step.after })) sql.push(s.sql);
  });
  return { state, sql };
}

for (const name of DIALECT_NAMES) {
  const dialect = DIALECTS[name];
  const test = suite(`verify/renderers round trip on ${name}`);
  let session: EngineSession;
  test.before(async () => { session = await ENGINES[name].open(); });
  test.after(async () => { await session.close(); });

  test('the rendered migration builds exactly the modelled schema', async () => {
    const { state, sql } = render(dialect);
    for (const s of sql) await session.exec(s);
    const actual = await session.read();
    assert.ok(actual.tables.length === 2, 'both tables exist');
    assert.equal(compareCatalogs(await session.settle(expectedCatalog(state, dialect)), actual), []);
  });

  test.run();
}
