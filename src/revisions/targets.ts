/**
 * Revision targets on the command line (CONTRACT section 3) and the plans
 * they make: which revisions `upgrade [FROM:]TO` applies, in which order,
 * and which ones `downgrade FROM:TO` undoes.
 *
 * A target is `base`, `head`, `heads`, a full id, a unique id prefix, `+N` /
 * `-N` relative to FROM, or `<target>+N` / `<target>-N` (e.g. `head-1`).
 * It names a set of revisions: [] is base, `heads` may name several.
 */
import { usageError } from '../errors.js';
import type { RevisionGraph } from './graph.js';
import { didYouMean } from './nearest.js';
import type { Revision } from './types.js';

export interface Plan {
  /** The database before: the ids of its current revisions ([] is base). */
  readonly from: readonly string[];
  /** The database after. */
  readonly to: readonly string[];
  /** Upgrade: the revisions to apply, parents first. Downgrade: the revisions to undo, children first. */
  readonly revisions: readonly Revision[];
}

export interface Range {
  from?: string;
  to: string;
}

const TARGET = /^(?:(?<anchor>[A-Za-z0-9_]+))?(?:(?<sign>[+-])(?<steps>[0-9]+))?$/;
const TARGET_HELP = 'a target is base, head, heads, a revision id, a unique id prefix, or +N / -N';

/** Splits `FROM:TO` (or just `TO`). */
export function parseRange(spec: string): Range {
  const parts = spec.split(':');
  if (parts.length > 2) throw usageError(`"${spec}" has more than one ":"`, 'write FROM:TO, e.g. base:head');
  if (parts.length === 1) return { to: check(parts[0]!) };
  return { from: check(parts[0]!), to: check(parts[1]!) };
}

function check(target: string): string {
  if (!TARGET.test(target) || target === '') throw usageError(`"${target}" is not a revision target`, TARGET_HELP);
  return target;
}

/**
 * The revisions `target` names. `relativeTo` is what a bare `+N` / `-N`
 * counts from (FROM); without it those are an error.
 */
export function resolveTarget(graph: RevisionGraph, target: string, relativeTo?: readonly string[]): string[] {
  const m = TARGET.exec(target);
  if (!m || target === '') throw usageError(`"${target}" is not a revision target`, TARGET_HELP);
  const { anchor, sign, steps } = m.groups as { anchor?: string; sign?: string; steps?: string };
  let base: readonly string[];
  let baseLabel: string;
  if (anchor !== undefined) {
    base = resolveName(graph, anchor);
    baseLabel = anchor;
  } else {
    if (relativeTo === undefined) {
      throw usageError(`"${target}" is relative, but there is nothing to count from`, 'write FROM:TO, e.g. head:-1, or name the revision');
    }
    base = relativeTo;
    baseLabel = relativeTo.length === 0 ? 'base' : relativeTo.join(', ');
  }
  if (sign === undefined) return [...base];
  const n = Number(steps);
  return sign === '+' ? stepUp(graph, base, baseLabel, n, target) : stepDown(graph, base, baseLabel, n, target);
}

/** base, head, heads, an id or a unique prefix of one. */
function resolveName(graph: RevisionGraph, name: string): string[] {
  if (name === 'base') return [];
  if (name === 'heads') return [...graph.heads];
  if (name === 'head') {
    if (graph.heads.length > 1) throw usageError(`multiple heads ${graph.heads.join(', ')}`, 'name one or use heads');
    return [...graph.heads];
  }
  if (graph.has(name)) return [name];
  const matches: string[] = [];
  for (const id of graph.byId.keys()) if (id.startsWith(name)) matches.push(id);
  if (matches.length === 1) return matches;
  if (matches.length > 1) {
    matches.sort();
    const shown = matches.length > 10 ? `${matches.slice(0, 10).join(', ')} and ${matches.length - 10} more` : matches.join(', ');
    throw usageError(`revision prefix "${name}" is ambiguous: ${shown}`, 'type more of the id');
  }
  const near = didYouMean(name, graph.byId.keys());
  throw usageError(`unknown revision "${name}"`, near ? `${near} (sqlrev history lists the revisions)` : 'run sqlrev history to list the revisions');
}

