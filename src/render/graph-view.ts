/**
 * The slice of the revision graph that rendering needs (GraphLike), built
 * from the revisions in topological order.
 */
import type { Revision } from '../revisions/types.js';
import { Reachability } from './reachability.js';
import type { GraphLike } from './version-table.js';

export class GraphView implements GraphLike {
  readonly roots: readonly string[];
  readonly reach: Reachability;
  private readonly parents = new Map<string, readonly string[]>();
  private readonly children = new Map<string, string[]>();

  constructor(readonly order: readonly Revision[]) {
    const roots: string[] = [];
    for (const r of order) {
      this.parents.set(r.id, r.parents);
      this.children.set(r.id, []);
      if (r.parents.length === 0) roots.push(r.id);
    }
    for (const r of order) for (const p of r.parents) this.children.get(p)?.push(r.id);
    for (const list of this.children.values()) list.sort();
    this.roots = roots.sort();
    this.reach = new Reachability(order.map((r) => r.id), (id) => this.childrenOf(id));
  }

  parentsOf(id: string): readonly string[] { return this.parents.get(id) ?? []; }
  childrenOf(id: string): readonly string[] { return this.children.get(id) ?? []; }
  heads(): string[] { return this.order.filter((r) => this.childrenOf(r.id).length === 0).map((r) => r.id).sort(); }

  /** `id` and everything before it (iterative; histories can be 10,000 deep). */
  ancestorsOrSelf(id: string): Set<string> {
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length) for (const p of this.parentsOf(stack.pop()!)) if (!seen.has(p)) { seen.add(p); stack.push(p); }
    return seen;
  }
}
