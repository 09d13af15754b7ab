/**
 * A streamed script must be renderScript's bytes: same head and tail, one
 * trailing newline of the body dropped, trailing newlines of the whole cut to
 * one, however the blocks and chunks fall.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DIALECTS } from '../../src/dialects/registry.js';
import { renderScript, streamScript, trimTrailingNewlines, type PlanContext } from '../../src/render/plan.js';
import { flatten, ScriptStream } from '../../src/render/script-stream.js';
import { Templates } from '../../src/render/templates.js';
import type { GraphLike } from '../../src/render/version-table.js';

const graph = {} as GraphLike;
const OPTIONS = { title: 'sqlrev upgrade: base -> x', source: 'revisions/', path: 'upgrade.sql', createVersionTable: true, dropVersionTable: true };

function streamed(ctx: PlanContext, blocks: string[]): string {
  const chunks: string[] = [];
  const s = streamScript(ctx, OPTIONS, (c) => chunks.push(c));
  assert.ok(s, 'the bundled template streams');
  for (const b of blocks) s!.block(b);
  s!.end();
  return chunks.join('');
}

const SHAPES = ['', '\n', '\n\n', 'a', 'a\n', 'a\n\n', '\nb\n', '\n-- x\nSELECT 1;\n', 'x'.repeat(70000) + '\n'];

test('streamed scripts equal rendered ones for every dialect and block shape', () => {
  for (const dialect of Object.values(DIALECTS)) {
    for (const lockTimeout of [undefined, '5s']) {
      const ctx: PlanContext = { dialect, graph, versionTable: 'alembic_version', templates: new Templates(), ...(lockTimeout ? { lockTimeout } : {}) };
      for (let n = 0; n <= 3; n++) {
        // Every sequence of n shapes (9^3 = 729 at most).
        const total = SHAPES.length ** n;
        for (let k = 0; k < total; k++) {
          const blocks: string[] = [];
          for (let i = 0, x = k; i < n; i++, x = Math.floor(x / SHAPES.length)) blocks.push(SHAPES[x % SHAPES.length]!);
          assert.is(streamed(ctx, blocks), renderScript(ctx, blocks, OPTIONS), `${dialect.name} ${JSON.stringify(blocks).slice(0, 80)}`);
        }
      }
    }
  }
});

test('output comes in chunks of about a megabyte, and not before there is one', () => {
  const chunks: string[] = [];
  const s = new ScriptStream((c) => chunks.push(c), 'head\n', '\ntail\n\n');
  const block = `${'y'.repeat(999)}\n`;
  for (let i = 0; i < 3000; i++) s.block(block);
  const before = chunks.length;
  assert.ok(before >= 2 && before <= 3, `${before} chunks for 3 MB`);
  s.end();
  const text = chunks.join('');
  assert.is(text, `head\n${block.repeat(3000).slice(0, -1)}\ntail\n`);
});

test('a user script template (it may look at blocks any way) is not streamed', () => {
  const ctx: PlanContext = { dialect: DIALECTS.postgresql, graph, versionTable: 'v', templates: new Templates('/nonexistent-dir-for-this-test') };
  assert.ok(streamScript(ctx, OPTIONS, () => {}), 'no override in that dir: bundled');
  const fake = new Templates();
  (fake as unknown as { isBundled(n: string): boolean }).isBundled = () => false;
  assert.is(streamScript({ ...ctx, templates: fake }, OPTIONS, () => {}), undefined);
});

test('trimTrailingNewlines and flatten', () => {
  assert.is(trimTrailingNewlines('a\n\n\n'), 'a');
  assert.is(trimTrailingNewlines('\n\n'), '');
  assert.is(trimTrailingNewlines('a\r\n'), 'a\r');
  let rope = '';
  for (let i = 0; i < 100; i++) rope += `piece ${i};`;
  assert.is(flatten(rope), rope);
  assert.is(flatten(''), '');
});

test.run();
