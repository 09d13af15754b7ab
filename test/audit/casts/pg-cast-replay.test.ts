/**
 * pgCast() against PostgreSQL itself: every measured pair is replayed on
 * PGlite (the verdict and the index in Europe/Paris and in UTC; the values in
 * pg-cast-values.test.ts), plus pairs with lengths and precisions that were
 * not measured, which pgCast() answers by rule.
 */
import { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PG_CASTS, pgCast, type CastResult } from '../../../src/audit/casts/cast-table.js';
import { MutableSchema } from '../../../src/model/state.js';
import { replayValues, replayVerdicts, type, type Pair, type ReplayedVerdict } from './pg-replay.js';

const test = suite('pgCast: replayed on PGlite');
let db: PGlite;

const ENUMS: Record<string, string[]> = { ...Object.fromEntries(Object.entries(PG_CASTS.enums).map(([k, v]) => [k, [...v]])), Status: ['open', 'in_review', 'done'] };
const schema = new MutableSchema();
schema.commit({ enums: new Map(Object.entries(ENUMS).map(([name, values]) => [name, { name, values }])) });

test.before(async () => {
  db = new PGlite();
  await db.exec(Object.entries(ENUMS).map(([n, v]) => `CREATE TYPE "${n}" AS ENUM (${v.map((x) => `'${x}'`).join(', ')});`).join('\n'));
});
test.after(async () => { await db.close(); });

const MEASURED: Pair[] = PG_CASTS.pairs.map((p) => ({ from: p.from, to: p.to }));

function describe(p: Pair, got: CastResult, seen: ReplayedVerdict): string {
  return `${p.from} -> ${p.to}: pgCast says ${got.verdict}/${got.indexes ?? 'no index'}, PostgreSQL did ${seen.verdict}/${seen.index}${seen.error ? ` (${seen.error})` : ''}`;
}

function checkVerdicts(pairs: readonly Pair[], seen: readonly ReplayedVerdict[], utc: boolean): void {
  const wrong: string[] = [];
  pairs.forEach((p, i) => {
    const got = pgCast(type(p.from), type(p.to), { utc, schema });
    const s = seen[i]!;
    const index = s.index === 'none' ? undefined : s.index;
    if (got.verdict !== s.verdict || got.indexes !== index) wrong.push(describe(p, got, s));
  });
  assert.equal(wrong, [], `${wrong.length} of ${pairs.length} pairs differ`);
}

test(`every measured pair (${MEASURED.length}): the verdict and the index, TimeZone Europe/Paris`, async () => {
  assert.ok(MEASURED.length > 900);
  const seen = await replayVerdicts(db, MEASURED, 'Europe/Paris');
  // cannot pass vacuously: all four outcomes occur
  for (const v of ['same', 'catalog-only', 'rewrite', 'fails'] as const) assert.ok(seen.some((s) => s.verdict === v), v);
  checkVerdicts(MEASURED, seen, false);
});

test('every measured pair: the verdict and the index, TimeZone UTC', async () => {
  const seen = await replayVerdicts(db, MEASURED, 'UTC');
  checkVerdicts(MEASURED, seen, true);
  // the one place where the zone matters
  const i = MEASURED.findIndex((p) => p.from === 'timestamp' && p.to === 'timestamptz');
  assert.equal(seen[i], { verdict: 'catalog-only', index: 'rebuilt' });
});

/**
 * Pairs that were not measured, each with values at the edges of the `from`
 * type: a rule that says "fails on values" must be shown right by one of
 * them, a rule that says "lossless" must survive all of them.
 */
/** The largest value of numeric(p,s): 999.99 */
const nines = (p: number, s: number) => `${p > s ? '9'.repeat(p - s) : '0'}${s > 0 ? `.${'9'.repeat(s)}` : ''}`;
function edges(spec: string): string[] {
  const t = type(spec);
  switch (t.kind) {
    case 'smallint': return ['-32768', '32767'];
    case 'integer': return ['-2147483648', '2147483647'];
    case 'bigint': return ['-9223372036854775808', '9223372036854775807'];
    case 'numeric': {
      if (t.precision === undefined) return ['3.14159265358979323846', '-1e+100'];
      const p = t.precision;
      const s = t.scale ?? 0;
      return [nines(p, s), `-${nines(p, s)}`, ...(s > 0 ? [`0.${'1'.repeat(s)}`] : [])];
    }
    case 'varchar':
    case 'char': return [t.length! >= 2 ? 'a ' : ' ', 'x'.repeat(t.length!)];
    case 'text': return ['a ', 'x'.repeat(200)];
    case 'uuid': return ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'];
    case 'boolean': return ['true', 'false'];
    case 'date': return ['4714-11-24 BC', '5874897-12-31'];
    case 'time': return ['23:59:59.999999'];
    case 'timestamp': return ['4713-01-01 00:00:00.999999 BC', '294276-12-31 23:59:59.999999'];
    case 'timestamptz': return ['4713-01-01 00:00:00.999999+00 BC'];
    case 'float': return t.precision !== undefined && t.precision <= 24
      ? ['1.2345678', '-3.4028235e+38', 'Infinity']
      : ['0.1234567890123456', '-2.2250738585072014e-308', '1e+300', 'Infinity'];
    case 'enum': return ENUMS[t.name]!;
    default: throw new Error(`no edge values for ${spec}`);
  }
}

