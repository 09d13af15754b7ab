/**
 * compareCatalogs: each kind of difference gives exactly one Mismatch with a
 * fixed text; equal catalogs give none, whatever the input order.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareCatalogs, displayName } from '../../src/verify/compare.js';
import { catalogsEqual, type Catalog, type CatalogColumn, type CatalogTable } from '../../src/verify/catalog/types.js';

const test = suite('verify/compare');

const col = (name: string, type: string, more: Partial<CatalogColumn> = {}): CatalogColumn =>
  ({ name, type, nullable: true, default: null, identity: null, comment: null, ...more });
const table = (name: string, more: Partial<CatalogTable>): CatalogTable =>
  ({ name, columns: [], primaryKey: null, uniques: [], checks: [], foreignKeys: [], indexes: [], comment: null, ...more });

function base(): Catalog {
  return {
    tables: [
      table('project', { columns: [col('id', 'bigint', { nullable: false, identity: 'by default' })], primaryKey: { name: 'pk_project', columns: ['id'] } }),
      table('task', {
        columns: [
          col('id', 'bigint', { nullable: false, identity: 'by default' }),
          col('title', 'character varying(200)', { nullable: false, default: "''::character varying", comment: 'shown in lists' }),
          col('due_at', 'timestamp with time zone'),
          col('project_id', 'bigint'),
        ],
        primaryKey: { name: 'pk_task', columns: ['id'] },
        uniques: [{ name: 'uq_task_title', columns: ['title'] }],
        checks: [{ name: 'ck_task_title', expression: "((title)::text <> ''::text)" }],
        foreignKeys: [{ name: 'fk_task_project_id_project', columns: ['project_id'], refTable: 'project', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' }],
        indexes: [
          { name: 'ix_task_due_at', unique: false, columns: ['due_at'], where: '(due_at IS NOT NULL)' },
          { name: 'ix_task_lower_title', unique: true, columns: [{ expression: 'lower((title)::text)' }], where: null },
        ],
        comment: 'work items',
      }),
    ],
    sequences: [{ name: 'invoice_no', start: '1000', increment: '1' }],
    enums: [{ name: 'Status', values: ['open', 'done'] }],
  };
}

/** base() with one change made by `edit`. */
function changed(edit: (c: Catalog, task: CatalogTable) => void): Catalog {
  const c = base();
  edit(c, c.tables.find((t) => t.name === 'task')!);
  return c;
}

test('equal catalogs: no mismatch, in any input order', () => {
  const a = base();
  const b = base();
  b.tables.reverse();
  b.tables[0]!.indexes.reverse();
  assert.equal(compareCatalogs(a, b), []);
  assert.ok(catalogsEqual(a, b));
});

