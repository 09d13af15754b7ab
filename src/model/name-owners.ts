/**
 * Who owns a name, kept up to date as MutableSchema commits table changes:
 * index names (SchemaState.indexOwner) and the relation namespace that
 * tables, indexes and primary-key / unique constraints share on PostgreSQL
 * (SchemaState.relationOwner).
 *
 * The maps hold ~30,000 names at 10,000 revisions, and every table change
 * used to take out and put back every name of the table: a third of a
 * replay, mostly cache misses. Most changes leave the name-bearing arrays
 * as they were (addColumn, alterColumn keep them by reference) or add one
 * name (createIndex), so an update now touches only the names that changed.
 * That is exact while no name was ever registered over another table's
 * (`exclusive`): then every name maps to the table holding it, and taking
 * out and putting back a name that stays leaves it where it was. Otherwise
 * (hand-built deltas, the auditor's assumed tables) it does the full update.
 */
import type { IndexModel, NamedObject, TableModel } from './types.js';

/** Does the table hold this name in the relation namespace (as itself, an index, a unique or its primary key)? */
export function holdsRelation(t: TableModel, name: string): boolean {
  if (t.name === name || t.primaryKey?.name === name) return true;
  for (const i of t.indexes) if (i.name === name) return true;
  for (const u of t.uniques) if (u.name === name) return true;
  return false;
}

/** How many leading elements the two arrays share (the same objects). */
function samePrefix<T>(a: readonly T[], b: readonly T[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function hasIndex(indexes: readonly IndexModel[], name: string): boolean {
  for (const i of indexes) if (i.name === name) return true;
  return false;
}

export class NameOwners {
  readonly indexes = new Map<string, string>();
  readonly relations = new Map<string, string>();
  private exclusive = true;

  copy(): NameOwners {
    const c = new NameOwners();
    for (const [k, v] of this.indexes) c.indexes.set(k, v);
    for (const [k, v] of this.relations) c.relations.set(k, v);
    c.exclusive = this.exclusive;
    return c;
  }

  /** Table `key` changes from `old` to `next` (either may be absent: created, dropped). */
  update(key: string, old: TableModel | undefined, next: TableModel | null): void {
    if (old && next && this.exclusive) {
      this.updateChanged(key, old, next);
      return;
    }
    if (old) this.release(key, old);
    if (next) this.claimAll(key, next);
  }

  private updateChanged(key: string, old: TableModel, next: TableModel): void {
    // Arrays that changed usually share a prefix of the same objects (createIndex
    // appends, a drop filters): those names are in both, so only the rest is compared.
    const ixFrom = old.indexes === next.indexes ? -1 : samePrefix(old.indexes, next.indexes);
    const uqFrom = old.uniques === next.uniques ? -1 : samePrefix(old.uniques, next.uniques);
    const nameChanged = old.name !== next.name;
    const pkChanged = old.primaryKey !== next.primaryKey;
    if (ixFrom >= 0) {
      for (let i = ixFrom; i < old.indexes.length; i++) {
        const n = old.indexes[i]!.name;
        if (!hasIndex(next.indexes, n)) this.drop(this.indexes, n, key);
      }
      for (let i = ixFrom; i < next.indexes.length; i++) {
        const n = next.indexes[i]!.name;
        if (!hasIndex(old.indexes, n)) this.claim(this.indexes, n, key);
      }
    }
    // The relation names of the categories that changed: out if the new table
    // lacks them, then in if the old one did (all out before any in, as a full update).
    const rel = this.relations;
    if (nameChanged && !holdsRelation(next, old.name)) this.drop(rel, old.name, key);
    if (ixFrom >= 0) this.dropMissing(old.indexes, ixFrom, next, key);
    if (uqFrom >= 0) this.dropMissing(old.uniques, uqFrom, next, key);
    if (pkChanged && old.primaryKey && !holdsRelation(next, old.primaryKey.name)) this.drop(rel, old.primaryKey.name, key);
    if (nameChanged && !holdsRelation(old, next.name)) this.claim(rel, next.name, key);
    if (ixFrom >= 0) this.claimNew(next.indexes, ixFrom, old, key);
    if (uqFrom >= 0) this.claimNew(next.uniques, uqFrom, old, key);
    if (pkChanged && next.primaryKey && !holdsRelation(old, next.primaryKey.name)) this.claim(rel, next.primaryKey.name, key);
  }

  /** Relation names of `list[from..]` (the old table's) that `next` does not hold. */
  private dropMissing(list: readonly NamedObject[], from: number, next: TableModel, key: string): void {
    for (let i = from; i < list.length; i++) {
      const n = list[i]!.name;
      if (!holdsRelation(next, n)) this.drop(this.relations, n, key);
    }
  }

  /** Relation names of `list[from..]` (the new table's) that `old` did not hold. */
  private claimNew(list: readonly NamedObject[], from: number, old: TableModel, key: string): void {
    for (let i = from; i < list.length; i++) {
      const n = list[i]!.name;
      if (!holdsRelation(old, n)) this.claim(this.relations, n, key);
    }
  }

  private release(key: string, t: TableModel): void {
    this.forEachName(t, (map, name) => this.drop(map, name, key));
  }

  private claimAll(key: string, t: TableModel): void {
    this.forEachName(t, (map, name) => this.claim(map, name, key));
  }

  /** Every name the table holds, with the map it goes in: its index names, then its relation names. */
  private forEachName(t: TableModel, f: (map: Map<string, string>, name: string) => void): void {
    for (const ix of t.indexes) f(this.indexes, ix.name);
    f(this.relations, t.name);
    for (const i of t.indexes) f(this.relations, i.name);
    for (const u of t.uniques) f(this.relations, u.name);
    if (t.primaryKey) f(this.relations, t.primaryKey.name);
  }

  private drop(map: Map<string, string>, name: string, key: string): void {
    if (map.get(name) === key) map.delete(name);
  }

  private claim(map: Map<string, string>, name: string, key: string): void {
    const prev = map.get(name);
    if (prev !== undefined && prev !== key) this.exclusive = false;
    map.set(name, key);
  }
}
