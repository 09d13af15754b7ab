import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic } from '../../src/errors.js';
import { RevisionGraph } from '../../src/revisions/graph.js';
import { loadRevisions } from '../../src/revisions/load.js';
import { fixture, makeRevision, root } from './support.js';

//        b - d
//       /     \
//  a --+       f (merge of d, e) - g
//       \     /
//        c - e
//         \
//          h (second head)
function diamond(): RevisionGraph {
  return new RevisionGraph([
    makeRevision('g', 'f'),
    makeRevision('f', ['d', 'e']),
    makeRevision('h', 'c'),
    makeRevision('e', 'c'),
    makeRevision('d', 'b'),
    makeRevision('c', 'a'),
    makeRevision('b', 'a'),
    makeRevision('a', null),
  ]);
}

test('roots, heads, branch points, merges, children and parents', () => {
  const g = diamond();
  assert.equal(g.diagnostics, []);
  assert.equal(g.roots, ['a']);
  assert.equal(g.heads, ['g', 'h']);
  assert.equal(g.branchPoints, ['a', 'c']);
  assert.equal(g.merges, ['f']);
  assert.equal(g.children('c'), ['e', 'h']);
  assert.equal(g.parents('f'), ['d', 'e']);
  assert.equal(g.children('nope'), []);
  assert.is(g.get('d')!.id, 'd');
  assert.ok(g.has('a') && !g.has('z'));
});

test('topological order: parents first, ties broken by id, independent of input order', () => {
  const g = diamond();
  assert.equal(g.order.map((r) => r.id), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  assert.is(g.indexOf('f'), 5);
  assert.is(g.indexOf('zz'), -1);
  const reversed = new RevisionGraph([...diamond().order].reverse());
  assert.equal(reversed.order.map((r) => r.id), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  // Ties by id, not by depth: a long branch with small ids goes first.
  const g2 = new RevisionGraph([
    makeRevision('r', null), makeRevision('z1', 'r'), makeRevision('a1', 'r'), makeRevision('a2', 'a1'), makeRevision('a3', 'a2'),
  ]);
  assert.equal(g2.order.map((r) => r.id), ['r', 'a1', 'a2', 'a3', 'z1']);
});

test('ancestors, descendants and sorting subsets', () => {
  const g = diamond();
  assert.equal([...g.ancestors('f')].sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal([...g.ancestors('f', false)].sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.equal([...g.ancestors(['d', 'h'])].sort(), ['a', 'b', 'c', 'd', 'h']);
  assert.equal([...g.descendants('c')].sort(), ['c', 'e', 'f', 'g', 'h']);
  assert.equal([...g.descendants('c', false)].sort(), ['e', 'f', 'g', 'h']);
  assert.equal(g.sort(['g', 'a', 'e', 'nope']).map((r) => r.id), ['a', 'e', 'g']);
});

test('graph problems: duplicate ids, unknown parents, cycles, a parent listed twice', async () => {
  const { revisions, brokenIds } = await loadRevisions(fixture('graph-errors'), { cwd: root });
  const g = new RevisionGraph(revisions, { brokenIds });
  const dir = 'test/fixtures/revisions/graph-errors';
  assert.equal(g.diagnostics.map(formatDiagnostic), [
    `${dir}/g2_second.json:2:9: id: duplicate id "g2": ${dir}/g2_first.json has it too; ids must be unique; give one of them a new id (sqlrev new makes one) and rename its file`,
    `${dir}/g3_unknown_parent.json:3:13: parent: parent "nope" is not a revision in ${dir}/; check the id (sqlrev history lists them), or restore the file of that revision`,
    `${dir}/g4_cycle_a.json:3:13: parent: the parents form a cycle: g4 -> g5 -> g4; a revision cannot be its own ancestor; fix the parent of one of them`,
    `${dir}/g6_parent_twice.json:3:20: parent[1]: parent "g1" is listed twice; list each parent once`,
    `${dir}/g7_own_parent.json:3:13: parent: the parents form a cycle: g7 -> g7; a revision cannot be its own parent`,
    `${dir}/g8_typo_parent.json:3:13: parent: parent "g6x" is not a revision in ${dir}/; did you mean "g6"?`,
  ]);
  // g9's parent h1 failed to load: its own diagnostic says why, no second complaint here.
  assert.ok(!g.diagnostics.some((d) => d.file?.includes('g9')));
  // The usable part still has an order; revisions on cycles are left out of it.
  assert.equal(g.order.map((r) => r.id), ['g1', 'g2', 'g3', 'g6', 'g8', 'g9']);
  assert.throws(() => g.assertValid(), /duplicate id "g2"/);
});

test('an unknown parent that a full id extends is suggested', () => {
  const g = new RevisionGraph([makeRevision('2ed6bf9f1690', null), makeRevision('x1', '2ed6')]);
  assert.equal(g.diagnostics.map(formatDiagnostic), [
    'revisions/x1_r.json:3:13: parent: parent "2ed6" is not a revision in revisions/; did you mean "2ed6bf9f1690"? (parents are full ids)',
  ]);
});

test('a cycle hanging off a valid chain names only the revisions on the cycle', () => {
  const g = new RevisionGraph([
    makeRevision('a', null), makeRevision('b', ['a', 'd']), makeRevision('c', 'b'), makeRevision('d', 'c'), makeRevision('e', 'd'),
  ]);
  assert.equal(g.diagnostics.map((d) => d.message), ['the parents form a cycle: b -> d -> c -> b']);
  assert.equal(g.diagnostics[0]!.path, 'parent[1]');
  assert.equal(g.order.map((r) => r.id), ['a']);
});

test('10,000 revisions in a chain: no recursion, linear work', () => {
  const n = 10_000;
  const id = (i: number): string => `r${String(i).padStart(5, '0')}`;
  const revisions = Array.from({ length: n }, (_, i) => makeRevision(id(i), i === 0 ? null : id(i - 1)));
  const g = new RevisionGraph(revisions.reverse());
  assert.equal(g.diagnostics, []);
  assert.is(g.order.length, n);
  assert.is(g.order[0]!.id, id(0));
  assert.is(g.order[n - 1]!.id, id(n - 1));
  assert.equal(g.heads, [id(n - 1)]);
  assert.is(g.ancestors(id(n - 1)).size, n);
  assert.is(g.descendants(id(0)).size, n);
  // A 10,000-long cycle is found without recursion too.
  const ring = Array.from({ length: n }, (_, i) => makeRevision(id(i), id((i + n - 1) % n)));
  const cyclic = new RevisionGraph(ring);
  assert.is(cyclic.diagnostics.length, 1);
  assert.ok(cyclic.diagnostics[0]!.message.startsWith(`the parents form a cycle: ${id(0)} -> ${id(n - 1)} -> ${id(n - 2)}`));
});

test('10,000 revisions branching from one root', () => {
  const n = 10_000;
  const revisions = [makeRevision('root', null), ...Array.from({ length: n }, (_, i) => makeRevision(`b${i}`, 'root'))];
  const g = new RevisionGraph(revisions);
  assert.is(g.heads.length, n);
  assert.equal(g.branchPoints, ['root']);
  assert.is(g.children('root').length, n);
});

test.run();
