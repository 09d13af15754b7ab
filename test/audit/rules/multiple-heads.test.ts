import assert from 'node:assert/strict';
import { test } from 'uvu';
import { audit, byRule, chain, none, revisionFrom, TASK } from '../helpers.js';

test('two heads: an error at each head revision', async () => {
  const revs = [
    revisionFrom({ id: 'root', parent: null, upgrade: [TASK] }),
    revisionFrom({ id: 'left', parent: 'root', upgrade: [] }),
    revisionFrom({ id: 'right', parent: 'root', upgrade: [] }),
  ];
  const list = byRule(await audit(revs), 'multiple-heads');
  assert.deepEqual(list.map((f) => [f.file, f.severity, f.op]), [['revisions/left_left.json', 'error', undefined], ['revisions/right_right.json', 'error', undefined]]);
  assert.match(list[1]!.message, /revision right is one of 2 heads \(left, right\): "upgrade head" is ambiguous/);
});

test('a merge revision makes one head again', async () => {
  const revs = [
    revisionFrom({ id: 'root', parent: null, upgrade: [TASK] }),
    revisionFrom({ id: 'left', parent: 'root', upgrade: [] }),
    revisionFrom({ id: 'right', parent: 'root', upgrade: [] }),
    revisionFrom({ id: 'merge', parent: ['left', 'right'], upgrade: [] }),
  ];
  none(await audit(revs), 'multiple-heads');
  none(await audit(chain({ id: 'a', upgrade: [] }, { id: 'b', upgrade: [] })), 'multiple-heads');
});

test.run();
