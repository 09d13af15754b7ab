/**
 * A read-only map of exactly one entry: what most deltas are (delta.ts).
 * It behaves as a ReadonlyMap for every caller (get, has, size, iteration
 * in insertion order) at the cost of two fields instead of a hash table.
 */
export class OneEntryMap<K, V> implements ReadonlyMap<K, V> {
  constructor(readonly key: K, readonly value: V) {}

  get size(): number { return 1; }
  get(key: K): V | undefined { return sameValueZero(key, this.key) ? this.value : undefined; }
  has(key: K): boolean { return sameValueZero(key, this.key); }
  forEach(f: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    f.call(thisArg, this.value, this.key, this);
  }
  *entries(): MapIterator<[K, V]> { yield [this.key, this.value]; }
  *keys(): MapIterator<K> { yield this.key; }
  *values(): MapIterator<V> { yield this.value; }
  [Symbol.iterator](): MapIterator<[K, V]> { return this.entries(); }
}

/** Map key equality (SameValueZero: NaN equals NaN, +0 equals -0). */
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** Calls `f` for each entry, without an iterator for a OneEntryMap (the common case on the replay's hot path). */
export function forEachEntry<K, V>(map: ReadonlyMap<K, V>, f: (key: K, value: V) => void): void {
  if (map instanceof OneEntryMap) f(map.key, map.value);
  else for (const [k, v] of map) f(k, v);
}
