/**
 * The benchmark's revision chain as data: a deterministic (seeded) history of
 * n revisions with the per-revision mix the performance issue asks for. Both
 * writers (sqlrev JSON in generate.ts, Alembic versions in alembic.ts) print
 * this one structure, so the two tools are timed on the same history.
 *
 * Per ordinary revision, in this order:
 *   1. createTable: a new table of 5 columns, then an index on it;
 *   2. addColumn: a nullable (or NOT NULL with a default) column on an earlier table;
 *   3. alterColumn: a widening type change that has a cast (integer -> bigint,
 *      varchar(50) -> varchar(100)) on an earlier table;
 *   4. createIndex on an earlier table;
 *   5. every 5th revision, dropColumn of an earlier added column.
 * The branches variant makes, every 20 revisions, a side branch of two
 * revisions next to one mainline revision, merged back by a merge revision
 * (whose upgrade is empty, as `alembic merge` writes it).
 *
 * Every op only touches objects its ancestors created: picks come from pools,
 * and what a mainline revision creates next to a branch enters the pools only
 * after the merge, so the branch never depends on its sibling.
 */
import type { ColumnDef, Op } from '../src/ops/types.js';

export interface ChainOptions {
  /** Every ~20 revisions, a two-revision branch merged back. */
  branches?: boolean;
  /** PRNG seed; the same seed and n give byte-identical output. */
  seed?: number;
}

export interface ChainRevision {
  id: string;
  /** [] for the root, one id, or two for a merge. */
  parents: string[];
  slug: string;
  message: string;
  upgrade: Op[];
}

export interface Chain {
  n: number;
  seed: number;
  branches: boolean;
  /** In generation order, which is a topological order of the graph. */
  revisions: ChainRevision[];
  head: string;
  merges: number;
}

export const DEFAULT_SEED = 20240611;

/** mulberry32: tiny, fast and good enough for picking; deterministic across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'account', 'invoice', 'order', 'product', 'customer', 'payment', 'shipment', 'ticket',
  'event', 'session', 'address', 'coupon', 'review', 'supplier', 'warehouse', 'refund',
  'subscription', 'plan', 'audit_log', 'message', 'team', 'project', 'task', 'comment',
];

/** Column types added to earlier tables, in rotation. */
const ADDED: readonly Omit<ColumnDef, 'name'>[] = [
  { type: 'text' },
  { type: 'integer' },
  { type: 'boolean', nullable: false, default: false },
  { type: 'timestamptz' },
  { type: 'numeric(12,2)' },
  { type: 'varchar(255)' },
];

interface TypeChange { table: string; column: string; from: string; to: string }
interface ColumnRef { table: string; column: string }

/** Pools of things later revisions may touch; each item is used at most once. */
interface Pools {
  tables: string[];
  typeChanges: TypeChange[];
  /** Added columns nobody indexed or dropped yet (SQLite cannot drop an indexed column). */
  freeColumns: ColumnRef[];
  /** Tables whose created_at has no index yet. */
  createdAt: string[];
}

interface Additions {
  tables: string[];
  typeChanges: TypeChange[];
  freeColumns: ColumnRef[];
  createdAt: string[];
}

function take<T>(pool: T[], rnd: () => number): T | undefined {
  if (pool.length === 0) return undefined;
  const i = Math.floor(rnd() * pool.length);
  const item = pool[i]!;
  pool[i] = pool[pool.length - 1]!;
  pool.pop();
  return item;
}

function pick<T>(pool: readonly T[], rnd: () => number): T | undefined {
  return pool.length === 0 ? undefined : pool[Math.floor(rnd() * pool.length)];
}

