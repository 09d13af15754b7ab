/**
 * expectedCatalog: the catalog each engine should report for a model, and the
 * whole comparison on real engines: a model, the same schema written by hand
 * in each engine's SQL, settle + compare = no mismatch; a schema that differs
 * in one place = exactly that mismatch.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresql } from '../../src/dialects/postgresql/index.js';
import { sqlite } from '../../src/dialects/sqlite/index.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { Namer } from '../../src/model/naming.js';
import { replayOps } from '../../src/model/replay.js';
import { MutableSchema } from '../../src/model/state.js';
import type { SchemaState } from '../../src/model/types.js';
import type { Op } from '../../src/ops/types.js';
import type { Catalog } from '../../src/verify/catalog/types.js';
import { compareCatalogs } from '../../src/verify/compare.js';
import { ENGINES, type EngineSession } from '../../src/verify/engines.js';
import { expectedCatalog } from '../../src/verify/expected.js';

const HOSTILE = 'x"; DROP TABLE y; --';

/** Every object kind the model has, with hostile and non-ASCII names. */
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
      { name: 'project_id', type: 'bigint', references: { table: 'project', column: 'id', onDelete: 'cascade' } },
    ],
    checks: [{ name: 'ck_price', expression: 'price >= 0' }],
  },
  { op: 'createIndex', name: 'ix_lower_名前', table: HOSTILE, columns: [{ expression: 'lower("名前")' }, 'price'], where: 'price > 0' },
  { op: 'createIndex', name: 'ix_名前', table: HOSTILE, columns: ['名前'], unique: true },
];

function model(dialect: Dialect): SchemaState {
  const state = new MutableSchema();
  replayOps(state, OPS, dialect.name, { namer: new Namer() });
  return state;
}

const test = suite('verify/expected');

test('PostgreSQL: what the server should report, in the model\'s own spelling before settling', () => {
  const c = expectedCatalog(model(postgresql), postgresql);
  assert.equal(c.enums, [{ name: 'Status', values: ['new', 'open', "it's done"] }]);
  assert.equal(c.sequences, [{ name: 'invoice_no', start: '1000', increment: '5' }]);
  assert.equal(c.tables.map((t) => t.name), ['project', HOSTILE]);
  const [project, hostile] = c.tables;
  assert.equal(project, {
    name: 'project',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, default: null, identity: 'by default', comment: null },
      { name: 'code', type: 'character varying(10)', nullable: false, default: null, identity: null, comment: 'short code' },
    ],
    primaryKey: { name: 'pk_project', columns: ['id'] },
    uniques: [{ name: 'uq_project_code', columns: ['code'] }],
    checks: [], foreignKeys: [], indexes: [],
    comment: 'all projects',
  });
  assert.equal(hostile!.columns.map((x) => [x.name, x.type, x.default]), [
    ['id', 'integer', null],
    ['名前', 'text', "'untitled'"],
    ['price', 'numeric(10,2)', '0'],
    ['status', '"Status"', "'new'"],
    ['done', 'boolean', 'false'],
    ['created_at', 'timestamp with time zone', 'CURRENT_TIMESTAMP'],
    ['project_id', 'bigint', null],
  ]);
  assert.equal(hostile!.foreignKeys, [{
    name: `fk_${HOSTILE}_project_id_project`, columns: ['project_id'], refTable: 'project', refColumns: ['id'],
    onDelete: 'cascade', onUpdate: 'no action',
  }]);
  assert.equal(hostile!.indexes, [
    { name: 'ix_lower_名前', unique: false, columns: [{ expression: 'lower("名前")' }, 'price'], where: 'price > 0' },
    { name: 'ix_名前', unique: true, columns: ['名前'], where: null },
  ]);
});

test('SQLite: INTEGER autoincrement key, VARCHAR enums, no sequences, enum types or comments', () => {
  const c = expectedCatalog(model(sqlite), sqlite);
  assert.equal(c.enums, []);
  assert.equal(c.sequences, []);
  const [project, hostile] = c.tables;
  assert.equal(project!.columns, [
    { name: 'id', type: 'INTEGER', nullable: false, default: null, identity: 'autoincrement', comment: null },
    { name: 'code', type: 'VARCHAR(10)', nullable: false, default: null, identity: null, comment: null },
  ]);
  assert.is(project!.comment, null);
  assert.equal(hostile!.columns.map((x) => [x.name, x.type, x.default]), [
    ['id', 'INTEGER', null],
    ['名前', 'TEXT', "'untitled'"],
    ['price', 'NUMERIC(10, 2)', '0'],
    ['status', 'VARCHAR(9)', "'new'"],
    ['done', 'BOOLEAN', '0'],
    ['created_at', 'DATETIME', 'CURRENT_TIMESTAMP'],
    ['project_id', 'BIGINT', null],
  ]);
});

