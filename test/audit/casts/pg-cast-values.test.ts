/**
 * pgCast()'s lossiness against PostgreSQL itself: every measured pair that
 * works is replayed on PGlite with the sample values recorded in
 * postgresql-casts.json, by the test's own SQL (not the derivation's probe).
 */
import { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PG_CASTS, pgCast } from '../../../src/audit/casts/cast-table.js';
import { MutableSchema } from '../../../src/model/state.js';
import { replayValues, type } from './pg-replay.js';

const test = suite('pgCast: values replayed on PGlite');
let db: PGlite;

const schema = new MutableSchema();
schema.commit({ enums: new Map(Object.entries(PG_CASTS.enums).map(([name, values]) => [name, { name, values }])) });

test.before(async () => {
  db = new PGlite();
  await db.exec(Object.entries(PG_CASTS.enums).map(([n, v]) => `CREATE TYPE "${n}" AS ENUM (${v.map((x) => `'${x}'`).join(', ')});`).join('\n'));
});
test.after(async () => { await db.close(); });

test('every measured pair that works: which sample values change or fail', async () => {
  const samples = new Map(PG_CASTS.types.map((t) => [t.type, t.samples]));
  const cases = PG_CASTS.pairs.map((p) => ({ from: p.from, to: p.to })).filter((p) => pgCast(type(p.from), type(p.to), { schema }).verdict !== 'fails')
    .map((p) => ({ ...p, values: samples.get(p.from)! }));
  assert.ok(cases.length > 300);
  const seen = await replayValues(db, cases, 'Europe/Paris');
  const wrong: string[] = [];
  cases.forEach((c, i) => {
    const got = pgCast(type(c.from), type(c.to), { schema });
    const s = seen[i]!;
    const lossy = s.changed.length ? 'silent' : s.failed.length ? 'fails-on-values' : undefined;
    if (got.lossy !== lossy || (got.failsOnValues ?? false) !== s.failed.length > 0) {
      wrong.push(`${c.from} -> ${c.to}: pgCast says ${got.lossy ?? 'lossless'}${got.failsOnValues ? ' + fails' : ''}; changed ${JSON.stringify(s.changed)}, failed ${JSON.stringify(s.failed)}`);
    }
  });
  assert.equal(wrong, []);
  assert.ok(seen.some((s) => s.changed.length) && seen.some((s) => s.failed.length));
});

test.run();
