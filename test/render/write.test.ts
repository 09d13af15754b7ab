/** TreeWriter: a tree swapped in whole, the old one removed, other dialects' files carried over. */
import { linkSync, lstatSync, mkdirSync, readdirSync, symlinkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TreeChecker, TreeWriter } from '../../src/render/write.js';

function tempDir(): string {
  const d = join(tmpdir(), `sqlrev-write-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d, { recursive: true });
  return d;
}

function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(p).isDirectory()) Object.assign(out, tree(p, rel));
    else out[`${rel} ${(statSync(p).mode & 0o777).toString(8)}`] = readFileSync(p, 'utf8');
  }
  return out;
}

const FILES: [string, string][] = [
  ['rollback.sh', '#!/bin/sh\necho hi\n'],
  ['postgresql/migration.sql', 'SELECT 1;\n'],
  ['postgresql/revisions/a_x.upgrade.sql', `-- é ✓ \u{1F600}\n${'x'.repeat(70000)}\n`],
  ['sqlite/revisions/a_x.upgrade.sql', ''],
];

/** Streams `content` in pieces of `size` characters. */
function streamIn(sink: { stream(rel: string): { write(c: string): void; end(): void } }, rel: string, content: string, size = 7): void {
  const f = sink.stream(rel);
  for (let i = 0; i < content.length; i += size) f.write(content.slice(i, i + size));
  f.end();
}

const BIG = `-- é ✓ \u{1F600}\n${'SELECT 1;\n'.repeat(2000)}`;

// Every case twice: written on the main thread, and on the file worker (file-worker.ts).
for (const background of [false, true]) {
  const suffix = background ? ' (on the file worker)' : '';

  test(`writes and swaps in a tree, removing the old one${suffix}`, async () => {
    const root = tempDir();
    const out = join(root, 'out');
    mkdirSync(join(out, 'postgresql'), { recursive: true });
    writeFileSync(join(out, 'postgresql', 'stale.sql'), 'old');
    const w = new TreeWriter(out, { background });
    for (const [rel, content] of FILES) w.file(rel, content);
    await w.commit();
    assert.equal(tree(out), {
      'postgresql/migration.sql 644': 'SELECT 1;\n',
      'postgresql/revisions/a_x.upgrade.sql 644': FILES[2]![1],
      'rollback.sh 755': '#!/bin/sh\necho hi\n',
      'sqlite/revisions/a_x.upgrade.sql 644': '',
    });
    assert.equal(readdirSync(root), ['out'], 'no new/old directories left beside out/');
    rmSync(root, { recursive: true, force: true });
  });

  test(`carryOver keeps the files of directories it is told to, and lists no other${suffix}`, async () => {
    const root = tempDir();
    const out = join(root, 'out');
    mkdirSync(join(out, 'sqlite/revisions'), { recursive: true });
    mkdirSync(join(out, 'postgresql'), { recursive: true });
    writeFileSync(join(out, 'sqlite/migration.sql'), 'sqlite stays');
    writeFileSync(join(out, 'sqlite/revisions/a.sql'), 'so does this');
    writeFileSync(join(out, 'postgresql/old.sql'), 'replaced');
    const w = new TreeWriter(out, { background });
    w.file('postgresql/migration.sql', 'new');
    const entered: string[] = [];
    w.carryOver((rel) => rel.startsWith('sqlite/'), (dir) => { entered.push(dir); return dir.startsWith('sqlite'); });
    await w.commit();
    assert.equal(tree(out), {
      'postgresql/migration.sql 644': 'new',
      'sqlite/migration.sql 644': 'sqlite stays',
      'sqlite/revisions/a.sql 644': 'so does this',
    });
    assert.equal(entered, ['postgresql', 'sqlite', 'sqlite/revisions']);
    rmSync(root, { recursive: true, force: true });
  });

  test(`a re-render links the files it would write unchanged, and writes the others${suffix}`, async () => {
    const root = tempDir();
    const out = join(root, 'out');
    const first = new TreeWriter(out, { background });
    for (const [rel, content] of FILES) first.file(rel, content);
    first.file('postgresql/changes.sql', 'v1');
    first.file('postgresql/grows.sql', 'short');
    first.file('postgresql/linked-elsewhere.sql', 'same');
    await first.commit();
    const ino = (rel: string) => statSync(join(out, rel)).ino;
    const before = Object.fromEntries([...FILES.map(([r]) => r), 'postgresql/changes.sql', 'postgresql/grows.sql'].map((r) => [r, ino(r)]));
    // A file someone else also links to, and a symlink in place of a file: both are written anew.
    linkSync(join(out, 'postgresql/linked-elsewhere.sql'), join(root, 'elsewhere.sql'));
    rmSync(join(out, 'postgresql/migration.sql'));
    symlinkSync(join(root, 'elsewhere.sql'), join(out, 'postgresql/migration.sql'));
    const elsewhere = ino('postgresql/linked-elsewhere.sql');

    const second = new TreeWriter(out, { background });
    for (const [rel, content] of FILES) second.file(rel, content);
    second.file('postgresql/changes.sql', 'v2');
    second.file('postgresql/grows.sql', 'short, and then longer');
    second.file('postgresql/linked-elsewhere.sql', 'same');
    await second.commit();
    assert.is(ino('rollback.sh'), before['rollback.sh'], 'unchanged: the same file');
    assert.is(ino('postgresql/revisions/a_x.upgrade.sql'), before['postgresql/revisions/a_x.upgrade.sql']);
    assert.is.not(ino('postgresql/changes.sql'), before['postgresql/changes.sql']);
    assert.is(readFileSync(join(out, 'postgresql/changes.sql'), 'utf8'), 'v2');
    assert.is.not(ino('postgresql/grows.sql'), before['postgresql/grows.sql']);
    assert.is(readFileSync(join(out, 'postgresql/grows.sql'), 'utf8'), 'short, and then longer');
    assert.is.not(ino('postgresql/linked-elsewhere.sql'), elsewhere);
    assert.ok(lstatSync(join(out, 'postgresql/migration.sql')).isFile());
    assert.is(readFileSync(join(out, 'postgresql/migration.sql'), 'utf8'), 'SELECT 1;\n');
    assert.equal(tree(out)['rollback.sh 755'], '#!/bin/sh\necho hi\n');
    assert.is(statSync(join(out, 'rollback.sh')).nlink, 1, 'the old tree is gone');
    assert.equal(readdirSync(root).sort(), ['elsewhere.sql', 'out']);
    rmSync(root, { recursive: true, force: true });
  });

  test(`a streamed file holds its pieces; unchanged, the old copy is linked in; changed, written${suffix}`, async () => {
    const root = tempDir();
    const out = join(root, 'out');
    const first = new TreeWriter(out, { background });
    streamIn(first, 'postgresql/migration.sql', BIG);
    streamIn(first, 'sqlite/migration.sql', BIG);
    streamIn(first, 'rollback.sh', '#!/bin/sh\n');
    await first.commit();
    assert.equal(tree(out), {
      'postgresql/migration.sql 644': BIG,
      'rollback.sh 755': '#!/bin/sh\n',
      'sqlite/migration.sql 644': BIG,
    });
    const ino = (rel: string) => statSync(join(out, rel)).ino;
    const before = { pg: ino('postgresql/migration.sql'), sqlite: ino('sqlite/migration.sql') };

    const second = new TreeWriter(out, { background });
    streamIn(second, 'postgresql/migration.sql', BIG, 1000);
    streamIn(second, 'sqlite/migration.sql', `${BIG}-- one more line\n`, 1000);
    await second.commit();
    assert.is(ino('postgresql/migration.sql'), before.pg, 'same bytes in other pieces: the same file');
    assert.is.not(ino('sqlite/migration.sql'), before.sqlite);
    assert.is(readFileSync(join(out, 'sqlite/migration.sql'), 'utf8'), `${BIG}-- one more line\n`);
    assert.is(readFileSync(join(out, 'postgresql/migration.sql'), 'utf8'), BIG);
    assert.equal(readdirSync(join(out, 'postgresql')), ['migration.sql'], 'no temporary link left');
    rmSync(root, { recursive: true, force: true });
  });

  test(`a file streamed again starts over; abort leaves nothing${suffix}`, async () => {
    const root = tempDir();
    const out = join(root, 'out');
    const w = new TreeWriter(out, { background });
    const abandoned = w.stream('postgresql/migration.sql');
    abandoned.write('half of a first attempt');
    streamIn(w, 'postgresql/migration.sql', 'SELECT 2;\n');
    await w.commit();
    assert.equal(tree(out), { 'postgresql/migration.sql 644': 'SELECT 2;\n' });

    const aborted = new TreeWriter(out, { background });
    aborted.stream('postgresql/migration.sql').write('never finished');
    await aborted.abort();
    assert.equal(tree(out), { 'postgresql/migration.sql 644': 'SELECT 2;\n' });
    assert.equal(readdirSync(root), ['out']);
    rmSync(root, { recursive: true, force: true });
  });
}

test('render --check compares streamed files piece by piece', async () => {
  const root = tempDir();
  const out = join(root, 'out');
  const w = new TreeWriter(out);
  w.file('postgresql/migration.sql', BIG);
  w.file('postgresql/rollback.sql', BIG);
  w.file('postgresql/extra.sql', '');
  await w.commit();
  const checker = new TreeChecker(out);
  streamIn(checker, 'postgresql/migration.sql', BIG, 333);
  streamIn(checker, 'postgresql/rollback.sql', BIG.slice(0, -1));
  streamIn(checker, 'postgresql/new.sql', '');
  checker.file('sqlite/migration.sql', 'x');
  assert.equal(checker.result(), [
    { path: 'postgresql/extra.sql', why: 'extra' },
    { path: 'postgresql/new.sql', why: 'missing' },
    { path: 'postgresql/rollback.sql', why: 'changed' },
    { path: 'sqlite/migration.sql', why: 'missing' },
  ]);
  rmSync(root, { recursive: true, force: true });
});

test.run();
