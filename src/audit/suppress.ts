/**
 * Suppressions: `"audit": {"allow": ["rule-id"], "reason": "..."}` on an op
 * silences those rules for that op (and for the statements of a `sql` op).
 * A suppression is a claim someone must be able to review, so one without a
 * reason, one naming a rule that does not exist, and one that silences
 * nothing are findings themselves (rule `suppression`).
 */
import type { Op } from '../ops/types.js';
import type { JsonPath, Revision } from '../revisions/types.js';
import { didYouMean } from '../revisions/nearest.js';

/** A problem with a suppression, at a path of the revision document. */
export interface SuppressionProblem {
  readonly revision: Revision;
  readonly at: JsonPath;
  /** The upgrade op index (absent for ops of an explicit downgrade). */
  readonly op?: number;
  readonly message: string;
  readonly help: string;
}

export class Suppressions {
  private readonly used = new Map<Op, Set<string>>();

  /** Whether `op` allows `rule`; records that the allowance was needed. */
  suppresses(op: Op | undefined, rule: string): boolean {
    if (!op?.audit || !Array.isArray(op.audit.allow) || !op.audit.allow.includes(rule)) return false;
    let set = this.used.get(op);
    if (!set) this.used.set(op, (set = new Set()));
    set.add(rule);
    return true;
  }

  /**
   * Problems of every suppression in `revisions`. `known` is every rule id;
   * `checkable` the rules that ran on some audited dialect: only for those
   * can "suppresses nothing" be known (a rule turned off, or one for a
   * dialect not audited now, might report there another time).
   */
  problems(revisions: readonly Revision[], known: ReadonlySet<string>, checkable: ReadonlySet<string>): SuppressionProblem[] {
    const out: SuppressionProblem[] = [];
    for (const revision of revisions) {
      this.problemsIn(revision, 'upgrade', revision.upgrade, known, checkable, out);
      if (revision.downgrade) this.problemsIn(revision, 'downgrade', revision.downgrade, known, checkable, out);
    }
    return out;
  }

  private problemsIn(
    revision: Revision, list: 'upgrade' | 'downgrade', ops: readonly Op[],
    known: ReadonlySet<string>, checkable: ReadonlySet<string>, out: SuppressionProblem[],
  ): void {
    // Most ops allow nothing: skip them before making anything (this visits every op of every revision).
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const audit = op.audit;
      if (!audit) continue;
      const base = { revision, ...(list === 'upgrade' ? { op: i } : {}) };
      const allow = Array.isArray(audit.allow) ? audit.allow : [];
      if (typeof audit.reason !== 'string' || audit.reason.trim() === '') {
        out.push({
          ...base,
          at: [list, i, 'audit'],
          message: `suppression of ${allow.map((r) => `"${r}"`).join(', ') || 'nothing'} without a reason: reviewers cannot tell why the rule does not apply here`,
          help: 'add "reason": "<why this is safe here>" next to "allow"',
        });
      }
      const used = this.used.get(op);
      allow.forEach((rule, j) => {
        const at = [list, i, 'audit', 'allow', j];
        if (!known.has(rule)) {
          const guess = didYouMean(rule, known);
          out.push({
            ...base, at,
            message: `"${rule}" is not an audit rule, so this suppression silences nothing`,
            help: guess ?? 'use a rule id from the README\'s rule table (docs/rules/<id>.md)',
          });
        } else if (checkable.has(rule) && !used?.has(rule)) {
          out.push({
            ...base, at,
            message: `"${rule}" is allowed here but reports nothing on this op: the suppression is stale and would hide a future finding`,
            help: `remove "${rule}" from "allow"${allow.length === 1 ? ' (and the "audit" key)' : ''}`,
          });
        }
      });
    }
  }
}
