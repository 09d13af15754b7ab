/**
 * multiple-heads: two revisions built on the same parent (two branches
 * merged in git, each adding a revision). `upgrade head` is ambiguous, and
 * the two heads may change the same objects in an order nobody chose.
 */
import { defineRule } from '../rule.js';

export const multipleHeads = defineRule({
  meta: {
    id: 'multiple-heads',
    description: 'the revision graph has more than one head',
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create() {
    return {
      graph(e) {
        if (e.heads.length < 2) return;
        const list = e.heads.join(', ');
        for (const id of e.heads) {
          const revision = e.revisions.find((r) => r.id === id);
          if (!revision) continue;
          e.report({
            revision,
            at: ['id'],
            message: `revision ${id} is one of ${e.heads.length} heads (${list}): "upgrade head" is ambiguous, and nothing decides in which order their changes apply`,
            help: `check that the branches do not touch the same objects, then merge them: sqlrev merge ${e.heads.join(' ')} -m "merge heads"`,
          });
        }
      },
    };
  },
});
