/**
 * Derives src/audit/casts/postgresql-casts.json: for every ordered pair of the
 * measured portable types, what PostgreSQL itself does on
 * `ALTER TABLE t ALTER COLUMN c TYPE <to>` without USING. Nothing in the
 * output comes from memory: each fact is an observation on a running server.
 *
 *   node <build>/scripts/derive-pg-casts.js                  measure on PGlite, write the JSON
 *   node <build>/scripts/derive-pg-casts.js --check          measure, exit 1 if the JSON is stale
 *   node <build>/scripts/derive-pg-casts.js --cross-check /tmp/sock[:port]
 *        also measure on a real server through psql (unix socket dir, user
 *        postgres, database postgres; a scratch server: the probe creates and
 *        drops the schema sqlrev_casts) and record where it differs from PGlite
 *
 * Per pair, on tables created in an earlier transaction (as in a real
 * migration; a table created in the same transaction can take shortcuts):
 *  - an empty table without index: ALTER in a subtransaction. Error = `fails`;
 *    otherwise pg_class.relfilenode changed = `rewrite` (PostgreSQL writes a
 *    new heap file, https://www.postgresql.org/docs/current/sql-altertable.html
 *    "Notes"), unchanged = `catalog-only`, same format_type = `same`;
 *  - an empty table with a btree index on the column: whether the index file
 *    was rebuilt, kept, or the index cannot exist on the new type;
 *  - one single-row table per sample value of the `from` type: the ALTER
 *    either fails on that value (fails-on-values) or succeeds, and the value
 *    cast back to `from` (directly or through text) is compared with the
 *    original text (silent loss);
 *  - when the plain ALTER fails: whether `USING c::<to>` works, and whether a
 *    column DEFAULT still makes it fail (the default is converted with an
 *    assignment cast even when USING is given);
 *  - the pg_cast row for the two types (castcontext i/a/e, castmethod f/b/i),
 *    https://www.postgresql.org/docs/current/catalog-pg-cast.html
 * Everything runs twice: with TimeZone = Europe/Paris (a zone with DST) and
 * with TimeZone = UTC; the UTC results are stored only where they differ.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { formatType, parseType } from '../src/model/column-type.js';
import type { ColumnType } from '../src/model/types.js';
import { MutableSchema } from '../src/model/state.js';
import { quoteLiteral } from '../src/dialects/postgresql/quote.js';
import { typeSql } from '../src/dialects/postgresql/types.js';
import { packageRoot } from '../src/package-root.js';
import type { PgCastData, PgCastDifference, PgCastSample, PgMeasuredType, PgPairFacts, PgPairRecord } from '../src/audit/casts/cast-table.js';

export const LOCAL_TIME_ZONE = 'Europe/Paris';
export const OUTPUT = 'src/audit/casts/postgresql-casts.json';

/** The enums the measured enum types refer to. */
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  mood: ['sad', 'ok', 'happy'],
  color: ['red', 'ok', 'blue'],
};

const REAL_SAMPLES = ['1.5', '-2.25', '1.2345678', '3.4028235e+38', 'Infinity'];
const DOUBLE_SAMPLES = ['1.1', '-2.5', '0.1234567890123456', '1e+300', 'Infinity', '-2.2250738585072014e-308'];
const TEXT_SAMPLES = ['hello', '42', '', 'a ', 'x'.repeat(30), 'y'.repeat(80), 'z'.repeat(150)];

/**
 * The measured types and, for each, sample values (PostgreSQL input syntax)
 * chosen to show loss: values at the edges of the range, with more digits
 * than a narrower type keeps, a time of day, a trailing blank, wall-clock
 * times in the Europe/Paris DST gap (2024-03-31 02:30) and instants in its
 * DST fold (2024-10-27 00:30Z and 01:30Z are both 02:30 local).
 * Not used: strings whose only excess over a length limit is trailing blanks
 * (cut silently, as the SQL standard says:
 * https://www.postgresql.org/docs/current/datatype-character.html).
 */
