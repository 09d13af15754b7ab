/**
 * pgCast() over the committed measurements: it answers every measured pair
 * as measured, its rules reproduce every measured pair they cover, and the
 * cases CONTRACT section 5 names come out as the contract says.
 * (Replays on a live engine: pg-cast-replay.test.ts, pg-cast-values.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PG_CASTS, pgCast, pgCastByRule, type CastResult, type PgPairRecord } from '../../../src/audit/casts/cast-table.js';
import { MutableSchema } from '../../../src/model/state.js';
import { type } from './pg-replay.js';

const test = suite('pgCast: the measured table and its rules');

const schema = new MutableSchema();
schema.commit({ enums: new Map([...Object.entries(PG_CASTS.enums), ['Status', ['open', 'done']] as const].map(([name, values]) => [name, { name, values }])) });

const cast = (from: string, to: string, utc = false) => pgCast(type(from), type(to), { schema, utc });

/** The answer the record gives, in pgCast's terms. */
function expected(r: PgPairRecord, utc: boolean): Pick<CastResult, 'verdict' | 'lossy' | 'failsOnValues' | 'indexes'> {
  const f = { ...r, ...(utc && r.utc ? r.utc : {}) };
  const changes = f.changes ?? [];
  const failsOn = f.failsOn ?? [];
  return {
    verdict: f.verdict,
    ...(changes.length ? { lossy: 'silent' as const } : failsOn.length ? { lossy: 'fails-on-values' as const } : {}),
    ...(failsOn.length ? { failsOnValues: true } : {}),
    ...(f.index && f.index !== 'none' ? { indexes: f.index } : {}),
  };
}
const essence = (c: CastResult) => ({
  verdict: c.verdict,
  ...(c.lossy ? { lossy: c.lossy } : {}),
  ...(c.failsOnValues ? { failsOnValues: true } : {}),
  ...(c.indexes ? { indexes: c.indexes } : {}),
});

test('the data covers every ordered pair of its types, in both time zones', () => {
  const n = PG_CASTS.types.length;
  assert.ok(n >= 28);
  assert.is(PG_CASTS.pairs.length, n * n);
  assert.is(new Set(PG_CASTS.pairs.map((p) => `${p.from} -> ${p.to}`)).size, n * n);
  assert.match(PG_CASTS.engine, /^PostgreSQL \d+/);
  // only timestamp <-> timestamptz depends on the zone (the data stores UTC only where it differs)
  const zoned = PG_CASTS.pairs.filter((p) => p.utc && (p.utc.verdict !== undefined)).map((p) => `${p.from} -> ${p.to}`);
  assert.equal(zoned, ['timestamp -> timestamptz', 'timestamptz -> timestamp']);
});

