/**
 * Descendant sets of a revision graph as bitsets, computed lazily and
 * memoised. A branch point early in a 10,000-revision history has ~10,000
 * descendants; sets of ids would make the guards quadratic, bitsets keep
 * them to a few word operations per revision.
 */
export class Reachability {
  private readonly index = new Map<string, number>();
  private readonly words: number;
  private readonly memo: (Uint32Array | undefined)[];

  constructor(private readonly ids: readonly string[], private readonly children: (id: string) => readonly string[]) {
    ids.forEach((id, i) => this.index.set(id, i));
    this.words = (ids.length + 31) >>> 5;
    this.memo = new Array(ids.length);
  }

  /** Descendants of `id` (not including it). */
  bits(id: string): Uint32Array {
    const start = this.index.get(id);
    if (start === undefined) throw new Error(`unknown revision ${id}`);
    const cached = this.memo[start];
    if (cached) return cached;
    // Iterative post-order: a 10,000-deep chain must not recurse.
    const stack: number[] = [start];
    while (stack.length) {
      const i = stack[stack.length - 1]!;
      if (this.memo[i]) { stack.pop(); continue; }
      const kids = this.children(this.ids[i]!).map((c) => this.index.get(c)!);
      const pending = kids.filter((k) => !this.memo[k]);
      if (pending.length) { stack.push(...pending); continue; }
      const set = new Uint32Array(this.words);
      for (const k of kids) {
        const ks = this.memo[k]!;
        for (let w = 0; w < this.words; w++) set[w]! |= ks[w]!;
        set[k >>> 5]! |= 1 << (k & 31);
      }
      this.memo[i] = set;
      stack.pop();
    }
    return this.memo[start]!;
  }

  bit(id: string): number {
    return this.index.get(id)!;
  }

  toIds(set: Uint32Array): string[] {
    const out: string[] = [];
    for (let w = 0; w < set.length; w++) {
      let x = set[w]!;
      while (x) {
        const b = 31 - Math.clz32(x & -x);
        out.push(this.ids[(w << 5) + b]!);
        x &= x - 1;
      }
    }
    return out;
  }

  /** a minus b minus the listed extra ids. */
  minus(a: Uint32Array, b: Uint32Array | undefined, ...drop: string[]): Uint32Array {
    const out = new Uint32Array(a.length);
    for (let w = 0; w < a.length; w++) out[w] = a[w]! & ~(b ? b[w]! : 0);
    for (const d of drop) { const i = this.bit(d); out[i >>> 5]! &= ~(1 << (i & 31)); }
    return out;
  }

  union(sets: Uint32Array[], ...add: string[]): Uint32Array {
    const out = new Uint32Array(this.words);
    for (const s of sets) for (let w = 0; w < this.words; w++) out[w]! |= s[w]!;
    for (const d of add) { const i = this.bit(d); out[i >>> 5]! |= 1 << (i & 31); }
    return out;
  }
}