export const MEASURED: readonly { readonly type: string; readonly samples: readonly string[] }[] = [
  { type: 'smallint', samples: ['42', '-32768', '32767'] },
  { type: 'integer', samples: ['42', '-2147483648', '2147483647', '123456789'] },
  { type: 'bigint', samples: ['42', '1099511627776', '9007199254740993', '-9223372036854775808'] },
  { type: 'real', samples: REAL_SAMPLES },
  { type: 'double', samples: DOUBLE_SAMPLES },
  { type: 'float(10)', samples: REAL_SAMPLES },
  { type: 'float(40)', samples: DOUBLE_SAMPLES },
  { type: 'numeric(5,0)', samples: ['42', '-99999', '99999'] },
  { type: 'numeric(10,2)', samples: ['1.25', '-0.01', '12345678.99', '99999999.99'] },
  { type: 'numeric(12,2)', samples: ['0.05', '1234567890.12', '9999999999.99'] },
  { type: 'numeric(10,1)', samples: ['2.5', '123456789.1', '-999999999.9'] },
  { type: 'numeric', samples: ['42', '3.14159265358979323846264338327950288', '123456789012345678901234567890', 'NaN', '1e+309'] },
  { type: 'boolean', samples: ['true', 'false'] },
  { type: 'text', samples: TEXT_SAMPLES },
  { type: 'varchar', samples: TEXT_SAMPLES },
  { type: 'varchar(20)', samples: ['hello', 'a ', 'x'.repeat(20)] },
  { type: 'varchar(50)', samples: ['hello', 'a ', 'x'.repeat(30)] },
  { type: 'varchar(100)', samples: ['hello', 'a ', 'y'.repeat(80)] },
  { type: 'char(1)', samples: ['a', ' '] },
  { type: 'char(3)', samples: ['abc', 'a'] },
  { type: 'date', samples: ['2024-01-01', '2024-02-29'] },
  { type: 'time', samples: ['12:34:56', '23:59:59.999999'] },
  { type: 'timestamp', samples: ['2024-01-01 12:34:56', '2024-07-14 23:45:00.123456', '2024-03-31 02:30:00'] },
  { type: 'timestamptz', samples: ['2024-01-01 12:34:56+00', '2024-10-27 00:30:00+00', '2024-10-27 01:30:00+00'] },
  { type: 'interval', samples: ['1 day 02:03:04', '1 mon', '-03:00:00', '-178956970 years -8 mons -2147483648 days -2562047788:00:54.775807'] },
  { type: 'uuid', samples: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'] },
  { type: 'json', samples: ['{"b": 1, "a": [1, 2]}', '{"a": 1, "a": 2}', '"text"', `{"k": "${'j'.repeat(120)}"}`] },
  { type: 'jsonb', samples: ['{"a": [1, 2], "b": 1}', '"text"', `{"k": "${'j'.repeat(120)}"}`] },
  { type: 'blob', samples: ['\\x00ff10', '\\x68656c6c6f', `\\x${'61'.repeat(60)}`] },
  { type: 'enum:mood', samples: ENUMS['mood']! },
  { type: 'enum:color', samples: ENUMS['color']! },
];

export function columnType(spec: string): ColumnType {
  const t = parseType(spec);
  if (typeof t === 'string') throw new Error(`derive-pg-casts: ${spec}: ${t}`);
  return t;
}

export function pgTypeSql(spec: string): string {
  // PostgreSQL names an enum by itself: the (empty) schema is not consulted.
  return typeSql(columnType(spec), new MutableSchema());
}

/**
 * The server-side probe: everything (enums, tables, functions) lives in the
 * schema sqlrev_casts, which is dropped and recreated; the functions run with
 * it as their search_path.
 */
export const PROBE_SQL = `
DROP SCHEMA IF EXISTS sqlrev_casts CASCADE;
CREATE SCHEMA sqlrev_casts;
${Object.entries(ENUMS).map(([n, v]) => `CREATE TYPE sqlrev_casts.${n} AS ENUM (${v.map((x) => quoteLiteral(x)).join(', ')});`).join('\n')}

-- batch: {"timeZone", "from", "samples": [...], "pairs": [{"i", "to"}]}
CREATE FUNCTION sqlrev_casts.setup(batch jsonb) RETURNS text LANGUAGE plpgsql SET search_path = sqlrev_casts AS $fn$
DECLARE
  p jsonb; s text; k int; from_t text := batch->>'from';
BEGIN
  PERFORM set_config('TimeZone', batch->>'timeZone', true);
  FOR p IN SELECT * FROM jsonb_array_elements(batch->'pairs') LOOP
    EXECUTE format('CREATE TABLE %I (c %s)', 'sqlrev_e_' || (p->>'i'), from_t);
    EXECUTE format('CREATE TABLE %I (c %s)', 'sqlrev_x_' || (p->>'i'), from_t);
    BEGIN
      EXECUTE format('CREATE INDEX %I ON %I (c)', 'sqlrev_x_' || (p->>'i') || '_c', 'sqlrev_x_' || (p->>'i'));
    EXCEPTION WHEN others THEN NULL; -- the type has no btree operator class (json)
    END;
    k := 0;
    FOR s IN SELECT * FROM jsonb_array_elements_text(batch->'samples') LOOP
      EXECUTE format('CREATE TABLE %I (c %s, orig text)', 'sqlrev_v_' || (p->>'i') || '_' || k, from_t);
      EXECUTE format('INSERT INTO %I (c) VALUES (%L::%s)', 'sqlrev_v_' || (p->>'i') || '_' || k, s, from_t);
      EXECUTE format('UPDATE %I SET orig = c::text', 'sqlrev_v_' || (p->>'i') || '_' || k);
      k := k + 1;
    END LOOP;
  END LOOP;
  RETURN 'ok';
END
$fn$;

CREATE FUNCTION sqlrev_casts.measure(batch jsonb) RETURNS jsonb LANGUAGE plpgsql SET search_path = sqlrev_casts AS $fn$
DECLARE
  p jsonb; from_t text := batch->>'from'; to_t text; i text; k int;
  n int := jsonb_array_length(batch->'samples');
  e text; x text; v text;
  rf_before oid; rf_after oid; ix_before oid; ix_after oid; ty_before text; ty_after text;
  err text; ix_err text; using_err text; default_err text;
  orig text; became text; back text; via_text text; back_same boolean; back_err text; v_err text;
  cast_row jsonb; samples jsonb; result jsonb := '[]';
BEGIN
  PERFORM set_config('TimeZone', batch->>'timeZone', true);
  FOR p IN SELECT * FROM jsonb_array_elements(batch->'pairs') LOOP
    i := p->>'i'; to_t := p->>'to';
    e := 'sqlrev_e_' || i; x := 'sqlrev_x_' || i;
    err := NULL; ix_err := NULL; using_err := NULL; default_err := NULL; ix_after := NULL;

    SELECT relfilenode INTO rf_before FROM pg_class WHERE oid = e::regclass;
    SELECT format_type(atttypid, atttypmod) INTO ty_before FROM pg_attribute WHERE attrelid = e::regclass AND attname = 'c';
    BEGIN
      EXECUTE format('ALTER TABLE %I ALTER COLUMN c TYPE %s', e, to_t);
    EXCEPTION WHEN others THEN err := SQLERRM;
    END;
    SELECT relfilenode INTO rf_after FROM pg_class WHERE oid = e::regclass;
    SELECT format_type(atttypid, atttypmod) INTO ty_after FROM pg_attribute WHERE attrelid = e::regclass AND attname = 'c';

    SELECT relfilenode INTO ix_before FROM pg_class WHERE oid = to_regclass(x || '_c');
    IF err IS NULL AND ix_before IS NOT NULL THEN
      BEGIN
        EXECUTE format('ALTER TABLE %I ALTER COLUMN c TYPE %s', x, to_t);
      EXCEPTION WHEN others THEN ix_err := SQLERRM;
      END;
      -- a rebuilt index keeps its name
      SELECT relfilenode INTO ix_after FROM pg_class WHERE oid = to_regclass(x || '_c');
    END IF;

    IF err IS NOT NULL THEN
      BEGIN
        EXECUTE format('ALTER TABLE %I ALTER COLUMN c TYPE %s USING c::%s', e, to_t, to_t);
        RAISE EXCEPTION 'sqlrev_rollback';
      EXCEPTION WHEN others THEN
        IF SQLERRM <> 'sqlrev_rollback' THEN using_err := SQLERRM; END IF;
      END;
      IF using_err IS NULL THEN
        BEGIN
          EXECUTE format('ALTER TABLE %I ALTER COLUMN c SET DEFAULT %L::%s', e, batch->'samples'->>0, from_t);
          EXECUTE format('ALTER TABLE %I ALTER COLUMN c TYPE %s USING c::%s', e, to_t, to_t);
          RAISE EXCEPTION 'sqlrev_rollback';
        EXCEPTION WHEN others THEN
          IF SQLERRM <> 'sqlrev_rollback' THEN default_err := SQLERRM; END IF;
        END;
      END IF;
    END IF;

    samples := '[]';
    IF err IS NULL THEN
      FOR k IN 0 .. n - 1 LOOP
        v := 'sqlrev_v_' || i || '_' || k;
        v_err := NULL; became := NULL; back := NULL; back_same := NULL; back_err := NULL;
        EXECUTE format('SELECT orig FROM %I', v) INTO orig;
        BEGIN
          EXECUTE format('ALTER TABLE %I ALTER COLUMN c TYPE %s', v, to_t);
        EXCEPTION WHEN others THEN v_err := SQLERRM;
        END;
        IF v_err IS NULL THEN
          EXECUTE format('SELECT c::text FROM %I', v) INTO became;
          -- Lost = no way back: neither the cast back to the old type nor the
          -- way through text gives the original. (The direct way alone would
          -- blame the new type for the casts back: real -> numeric keeps 6
          -- digits, and a char's padding is no enum label.)
          back_same := false;
          BEGIN
            EXECUTE format('SELECT (c::%s)::text FROM %I', from_t, v) INTO back;
            back_same := back IS NOT DISTINCT FROM orig;
          EXCEPTION WHEN others THEN back_err := SQLERRM;
          END;
          IF NOT back_same THEN
            BEGIN
              EXECUTE format('SELECT (c::text::%s)::text FROM %I', from_t, v) INTO via_text;
              IF via_text IS NOT DISTINCT FROM orig THEN back_same := true; END IF;
              IF back_err IS NOT NULL THEN back := via_text; back_err := NULL; END IF;
            EXCEPTION WHEN others THEN NULL;
            END;
          END IF;
        END IF;
        samples := samples || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
          'n', k, 'value', orig, 'error', v_err, 'became', became, 'back', back, 'same', back_same, 'backError', back_err)));
      END LOOP;
    END IF;

    SELECT jsonb_build_object('context', castcontext, 'method', castmethod,
        'function', CASE WHEN castfunc = 0 THEN NULL ELSE castfunc::regprocedure::text END)
      INTO cast_row
      FROM pg_cast WHERE castsource = to_regtype(from_t) AND casttarget = to_regtype(to_t);

    result := result || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
      'i', i::int, 'error', err, 'typeBefore', ty_before, 'typeAfter', ty_after,
      'rewritten', rf_before <> rf_after,
      'hasIndex', ix_before IS NOT NULL, 'indexError', ix_err,
      'indexRebuilt', CASE WHEN ix_after IS NULL THEN NULL ELSE ix_before <> ix_after END,
      'usingError', using_err, 'defaultError', default_err,
      'cast', cast_row, 'samples', samples)));

    EXECUTE format('DROP TABLE %I, %I', e, x);
    FOR k IN 0 .. n - 1 LOOP
      EXECUTE format('DROP TABLE %I', 'sqlrev_v_' || i || '_' || k);
    END LOOP;
  END LOOP;
  RETURN result;
END
$fn$;
`;

/** A server to run the probe on. */
export interface ProbeEngine {
  readonly description: string;
  exec(sql: string): Promise<void>;
  /** Runs each statement in its own transaction; each returns one row of one text column. */
  selectEach(statements: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function pgliteEngine(): Promise<ProbeEngine> {
  const db = new PGlite();
  const version = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  return {
    description: `PostgreSQL ${version} (PGlite ${pkg.version})`,
    async exec(sql) { await db.exec(sql); },
    async selectEach(statements) {
      const out: string[] = [];
      for (const s of statements) {
        const r = await db.query<Record<string, unknown>>(s);
        const row = r.rows[0];
        const v = row ? Object.values(row)[0] : undefined;
        out.push(typeof v === 'string' ? v : JSON.stringify(v));
      }
      return out;
    },
    async close() { await db.close(); },
  };
}

/** A real server through psql over a unix socket ("/dir" or "/dir:port"), as user postgres. */
export function psqlEngine(target: string): ProbeEngine {
  const [host, port] = target.split(':') as [string, string | undefined];
  const args = ['-h', host, ...(port ? ['-p', port] : []), '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  const run = (sql: string, extra: string[]): string => {
    const r = spawnSync('psql', [...args, ...extra, '-f', '-'], { input: sql, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
  const version = run('SHOW server_version;', ['-At']).trim();
  return {
    description: `PostgreSQL ${version}`,
    async exec(sql) { run(sql, []); },
    async selectEach(statements) {
      // psql sends each statement of a script separately: one transaction each.
      const out = run(statements.map((s) => `${s};\n`).join(''), ['-At']).split('\n');
      if (out[out.length - 1] === '') out.pop();
      if (out.length !== statements.length) throw new Error(`psql returned ${out.length} rows for ${statements.length} statements`);
      return out;
    },
    async close() { /* nothing to close: one psql process per call */ },
  };
}

interface RawSample { n: number; value: string; error?: string; became?: string; back?: string; same?: boolean; backError?: string }
interface RawPair {
  i: number; error?: string; typeBefore: string; typeAfter: string; rewritten: boolean;
  hasIndex: boolean; indexError?: string; indexRebuilt?: boolean;
  usingError?: string; defaultError?: string;
  cast?: { context: 'i' | 'a' | 'e'; method: 'f' | 'b' | 'i'; function?: string };
  samples: RawSample[];
}

const CONTEXT = { i: 'implicit', a: 'assignment', e: 'explicit' } as const;
const METHOD = { f: 'function', b: 'binary', i: 'inout' } as const;

/** PostgreSQL names the probe's column and tables in its messages; the data should not. */
function generic(message: string): string {
  return message
    .replace(/"sqlrev_[a-z]_\d+(?:_\d+)?"/g, '"t"')
    .replace(/sqlrev_[a-z]_\d+(?:_\d+)?/g, 't')
    .replace(/"([^"]{49,})"/g, (_, v: string) => `"${short(v)}"`);
}

/** Long sample texts are shortened in the pair records (the types list has them in full). */
function short(s: string): string {
  return s.length <= 48 ? s : `${s.slice(0, 24)}... (${s.length} characters)`;
}

function facts(raw: RawPair): PgPairFacts {
  const sameType = raw.typeBefore === raw.typeAfter;
  const verdict = raw.error !== undefined ? 'fails' : raw.rewritten ? 'rewrite' : sameType ? 'same' : 'catalog-only';
  const out: PgPairFacts = {
    verdict,
    ...(raw.error !== undefined ? { error: generic(raw.error) } : {}),
    ...(raw.error !== undefined ? {} : { index: !raw.hasIndex ? 'none' as const : raw.indexError !== undefined ? 'fails' : raw.indexRebuilt ? 'rebuilt' as const : 'kept' as const }),
    ...(raw.indexError !== undefined ? { indexError: generic(raw.indexError) } : {}),
  };
  if (raw.error !== undefined) {
    out.usingCast = raw.usingError === undefined ? 'works' : 'fails';
    if (raw.usingError !== undefined) out.usingError = generic(raw.usingError);
    if (raw.defaultError !== undefined) out.defaultError = generic(raw.defaultError);
  }
  const changed: PgCastSample[] = [];
  const failed: PgCastSample[] = [];
  for (const s of raw.samples) {
    if (s.error !== undefined) failed.push({ n: s.n, value: short(s.value), error: generic(s.error) });
    else if (s.same !== true) {
      changed.push({
        n: s.n, value: short(s.value), became: short(s.became ?? ''),
        ...(s.back !== undefined ? { back: short(s.back) } : {}),
        ...(s.backError ? { error: generic(s.backError) } : {}),
      });
    }
  }
  if (changed.length) out.changes = changed;
  if (failed.length) out.failsOn = failed;
  return out;
}

interface RunResult { engine: string; pairs: Map<string, { raw: RawPair; facts: PgPairFacts }> }

export function pairKey(from: string, to: string): string {
  return `${from} -> ${to}`;
}

/** Measures every ordered pair of MEASURED in one time zone. */
export async function measure(engine: ProbeEngine, timeZone: string, log: (s: string) => void = () => {}): Promise<RunResult> {
  await engine.exec(PROBE_SQL);
  const pairs = new Map<string, { raw: RawPair; facts: PgPairFacts }>();
  let i = 0;
  const batches: { from: string; targets: { i: number; to: string }[]; setup: string; measure: string }[] = [];
  for (const f of MEASURED) {
    const targets = MEASURED.map((t) => ({ i: i++, to: t.type }));
    const batch = {
      timeZone,
      from: pgTypeSql(f.type),
      samples: f.samples,
      pairs: targets.map((t) => ({ i: t.i, to: pgTypeSql(t.to) })),
    };
    const json = quoteLiteral(JSON.stringify(batch));
    batches.push({ from: f.type, targets, setup: `SELECT sqlrev_casts.setup(${json}::jsonb)`, measure: `SELECT sqlrev_casts.measure(${json}::jsonb)::text` });
  }
  // setup then measure, each in its own transaction, batch after batch.
  const t0 = Date.now();
  const out = await engine.selectEach(batches.flatMap((b) => [b.setup, b.measure]));
  batches.forEach((b, n) => {
    const raws = JSON.parse(out[2 * n + 1]!) as RawPair[];
    for (const raw of raws) {
      const t = b.targets.find((x) => x.i === raw.i)!;
      pairs.set(pairKey(b.from, t.to), { raw, facts: facts(raw) });
    }
  });
  log(`${engine.description}, TimeZone ${timeZone}: ${pairs.size} pairs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { engine: engine.description, pairs };
}

/**
 * The fields of `utc` that differ from `local`. Samples are compared by
 * number: their text differs between the zones whenever the type is timestamptz.
 */
function delta(local: PgPairFacts, utc: PgPairFacts): Partial<PgPairFacts> | undefined {
  const d: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(local), ...Object.keys(utc)]) as Set<keyof PgPairFacts>;
  const norm = (k: keyof PgPairFacts, f: PgPairFacts) =>
    JSON.stringify(k === 'changes' || k === 'failsOn' ? f[k]?.map((s) => s.n) : f[k]);
  for (const k of keys) {
    if (norm(k, local) !== norm(k, utc)) d[k] = utc[k] ?? null;
  }
  return Object.keys(d).length ? (d as Partial<PgPairFacts>) : undefined;
}

function buildData(local: RunResult, utc: RunResult, crossCheck?: PgCastData['crossCheck']): PgCastData {
  const types: PgMeasuredType[] = MEASURED.map((m) => ({ type: m.type, sql: pgTypeSql(m.type), samples: [...m.samples] }));
  const pairs: PgPairRecord[] = [];
  for (const f of MEASURED) {
    for (const t of MEASURED) {
      const key = pairKey(f.type, t.type);
      const l = local.pairs.get(key)!;
      const u = utc.pairs.get(key)!;
      const c = l.raw.cast;
      const d = delta(l.facts, u.facts);
      pairs.push({
        from: f.type,
        to: t.type,
        ...l.facts,
        cast: c ? { context: CONTEXT[c.context], method: METHOD[c.method], ...(c.function ? { function: c.function } : {}) } : null,
        ...(d ? { utc: d } : {}),
      });
    }
  }
  return {
    comment: 'Generated by scripts/derive-pg-casts.ts from measurements on a real server; do not edit. See README.md.',
    engine: local.engine,
    timeZone: LOCAL_TIME_ZONE,
    enums: Object.fromEntries(Object.entries(ENUMS).map(([k, v]) => [k, [...v]])),
    types,
    pairs,
    ...(crossCheck ? { crossCheck } : {}),
  };
}

/** Byte-stable, one pair per line so that a regenerated file diffs readably. */
export function serialise(data: PgCastData): string {
  const { pairs, types, crossCheck, ...head } = data;
  const list = (items: readonly unknown[]) => `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  lines.push(`  "types": ${list(types)}`);
  lines.push(`  "pairs": ${list(pairs)}`);
  if (crossCheck) {
    lines.push(`  "crossCheck": {\n    "engine": ${JSON.stringify(crossCheck.engine)},\n    "differences": ${crossCheck.differences.length ? list(crossCheck.differences).replace(/\n {4}/g, '\n      ').replace(/\n {2}\]$/, '\n    ]') : '[]'}\n  }`);
  }
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** What a comparison between two engines looks at: verdict, index effect, which samples change or fail. */
function comparable(f: PgPairFacts): string {
  return JSON.stringify({
    verdict: f.verdict,
    index: f.index,
    usingCast: f.usingCast,
    defaultBlocks: f.defaultError !== undefined,
    changes: (f.changes ?? []).map((s) => s.n),
    failsOn: (f.failsOn ?? []).map((s) => s.n),
  });
}

function differences(a: RunResult, b: RunResult, timeZone: string): PgCastDifference[] {
  const out: PgCastDifference[] = [];
  for (const [key, x] of a.pairs) {
    const y = b.pairs.get(key)!;
    if (comparable(x.facts) !== comparable(y.facts)) {
      const [from, to] = key.split(' -> ') as [string, string];
      out.push({ from, to, timeZone, this: x.facts, other: y.facts });
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const ci = argv.indexOf('--cross-check');
  const crossTarget = ci >= 0 ? argv[ci + 1] : undefined;
  if (ci >= 0 && !crossTarget) { console.error('--cross-check needs a socket directory, as in /tmp/sock:5432'); return 2; }
  const log = (s: string) => console.error(s);
  const started = Date.now();

  const pg = await pgliteEngine();
  const local = await measure(pg, LOCAL_TIME_ZONE, log);
  const utc = await measure(pg, 'UTC', log);
  await pg.close();

  let crossCheck: PgCastData['crossCheck'];
  if (crossTarget) {
    const server = psqlEngine(crossTarget);
    const sLocal = await measure(server, LOCAL_TIME_ZONE, log);
    const sUtc = await measure(server, 'UTC', log);
    await server.exec('DROP SCHEMA sqlrev_casts CASCADE;');
    crossCheck = {
      engine: server.description,
      differences: [...differences(local, sLocal, LOCAL_TIME_ZONE), ...differences(utc, sUtc, 'UTC')],
    };
    log(`${server.description}: ${crossCheck.differences.length} pairs differ from ${local.engine}`);
  }

  const file = join(packageRoot(), OUTPUT);
  const previous = (() => { try { return readFileSync(file, 'utf8'); } catch { return undefined; } })();
  // Without a server to compare with, keep the comparison recorded last time.
  if (!crossTarget && previous) {
    const old = JSON.parse(previous) as PgCastData;
    if (old.crossCheck) crossCheck = old.crossCheck;
  }
  const text = serialise(buildData(local, utc, crossCheck));
  log(`measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (check) {
    if (previous !== text) { console.error(`${OUTPUT} is stale: run node <build>/scripts/derive-pg-casts.js`); return 1; }
    console.error(`${OUTPUT} is up to date`);
    return 0;
  }
  writeFileSync(file, text);
  console.error(`wrote ${OUTPUT}`);
  return 0;
}

// Run only as a script, not when a test imports the type list.
if (process.argv[1] && /derive-pg-casts\.js$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => { console.error(e); process.exit(2); });
}