// The model's schema written by hand, per engine (not by sqlrev's renderers: this
// checks the comparison itself). `deviate` swaps one piece of text for another.
const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
const HAND: Record<'postgresql' | 'sqlite', string> = {
  postgresql: `
    CREATE TYPE "Status" AS ENUM ('new', 'open', 'it''s done');
    CREATE SEQUENCE invoice_no START WITH 1000 INCREMENT BY 5;
    CREATE TABLE project (id bigint GENERATED BY DEFAULT AS IDENTITY, code character varying(10) NOT NULL,
      CONSTRAINT pk_project PRIMARY KEY (id), CONSTRAINT uq_project_code UNIQUE (code));
    COMMENT ON TABLE project IS 'all projects';
    COMMENT ON COLUMN project.code IS 'short code';
    CREATE TABLE ${q(HOSTILE)} (id integer NOT NULL, "名前" text NOT NULL DEFAULT 'untitled'::text, price numeric(10,2) DEFAULT 0,
      status "Status" NOT NULL DEFAULT 'new', done boolean DEFAULT false, created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
      project_id bigint,
      CONSTRAINT ${q(`pk_${HOSTILE}`)} PRIMARY KEY (id), CONSTRAINT ck_price CHECK ((price >= (0)::numeric)),
      CONSTRAINT ${q(`fk_${HOSTILE}_project_id_project`)} FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE);
    CREATE INDEX "ix_lower_名前" ON ${q(HOSTILE)} (lower("名前"), price) WHERE price > 0;
    CREATE UNIQUE INDEX "ix_名前" ON ${q(HOSTILE)} ("名前");
    CREATE TABLE sqlrev_version (version_num varchar(32) NOT NULL CONSTRAINT sqlrev_version_pkc PRIMARY KEY);`,
  sqlite: `
    CREATE TABLE project (id INTEGER NOT NULL CONSTRAINT pk_project PRIMARY KEY AUTOINCREMENT, code VARCHAR(10) NOT NULL,
      CONSTRAINT uq_project_code UNIQUE (code));
    CREATE TABLE ${q(HOSTILE)} (id INTEGER NOT NULL, "名前" TEXT NOT NULL DEFAULT 'untitled', price NUMERIC(10, 2) DEFAULT 0,
      status VARCHAR(9) NOT NULL DEFAULT 'new', done BOOLEAN DEFAULT 0, created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
      project_id BIGINT,
      CONSTRAINT ${q(`pk_${HOSTILE}`)} PRIMARY KEY (id), CONSTRAINT ck_price CHECK (price >= 0),
      CONSTRAINT ${q(`fk_${HOSTILE}_project_id_project`)} FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE);
    CREATE INDEX "ix_lower_名前" ON ${q(HOSTILE)} (lower("名前"), price) WHERE price > 0;
    CREATE UNIQUE INDEX "ix_名前" ON ${q(HOSTILE)} ("名前");
    CREATE TABLE sqlrev_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT sqlrev_version_pkc PRIMARY KEY (version_num));`,
};

