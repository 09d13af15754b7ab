import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic } from '../../src/errors.js';
import { RevisionGraph } from '../../src/revisions/graph.js';
import { loadRevisions } from '../../src/revisions/load.js';
import { fixture, root, tempProject } from './support.js';

// The fixtures are copied into a temporary directory outside the package,
// like a user's project without sqlrev in node_modules: `import ... from
// 'sqlrev'` must still resolve (to the running sqlrev).

test('JSON revisions alone never register the module hooks', async () => {
  await loadRevisions(fixture('valid'), { cwd: root });
  const { hooksRegistered } = await import('../../src/revisions/ts-loader.js');
  assert.is(hooksRegistered(), false);
});

test('a .ts revision loads through the module hooks, importing from sqlrev and a local helper', async () => {
  const project = tempProject('ts');
  try {
    const { revisions, diagnostics } = await loadRevisions('revisions', { cwd: project.dir, tablePrefix: 'p_' });
    assert.equal(diagnostics.map(formatDiagnostic), []);
    assert.equal(revisions.map((r) => `${r.id} ${r.format} ${r.file}`), [
      '0001 json revisions/0001_root.json',
      '0002 ts revisions/0002_typed_revision.ts',
      '0003 ts revisions/0003_undefined_fields.ts',
    ]);
    const third = revisions[2]!;
    assert.equal(third.upgrade, [{ op: 'createIndex', table: 'p_tasks', columns: ['owner_id'] }]);
    assert.ok(!('name' in third.upgrade[0]!), 'a property set to undefined is dropped');
    assert.is(third.downgrade, undefined);
    const ts = revisions[1]!;
    assert.equal(ts.parents, ['0001']);
    assert.is(ts.slug, 'typed_revision');
    assert.is(ts.message, 'a revision written in TypeScript');
    assert.is(ts.transactional, true);
    assert.equal(ts.upgrade, [
      { op: 'createTable', table: 'p_tasks', columns: [{ name: 'id', type: 'integer' }, { name: 'owner_id', type: 'integer' }] },
      { op: 'addColumn', table: 'p_tasks', column: { name: 'due_at', type: 'timestamptz' } },
    ]);
    assert.ok(ts.text.includes("import { defineRevision } from 'sqlrev';"));
    // Best-effort positions: the line of each op, and of top-level fields.
    assert.is(ts.source.locate(['upgrade', 0, 'table']).line, 12);
    assert.is(ts.source.locate(['upgrade', 1]).line, 13);
    assert.is(ts.source.locate(['parent']).line, 9);
    assert.is(ts.source.locate(['upgrade', 9]).line, 11, 'no such op: the upgrade key');
    assert.is(ts.source.locate(['nothing']).line, 1);
    const { hooksRegistered } = await import('../../src/revisions/ts-loader.js');
    assert.is(hooksRegistered(), true);
    const graph = new RevisionGraph(revisions);
    assert.equal(graph.diagnostics, []);
    assert.equal(graph.heads, ['0003']);
  } finally {
    project.cleanup();
  }
});

test('a .ts revision that throws, has no default export, does not compile, or fails the schema', async () => {
  const project = tempProject('ts-errors');
  try {
    const { revisions, diagnostics, brokenIds } = await loadRevisions('revisions', { cwd: project.dir });
    assert.equal(revisions, []);
    assert.equal(diagnostics.map(formatDiagnostic), [
      'revisions/e1_throws.ts:3:1: the revision threw while loading: Error: boom; a .ts revision runs when sqlrev loads it; it should only build and export its definition',
      "revisions/e2_no_default.ts: the file has no default export; write export default defineRevision({ id, parent, message, upgrade: [...] }) with defineRevision from 'sqlrev'",
      'revisions/e3_syntax_error.ts:3:75: cannot load this TypeScript revision: Unexpected token, expected "," (3:75); fix the code so the file runs on its own',
      'revisions/e4_invalid_op.ts:10:7: upgrade[1].tabel: unknown property "tabel"; did you mean "table"?',
      'revisions/e5_getter_throws.ts: the default export cannot be read as data: no message; export a plain object literal',
    ]);
    assert.ok(brokenIds.includes('e1') && brokenIds.includes('e4'));
  } finally {
    project.cleanup();
  }
});

test.run();