test('every measured pair is answered as measured (both time zones)', () => {
  const wrong: string[] = [];
  for (const r of PG_CASTS.pairs) {
    for (const utc of [false, true]) {
      const got = essence(cast(r.from, r.to, utc));
      const want = r.from === r.to ? { verdict: 'same', ...(expected(r, utc).indexes ? { indexes: expected(r, utc).indexes } : {}) } : expected(r, utc);
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${r.from} -> ${r.to}${utc ? ' (UTC)' : ''}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
  }
  assert.equal(wrong, []);
});

test('the rules reproduce every measured pair with a length, a precision or an enum label limit', () => {
  const parameterised = (s: string) => /^(numeric\(|varchar\(|char\()/.test(s);
  const covered = PG_CASTS.pairs.filter((r) => r.from !== r.to && (parameterised(r.from) || parameterised(r.to)));
  assert.ok(covered.length > 300, `${covered.length}`);
  const wrong: string[] = [];
  for (const r of covered) {
    const got = essence(pgCastByRule(type(r.from), type(r.to), { schema }));
    const want = expected(r, false);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${r.from} -> ${r.to}: rule ${JSON.stringify(got)}, measured ${JSON.stringify(want)}`);
  }
  assert.equal(wrong, []);
});

test('float(p) is real up to 24 and double precision beyond, as measured', () => {
  const rec = (from: string, to: string) => PG_CASTS.pairs.find((p) => p.from === from && p.to === to)!;
  for (const [f, as] of [['float(10)', 'real'], ['float(40)', 'double']] as const) {
    for (const { type: t } of PG_CASTS.types) {
      assert.equal(expected(rec(f, t), false), expected(rec(as, t), false), `${f} -> ${t}`);
      assert.equal(expected(rec(t, f), false), expected(rec(t, as), false), `${t} -> ${f}`);
    }
  }
  assert.is(cast('float(24)', 'real').verdict, 'same');
  assert.is(cast('float(25)', 'double').verdict, 'same');
  assert.is(cast('float', 'double').verdict, 'same');
  assert.is(cast('float', 'real').verdict, 'rewrite');
});

test('CONTRACT unsafe-cast: no implicit or assignment cast, so the change fails without using', () => {
  for (const [from, to] of [['real', 'timestamp'], ['text', 'integer'], ['text', 'enum:Status'], ['integer', 'boolean'], ['boolean', 'integer'], ['varchar(20)', 'uuid'], ['text', 'json']]) {
    const c = cast(from!, to!);
    assert.is(c.verdict, 'fails', `${from} -> ${to}`);
    assert.not.ok(c.lossy);
  }
  // a default with no assignment cast fails even with using (integer DEFAULT 0 -> boolean)
  const b = cast('integer', 'boolean');
  assert.ok(b.usingCast && b.defaultBlocksUsing);
  // measured for every such pair: where USING c::<to> works, a DEFAULT still fails
  const withUsing = PG_CASTS.pairs.filter((p) => p.verdict === 'fails' && p.usingCast === 'works');
  assert.ok(withUsing.length > 100);
  for (const p of withUsing) assert.match(p.defaultError ?? '', /default for column "c" cannot be cast automatically/, `${p.from} -> ${p.to}`);
  // real -> timestamp: not even an explicit cast
  assert.is(cast('real', 'timestamp').usingCast, false);
  // integer -> blob: PostgreSQL 18 has an explicit cast, 15 has none: not promised
  assert.ok(PG_CASTS.crossCheck, 'the data records a cross-check against a real server');
  assert.is(cast('integer', 'blob').usingCast, false);
  assert.match(cast('integer', 'blob').why, /USING c::type works on PostgreSQL 18.* but not on PostgreSQL 15/);
});

test('CONTRACT lossy-cast: silent loss', () => {
  for (const [from, to] of [
    ['double', 'real'], ['integer', 'real'], ['bigint', 'real'], ['bigint', 'double'], ['real', 'integer'], ['double', 'bigint'],
    ['numeric(10,2)', 'integer'], ['numeric(10,2)', 'numeric(10,1)'], ['timestamp', 'date'], ['timestamp', 'time'],
    ['timestamptz', 'timestamp'], ['json', 'jsonb'],
  ]) {
    assert.is(cast(from!, to!).lossy, 'silent', `${from} -> ${to}`);
  }
  assert.match(cast('json', 'jsonb').why, /becomes/);
});

test('CONTRACT lossy-cast: fails on values that do not fit', () => {
  for (const [from, to] of [['bigint', 'integer'], ['varchar(100)', 'varchar(50)'], ['text', 'varchar(50)'], ['numeric(12,2)', 'numeric(10,2)'], ['varchar(30)', 'varchar(12)']]) {
    const c = cast(from!, to!);
    assert.is(c.lossy, 'fails-on-values', `${from} -> ${to}`);
    assert.ok(c.failsOnValues);
  }
  assert.match(cast('bigint', 'integer').why, /1099511627776 \(integer out of range\)/);
});

test('CONTRACT table-rewrite: rewrites, catalog-only changes and the TimeZone', () => {
  assert.equal(essence(cast('integer', 'bigint')), { verdict: 'rewrite', indexes: 'rebuilt' });
  assert.equal(essence(cast('varchar(50)', 'varchar(100)')), { verdict: 'catalog-only', indexes: 'kept' });
  assert.equal(essence(cast('varchar(13)', 'varchar(14)')), { verdict: 'catalog-only', indexes: 'kept' });
  assert.equal(essence(cast('varchar(50)', 'text')), { verdict: 'catalog-only', indexes: 'kept' });
  assert.equal(essence(cast('text', 'varchar')), { verdict: 'catalog-only', indexes: 'kept' });
  assert.equal(essence(cast('numeric(10,2)', 'numeric(14,2)')), { verdict: 'catalog-only', indexes: 'kept' });
  assert.is(cast('numeric(10,2)', 'numeric(14,3)').verdict, 'rewrite');
  assert.is(cast('char(3)', 'char(4)').verdict, 'rewrite');
  assert.is(cast('timestamp', 'timestamptz').verdict, 'rewrite');
  assert.is(cast('timestamptz', 'timestamp').verdict, 'rewrite');
  // with TimeZone UTC the table is kept, but an index on the column is still rebuilt
  assert.equal(essence(cast('timestamp', 'timestamptz', true)), { verdict: 'catalog-only', indexes: 'rebuilt' });
  assert.equal(essence(cast('timestamptz', 'timestamp', true)), { verdict: 'catalog-only', indexes: 'rebuilt' });
});

test('jsonb -> json works on the table but not with a btree index on the column', () => {
  assert.equal(essence(cast('jsonb', 'json')), { verdict: 'rewrite', indexes: 'fails' });
});

test('enum labels decide whether enum -> varchar(n) can fail', () => {
  assert.not.ok(cast('enum:Status', 'varchar(4)').failsOnValues);
  assert.ok(cast('enum:Status', 'varchar(3)').failsOnValues);
  // without the schema the labels are not known: it may fail
  const blind = pgCast(type('enum:Status'), type('varchar(4)'));
  assert.ok(blind.failsOnValues);
  assert.match(blind.why, /labels of enum Status are not known/);
  assert.is(cast('enum:Status', 'enum:Status').verdict, 'same');
  assert.is(cast('enum:Status', 'enum:mood').verdict, 'fails');
});

test('dialect-specific types are unknown, unless both sides are the same PostgreSQL type', () => {
  assert.is(pgCast({ kind: 'custom', byDialect: { postgresql: 'tsvector' } }, type('text')).verdict, 'unknown');
  assert.is(pgCast(type('text'), { kind: 'custom', byDialect: { postgresql: 'citext' } }).verdict, 'unknown');
  assert.is(pgCast({ kind: 'custom', byDialect: { postgresql: 'tsvector' } }, { kind: 'custom', byDialect: { postgresql: 'TSVECTOR', sqlite: 'TEXT' } }).verdict, 'same');
});

test('every answer says why, and names the measured pair a rule stands on', () => {
  for (const r of PG_CASTS.pairs) assert.ok(cast(r.from, r.to).why.length > 20, `${r.from} -> ${r.to}`);
  const ruled = cast('varchar(7)', 'varchar(3)');
  assert.is(ruled.basis, 'rule');
  assert.match(ruled.why, /as measured for varchar\(50\) -> varchar\(20\)/);
  assert.match(ruled.why, /longer than 3 characters/);
  assert.is(cast('integer', 'bigint').basis, 'measured');
});

test.run();