function single(set: readonly string[], label: string, target: string): string | null {
  if (set.length === 0) return null;
  if (set.length > 1) throw usageError(`"${target}" is ambiguous: it counts from ${label}, which is ${set.length} revisions`, 'name the revision to count from, e.g. ID+1');
  return set[0]!;
}

function stepUp(graph: RevisionGraph, from: readonly string[], label: string, n: number, target: string): string[] {
  let cur = single(from, label, target);
  for (let k = 0; k < n; k++) {
    const next = cur === null ? graph.roots : graph.children(cur);
    if (next.length === 0) {
      throw usageError(`"${target}" goes past the head: ${cur ?? 'base'} is ${k} revision${k === 1 ? '' : 's'} above ${label} and has nothing above it`,
        k === 0 ? 'nothing to upgrade to' : `use +${k} or head`);
    }
    if (next.length > 1) {
      throw usageError(`"${target}" is ambiguous: ${cur ?? 'base'} has ${next.length} ${cur === null ? 'roots' : 'children'} (${next.join(', ')})`,
        'name the target revision');
    }
    cur = next[0]!;
  }
  return cur === null ? [] : [cur];
}

function stepDown(graph: RevisionGraph, from: readonly string[], label: string, n: number, target: string): string[] {
  let cur = single(from, label, target);
  for (let k = 0; k < n; k++) {
    if (cur === null) {
      throw usageError(`"${target}" goes below base: ${label} is only ${k} revision${k === 1 ? '' : 's'} above base`, `use -${k} or base`);
    }
    const parents = graph.parents(cur);
    if (parents.length > 1) {
      throw usageError(`"${target}" is ambiguous: ${cur} is a merge of ${parents.join(', ')}`, 'name the target revision');
    }
    cur = parents[0] ?? null;
  }
  return cur === null ? [] : [cur];
}

/** What `upgrade [FROM:]TO` applies: ancestors-or-self of TO that are not ancestors-or-self of FROM. */
export function planUpgrade(graph: RevisionGraph, range: string): Plan {
  const { from: fromSpec, to: toSpec } = parseRange(range);
  if (toSpec.startsWith('-')) throw usageError(`"${toSpec}" goes down`, 'use sqlrev downgrade FROM:TO');
  const from = fromSpec === undefined ? [] : resolveTarget(graph, fromSpec);
  const to = resolveTarget(graph, toSpec, from);
  const below = graph.ancestors(from);
  const wanted = graph.ancestors(to);
  const apply: string[] = [];
  for (const id of wanted) if (!below.has(id)) apply.push(id);
  if (apply.length === 0 && to.some((id) => !from.includes(id))) {
    throw usageError(`"${toSpec}" is below "${fromSpec ?? 'base'}": an upgrade has nothing to apply`, 'to go down, use sqlrev downgrade FROM:TO');
  }
  return { from, to: topmost(graph, [...from, ...to]), revisions: graph.sort(apply) };
}

/** What `downgrade FROM:TO` undoes: ancestors-or-self of FROM that are not ancestors-or-self of TO, children first. */
export function planDowngrade(graph: RevisionGraph, range: string): Plan {
  const { from: fromSpec, to: toSpec } = parseRange(range);
  if (fromSpec === undefined) {
    throw usageError(`downgrade needs FROM:TO, not "${range}"`, 'the SQL cannot know which revision the database is at; e.g. sqlrev downgrade head:-1');
  }
  if (toSpec.startsWith('+')) throw usageError(`"${toSpec}" goes up`, 'use sqlrev upgrade FROM:TO');
  const from = resolveTarget(graph, fromSpec);
  const to = resolveTarget(graph, toSpec, from);
  const applied = graph.ancestors(from);
  for (const id of to) {
    if (!applied.has(id)) {
      throw usageError(`"${toSpec}" is not below "${fromSpec}"`, 'a downgrade goes from a revision down to one of its ancestors, or base');
    }
  }
  const keep = graph.ancestors(to);
  const undo: string[] = [];
  for (const id of applied) if (!keep.has(id)) undo.push(id);
  return { from: topmost(graph, from), to: topmost(graph, to), revisions: graph.sort(undo).reverse() };
}

/** The ids none of the others descends from: the heads of the set. */
function topmost(graph: RevisionGraph, ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  const strictlyBelow = graph.ancestors(unique, false);
  return unique.filter((id) => !strictlyBelow.has(id)).sort();
}
