import type { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hash8, shortenName } from '../../../src/model/naming.js';
import type { Op } from '../../../src/ops/types.js';
import { boot, column, constraints, indexes, migrate, renderOps, reset } from './harness.js';

const test = suite('postgresql: indexes and constraints');
let db: PGlite;
test.before(async () => { db = await boot(); });
test.before.each(async () => { await reset(db); });
test.after(async () => { await db.close(); });

const setup: Op[] = [
  { op: 'createTable', table: 'users', columns: [{ name: 'id', type: 'bigint', primaryKey: true }, { name: 'email', type: 'text' }] },
  {
    op: 'createTable', table: 'task',
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'title', type: 'text' },
      { name: 'owner_id', type: 'bigint' },
      { name: 'priority', type: 'integer' },
      { name: 'deleted_at', type: 'timestamptz' },
    ],
  },
  { op: 'insert', table: 'users', rows: [{ id: 1, email: 'A@x' }] },
  // A row that breaks the check and the foreign key added below: NOT VALID lets them in.
  { op: 'insert', table: 'task', rows: [{ id: 1, title: 'a', owner_id: 1, priority: 3 }, { id: 2, title: 'b', owner_id: 99, priority: 9 }] },
];

test('createIndex: plain, on columns', async () => {
  const out = await migrate(db, setup, [{ op: 'createIndex', table: 'task', columns: ['owner_id', 'priority'] }]);
  assert.equal(out, [{ sql: 'CREATE INDEX ix_task_owner_id_priority ON task (owner_id, priority)', lock: 'SHARE on task' }]);
  assert.equal(await indexes(db, 'task'), [
    { name: 'ix_task_owner_id_priority', def: 'CREATE INDEX ix_task_owner_id_priority ON public.task USING btree (owner_id, priority)' },
  ]);
});

test('createIndex: unique, on an expression, partial', async () => {
  const out = await migrate(db, setup, [{
    op: 'createIndex', name: 'task_title_live', table: 'task', unique: true,
    columns: [{ expression: 'lower(title)' }, 'owner_id'], where: 'deleted_at IS NULL',
  }]);
  assert.equal(out.map((s) => s.sql), ['CREATE UNIQUE INDEX task_title_live ON task ((lower(title)), owner_id) WHERE deleted_at IS NULL']);
  assert.equal((await indexes(db, 'task')).map((i) => i.def), [
    'CREATE UNIQUE INDEX task_title_live ON public.task USING btree (lower(title), owner_id) WHERE (deleted_at IS NULL)',
  ]);
});

test('createIndex: concurrently runs outside a transaction under SHARE UPDATE EXCLUSIVE', async () => {
  const out = await migrate(db, setup, [{ op: 'createIndex', table: 'users', columns: [{ expression: 'lower(email)' }], concurrently: true }]);
  assert.equal(out, [{
    sql: 'CREATE INDEX CONCURRENTLY ix_users_lower_email ON users ((lower(email)))',
    lock: 'SHARE UPDATE EXCLUSIVE on users',
    transactional: false,
  }]);
  assert.equal((await indexes(db, 'users')).map((i) => i.name), ['ix_users_lower_email', 'pk_users']);
  // It really cannot run in a transaction block.
  await db.exec('BEGIN');
  let error = '';
  try { await db.exec('CREATE INDEX CONCURRENTLY x ON users (email)'); } catch (e) { error = (e as Error).message; }
  await db.exec('ROLLBACK');
  assert.match(error, /cannot run inside a transaction block/);
});

const wide: Op = {
  op: 'createTable', table: 'measurement',
  columns: [
    { name: 'recorded_at_local_time', type: 'timestamp' },
    { name: 'sensor_identifier_code', type: 'text' },
    { name: 'batch_number', type: 'integer' },
  ],
};
const wideColumns = ['recorded_at_local_time', 'sensor_identifier_code', 'batch_number'];
const wideIndex = `ix_measurement_${wideColumns.join('_')}`;

test('createIndex: a generated name over 63 bytes is shortened', async () => {
  const full = wideIndex;
  const out = await migrate(db, [wide], [{ op: 'createIndex', table: 'measurement', columns: wideColumns }]);
  const name = shortenName(full, 63);
  assert.ok(Buffer.byteLength(full) > 63 && name !== full && name.endsWith(hash8(full)));
  assert.is(out[0]!.sql, `CREATE INDEX ${name} ON measurement (recorded_at_local_time, sensor_identifier_code, batch_number)`);
  assert.equal((await indexes(db, 'measurement')).map((i) => i.name), [name]);
});

test('dropIndex: plain and concurrently, by the name the model resolved', async () => {
  const full = wideIndex;
  const made: Op[] = [
    ...setup,
    wide,
    { op: 'createIndex', table: 'measurement', columns: wideColumns },
    { op: 'createIndex', name: 'task_owner', table: 'task', columns: ['owner_id'] },
  ];
  const out = await migrate(db, made, [
    { op: 'dropIndex', name: full },
    { op: 'dropIndex', name: 'task_owner', concurrently: true },
  ]);
  assert.equal(out, [
    { sql: `DROP INDEX ${shortenName(full, 63)}`, lock: 'ACCESS EXCLUSIVE on measurement' },
    { sql: 'DROP INDEX CONCURRENTLY task_owner', lock: 'SHARE UPDATE EXCLUSIVE on task', transactional: false },
  ]);
  assert.equal(await indexes(db, 'task'), []);
  assert.equal(await indexes(db, 'measurement'), []);
});

