/**
 * MutableSchema keeps who owns each index and relation name up to date by
 * touching only the names a change adds or removes (src/model/name-owners.ts).
 * These cases hold it to the plain rule it replaced: on every table change,
 * take out every name of the old table that points at it, then register
 * every name of the new one. Random changes reuse arrays by reference,
 * append, filter, rename and collide names across tables (which only
 * hand-built deltas and the auditor's assumed tables do), and after each
 * commit every name ever used must have the same owner in both.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { oneTableDelta, tableDelta } from '../../src/model/delta.js';
import { MutableSchema, Overlay } from '../../src/model/state.js';
import type { IndexModel, TableModel, UniqueModel } from '../../src/model/types.js';
import { Rng } from '../property/rng.js';

const test = suite('name owners');

/** The rule as first written: full unregister, then full register. */
class Reference {
  readonly tables = new Map<string, TableModel>();
  readonly indexes = new Map<string, string>();
  readonly relations = new Map<string, string>();
  commit(key: string, t: TableModel | null): void {
    const old = this.tables.get(key);
    if (old) {
      for (const ix of old.indexes) if (this.indexes.get(ix.name) === key) this.indexes.delete(ix.name);
      for (const r of relationNames(old)) if (this.relations.get(r) === key) this.relations.delete(r);
    }
    if (t) {
      this.tables.set(key, t);
      for (const ix of t.indexes) this.indexes.set(ix.name, key);
      for (const r of relationNames(t)) this.relations.set(r, key);
    } else {
      this.tables.delete(key);
    }
  }
}

function relationNames(t: TableModel): string[] {
  return [t.name, ...t.indexes.map((i) => i.name), ...t.uniques.map((u) => u.name), ...(t.primaryKey ? [t.primaryKey.name] : [])];
}

const TABLES = ['a', 'b', 'c', 'd'];
const NAMES = ['a', 'b', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'pk_a', 'pk_b'];

function index(name: string): IndexModel {
  return { name, generated: false, columns: ['id'], unique: false };
}
function unique(name: string): UniqueModel {
  return { name, generated: false, columns: ['id'] };
}

/** A list derived from `old`: the same array, one appended, one filtered out, or a fresh one. */
function evolve<T extends { name: string }>(rng: Rng, old: readonly T[], make: (n: string) => T, names: string[]): readonly T[] {
  switch (rng.int(0, 3)) {
    case 0: return old;
    case 1: return [...old, make(rng.pick(names))];
    case 2: return old.length ? old.filter((_, i) => i !== rng.int(0, old.length - 1)) : old;
    default: return Array.from({ length: rng.int(0, 3) }, () => make(rng.pick(names)));
  }
}

function nextTable(rng: Rng, key: string, old: TableModel | undefined, names: string[]): TableModel {
  // The table's own name is usually its key; sometimes not (hand-built deltas can do that).
  const name = rng.chance(0.9) ? key : rng.pick(TABLES);
  const base: TableModel = old ?? { name, columns: [], uniques: [], checks: [], foreignKeys: [], indexes: [] };
  const t: TableModel = {
    ...base,
    name,
    indexes: evolve(rng, base.indexes, index, names),
    uniques: evolve(rng, base.uniques, unique, names),
  };
  if (rng.chance(0.6) && base.primaryKey) return t;
  if (rng.chance(0.5)) return { ...t, primaryKey: { name: rng.pick(names), generated: false, columns: ['id'] } };
  const { primaryKey: _pk, ...rest } = t;
  return rest;
}

function run(seed: number, names: string[], steps: number): void {
  const rng = new Rng(seed);
  const schema = new MutableSchema();
  const ref = new Reference();
  for (let step = 0; step < steps; step++) {
    const key = rng.pick(TABLES);
    const old = ref.tables.get(key);
    const t = rng.chance(0.15) ? null : nextTable(rng, key, old, names);
    const delta = rng.chance(0.5) ? oneTableDelta(key, t) : tableDelta([key, t]);
    // An Overlay over the state answers as the committed state will.
    const view = new Overlay(schema, delta);
    schema.commit(delta);
    ref.commit(key, t);
    for (const n of [...names, ...TABLES]) {
      const where = `seed ${seed}, step ${step}, name ${n}`;
      assert.is(schema.indexOwner(n), ref.indexes.get(n), `indexOwner: ${where}`);
      assert.is(schema.relationOwner(n), ref.relations.get(n), `relationOwner: ${where}`);
      if (t && relationNames(t).includes(n)) assert.is(view.relationOwner(n), key, `overlay: ${where}`);
    }
    const snap = schema.snapshot();
    for (const n of names) assert.is(snap.relationOwner(n), ref.relations.get(n), `snapshot: seed ${seed}, step ${step}`);
  }
}

test('names that never collide across tables: the same owners as a full update', () => {
  // Each table draws from names of its own, so no name is registered over another table's.
  for (let seed = 1; seed <= 40; seed++) {
    const rng = new Rng(seed);
    const key = rng.pick(TABLES);
    run(seed, [`${key}_ix1`, `${key}_ix2`, `${key}_uq`, `${key}_pk`], 200);
  }
});

test('names that collide across tables: the same owners as a full update', () => {
  for (let seed = 100; seed <= 160; seed++) run(seed, NAMES, 300);
});

test('a change that keeps every array adds and removes nothing', () => {
  const schema = new MutableSchema();
  const t: TableModel = {
    name: 't', columns: [], uniques: [unique('uq_t')], checks: [], foreignKeys: [], indexes: [index('ix_t')],
    primaryKey: { name: 'pk_t', generated: true, columns: ['id'] },
  };
  schema.commit(oneTableDelta('t', t));
  schema.commit(oneTableDelta('t', { ...t, columns: [{ name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: false }] }));
  assert.equal(['t', 'ix_t', 'uq_t', 'pk_t', 'nope'].map((n) => schema.relationOwner(n)), ['t', 't', 't', 't', undefined]);
  assert.is(schema.indexOwner('ix_t'), 't');
  schema.commit(oneTableDelta('t', null));
  assert.equal(['t', 'ix_t', 'uq_t', 'pk_t'].map((n) => schema.relationOwner(n)), [undefined, undefined, undefined, undefined]);
  assert.is(schema.indexOwner('ix_t'), undefined);
});

test.run();