const UNMEASURED: Pair[] = [
  // varchar and char lengths
  { from: 'varchar(7)', to: 'varchar(3)' }, { from: 'varchar(3)', to: 'varchar(7)' }, { from: 'varchar(9)', to: 'text' },
  { from: 'varchar(7)', to: 'char(9)' }, { from: 'varchar(7)', to: 'char(5)' }, { from: 'char(5)', to: 'char(2)' },
  { from: 'char(2)', to: 'char(5)' }, { from: 'char(4)', to: 'varchar(3)' }, { from: 'char(4)', to: 'varchar(4)' },
  { from: 'char', to: 'varchar(1)' }, { from: 'text', to: 'varchar(7)' }, { from: 'text', to: 'char(2)' },
  { from: 'varchar(9)', to: 'integer' }, { from: 'char(2)', to: 'enum:Status' },
  // numeric precision and scale
  { from: 'numeric(7,3)', to: 'numeric(9,3)' }, { from: 'numeric(7,3)', to: 'numeric(6,3)' }, { from: 'numeric(7,3)', to: 'numeric(7,2)' },
  { from: 'numeric(7,3)', to: 'numeric(6,2)' }, { from: 'numeric(7,3)', to: 'numeric(8,2)' }, { from: 'numeric(5,2)', to: 'numeric(5,3)' },
  { from: 'numeric(5,2)', to: 'numeric(8,4)' }, { from: 'numeric(2,2)', to: 'numeric(2,1)' }, { from: 'numeric(6)', to: 'numeric(6,0)' },
  { from: 'numeric(7,3)', to: 'numeric' }, { from: 'numeric', to: 'numeric(7,3)' },
  // numeric and the other number types
  { from: 'numeric(6)', to: 'integer' }, { from: 'numeric(9,0)', to: 'integer' }, { from: 'numeric(10,0)', to: 'integer' },
  { from: 'numeric(5,1)', to: 'smallint' }, { from: 'numeric(19,0)', to: 'bigint' }, { from: 'numeric(6,0)', to: 'real' },
  { from: 'numeric(7,0)', to: 'real' }, { from: 'numeric(7,3)', to: 'real' }, { from: 'numeric(8,1)', to: 'real' }, { from: 'numeric(15,2)', to: 'double' }, { from: 'numeric(16,2)', to: 'double' },
  { from: 'smallint', to: 'numeric(5)' }, { from: 'smallint', to: 'numeric(6,2)' }, { from: 'smallint', to: 'numeric(4)' },
  { from: 'integer', to: 'numeric(11,1)' }, { from: 'integer', to: 'numeric(9,0)' }, { from: 'bigint', to: 'numeric(19)' }, { from: 'bigint', to: 'numeric(18)' },
  { from: 'float(20)', to: 'numeric(30,10)' }, { from: 'numeric(6,2)', to: 'boolean' },
  // text forms into a length limit
  { from: 'integer', to: 'varchar(11)' }, { from: 'integer', to: 'varchar(10)' }, { from: 'bigint', to: 'char(20)' },
  { from: 'uuid', to: 'varchar(36)' }, { from: 'uuid', to: 'varchar(35)' }, { from: 'boolean', to: 'varchar(5)' },
  { from: 'boolean', to: 'char(4)' }, { from: 'date', to: 'varchar(13)' }, { from: 'date', to: 'varchar(12)' },
  { from: 'time', to: 'char(15)' }, { from: 'timestamp', to: 'varchar(29)' }, { from: 'timestamp', to: 'varchar(28)' },
  { from: 'timestamptz', to: 'varchar(37)' }, { from: 'numeric(6,2)', to: 'varchar(8)' }, { from: 'numeric(6,2)', to: 'varchar(7)' },
  { from: 'numeric(2,2)', to: 'varchar(5)' }, { from: 'numeric(2,2)', to: 'varchar(4)' },
  { from: 'enum:Status', to: 'varchar(9)' }, { from: 'enum:Status', to: 'varchar(8)' }, { from: 'enum:Status', to: 'char(9)' },
  // float(p) as real or double precision
  { from: 'float(1)', to: 'real' }, { from: 'float(24)', to: 'double' }, { from: 'float(25)', to: 'double' }, { from: 'float(53)', to: 'real' },
  { from: 'float(24)', to: 'integer' }, { from: 'float(30)', to: 'numeric(10,2)' },
  // enums other than the measured ones
  { from: 'enum:Status', to: 'enum:Status' }, { from: 'enum:Status', to: 'enum:mood' }, { from: 'enum:Status', to: 'text' },
];

test(`pairs that were not measured (${UNMEASURED.length}): the rule's verdict and index`, async () => {
  for (const p of UNMEASURED) assert.not.ok(PG_CASTS.pairs.some((m) => m.from === p.from && m.to === p.to), `${p.from} -> ${p.to} is measured`);
  const seen = await replayVerdicts(db, UNMEASURED, 'Europe/Paris');
  checkVerdicts(UNMEASURED, seen, false);
});

test('pairs that were not measured: edge values fail or change exactly when the rule says so', async () => {
  const cases = UNMEASURED.filter((p) => pgCast(type(p.from), type(p.to), { schema }).verdict !== 'fails')
    .map((p) => ({ ...p, values: edges(p.from) }));
  const seen = await replayValues(db, cases, 'Europe/Paris');
  const wrong: string[] = [];
  cases.forEach((c, i) => {
    const got = pgCast(type(c.from), type(c.to), { schema });
    const s = seen[i]!;
    if ((got.lossy === 'silent') !== s.changed.length > 0 || (got.failsOnValues ?? false) !== s.failed.length > 0) {
      wrong.push(`${c.from} -> ${c.to}: pgCast says ${got.lossy ?? 'lossless'}${got.failsOnValues ? ' + fails' : ''}; changed ${JSON.stringify(s.changed)}, failed ${JSON.stringify(s.failed)}`);
    }
  });
  assert.equal(wrong, []);
});

test.run();