test('addPrimaryKey: sets the columns NOT NULL', async () => {
  const out = await migrate(db, setup, [{ op: 'addPrimaryKey', table: 'task', columns: ['id'] }]);
  assert.equal(out, [{ sql: 'ALTER TABLE task ADD CONSTRAINT pk_task PRIMARY KEY (id)', lock: 'ACCESS EXCLUSIVE on task' }]);
  assert.equal((await constraints(db, 'task')).map((c) => [c.name, c.def]), [['pk_task', 'PRIMARY KEY (id)']]);
  assert.ok((await column(db, 'task', 'id')).notNull);
});

test('addUnique: generated and explicit names', async () => {
  const out = await migrate(db, setup, [
    { op: 'addUnique', table: 'task', columns: ['owner_id', 'title'] },
    { op: 'addUnique', name: 'Task Title', table: 'task', columns: ['title'] },
  ]);
  assert.equal(out.map((s) => s.sql), [
    'ALTER TABLE task ADD CONSTRAINT uq_task_owner_id_title UNIQUE (owner_id, title)',
    'ALTER TABLE task ADD CONSTRAINT "Task Title" UNIQUE (title)',
  ]);
  assert.equal((await constraints(db, 'task')).map((c) => [c.name, c.def]), [
    ['Task Title', 'UNIQUE (title)'],
    ['uq_task_owner_id_title', 'UNIQUE (owner_id, title)'],
  ]);
});

test('addCheck: NOT VALID skips existing rows; a valid one checks them', async () => {
  const out = await migrate(db, setup, [{ op: 'addCheck', table: 'task', expression: 'priority <= 5', notValid: true }]);
  const name = `ck_task_${hash8('priority <= 5')}`;
  assert.equal(out, [{ sql: `ALTER TABLE task ADD CONSTRAINT ${name} CHECK (priority <= 5) NOT VALID`, lock: 'ACCESS EXCLUSIVE on task' }]);
  assert.equal(await constraints(db, 'task'), [{ name, type: 'c', def: 'CHECK ((priority <= 5)) NOT VALID', validated: false }]);
  await reset(db);
  const ok = await migrate(db, setup, [{ op: 'addCheck', name: 'ck_pos', table: 'task', expression: 'priority > 0' }]);
  assert.equal(ok.map((s) => s.sql), ['ALTER TABLE task ADD CONSTRAINT ck_pos CHECK (priority > 0)']);
  assert.equal(await constraints(db, 'task'), [{ name: 'ck_pos', type: 'c', def: 'CHECK ((priority > 0))', validated: true }]);
});

test('addForeignKey: NOT VALID, with actions, locks both tables', async () => {
  const out = await migrate(db, setup, [{
    op: 'addForeignKey', table: 'task', columns: ['owner_id'], references: { table: 'users', columns: ['id'] },
    onDelete: 'cascade', onUpdate: 'no action', notValid: true,
  }]);
  assert.equal(out, [{
    sql: 'ALTER TABLE task ADD CONSTRAINT fk_task_owner_id_users FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID',
    lock: 'SHARE ROW EXCLUSIVE on task and users',
  }]);
  assert.equal(await constraints(db, 'task'), [{
    name: 'fk_task_owner_id_users', type: 'f', validated: false,
    def: 'FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE NOT VALID',
  }]);
});

test('addForeignKey: a valid key checks existing rows', async () => {
  const { statements } = renderOps([...setup,
    { op: 'addForeignKey', name: 'task_owner', table: 'task', columns: ['owner_id'], references: { table: 'users', columns: ['id'] } }]);
  const sql = statements[statements.length - 1]![0]!.sql;
  assert.is(sql, 'ALTER TABLE task ADD CONSTRAINT task_owner FOREIGN KEY (owner_id) REFERENCES users (id)');
  await migrate(db, setup, []);
  let error = '';
  try { await db.exec(sql); } catch (e) { error = (e as Error).message; }
  assert.match(error, /violates foreign key constraint "task_owner"/);
});

test('dropConstraint: each kind, by the name the model resolved', async () => {
  const made: Op[] = [
    ...setup,
    { op: 'sql', sql: 'DELETE FROM task WHERE id = 2' },
    { op: 'addPrimaryKey', table: 'task', columns: ['id'] },
    { op: 'addUnique', table: 'task', columns: ['title'] },
    { op: 'addCheck', table: 'task', expression: 'priority <= 5' },
    { op: 'addForeignKey', table: 'task', columns: ['owner_id'], references: { table: 'users', columns: ['id'] } },
  ];
  const out = await migrate(db, made, [
    { op: 'dropConstraint', table: 'task', name: 'fk_task_owner_id_users' },
    { op: 'dropConstraint', table: 'task', name: `ck_task_${hash8('priority <= 5')}` },
    { op: 'dropConstraint', table: 'task', name: 'uq_task_title' },
    { op: 'dropConstraint', table: 'task', name: 'pk_task' },
  ]);
  assert.equal(out, [
    { sql: 'ALTER TABLE task DROP CONSTRAINT fk_task_owner_id_users', lock: 'ACCESS EXCLUSIVE on task and users' },
    { sql: `ALTER TABLE task DROP CONSTRAINT ck_task_${hash8('priority <= 5')}`, lock: 'ACCESS EXCLUSIVE on task' },
    { sql: 'ALTER TABLE task DROP CONSTRAINT uq_task_title', lock: 'ACCESS EXCLUSIVE on task' },
    { sql: 'ALTER TABLE task DROP CONSTRAINT pk_task', lock: 'ACCESS EXCLUSIVE on task' },
  ]);
  assert.equal(await constraints(db, 'task'), []);
});

test.run();
