/**
 * Two SchemaState implementations:
 * - MutableSchema: the running fold of a replay. Committing a delta is O(size
 *   of the delta), so a replay is linear in the number of ops.
 * - Overlay: "base + delta" without touching base, so a consumer can see the
 *   state before and after an op at the same time. Overlays stack (used to
 *   replay a derived downgrade on top of a revision's state).
 * States are views: a consumer that wants to keep one past the callback it
 * got it in must call snapshot().
 */
import type { Delta } from './delta.js';
import { holdsRelation, NameOwners } from './name-owners.js';
import { forEachEntry } from './one-entry-map.js';
import type { EnumModel, SchemaState, SequenceModel, TableModel } from './types.js';

function sortedKeys<V>(live: Iterable<[string, V | null | undefined]>): string[] {
  const out: string[] = [];
  for (const [k, v] of live) if (v) out.push(k);
  return out.sort();
}

export class MutableSchema implements SchemaState {
  private readonly tables = new Map<string, TableModel>();
  private readonly sequences = new Map<string, SequenceModel>();
  private readonly enums = new Map<string, EnumModel>();
  private names = new NameOwners();
  /** refTable -> tables (other than itself) holding a foreign key to it. */
  private readonly referrers = new Map<string, Set<string>>();

  table(name: string) { return this.tables.get(name); }
  sequence(name: string) { return this.sequences.get(name); }
  enumType(name: string) { return this.enums.get(name); }
  tableNames() { return [...this.tables.keys()].sort(); }
  sequenceNames() { return [...this.sequences.keys()].sort(); }
  enumNames() { return [...this.enums.keys()].sort(); }
  indexOwner(name: string) { return this.names.indexes.get(name); }
  relationOwner(name: string) { return this.names.relations.get(name); }
  referencingTables(name: string) { return [...(this.referrers.get(name) ?? [])].sort(); }

  private link(t: TableModel, add: boolean): void {
    for (const fk of t.foreignKeys) {
      if (fk.refTable === t.name) continue;
      let set = this.referrers.get(fk.refTable);
      if (add) {
        if (!set) this.referrers.set(fk.refTable, (set = new Set()));
        set.add(t.name);
      } else if (set) {
        set.delete(t.name);
        if (set.size === 0) this.referrers.delete(fk.refTable);
      }
    }
  }

  commit(delta: Delta): void {
    // Most deltas change one table (delta.ts): forEachEntry takes no iterator for those.
    if (delta.tables) forEachEntry(delta.tables, (name, t) => this.commitTable(name, t));
    if (delta.sequences) for (const [n, s] of delta.sequences) s ? this.sequences.set(n, s) : this.sequences.delete(n);
    if (delta.enums) for (const [n, e] of delta.enums) e ? this.enums.set(n, e) : this.enums.delete(n);
  }

  private commitTable(name: string, t: TableModel | null): void {
    const old = this.tables.get(name);
    if (t) this.tables.set(name, t);
    else this.tables.delete(name);
    this.names.update(name, old, t);
    // Most changes keep the foreign keys by reference: then unlinking first
    // is wasted work (linking again is idempotent, and exact whatever came before).
    if (old && !(t && old.foreignKeys === t.foreignKeys && old.name === t.name)) this.link(old, false);
    if (t) this.link(t, true);
  }

  /** An independent copy (O(size of the schema)). */
  snapshot(): MutableSchema {
    const s = new MutableSchema();
    for (const [k, v] of this.tables) s.tables.set(k, v);
    for (const [k, v] of this.sequences) s.sequences.set(k, v);
    for (const [k, v] of this.enums) s.enums.set(k, v);
    s.names = this.names.copy();
    for (const [k, v] of this.referrers) s.referrers.set(k, new Set(v));
    return s;
  }

  static from(state: SchemaState): MutableSchema {
    if (state instanceof MutableSchema) return state.snapshot();
    const s = new MutableSchema();
    const tables = new Map<string, TableModel | null>();
    for (const n of state.tableNames()) tables.set(n, state.table(n)!);
    const sequences = new Map<string, SequenceModel | null>();
    for (const n of state.sequenceNames()) sequences.set(n, state.sequence(n)!);
    const enums = new Map<string, EnumModel | null>();
    for (const n of state.enumNames()) enums.set(n, state.enumType(n)!);
    s.commit({ tables, sequences, enums });
    return s;
  }
}

export class Overlay implements SchemaState {
  constructor(private readonly base: SchemaState, private readonly delta: Delta) {}

  table(name: string): TableModel | undefined {
    const d = this.delta.tables?.get(name);
    if (d !== undefined) return d ?? undefined;
    return this.base.table(name);
  }
  sequence(name: string): SequenceModel | undefined {
    const d = this.delta.sequences?.get(name);
    if (d !== undefined) return d ?? undefined;
    return this.base.sequence(name);
  }
  enumType(name: string): EnumModel | undefined {
    const d = this.delta.enums?.get(name);
    if (d !== undefined) return d ?? undefined;
    return this.base.enumType(name);
  }
  tableNames(): string[] { return merged(this.base.tableNames(), this.delta.tables); }
  sequenceNames(): string[] { return merged(this.base.sequenceNames(), this.delta.sequences); }
  enumNames(): string[] { return merged(this.base.enumNames(), this.delta.enums); }
  relationOwner(name: string): string | undefined {
    if (this.delta.tables) {
      for (const [tn, t] of this.delta.tables) if (t && holdsRelation(t, name)) return tn;
    }
    const owner = this.base.relationOwner(name);
    if (owner === undefined) return undefined;
    const t = this.table(owner);
    return t && holdsRelation(t, name) ? owner : undefined;
  }
  referencingTables(name: string): string[] {
    const base = this.base.referencingTables(name);
    if (!this.delta.tables) return base;
    const set = new Set(base);
    for (const [tn, t] of this.delta.tables) {
      set.delete(tn);
      if (t && tn !== name && t.foreignKeys.some((f) => f.refTable === name)) set.add(tn);
    }
    return [...set].sort();
  }
  indexOwner(name: string): string | undefined {
    if (this.delta.tables) {
      for (const [tn, t] of this.delta.tables) if (t && t.indexes.some((i) => i.name === name)) return tn;
    }
    const owner = this.base.indexOwner(name);
    if (owner === undefined) return undefined;
    // The owner may have been replaced or dropped by the delta.
    return this.table(owner)?.indexes.some((i) => i.name === name) ? owner : undefined;
  }
}

function merged<V>(base: string[], delta: ReadonlyMap<string, V | null> | undefined): string[] {
  if (!delta) return base;
  const live = new Map<string, unknown>(base.map((n) => [n, true]));
  for (const [k, v] of delta) live.set(k, v);
  return sortedKeys(live as Map<string, unknown>);
}

export const EMPTY_SCHEMA: SchemaState = new MutableSchema();