const DEVIATIONS: Record<'postgresql' | 'sqlite', Array<[string, string, string, Array<{ object: string; expected: string; actual: string }>]>> = {
  postgresql: [
    ['a default that differs', 'DEFAULT 0,', 'DEFAULT 1,',
      [{ object: `column ${q(HOSTILE)}.price`, expected: 'DEFAULT 0', actual: 'DEFAULT 1' }]],
    ['an index predicate that differs', 'WHERE price > 0', 'WHERE price >= 0',
      [{ object: `index "ix_lower_名前"`, expected: 'WHERE (price > (0)::numeric)', actual: 'WHERE (price >= (0)::numeric)' }]],
    ['a check that differs', 'CHECK ((price >= (0)::numeric))', 'CHECK (price > 0)',
      [{ object: `check ck_price on ${q(HOSTILE)}`, expected: '(price >= (0)::numeric)', actual: '(price > (0)::numeric)' }]],
    ['an enum value order that differs', `('new', 'open', 'it''s done')`, `('open', 'new', 'it''s done')`,
      [{ object: 'enum Status', expected: `('new', 'open', 'it''s done')`, actual: `('open', 'new', 'it''s done')` }]],
    ['an identity that is ALWAYS', 'GENERATED BY DEFAULT AS IDENTITY', 'GENERATED ALWAYS AS IDENTITY',
      [{ object: 'column project.id', expected: 'identity by default', actual: 'identity always' }]],
    ['a missing comment', `COMMENT ON COLUMN project.code IS 'short code';`, '',
      [{ object: 'column project.code', expected: "COMMENT 'short code'", actual: 'no COMMENT' }]],
    ['a sequence that differs', 'INCREMENT BY 5', 'INCREMENT BY 1',
      [{ object: 'sequence invoice_no', expected: 'INCREMENT 5', actual: 'INCREMENT 1' }]],
  ],
  sqlite: [
    ['a default that differs', 'DEFAULT 0,', 'DEFAULT 1,',
      [{ object: `column ${q(HOSTILE)}.price`, expected: 'DEFAULT 0', actual: 'DEFAULT 1' }]],
    ['an index predicate that differs', 'WHERE price > 0', 'WHERE price >= 0',
      [{ object: `index "ix_lower_名前"`, expected: 'WHERE price > 0', actual: 'WHERE price >= 0' }]],
    ['a constraint written without its name', 'CONSTRAINT uq_project_code UNIQUE', 'UNIQUE',
      [{ object: 'unique uq_project_code on project', expected: 'name uq_project_code', actual: 'no name' }]],
    ['a key without AUTOINCREMENT', 'PRIMARY KEY AUTOINCREMENT', 'PRIMARY KEY',
      [{ object: 'column project.id', expected: 'identity autoincrement', actual: 'no identity' }]],
    ['a type that differs', 'status VARCHAR(9)', 'status VARCHAR(10)',
      [{ object: `column ${q(HOSTILE)}.status`, expected: 'VARCHAR(9)', actual: 'VARCHAR(10)' }]],
  ],
};

for (const dialect of [postgresql, sqlite]) {
  const name = dialect.name as 'postgresql' | 'sqlite';
  const engineTest = suite(`verify/expected on ${name}`);
  let session: EngineSession;
  let expected: Catalog;
  engineTest.before(async () => {
    session = await ENGINES[name].open();
    expected = expectedCatalog(model(dialect), dialect);
  });
  engineTest.after(async () => { await session.close(); });
  engineTest.before.each(async () => { await session.reset(); });

  engineTest('the same schema written by hand compares equal (expressions settled on the engine)', async () => {
    await session.exec(HAND[name]);
    const actual = await session.read();
    const settled = await session.settle(expected);
    assert.equal(compareCatalogs(settled, actual), []);
    assert.is(JSON.stringify(settled), JSON.stringify(actual));
    // Without settling, the spellings differ (PostgreSQL adds casts; SQLite keeps the text): the reason settle exists.
    if (name === 'postgresql') assert.ok(compareCatalogs(expected, actual).length > 0);
  });

  for (const [what, from, to, mismatches] of DEVIATIONS[name]) {
    engineTest(`exactly one mismatch for ${what}`, async () => {
      assert.ok(HAND[name].includes(from), `the hand-written schema contains ${from}`);
      await session.exec(HAND[name].replace(from, to));
      assert.equal(compareCatalogs(await session.settle(expected), await session.read()), mismatches);
    });
  }

  engineTest('a missing table and an extra one', async () => {
    await session.exec(`${HAND[name]}\nDROP TABLE ${q(HOSTILE)};\nCREATE TABLE extra (x integer);`);
    assert.equal(compareCatalogs(await session.settle(expected), await session.read()), [
      { object: 'table extra', expected: '(none)', actual: 'columns (x)' },
      { object: `table ${q(HOSTILE)}`, expected: 'columns (id, "名前", price, status, done, created_at, project_id)', actual: '(none)' },
    ]);
  });

  engineTest.run();
}

test.run();