export function buildChain(n: number, opts: ChainOptions = {}): Chain {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  const branches = opts.branches ?? false;
  const rnd = prng(seed);
  const usedIds = new Set<string>();
  const hex6 = () => Math.floor(rnd() * 0x1000000).toString(16).padStart(6, '0');
  const newId = (): string => {
    for (;;) {
      const id = hex6() + hex6();
      if (!usedIds.has(id)) { usedIds.add(id); return id; }
    }
  };

  const pools: Pools = { tables: [], typeChanges: [], freeColumns: [], createdAt: [] };
  const revisions: ChainRevision[] = [];
  let k = 0; // ordinal of ordinary (non-merge) revisions, 1-based once incremented

  const flush = (a: Additions) => {
    pools.tables.push(...a.tables);
    pools.typeChanges.push(...a.typeChanges);
    pools.freeColumns.push(...a.freeColumns);
    pools.createdAt.push(...a.createdAt);
  };

  /** One ordinary revision; returns what it created (the caller decides when it enters the pools). */
  const ordinary = (parents: string[]): { rev: ChainRevision; adds: Additions } => {
    k++;
    const id = newId();
    const table = `${WORDS[Math.floor(rnd() * WORDS.length)]!}_${k}`;
    const upgrade: Op[] = [];
    const adds: Additions = { tables: [], typeChanges: [], freeColumns: [], createdAt: [] };
    const notes: string[] = [`add ${table}`];

    upgrade.push({
      op: 'createTable',
      table,
      columns: [
        { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
        { name: 'name', type: 'varchar(50)', nullable: false },
        { name: 'amount', type: 'integer', nullable: false, default: 0 },
        { name: 'created_at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
        { name: 'note', type: 'text' },
      ],
    });
    upgrade.push({ op: 'createIndex', table, columns: ['name'] });

    const target = pick(pools.tables, rnd);
    if (target !== undefined) {
      const spec = ADDED[k % ADDED.length]!;
      const column = `c${k}`;
      upgrade.push({ op: 'addColumn', table: target, column: { name: column, ...spec } });
      adds.freeColumns.push({ table: target, column });
      notes.push(`${target}.${column}`);
    }

    const change = take(pools.typeChanges, rnd);
    if (change) {
      upgrade.push({ op: 'alterColumn', table: change.table, column: change.column, type: change.to });
      notes.push(`widen ${change.table}.${change.column}`);
    }

    // Alternate between indexing an added column and an original one, so the
    // pool of droppable columns keeps growing.
    const [first, second] = k % 2 === 0 ? ['free', 'createdAt'] as const : ['createdAt', 'free'] as const;
    const indexed = takeIndexTarget(first) ?? takeIndexTarget(second);
    if (indexed) {
      upgrade.push({ op: 'createIndex', table: indexed.table, columns: [indexed.column] });
      notes.push(`index ${indexed.table}.${indexed.column}`);
    }

    if (k % 5 === 0) {
      const dropped = take(pools.freeColumns, rnd);
      if (dropped) {
        upgrade.push({ op: 'dropColumn', table: dropped.table, column: dropped.column });
        notes.push(`drop ${dropped.table}.${dropped.column}`);
      }
    }

    adds.tables.push(table);
    adds.createdAt.push(table);
    adds.typeChanges.push(
      { table, column: 'amount', from: 'integer', to: 'bigint' },
      { table, column: 'name', from: 'varchar(50)', to: 'varchar(100)' },
    );
    return { rev: { id, parents, slug: `add_${table}`, message: notes.join('; '), upgrade }, adds };
  };

  function takeIndexTarget(which: 'free' | 'createdAt'): ColumnRef | undefined {
    if (which === 'free') return take(pools.freeColumns, rnd);
    const t = take(pools.createdAt, rnd);
    return t === undefined ? undefined : { table: t, column: 'created_at' };
  }

  let head: string | null = null;
  let merges = 0;
  while (revisions.length < n) {
    const i = revisions.length;
    if (branches && head !== null && i % 20 === 16 && i + 4 <= n) {
      // head -> A (mainline) and head -> B1 -> B2 (branch); M merges A and B2.
      const a = ordinary([head]);
      const b1 = ordinary([head]);
      flush(b1.adds);
      const b2 = ordinary([b1.rev.id]);
      flush(b2.adds);
      flush(a.adds);
      const mId = newId();
      const m: ChainRevision = { id: mId, parents: [a.rev.id, b2.rev.id], slug: 'merge', message: `merge ${a.rev.id} and ${b2.rev.id}`, upgrade: [] };
      revisions.push(a.rev, b1.rev, b2.rev, m);
      merges++;
      head = mId;
      continue;
    }
    const r = ordinary(head === null ? [] : [head]);
    flush(r.adds);
    revisions.push(r.rev);
    head = r.rev.id;
  }
  return { n, seed, branches, revisions, head: head!, merges };
}
