import { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Op } from '../../src/ops/types.js';
import { makeObjectName, nameAddition } from '../../src/sql/pg-default-names.js';
import { opsOf } from './support.js';

const test = suite('sql/postgresql: the names PostgreSQL gives unnamed constraints and indexes');
let db: PGlite;
test.before(async () => { db = await PGlite.create(); });
test.before.each(async () => { await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'); });
test.after(async () => { await db.close(); });

/** Every constraint and index name an op creates. */
function namesOf(ops: readonly Op[]): string[] {
  const out: string[] = [];
  for (const op of ops) {
    switch (op.op) {
      case 'createTable':
        if (op.primaryKey?.name) out.push(op.primaryKey.name);
        for (const u of op.uniques ?? []) out.push(u.name!);
        for (const c of op.checks ?? []) out.push(c.name!);
        for (const f of op.foreignKeys ?? []) out.push(f.name!);
        for (const c of op.columns) if (c.references?.name) out.push(c.references.name);
        break;
      case 'addColumn':
        if (op.column.references?.name) out.push(op.column.references.name);
        break;
      case 'addUnique': case 'addCheck': case 'addForeignKey': case 'addPrimaryKey': case 'createIndex':
        out.push(op.name!);
        break;
      default:
        break;
    }
  }
  return out.sort();
}

/** What the server named them (indexes, and constraints other than PostgreSQL 18's NOT NULL ones). */
async function serverNames(): Promise<string[]> {
  const r = await db.query<{ name: string }>(`
    SELECT conname AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'
    UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
  return r.rows.map((x) => x.name).sort();
}

async function agree(sql: string): Promise<string[]> {
  const ours = namesOf(await opsOf(sql, 'postgresql'));
  await db.exec(sql);
  assert.equal(ours, await serverNames());
  return ours;
}

test('makeObjectName cuts the longer part first so the name fits in 63 bytes', () => {
  assert.is(makeObjectName('t', 'a', 'key'), 't_a_key');
  assert.is(makeObjectName('a'.repeat(63), 'b'.repeat(37), 'key'), `${'a'.repeat(29)}_${'b'.repeat(29)}_key`);
  // Multi-byte characters are never cut in half.
  assert.is(makeObjectName('é'.repeat(40), undefined, 'pkey'), `${'é'.repeat(29)}_pkey`);
  assert.is(nameAddition(['a', 'b', 'c']), 'a_b_c');
});

test('table constraints: pkey, key, check (one column or none), fkey, with numbers on collisions', async () => {
  const names = await agree(`
    CREATE TABLE p (id int PRIMARY KEY, k int UNIQUE, c int CHECK (c > 0), CHECK (c > k), CHECK (k > 1), CHECK (1 > 0),
                    UNIQUE (c, k), FOREIGN KEY (k) REFERENCES p (id));
    CREATE TABLE q (id int REFERENCES p, a int, b int, UNIQUE (a), UNIQUE (a, b), CONSTRAINT q_a_key2 CHECK (a > 0));`);
  assert.ok(names.includes('p_check1') && names.includes('q_id_fkey') && names.includes('p_k_check'));
});

test('ALTER TABLE ADD ... and CREATE INDEX without a name', async () => {
  await agree(`
    CREATE TABLE q (id int, a int, b text, c int);
    ALTER TABLE q ADD UNIQUE (b);
    ALTER TABLE q ADD CHECK (c > a);
    ALTER TABLE q ADD CHECK (c > 1);
    ALTER TABLE q ADD PRIMARY KEY (id);
    ALTER TABLE q ADD COLUMN d int UNIQUE CHECK (d > 0) REFERENCES q (id);
    CREATE INDEX ON q (a);
    CREATE INDEX ON q (lower(b));
    CREATE INDEX ON q ((a + c), c);
    CREATE INDEX ON q ((a + 1), (a - 1));
    CREATE UNIQUE INDEX ON q (b);
    CREATE INDEX ON q (a);
    CREATE INDEX ON q (CAST(b AS varchar));`);
});

test('long and non-ASCII names are cut the way the server cuts them', async () => {
  const long = 'a'.repeat(63);
  await agree(`
    CREATE TABLE "${long}" (${'b'.repeat(37)} int UNIQUE, ${'c'.repeat(46)} int, UNIQUE (${'b'.repeat(37)}, ${'c'.repeat(46)}));
    CREATE TABLE "${'ä'.repeat(31)}" ("${'ü'.repeat(20)}" int PRIMARY KEY, x int CHECK (x > 0));`);
});

test('a name freed by DROP TABLE / DROP CONSTRAINT is reused', async () => {
  const sql = `
    CREATE TABLE t (a int UNIQUE);
    DROP TABLE t;
    CREATE TABLE t (a int UNIQUE, b int);
    ALTER TABLE t DROP CONSTRAINT t_a_key;
    ALTER TABLE t ADD UNIQUE (a);`;
  const ops = await opsOf(sql, 'postgresql');
  assert.equal(namesOf([ops[2]!]), ['t_a_key']);
  assert.equal(namesOf([ops[4]!]), ['t_a_key']);
  await db.exec(sql);
  assert.equal(await serverNames(), ['t_a_key']);
});

test.run();
