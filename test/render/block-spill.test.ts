/** BlockSpill: rollback blocks wait in a temporary file and come back newest first, byte for byte. */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BlockSpill } from '../../src/render/block-spill.js';

const spillFiles = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`sqlrev-spill-${process.pid}-`));

// Small ones, empty ones, and ones larger than the 1 MB read window, in an irregular mix.
const blocks: string[] = [];
for (let i = 0; i < 400; i++) {
  const size = i % 97 === 0 ? 1_300_000 + i : i % 13 === 0 ? 0 : (i * 7919) % 5000;
  blocks.push(`-- ${i} é✓\u{1F600}\n${'x'.repeat(size)}${i % 2 ? 'ü' : ''}`.slice(0, size === 0 ? 0 : undefined));
}

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

test.run();
