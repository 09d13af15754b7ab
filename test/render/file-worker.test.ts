/** FileWorker: writes in order on a second thread, bounded memory, errors as the synchronous call would throw them. */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileWorker } from '../../src/render/file-worker.js';
import { TreeWriter } from '../../src/render/write.js';

function tempDir(): string {
  const d = join(tmpdir(), `sqlrev-fw-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d, { recursive: true });
  return d;
}

test('files larger than a batch, multi-byte text at batch edges, and many files: every byte lands', async () => {
  const dir = tempDir();
  const w = new FileWorker();
  const huge = `${'é✓\u{1F600}'.repeat(300_000)}end\n`; // ~3 MB of UTF-8: more than a 1 MB batch
  const expected = new Map<string, string>();
  for (let i = 0; i < 3000; i++) {
    const text = i === 1500 ? huge : `-- ${i} ✓\n${'x'.repeat(i % 997)}\u{1F600}\n`;
    w.file(join(dir, `f${i}.sql`), 0o644, text);
    expected.set(`f${i}.sql`, text);
  }
  w.open(join(dir, 'stream.sql'), 0o755);
  let streamed = '';
  for (let i = 0; i < 2000; i++) {
    const piece = `${i}: ${'ü'.repeat(i % 1200)}\n`;
    w.append(join(dir, 'stream.sql'), piece);
    streamed += piece;
  }
  w.close(join(dir, 'stream.sql'));
  await w.finish();
  assert.is(readdirSync(dir).length, 3001);
  for (const [name, text] of expected) assert.is(readFileSync(join(dir, name), 'utf8'), text, name);
  assert.is(readFileSync(join(dir, 'stream.sql'), 'utf8'), streamed);
  assert.is(statSync(join(dir, 'stream.sql')).mode & 0o111, 0o111 & ~process.umask(), 'the mode asked for');
  rmSync(dir, { recursive: true, force: true });
});

test('when the disk is behind, the main thread waits for a slot and overwrites nothing unwritten', async () => {
  const dir = tempDir();
  const w = new FileWorker();
  // 32 MB in 64 files, each a different byte: a slot reused too early would show in some file's bytes.
  for (let i = 0; i < 64; i++) w.file(join(dir, `f${i}`), 0o644, String.fromCharCode(65 + (i % 26)).repeat(512 * 1024));
  await w.finish();
  assert.ok(w.waits > 0, 'the 8 MB of slots filled up at least once');
  for (let i = 0; i < 64; i++) {
    const bytes = readFileSync(join(dir, `f${i}`));
    assert.is(bytes.length, 512 * 1024);
    assert.ok(bytes.every((b) => b === 65 + (i % 26)), `f${i} holds only its own byte`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('skip() sees the exact bytes and keeps a file from being written', async () => {
  const dir = tempDir();
  const w = new FileWorker();
  const seen: string[] = [];
  w.file(join(dir, 'kept'), 0o644, 'añb', (bytes) => { seen.push(bytes.toString('hex')); return false; });
  w.file(join(dir, 'skipped'), 0o644, 'zzz', (bytes) => { seen.push(bytes.toString('hex')); return true; });
  w.file(join(dir, 'after'), 0o644, 'c');
  const big = 'b'.repeat(3 << 20);
  w.file(join(dir, 'big-skipped'), 0o644, big, () => true);
  w.file(join(dir, 'small-after-big'), 0o644, 'd');
  await w.finish();
  assert.equal(seen, [Buffer.from('añb').toString('hex'), '7a7a7a']);
  assert.equal(readdirSync(dir).sort(), ['after', 'kept', 'small-after-big']);
  assert.is(readFileSync(join(dir, 'small-after-big'), 'utf8'), 'd');
  assert.is(readFileSync(join(dir, 'after'), 'utf8'), 'c', 'a skipped file leaves no bytes behind in the batch');
  rmSync(dir, { recursive: true, force: true });
});

test('a failed write surfaces with its fs code, and later writes are not made', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a-file'), '');
  const w = new FileWorker();
  w.file(join(dir, 'first'), 0o644, '1');
  w.file(join(dir, 'a-file', 'inside'), 0o644, 'cannot be: a-file is not a directory');
  w.file(join(dir, 'later'), 0o644, '3');
  const e = await w.finish().then(() => undefined, (err: unknown) => err as NodeJS.ErrnoException);
  assert.ok(e instanceof Error, 'finish() throws');
  assert.is(e.code, 'ENOTDIR');
  assert.equal(readdirSync(dir).sort(), ['a-file', 'first']);
  rmSync(dir, { recursive: true, force: true });
});

test('TreeWriter on the worker: a failure stops the render at the next batch, and abort leaves out/ as it was', async () => {
  const root = tempDir();
  const out = join(root, 'out');
  const w = new TreeWriter(out, { background: true });
  // A name too long for the file system fails in the worker's open.
  w.file(`postgresql/${'n'.repeat(300)}.sql`, 'x');
  let thrown: NodeJS.ErrnoException | undefined;
  try {
    for (let i = 0; i < 10_000; i++) w.file(`postgresql/f${i}.sql`, 'z'.repeat(4096));
    await w.commit();
  } catch (e) {
    thrown = e as NodeJS.ErrnoException;
    await w.abort();
  }
  assert.is(thrown?.code, 'ENAMETOOLONG');
  assert.equal(readdirSync(root), [], 'no out/, no half-written tree beside it');
  rmSync(root, { recursive: true, force: true });
});

test.run();
