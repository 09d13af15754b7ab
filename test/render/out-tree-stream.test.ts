/**
 * A sink that takes files in pieces gets migration.sql block by block and
 * rollback.sql in chunks; the bytes must be exactly those of the whole-string
 * tree, with the bundled templates and with a user's script template (which
 * cannot be streamed and arrives whole).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DIALECTS } from '../../src/dialects/registry.js';
import { Namer } from '../../src/model/naming.js';
import type { Op } from '../../src/ops/types.js';
import { compileDialect, compileTogether, type CompiledRevision } from '../../src/render/compile.js';
import { GraphView } from '../../src/render/graph-view.js';
import { buildOutTree, type TreeSink } from '../../src/render/out-tree.js';
import { Templates } from '../../src/render/templates.js';
import type { Config } from '../../src/config/types.js';
import { chain } from '../helpers/revisions.js';

const ctx = { namer: new Namer() };
const dialects = [DIALECTS.postgresql, DIALECTS.sqlite];

// Enough text that migration.sql spans several of ScriptStream's 1 MB chunks.
const revs = chain(Array.from({ length: 60 }, (_, i) => {
  const upgrade: Op[] = i === 0
    ? [{ op: 'createTable', table: 't', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'note', type: 'text' }] }]
    : [{ op: 'insert', table: 't', rows: Array.from({ length: 20 }, (_, k) => ({ id: i * 100 + k, note: `${i}-${k} ${'é✓'.repeat(1000)}` })) }];
  // An explicit downgrade as long, so rollback.sql spans several chunks too.
  const downgrade: Op[] = i === 0 ? [{ op: 'dropTable', table: 't' }] : [{ op: 'sql', sql: `SELECT '${'ü'.repeat(40000)}'` }];
  return { id: `r${i}`, message: `revision ${i}`, upgrade, downgrade };
}));

function config(deployed: string): Config {
  return { revisions: 'revisions', out: 'out', dialects: ['postgresql', 'sqlite'], versionTable: 'sqlrev_version', deployed } as unknown as Config;
}

function build(templates: Templates, deployed: string, sink?: TreeSink, together = false): void | Map<string, string> {
  const builds = dialects.map((dialect) => ({ dialect, stream: (v: (c: CompiledRevision) => void) => { compileDialect(revs, dialect, ctx, undefined, { onRevision: v }); } }));
  const shared = together ? (visit: (k: number, c: CompiledRevision) => void) => compileTogether(revs, dialects, ctx, visit) : undefined;
  const tree = buildOutTree(config(deployed), new GraphView(revs), builds, templates, dialects, sink, shared);
  return sink ? undefined : tree.files;
}

/** Files from a streaming sink, and how many pieces each came in. */
function streamed(templates: Templates, deployed: string, together: boolean): { files: Map<string, string>; pieces: Map<string, number> } {
  const files = new Map<string, string>();
  const pieces = new Map<string, number>();
  build(templates, deployed, {
    file: (rel, content) => { files.set(rel, content); pieces.set(rel, 1); },
    stream: (rel) => {
      const parts: string[] = [];
      return {
        write: (chunk) => { parts.push(chunk); },
        end: () => { files.set(rel, parts.join('')); pieces.set(rel, parts.length); },
      };
    },
  }, together);
  return { files, pieces };
}

for (const together of [false, true]) {
  for (const deployed of ['base', 'r30']) {
    test(`bundled templates, ${together ? 'one shared replay' : 'a replay per dialect'}, deployed ${deployed}: the same bytes, the big scripts in pieces`, () => {
      const whole = build(new Templates(), deployed) as Map<string, string>;
      const { files, pieces } = streamed(new Templates(), deployed, together);
      assert.equal([...files.keys()].sort(), [...whole.keys()]);
      for (const [rel, content] of whole) assert.ok(files.get(rel) === content, `${rel} differs`);
      for (const d of ['postgresql', 'sqlite']) {
        assert.ok(pieces.get(`${d}/migration.sql`)! > 1, `${d}/migration.sql came in pieces`);
        assert.ok(pieces.get(`${d}/rollback.sql`)! > 1, `${d}/rollback.sql came in pieces`);
      }
    });
  }
}

test('a user script template: migration.sql arrives whole, with the same bytes', () => {
  const dir = join(tmpdir(), `sqlrev-stream-${process.pid}`);
  mkdirSync(join(dir, 'postgresql'), { recursive: true });
  writeFileSync(join(dir, 'postgresql', 'script.sql.hbs'), '-- custom: {{title}}\n{{{blocks}}}\n-- end\n');
  try {
    const whole = build(new Templates(dir), 'base') as Map<string, string>;
    const { files, pieces } = streamed(new Templates(dir), 'base', true);
    for (const [rel, content] of whole) assert.ok(files.get(rel) === content, `${rel} differs`);
    assert.match(files.get('postgresql/migration.sql')!, /^-- custom: sqlrev migration for PostgreSQL: base -> r59\n[^]*\n-- end\n$/);
    assert.is(pieces.get('postgresql/migration.sql'), 1);
    assert.ok(pieces.get('sqlite/migration.sql')! > 1, 'the bundled SQLite template still streams');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
