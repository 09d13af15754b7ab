/**
 * suppression: problems with `"audit": {"allow": [...], "reason": "..."}`
 * itself. A suppression is a claim that a reviewer must be able to check, so
 * it needs a reason, must name real rules, and must still silence something
 * (a stale one would hide the next real finding on that op). The engine
 * finds these (src/audit/suppress.ts); this module is the rule's metadata.
 * CONTRACT section 5 lists no id for this; `suppression` is sqlrev's.
 */
import { defineRule } from '../rule.js';

export const suppression = defineRule({
  meta: {
    id: 'suppression',
    description: 'an "audit.allow" without a reason, naming an unknown rule, or suppressing nothing',
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create() {
    return {};
  },
});
