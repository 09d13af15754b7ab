/**
 * The revision graph: revisions linked by `parent`, with its roots, heads,
 * branch points and merges, a deterministic topological order, and the
 * problems that make it unusable (duplicate ids, unknown parents, cycles).
 *
 * Everything is linear or n log n and iterative: a history of 10,000
 * revisions, or a 10,000-deep chain, builds in milliseconds without
 * recursion.
 */
import { SqlrevError, type Diagnostic } from '../errors.js';
import { formatJsonPath } from './json-path.js';
import { didYouMean } from './nearest.js';
import type { JsonPath, Revision } from './types.js';

export interface GraphOptions {
  /**
   * Ids of revisions whose files failed to load (their own diagnostics say
   * why): a parent naming one of them is not reported again as unknown.
   */
  brokenIds?: Iterable<string>;
}

export class RevisionGraph {
  readonly byId: ReadonlyMap<string, Revision>;
  /** Every revision, parents before children, ties broken by id. Revisions on a cycle are left out. */
  readonly order: readonly Revision[];
  /** Ids of revisions without a parent, sorted. */
  readonly roots: readonly string[];
  /** Ids of revisions without a child, sorted. */
  readonly heads: readonly string[];
  /** Ids of revisions with more than one child, sorted. */
  readonly branchPoints: readonly string[];
  /** Ids of revisions with more than one parent, sorted. */
  readonly merges: readonly string[];
  /** What is wrong with the graph; empty when it is usable. */
  readonly diagnostics: readonly Diagnostic[];

  // Internally every revision is a number (its index in `revs`): arrays and
  // integer compares instead of string-keyed maps keep 10,000 revisions to a
  // few milliseconds.
  private readonly revs: Revision[] = [];
  private readonly index = new Map<string, number>();
  /** Known parents (unknown ones were reported and dropped), by index. */
  private readonly parentIdx: number[][];
  /** Children by index, sorted by id. */
  private readonly childIdx: number[][];
  /** Position in `order`, or -1 for revisions on or after a cycle. */
  private readonly pos: Int32Array;

  constructor(revisions: readonly Revision[], options: GraphOptions = {}) {
    const diagnostics: Diagnostic[] = [];
    const byId = new Map<string, Revision>();
    const { revs, index } = this;
    for (const r of revisions) {
      const first = byId.get(r.id);
      if (first) {
        diagnostics.push(at(r, ['id'], `duplicate id ${JSON.stringify(r.id)}: ${first.file} has it too`,
          'ids must be unique; give one of them a new id (sqlrev new makes one) and rename its file'));
        continue;
      }
      byId.set(r.id, r);
      index.set(r.id, revs.length);
      revs.push(r);
    }
    this.byId = byId;
    const n = revs.length;

    const broken = new Set(options.brokenIds ?? []);
    let sortedIds: string[] | undefined;
    const parentIdx: number[][] = new Array<number[]>(n);
    const childIdx: number[][] = new Array<number[]>(n);
    for (let i = 0; i < n; i++) {
      const r = revs[i]!;
      const parents: number[] = [];
      for (let k = 0; k < r.parents.length; k++) {
        const p = r.parents[k]!;
        const path: JsonPath = r.parents.length > 1 ? ['parent', k] : ['parent'];
        const pi = index.get(p);
        if (r.parents.indexOf(p) < k) {
          diagnostics.push(at(r, path, `parent ${JSON.stringify(p)} is listed twice`, 'list each parent once'));
        } else if (pi === undefined) {
          if (!broken.has(p)) {
            sortedIds ??= [...byId.keys()].sort(compareIds);
            const dir = r.file.includes('/') ? r.file.slice(0, r.file.lastIndexOf('/') + 1) : './';
            diagnostics.push(at(r, path, `parent ${JSON.stringify(p)} is not a revision in ${dir}`,
              suggestId(p, sortedIds) ?? 'check the id (sqlrev history lists them), or restore the file of that revision'));
          }
        } else {
          parents.push(pi);
        }
      }
      parentIdx[i] = parents;
      childIdx[i] = [];
    }
    for (let i = 0; i < n; i++) for (const p of parentIdx[i]!) childIdx[p]!.push(i);
    this.parentIdx = parentIdx;
    this.childIdx = childIdx;

    // rank[i]: the place of revision i's id in sorted order.
    const byRank = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareIds(revs[a]!.id, revs[b]!.id));
    const rank = new Int32Array(n);
    for (let k = 0; k < n; k++) rank[byRank[k]!] = k;
    for (const children of childIdx) if (children.length > 1) children.sort((a, b) => rank[a]! - rank[b]!);

    // Kahn's algorithm; a min-heap of ranks makes the order deterministic.
    const indegree = new Int32Array(n);
    const ready = new MinHeap();
    for (let i = 0; i < n; i++) {
      indegree[i] = parentIdx[i]!.length;
      if (indegree[i] === 0) ready.push(rank[i]!);
    }
    const pos = new Int32Array(n).fill(-1);
    const order: Revision[] = [];
    while (ready.size > 0) {
      const i = byRank[ready.pop()]!;
      pos[i] = order.length;
      order.push(revs[i]!);
      for (const c of childIdx[i]!) if (--indegree[c] === 0) ready.push(rank[c]!);
    }
    this.pos = pos;
    this.order = order;
    if (order.length < n) diagnostics.push(...this.cycles(indegree, rank));

