import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SqlrevError } from '../../src/errors.js';
import { RevisionGraph } from '../../src/revisions/graph.js';
import { parseRange, planDowngrade, planUpgrade, resolveTarget } from '../../src/revisions/targets.js';
import { makeRevision } from './support.js';

// 0a11 - 0b22 - 0b33 - 0c44 (merge of 0b33, 1e66) - 0d55
//   \                   /
//    1e66 -------------+
// plus 1f77 on 0b22 (a second head)
function history(): RevisionGraph {
  return new RevisionGraph([
    makeRevision('0a11', null),
    makeRevision('0b22', '0a11'),
    makeRevision('0b33', '0b22'),
    makeRevision('1e66', '0a11'),
    makeRevision('0c44', ['0b33', '1e66']),
    makeRevision('0d55', '0c44'),
    makeRevision('1f77', '0b22'),
  ]);
}

function linear(): RevisionGraph {
  return new RevisionGraph(['a1', 'b2', 'c3', 'd4'].map((id, i, all) => makeRevision(id, i === 0 ? null : all[i - 1]!)));
}

/** The one-line message of the SqlrevError `fn` throws. */
function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, SqlrevError);
    return (e as SqlrevError).message;
  }
  throw new Error('expected an error');
}

const ids = (plan: { revisions: readonly { id: string }[] }): string[] => plan.revisions.map((r) => r.id);

test('names: base, head, heads, full ids, unique prefixes', () => {
  const g = history();
  assert.equal(resolveTarget(g, 'base'), []);
  assert.equal(resolveTarget(g, 'heads'), ['0d55', '1f77']);
  assert.equal(resolveTarget(g, '0c44'), ['0c44']);
  assert.equal(resolveTarget(g, '0c'), ['0c44']);
  assert.equal(resolveTarget(g, '1e'), ['1e66']);
  assert.equal(resolveTarget(linear(), 'head'), ['d4']);
  assert.equal(resolveTarget(new RevisionGraph([]), 'head'), [], 'no revisions: head is base');
});

test('errors name the candidates and what to do', () => {
  const g = history();
  assert.is(error(() => resolveTarget(g, 'head')), 'multiple heads 0d55, 1f77; name one or use heads');
  assert.is(error(() => resolveTarget(g, '0b')), 'revision prefix "0b" is ambiguous: 0b22, 0b33; type more of the id');
  assert.is(error(() => resolveTarget(g, 'zz')), 'unknown revision "zz"; run sqlrev history to list the revisions');
  assert.is(error(() => resolveTarget(g, '0c45')), 'unknown revision "0c45"; did you mean "0c44"? (sqlrev history lists the revisions)');
  assert.is(error(() => resolveTarget(g, 'a-b')), '"a-b" is not a revision target; a target is base, head, heads, a revision id, a unique id prefix, or +N / -N');
  assert.is(error(() => resolveTarget(g, '')), '"" is not a revision target; a target is base, head, heads, a revision id, a unique id prefix, or +N / -N');
  assert.is(error(() => resolveTarget(g, '+1')), '"+1" is relative, but there is nothing to count from; write FROM:TO, e.g. head:-1, or name the revision');
  assert.is(error(() => parseRange('a:b:c')), '"a:b:c" has more than one ":"; write FROM:TO, e.g. base:head');
});

test('relative targets: +N up from FROM, -N down, and anchored forms like head-1', () => {
  const g = linear();
  assert.equal(resolveTarget(g, '+2', []), ['b2']);
  assert.equal(resolveTarget(g, '+1', ['b2']), ['c3']);
  assert.equal(resolveTarget(g, '-1', ['d4']), ['c3']);
  assert.equal(resolveTarget(g, '-4', ['d4']), []);
  assert.equal(resolveTarget(g, 'head-2'), ['b2']);
  assert.equal(resolveTarget(g, 'base+1'), ['a1']);
  assert.equal(resolveTarget(g, 'b2+2'), ['d4']);
  assert.equal(resolveTarget(g, 'b+1'), ['c3'], 'a prefix as the anchor');
  assert.is(error(() => resolveTarget(g, '+3', ['b2'])), '"+3" goes past the head: d4 is 2 revisions above b2 and has nothing above it; use +2 or head');
  assert.is(error(() => resolveTarget(g, '-5', ['d4'])), '"-5" goes below base: d4 is only 4 revisions above base; use -4 or base');
  const h = history();
  assert.is(error(() => resolveTarget(h, '+1', ['0b22'])), '"+1" is ambiguous: 0b22 has 2 children (0b33, 1f77); name the target revision');
  assert.is(error(() => resolveTarget(h, '-1', ['0c44'])), '"-1" is ambiguous: 0c44 is a merge of 0b33, 1e66; name the target revision');
  assert.is(error(() => resolveTarget(h, 'heads-1')), '"heads-1" is ambiguous: it counts from heads, which is 2 revisions; name the revision to count from, e.g. ID+1');
});

