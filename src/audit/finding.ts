/**
 * A finding: one rule's complaint about one place, in the shape of CONTRACT
 * section 5 (`sqlrev audit --format json`), plus `help`.
 */
import type { DialectName } from '../ops/types.js';

export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  readonly rule: string;
  readonly severity: FindingSeverity;
  /** The revision id; for a `.sql` file, the revision its Alembic marker names (absent without one). */
  readonly revision?: string;
  /** The revision file or `.sql` file, as given (forward slashes). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
  /** Index of the op in `upgrade`; absent for revision-level and `.sql` findings. */
  readonly op?: number;
  /** Absent when the finding holds for every audited dialect. */
  readonly dialect?: DialectName;
  /** What goes wrong. */
  readonly message: string;
  /** What to write instead. */
  readonly help?: string;
}

export interface FindingSummary {
  error: number;
  warning: number;
}

export function summarize(findings: readonly Finding[]): FindingSummary {
  const s: FindingSummary = { error: 0, warning: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}

function cmp(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** The one deterministic order: file, line, column, rule, dialect (then message, so ties are stable too). */
export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || cmp(a.line, b.line) || cmp(a.column, b.column) || cmp(a.rule, b.rule)
    || cmp(a.dialect, b.dialect) || cmp(a.message, b.message);
}
