/**
 * Names and values chosen to break naive quoting: every op on them must do
 * exactly what it says, and the bystander table `y` must survive.
 */
import type { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hash8 } from '../../../src/model/naming.js';
import type { Op } from '../../../src/ops/types.js';
import { boot, columns, comment, constraints, indexes, migrate, reset, rows, tables } from './harness.js';

const test = suite('postgresql: hostile identifiers and literals');
let db: PGlite;
test.before(async () => { db = await boot(); });
test.before.each(async () => { await reset(db); });
test.after(async () => { await db.close(); });

const EVIL = 'x"; DROP TABLE y; --';
const VALUE = "'); DROP TABLE y; --";

const CHECK = `"Order" <> '${VALUE.replace(/'/g, "''")}!'`;

const bystander: Op[] = [
  { op: 'createTable', table: 'y', columns: [{ name: 'id', type: 'integer', primaryKey: true }] },
  { op: 'insert', table: 'y', rows: [{ id: 42 }] },
];

async function bystanderSurvives(): Promise<void> {
  assert.equal(await rows(db, 'SELECT id FROM y'), [{ id: 42 }]);
}

const evilTable: Op = {
  op: 'createTable', table: EVIL, comment: VALUE,
  columns: [
    { name: 'select', type: 'integer', primaryKey: true },
    { name: 'Order', type: 'text', default: VALUE, comment: VALUE },
    { name: '名前', type: 'text', unique: true },
    { name: EVIL, type: 'integer', references: { table: 'y', column: 'id', name: `fk ${EVIL}` } },
  ],
  checks: [{ expression: CHECK }],
};

test('create, insert, read back: names and values arrive intact', async () => {
  await migrate(db, bystander, [
    evilTable,
    { op: 'insert', table: EVIL, rows: [{ select: 1, 名前: VALUE, [EVIL]: 42 }, { select: 2, Order: `${VALUE}\n"again"` }] },
    { op: 'createIndex', table: EVIL, columns: ['Order', { expression: `lower("名前")` }] },
  ]);
  await bystanderSurvives();
  assert.equal(await tables(db), [EVIL, 'y'].sort());
  assert.equal((await columns(db, EVIL)).map((c) => c.name), ['select', 'Order', '名前', EVIL]);
  assert.equal(await rows(db, `SELECT "select", "Order", "名前", "x""; DROP TABLE y; --" AS e FROM "x""; DROP TABLE y; --" ORDER BY 1`), [
    { select: 1, Order: VALUE, 名前: VALUE, e: 42 },
    { select: 2, Order: `${VALUE}\n"again"`, 名前: null, e: null },
  ]);
  assert.equal((await constraints(db, EVIL)).map((c) => c.name).sort(),
    [`fk ${EVIL}`, `pk_${EVIL}`, `uq_${EVIL}_名前`, `ck_${EVIL}_${hash8(CHECK)}`].sort());
  assert.equal((await indexes(db, EVIL)).map((i) => i.name).filter((n) => n.startsWith('ix_')), [`ix_${EVIL}_Order_lower`]);
  assert.is((await rows<{ c: string }>(db, `SELECT obj_description('"x""; DROP TABLE y; --"'::regclass, 'pg_class') AS c`))[0]!.c, VALUE);
});

test('rename, alter, drop: every op on hostile names', async () => {
  const setup: Op[] = [
    ...bystander,
    evilTable,
    { op: 'insert', table: EVIL, rows: [{ select: 1, Order: 'keep' }] },
    { op: 'createIndex', name: `ix ${EVIL}`, table: EVIL, columns: ['Order'] },
  ];
  const renamed = '名前"表\nline';
  const out = await migrate(db, setup, [
    { op: 'renameColumn', table: EVIL, column: 'Order', to: 'order by' },
    { op: 'addColumn', table: EVIL, column: { name: '"; --', type: 'varchar(10)', default: VALUE.slice(0, 10) } },
    { op: 'alterColumn', table: EVIL, column: '"; --', type: 'text', nullable: false, comment: VALUE },
    { op: 'renameTable', table: EVIL, to: renamed },
    { op: 'dropIndex', name: `ix ${EVIL}` },
    { op: 'dropConstraint', table: renamed, name: `fk ${EVIL}` },
    { op: 'dropColumn', table: renamed, column: EVIL },
    { op: 'deleteRows', table: renamed, keys: [{ select: 1 }] },
  ]);
  await bystanderSurvives();
  assert.equal(await tables(db), ['y', renamed].sort());
  assert.equal(await columns(db, renamed), [
    { name: 'select', type: 'integer', notNull: true, default: null, identity: '' },
    { name: 'order by', type: 'text', notNull: false, default: `'''); DROP TABLE y; --'::text`, identity: '' },
    { name: '名前', type: 'text', notNull: false, default: null, identity: '' },
    { name: '"; --', type: 'text', notNull: true, default: `'''); DROP T'::text`, identity: '' },
  ]);
  assert.equal(await rows(db, 'SELECT count(*)::int AS n FROM "名前""表\nline"'), [{ n: 0 }]);
  // Lock descriptions go into `--` comments: no raw line breaks in them.
  for (const s of out) assert.not.match(s.lock ?? '', /[\r\n]/);
  assert.ok(out.some((s) => s.lock === 'ACCESS EXCLUSIVE on "名前""表\\u000aline" and y'), out.map((s) => s.lock).join('\n'));
  assert.is(await comment(db, renamed, '"; --'), VALUE);
});

test('dropTable on a hostile name', async () => {
  const renamed = '名前"表\nline';
  const out = await migrate(db, [...bystander, evilTable, { op: 'renameTable', table: EVIL, to: renamed }], [{ op: 'dropTable', table: renamed }]);
  assert.equal(out, [{ sql: 'DROP TABLE "名前""表\nline"', lock: 'ACCESS EXCLUSIVE on "名前""表\\u000aline" and y' }]);
  assert.equal(await tables(db), ['y']);
  await bystanderSurvives();
});

test.run();
