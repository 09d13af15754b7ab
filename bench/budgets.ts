/**
 * The performance budgets of issue 5, checked against one bench run.
 * A failing budget is reported, never turned into a failing exit code.
 */
import type { Measurement } from './measure.js';

/** `node` is the disk floor: render's files written by a bare loop (write-floor.ts). */
export type Tool = 'sqlrev' | 'alembic' | 'squawk' | 'node';
export type Variant = 'linear' | 'branches' | 'file';

export interface CaseResult extends Measurement {
  tool: Tool;
  variant: Variant;
  /** Revisions in the chain (0 for cases that do not depend on it, e.g. --help). */
  n: number;
  /** The command id, e.g. "upgrade-postgresql", "render", "help". */
  command: string;
}

export interface BudgetResult {
  budget: string;
  limit: string;
  measured: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
  note?: string;
}

/** The per-N sqlrev commands the bench times (ids used in results.json). */
export const PER_N_COMMANDS = ['upgrade-postgresql', 'upgrade-sqlite', 'render', 'audit', 'history'] as const;

export function find(cases: CaseResult[], tool: Tool, command: string, n: number, variant: Variant = 'linear'): CaseResult | undefined {
  return cases.find((c) => c.tool === tool && c.command === command && c.n === n && c.variant === variant);
}

/** Median seconds, or why there is none. */
function med(c: CaseResult | undefined, what: string): number | string {
  if (!c) return `${what} not measured`;
  if (c.status !== 'ok' || c.median === undefined) return `${what}: ${c.status}${c.message ? ` (${c.message})` : ''}`;
  return c.median;
}

function maxTime(limit: number, c: CaseResult | undefined, budget: string): BudgetResult {
  const m = med(c, budget);
  if (typeof m === 'string') return { budget, limit: `< ${limit} s`, measured: '-', status: c && c.status !== 'ok' ? 'FAIL' : 'SKIP', note: m };
  return { budget, limit: `< ${limit} s`, measured: `${m.toFixed(3)} s`, status: m < limit ? 'PASS' : 'FAIL' };
}

export function checkBudgets(cases: CaseResult[]): BudgetResult[] {
  const out: BudgetResult[] = [];
  const sq = (command: string, n: number) => find(cases, 'sqlrev', command, n);

  // 1,000 revisions: >= 8x faster than Alembic in the same run, and < 0.19 s.
  {
    const budget = 'upgrade --sql postgresql, 1,000: >= 8x faster than Alembic';
    const own = sq('upgrade-postgresql', 1000);
    const s = med(own, 'sqlrev');
    const a = med(find(cases, 'alembic', 'upgrade-postgresql', 1000), 'Alembic');
    if (typeof s === 'string' || typeof a === 'string') {
      const failed = own !== undefined && own.status !== 'ok';
      out.push({ budget, limit: '>= 8x', measured: '-', status: failed ? 'FAIL' : 'SKIP', note: [s, a].filter((x) => typeof x === 'string').join('; ') });
    } else {
      const r = a / s;
      out.push({ budget, limit: '>= 8x', measured: `${r.toFixed(1)}x (${a.toFixed(3)} s / ${s.toFixed(3)} s)`, status: r >= 8 ? 'PASS' : 'FAIL' });
    }
  }
  for (const d of ['postgresql', 'sqlite']) out.push(maxTime(0.19, sq(`upgrade-${d}`, 1000), `upgrade --sql ${d}, 1,000`));
  for (const d of ['postgresql', 'sqlite']) out.push(maxTime(0.6, sq(`upgrade-${d}`, 10000), `upgrade --sql ${d}, 10,000`));

  // Linear growth: 10,000 at most 11x 1,000.
  for (const command of PER_N_COMMANDS) {
    const budget = `${command}: time(10,000) / time(1,000)`;
    const big = med(sq(command, 10000), '10,000');
    const small = med(sq(command, 1000), '1,000');
    if (typeof big === 'string' || typeof small === 'string') {
      out.push({ budget, limit: '<= 11', measured: '-', status: 'SKIP', note: [big, small].filter((x) => typeof x === 'string').join('; ') });
    } else {
      const r = big / small;
      out.push({ budget, limit: '<= 11', measured: r.toFixed(2), status: r <= 11 ? 'PASS' : 'FAIL' });
    }
  }

  out.push(maxTime(1, sq('audit', 10000), 'audit --format json, 10,000'));
  {
    const r = maxTime(2, sq('render', 10000), 'render (2 dialects, all files), 10,000');
    const floor = find(cases, 'node', 'write-floor', 10000);
    if (floor?.median !== undefined) r.note = `disk floor in this run: ${floor.median.toFixed(3)} s to write the same files with a bare loop`;
    out.push(r);
  }
  out.push(maxTime(0.15, sq('help', 0), '--help (cold start)'));

  {
    const budget = 'peak RSS, any command, 10,000';
    const at10k = cases.filter((c) => c.tool === 'sqlrev' && c.n === 10000 && c.variant === 'linear');
    const withRss = at10k.filter((c) => c.rssMB !== undefined);
    if (withRss.length === 0) {
      out.push({ budget, limit: '< 300 MB', measured: '-', status: 'SKIP', note: at10k.length ? 'no RSS figure (commands failed)' : '10,000 not measured' });
    } else {
      const worst = withRss.reduce((a, b) => (b.rssMB! > a.rssMB! ? b : a));
      const missing = at10k.filter((c) => c.rssMB === undefined).map((c) => c.command);
      out.push({
        budget,
        limit: '< 300 MB',
        measured: `${worst.rssMB!.toFixed(0)} MB (${worst.command})`,
        status: worst.rssMB! < 300 ? 'PASS' : 'FAIL',
        ...(missing.length ? { note: `no figure for ${missing.join(', ')}` } : {}),
      });
    }
  }
  return out;
}
