/** BlockSpill: rollback blocks wait in a temporary file and come back newest first, byte for byte. */
import { fstatSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BlockSpill, type SpillWrites } from '../../src/render/block-spill.js';
import { FileWorker } from '../../src/render/file-worker.js';

const spillFiles = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`sqlrev-spill-${process.pid}-`));

// Small ones, empty ones, and ones larger than the 1 MB read window, in an irregular mix.
const blocks: string[] = [];
for (let i = 0; i < 400; i++) {
  const size = i % 97 === 0 ? 1_300_000 + i : i % 13 === 0 ? 0 : (i * 7919) % 5000;
  blocks.push(`-- ${i} é✓\u{1F600}\n${'x'.repeat(size)}${i % 2 ? 'ü' : ''}`.slice(0, size === 0 ? 0 : undefined));
}

// Past the worker's 2 MB slots too: such a block travels in a buffer of its own.
blocks.splice(200, 0, `-- big ✓\n${'y'.repeat(3_000_000)}`);

function assertReversed(spill: BlockSpill): void {
  const back = [...spill.reversed()];
  assert.is(back.length, blocks.length);
  for (let i = 0; i < blocks.length; i++) assert.ok(back[i] === blocks[blocks.length - 1 - i], `block ${blocks.length - 1 - i}`);
}

test('blocks of every size come back in reverse, with multi-byte characters intact', () => {
  const spill = new BlockSpill();
  for (const b of blocks) spill.push(b);
  assert.equal(spillFiles(), [], 'the spill file is unlinked while open');
  assertReversed(spill);
});

test('kept in memory when asked: the same blocks in the same order, and no file', () => {
  const spill = new BlockSpill(false);
  for (const b of blocks) spill.push(b);
  assert.equal(spillFiles(), []);
  assertReversed(spill);
});

test('no blocks: nothing comes back; dispose twice is harmless', () => {
  const spill = new BlockSpill();
  assert.equal([...spill.reversed()], []);
  spill.dispose();
  spill.dispose();
});

test('through the file worker: the same blocks back; the file is closed only once the worker has stopped', async () => {
  const worker = new FileWorker();
  let handed: number | undefined;
  const writes: SpillWrites = {
    pwrite: (fd, at, text) => worker.pwrite(fd, at, text),
    drain: () => worker.drain(),
    closeLater: (fd) => { handed = fd; worker.closeLater(fd); },
  };
  const spill = new BlockSpill(true, writes);
  for (const b of blocks) spill.push(b);
  assertReversed(spill);
  assert.ok(handed !== undefined, 'reading back disposed of the spill, handing its file over');
  fstatSync(handed!); // still open: a pwrite the worker had queued cannot land in another file that reused the number
  await worker.finish();
  assert.throws(() => fstatSync(handed!), /EBADF/);
});

test('a write the worker fails surfaces when the blocks are read back, with its code', async () => {
  const worker = new FileWorker();
  // A descriptor that is not open: every write to it fails with EBADF.
  const writes: SpillWrites = { pwrite: (_fd, at, text) => worker.pwrite(2 ** 30, at, text), drain: () => worker.drain(), closeLater: (fd) => worker.closeLater(fd) };
  const spill = new BlockSpill(true, writes);
  spill.push('-- one\n');
  try {
    [...spill.reversed()];
    assert.unreachable('the failed write was not reported');
  } catch (e) {
    assert.is((e as NodeJS.ErrnoException).code, 'EBADF');
  }
  await worker.abort();
});

test.run();