test('upgrade plans: ancestors of TO minus ancestors of FROM, in topological order', () => {
  const g = history();
  let plan = planUpgrade(g, 'heads');
  assert.equal(ids(plan), ['0a11', '0b22', '0b33', '1e66', '0c44', '0d55', '1f77']);
  assert.equal(plan.from, []);
  assert.equal(plan.to, ['0d55', '1f77']);
  plan = planUpgrade(g, '0b33:0d55');
  assert.equal(ids(plan), ['1e66', '0c44', '0d55'], 'the merge pulls in the other branch');
  assert.equal(plan.from, ['0b33']);
  assert.equal(plan.to, ['0d55']);
  plan = planUpgrade(g, '1f77:0c');
  assert.equal(ids(plan), ['0b33', '1e66', '0c44'], 'FROM on another branch: it stays a head');
  assert.equal(plan.to, ['0c44', '1f77']);
  assert.equal(ids(planUpgrade(linear(), 'a1:+2')), ['b2', 'c3']);
  assert.equal(ids(planUpgrade(linear(), '+1')), ['a1']);
  assert.equal(ids(planUpgrade(linear(), 'b2:b2')), [], 'FROM = TO: nothing to do');
  assert.is(error(() => planUpgrade(linear(), 'c3:a1')), '"a1" is below "c3": an upgrade has nothing to apply; to go down, use sqlrev downgrade FROM:TO');
  assert.is(error(() => planUpgrade(linear(), 'd4:-1')), '"-1" goes down; use sqlrev downgrade FROM:TO');
  assert.is(error(() => planUpgrade(g, 'head')), 'multiple heads 0d55, 1f77; name one or use heads');
});

test('downgrade plans: ancestors of FROM minus ancestors of TO, children first', () => {
  const g = history();
  let plan = planDowngrade(g, '0d55:0b33');
  assert.equal(ids(plan), ['0d55', '0c44', '1e66']);
  assert.equal(plan.from, ['0d55']);
  assert.equal(plan.to, ['0b33']);
  plan = planDowngrade(g, 'heads:base');
  assert.equal(ids(plan), ['1f77', '0d55', '0c44', '1e66', '0b33', '0b22', '0a11']);
  assert.equal(plan.to, []);
  assert.equal(ids(planDowngrade(linear(), 'head:-2')), ['d4', 'c3']);
  assert.equal(ids(planDowngrade(linear(), 'd4:d4')), []);
  assert.is(error(() => planDowngrade(linear(), 'base')), 'downgrade needs FROM:TO, not "base"; the SQL cannot know which revision the database is at; e.g. sqlrev downgrade head:-1');
  assert.is(error(() => planDowngrade(g, '1f77:0d55')), '"0d55" is not below "1f77"; a downgrade goes from a revision down to one of its ancestors, or base');
  assert.is(error(() => planDowngrade(linear(), 'a1:+1')), '"+1" goes up; use sqlrev upgrade FROM:TO');
});

test('plans on 10,000 revisions stay linear', () => {
  const n = 10_000;
  const id = (i: number): string => `r${String(i).padStart(5, '0')}`;
  const g = new RevisionGraph(Array.from({ length: n }, (_, i) => makeRevision(id(i), i === 0 ? null : id(i - 1))));
  assert.is(planUpgrade(g, 'base:head').revisions.length, n);
  assert.is(planDowngrade(g, 'head:base').revisions[0]!.id, id(n - 1));
  assert.equal(resolveTarget(g, 'head-9999'), [id(0)]);
  assert.equal(ids(planUpgrade(g, `${id(5000)}:+2`)), [id(5001), id(5002)]);
});

test.run();