const CASES: Array<[string, (c: Catalog, t: CatalogTable) => void, Array<{ object: string; expected: string; actual: string }>]> = [
  ['missing column', (_, t) => { t.columns.splice(2, 1); },
    [{ object: 'column task.due_at', expected: 'timestamp with time zone', actual: '(none)' }]],
  ['extra column', (_, t) => { t.columns.push(col('extra', 'integer', { nullable: false, default: '0' })); },
    [{ object: 'column task.extra', expected: '(none)', actual: 'integer NOT NULL DEFAULT 0' }]],
  ['type differs', (_, t) => { t.columns[2]!.type = 'timestamp without time zone'; },
    [{ object: 'column task.due_at', expected: 'timestamp with time zone', actual: 'timestamp without time zone' }]],
  ['nullability differs', (_, t) => { t.columns[2]!.nullable = false; },
    [{ object: 'column task.due_at', expected: 'NULL', actual: 'NOT NULL' }]],
  ['default differs', (_, t) => { t.columns[1]!.default = "'x'::character varying"; },
    [{ object: 'column task.title', expected: "DEFAULT ''::character varying", actual: "DEFAULT 'x'::character varying" }]],
  ['default missing', (_, t) => { t.columns[1]!.default = null; },
    [{ object: 'column task.title', expected: "DEFAULT ''::character varying", actual: 'no DEFAULT' }]],
  ['identity differs', (_, t) => { t.columns[0]!.identity = 'always'; },
    [{ object: 'column task.id', expected: 'identity by default', actual: 'identity always' }]],
  ['several facets of one column: one mismatch', (_, t) => { Object.assign(t.columns[1]!, { type: 'text', comment: null }); },
    [{ object: 'column task.title', expected: "character varying(200); COMMENT 'shown in lists'", actual: 'text; no COMMENT' }]],
  ['column order differs', (_, t) => { t.columns.reverse(); },
    [{ object: 'table task', expected: 'column order (id, title, due_at, project_id)', actual: 'column order (project_id, due_at, title, id)' }]],
  ['table comment differs', (_, t) => { t.comment = "it's"; },
    [{ object: 'table task', expected: "COMMENT 'work items'", actual: "COMMENT 'it''s'" }]],
  ['missing table: one mismatch for it and its indexes', (c) => { c.tables = c.tables.filter((t) => t.name !== 'task'); },
    [{ object: 'table task', expected: "columns (id, title, due_at, project_id) COMMENT 'work items'", actual: '(none)' }]],
  ['extra table', (c) => { c.tables.push(table('名前', { columns: [col('x', 'text')] })); },
    [{ object: 'table "名前"', expected: '(none)', actual: 'columns (x)' }]],
  ['primary key differs', (_, t) => { t.primaryKey = { name: 'task_pkey', columns: ['id', 'title'] }; },
    [{ object: 'primary key on task', expected: 'pk_task; (id)', actual: 'task_pkey; (id, title)' }]],
  ['primary key missing', (_, t) => { t.primaryKey = null; },
    [{ object: 'primary key on task', expected: 'pk_task (id)', actual: '(none)' }]],
  ['unique renamed: one mismatch, paired by content', (_, t) => { t.uniques[0]!.name = 'task_title_key'; },
    [{ object: 'unique uq_task_title on task', expected: 'name uq_task_title', actual: 'name task_title_key' }]],
  ['unique lost its name (SQLite without CONSTRAINT)', (_, t) => { t.uniques[0]!.name = null; },
    [{ object: 'unique uq_task_title on task', expected: 'name uq_task_title', actual: 'no name' }]],
  ['unique columns differ', (_, t) => { t.uniques[0]!.columns = ['title', 'id']; },
    [{ object: 'unique uq_task_title on task', expected: '(title)', actual: '(title, id)' }]],
  ['check expression differs', (_, t) => { t.checks[0]!.expression = '(length((title)::text) > 0)'; },
    [{ object: 'check ck_task_title on task', expected: "((title)::text <> ''::text)", actual: '(length((title)::text) > 0)' }]],
  ['extra unnamed check', (_, t) => { t.checks.push({ name: null, expression: 'id > 0' }); },
    [{ object: 'check (id > 0) on task', expected: '(none)', actual: 'id > 0' }]],
  ['foreign key action differs', (_, t) => { t.foreignKeys[0]!.onDelete = 'set null'; },
    [{ object: 'foreign key fk_task_project_id_project on task', expected: 'ON DELETE cascade', actual: 'ON DELETE set null' }]],
  ['foreign key missing', (_, t) => { t.foreignKeys = []; },
    [{ object: 'foreign key fk_task_project_id_project on task', expected: '(project_id) REFERENCES project (id) ON DELETE cascade ON UPDATE no action', actual: '(none)' }]],
  ['index predicate differs', (_, t) => { t.indexes[0]!.where = '(due_at > now())'; },
    [{ object: 'index ix_task_due_at', expected: 'WHERE (due_at IS NOT NULL)', actual: 'WHERE (due_at > now())' }]],
  ['index predicate missing', (_, t) => { t.indexes[0]!.where = null; },
    [{ object: 'index ix_task_due_at', expected: 'WHERE (due_at IS NOT NULL)', actual: 'no WHERE' }]],
  ['index uniqueness and keys differ', (_, t) => { Object.assign(t.indexes[1]!, { unique: false, columns: ['title'] }); },
    [{ object: 'index ix_task_lower_title', expected: 'UNIQUE; ((lower((title)::text)))', actual: 'not UNIQUE; (title)' }]],
  ['index moved to another table', (c, t) => { c.tables[0]!.indexes.push(t.indexes.shift()!); },
    [{ object: 'index ix_task_due_at', expected: 'ON task', actual: 'ON project' }]],
  ['index missing', (_, t) => { t.indexes.pop(); },
    [{ object: 'index ix_task_lower_title', expected: 'UNIQUE ON task ((lower((title)::text)))', actual: '(none)' }]],
  ['sequence differs', (c) => { c.sequences[0]!.increment = '10'; },
    [{ object: 'sequence invoice_no', expected: 'INCREMENT 1', actual: 'INCREMENT 10' }]],
  ['sequence missing', (c) => { c.sequences = []; },
    [{ object: 'sequence invoice_no', expected: 'START 1000 INCREMENT 1', actual: '(none)' }]],
  ['enum values differ (order matters)', (c) => { c.enums[0]!.values = ['done', 'open']; },
    [{ object: 'enum Status', expected: "('open', 'done')", actual: "('done', 'open')" }]],
  ['extra enum', (c) => { c.enums.push({ name: 'Kind', values: ["it's"] }); },
    [{ object: 'enum Kind', expected: '(none)', actual: "('it''s')" }]],
];

for (const [name, edit, mismatches] of CASES) {
  test(name, () => {
    const actual = changed(edit);
    assert.equal(compareCatalogs(base(), actual), mismatches);
    assert.not.ok(catalogsEqual(base(), actual));
  });
}

test('several differences come out in a fixed order: tables with their parts, then indexes, sequences, enums', () => {
  const actual = changed((c, t) => {
    c.enums = [];
    c.sequences[0]!.start = '1';
    t.indexes[0]!.where = null;
    t.checks = [];
    t.columns[2]!.type = 'date';
    c.tables[0]!.columns[0]!.type = 'integer';
  });
  assert.equal(compareCatalogs(base(), actual).map((m) => m.object), [
    'column project.id',
    'column task.due_at',
    'check ck_task_title on task',
    'index ix_task_due_at',
    'sequence invoice_no',
    'enum Status',
  ]);
});

test('names read unambiguously in reports', () => {
  assert.is(displayName('task'), 'task');
  assert.is(displayName('x"; DROP TABLE y; --'), '"x""; DROP TABLE y; --"');
  assert.is(displayName('名前'), '"名前"');
  const actual = changed((_, t) => { t.name = 'x"; --'; });
  assert.equal(compareCatalogs(base(), actual).map((m) => m.object), ['table task', 'table "x""; --"']);
});

test.run();