    const roots: string[] = [];
    const heads: string[] = [];
    const branchPoints: string[] = [];
    const merges: string[] = [];
    for (const i of byRank) {
      const id = revs[i]!.id;
      if (revs[i]!.parents.length === 0) roots.push(id);
      if (childIdx[i]!.length === 0) heads.push(id);
      if (childIdx[i]!.length > 1) branchPoints.push(id);
      if (parentIdx[i]!.length > 1) merges.push(id);
    }
    this.roots = roots;
    this.heads = heads;
    this.branchPoints = branchPoints;
    this.merges = merges;
    // By file, then position, as a reader goes through them.
    diagnostics.sort((a, b) => compareIds(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    this.diagnostics = diagnostics;
  }

  get(id: string): Revision | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Known parents (unknown ones were reported and dropped). */
  parents(id: string): string[] {
    const i = this.index.get(id);
    return i === undefined ? [] : this.parentIdx[i]!.map((p) => this.revs[p]!.id);
  }

  /** Children, sorted by id. */
  children(id: string): string[] {
    const i = this.index.get(id);
    return i === undefined ? [] : this.childIdx[i]!.map((c) => this.revs[c]!.id);
  }

  /** Position in `order`, or -1. */
  indexOf(id: string): number {
    const i = this.index.get(id);
    return i === undefined ? -1 : this.pos[i]!;
  }

  /** The ids and all their ancestors (`inclusive`: with the ids themselves). */
  ancestors(ids: string | Iterable<string>, inclusive = true): Set<string> {
    return this.walk(ids, inclusive, this.parentIdx);
  }

  /** The ids and all their descendants (`inclusive`: with the ids themselves). */
  descendants(ids: string | Iterable<string>, inclusive = true): Set<string> {
    return this.walk(ids, inclusive, this.childIdx);
  }

  /** The given revisions in topological order (unknown ids are left out). */
  sort(ids: Iterable<string>): Revision[] {
    const list: number[] = [];
    for (const id of ids) {
      const i = this.index.get(id);
      if (i !== undefined && this.pos[i]! >= 0) list.push(i);
    }
    list.sort((a, b) => this.pos[a]! - this.pos[b]!);
    return list.map((i) => this.revs[i]!);
  }

  /** Throws a SqlrevError listing every problem, if there is any. */
  assertValid(): void {
    if (this.diagnostics.length > 0) throw new SqlrevError([...this.diagnostics]);
  }

  /** Iterative depth-first walk: a 10,000-deep chain needs no stack. */
  private walk(ids: string | Iterable<string>, inclusive: boolean, edges: number[][]): Set<string> {
    const seen = new Uint8Array(this.revs.length);
    const stack: number[] = [];
    const out = new Set<string>();
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      if (!inclusive) stack.push(i);
      else if (!seen[i]) {
        seen[i] = 1;
        out.add(id);
        stack.push(i);
      }
    }
    while (stack.length > 0) {
      for (const next of edges[stack.pop()!]!) {
        if (!seen[next]) {
          seen[next] = 1;
          out.add(this.revs[next]!.id);
          stack.push(next);
        }
      }
    }
    return out;
  }

  /** One diagnostic per cycle among the revisions Kahn's algorithm could not place. */
  private cycles(indegree: Int32Array, rank: Int32Array): Diagnostic[] {
    const left: number[] = [];
    for (let i = 0; i < indegree.length; i++) if (indegree[i]! > 0) left.push(i);
    left.sort((a, b) => rank[a]! - rank[b]!);
    const state = new Uint8Array(indegree.length); // 1: on the current walk, 2: done
    const out: Diagnostic[] = [];
    for (const start of left) {
      if (state[start]) continue;
      // Every unplaced revision has an unplaced parent, so following those
      // parents must come back to a revision already seen.
      const walk: number[] = [];
      let i = start;
      while (!state[i]) {
        state[i] = 1;
        walk.push(i);
        i = this.parentIdx[i]!.find((p) => indegree[p]! > 0)!;
      }
      if (state[i] === 1) {
        const cycle = walk.slice(walk.indexOf(i));
        // Start the cycle at its smallest id, so the message is stable.
        let k = 0;
        for (let j = 1; j < cycle.length; j++) if (rank[cycle[j]!]! < rank[cycle[k]!]!) k = j;
        const ring = [...cycle.slice(k), ...cycle.slice(0, k)].map((x) => this.revs[x]!);
        const first = ring[0]!;
        const next = (ring[1] ?? first).id;
        const path: JsonPath = first.parents.length > 1 ? ['parent', first.parents.indexOf(next)] : ['parent'];
        // A long cycle is shown by its ends: a 10,000-revision ring must not make a 100 kB line.
        const ids = [...ring, first].map((r) => r.id);
        const shown = ids.length <= 10 ? ids : [...ids.slice(0, 5), `... (${ids.length - 8} more)`, ...ids.slice(-3)];
        out.push(at(first, path, `the parents form a cycle: ${shown.join(' -> ')}`,
          ring.length === 1 ? 'a revision cannot be its own parent' : 'a revision cannot be its own ancestor; fix the parent of one of them'));
      }
      for (const w of walk) state[w] = 2;
    }
    return out;
  }
}

function at(r: Revision, path: JsonPath, message: string, hint: string): Diagnostic {
  const pos = r.source.locate(path);
  return { file: r.file, line: pos.line, column: pos.column, path: formatJsonPath(path), message, hint };
}

/** A near id for a mistyped one: one it is a prefix of, else the closest spelling. */
function suggestId(id: string, sortedIds: readonly string[]): string | undefined {
  const extending = sortedIds.filter((x) => x.startsWith(id));
  if (extending.length === 1) return `did you mean ${JSON.stringify(extending[0])}? (parents are full ids)`;
  return didYouMean(id, sortedIds);
}

/** Plain code-unit order: the same on every machine and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A binary min-heap of integers. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(x: number): void {
    const a = this.items;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= x) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = x;
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const m = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[m]! >= last) break;
        a[i] = a[m]!;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}
