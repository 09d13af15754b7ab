/**
 * Version-table bookkeeping, as Alembic's offline mode does it (one row per
 * head; INSERT at a root or a new branch, UPDATE along a line, DELETE at
 * merges), plus a guard per revision block: a condition that must hold
 * before the block touches anything, so a script run against a database at
 * the wrong revision stops at once.
 *
 * Everything here depends only on the graph, not on which range is being
 * rendered, so a per-revision file is correct on its own and a whole
 * migration.sql is just the blocks in order. The SQL is plain and portable
 * (PostgreSQL and SQLite alike); templates wrap the guard condition in the
 * dialect's way of failing.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Reachability } from './reachability.js';

/** What the bookkeeping needs to know of the revision graph. */
export interface GraphLike {
  parentsOf(id: string): readonly string[];
  childrenOf(id: string): readonly string[];
  readonly roots: readonly string[];
  readonly reach: Reachability;
}

export interface Guard {
  /** A SQL boolean expression over the version table that holds when the database is where the block expects. */
  condition: string;
  /** What went wrong, as a quoted SQL literal, for the dialect's error. */
  message: string;
  /** Plain text of the message (for templates that don't need it quoted). */
  text: string;
}

export interface Bookkeeping {
  guard: Guard;
  statements: string[];
}

class Sql {
  constructor(readonly dialect: Dialect, readonly table: string) {}
  get t(): string { return this.dialect.quoteIdent(this.table); }
  lit(id: string): string { return this.dialect.quoteLiteral(id); }
  list(ids: Iterable<string>): string { return [...ids].sort().map((i) => this.lit(i)).join(', '); }
  any(ids: readonly string[]): string {
    // One id (a revision's parent, on a line of history): no set to dedupe through.
    const arr = ids.length === 1 ? ids : [...new Set(ids)];
    return arr.length === 1
      ? `EXISTS (SELECT 1 FROM ${this.t} WHERE version_num = ${this.lit(arr[0]!)})`
      : `EXISTS (SELECT 1 FROM ${this.t} WHERE version_num IN (${this.list(arr)}))`;
  }
  none(ids: readonly string[]): string { return `NOT ${this.any(ids)}`; }
  insert(id: string): string { return `INSERT INTO ${this.t} (version_num) VALUES (${this.lit(id)})`; }
  update(from: string, to: string): string { return `UPDATE ${this.t} SET version_num = ${this.lit(to)} WHERE version_num = ${this.lit(from)}`; }
  delete(id: string): string { return `DELETE FROM ${this.t} WHERE version_num = ${this.lit(id)}`; }
}

/** Revisions in p's subtree that are not in r's (r a child of p): rows there mean p is applied through another branch. */
function otherBranches(g: GraphLike, p: string, r: string): string[] {
  return g.reach.toIds(g.reach.minus(g.reach.bits(p), g.reach.bits(r), r));
}

function isLinear(g: GraphLike, p: string, r: string): boolean {
  const ch = g.childrenOf(p);
  return ch.length === 1 && ch[0] === r;
}

export function createVersionTable(dialect: Dialect, table: string): string {
  const q = dialect.quoteIdent(table);
  return `CREATE TABLE IF NOT EXISTS ${q} (\n    version_num VARCHAR(32) NOT NULL,\n    CONSTRAINT ${dialect.quoteIdent(`${table}_pkc`)} PRIMARY KEY (version_num)\n)`;
}

export function dropVersionTable(dialect: Dialect, table: string): string {
  return `DROP TABLE ${dialect.quoteIdent(table)}`;
}

export function upgradeBookkeeping(g: GraphLike, dialect: Dialect, table: string, id: string): Bookkeeping {
  const s = new Sql(dialect, table);
  const parents = g.parentsOf(id);
  const conds: string[] = [];
  let text: string;
  if (parents.length === 0) {
    if (g.roots.length === 1) {
      conds.push(`NOT EXISTS (SELECT 1 FROM ${s.t})`);
      text = `sqlrev: cannot apply ${id}: the database is not empty of revisions (expected base)`;
    } else {
      conds.push(s.none([id, ...g.reach.toIds(g.reach.bits(id))]));
      text = `sqlrev: cannot apply ${id}: it (or a later revision) is already applied`;
    }
  } else {
    let branching = false;
    for (const p of parents) {
      if (isLinear(g, p, id)) conds.push(s.any([p]));
      else {
        branching = true;
        conds.push(s.any([p, ...otherBranches(g, p, id)]));
      }
    }
    if (branching) {
      // Through a branch point the parent check alone cannot tell whether this
      // revision is applied already: look for it and its branch (up to where
      // the branches meet again).
      const siblings: string[] = [];
      for (const p of parents) for (const c of g.childrenOf(p)) if (c !== id) siblings.push(c);
      const theirs = g.reach.union(siblings.map((c) => g.reach.bits(c)), ...siblings);
      conds.push(s.none([id, ...g.reach.toIds(g.reach.minus(g.reach.bits(id), theirs))]));
    }
    text = `sqlrev: cannot apply ${id}: the database is not at ${parents.join(' + ')}`;
  }
  const linear = parents.filter((p) => isLinear(g, p, id));
  const others = parents.filter((p) => !linear.includes(p));
  const statements: string[] = [];
  if (linear.length > 0) {
    statements.push(s.update(linear[0]!, id));
    for (const p of [...linear.slice(1), ...others]) statements.push(s.delete(p));
  } else {
    for (const p of others) statements.push(s.delete(p));
    statements.push(s.insert(id));
  }
  return { guard: { condition: conds.join('\n    AND '), message: s.lit(text), text }, statements };
}

export function downgradeBookkeeping(g: GraphLike, dialect: Dialect, table: string, id: string): Bookkeeping {
  const s = new Sql(dialect, table);
  const parents = g.parentsOf(id);
  const text = `sqlrev: cannot downgrade ${id}: it is not a current head of the database`;
  const guard = { condition: s.any([id]), message: s.lit(text), text };
  const linear = parents.filter((p) => isLinear(g, p, id));
  const others = parents.filter((p) => !linear.includes(p));
  const statements: string[] = [];
  if (linear.length > 0) {
    statements.push(s.update(id, linear[0]!));
    for (const p of linear.slice(1)) statements.push(s.insert(p));
  } else {
    statements.push(s.delete(id));
  }
  for (const p of others) {
    // The parent is a head again only if no other branch below it is applied.
    const below = [p, ...otherBranches(g, p, id)];
    statements.push(`INSERT INTO ${s.t} (version_num) SELECT ${s.lit(p)} WHERE ${s.none(below)}`);
  }
  return { guard, statements };
}

/** `stamp`: set the version table to exactly these heads, touching nothing else. */
export function stampStatements(dialect: Dialect, table: string, heads: readonly string[]): string[] {
  const s = new Sql(dialect, table);
  return [`DELETE FROM ${s.t}`, ...[...heads].sort().map((h) => s.insert(h))];
}
