import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReadAhead } from '../../src/revisions/read-ahead.js';
import { loadRevisions } from '../../src/revisions/load.js';

/** Files of different sizes, multi-byte text among them; together more than the worker's 8 MB ring, so it wraps. */
function files(dir: string, n: number, size: (i: number) => number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = join(dir, `f${String(i).padStart(5, '0')}.json`);
    writeFileSync(p, `${i} ${'é€😀x'.repeat(size(i))}`);
    paths.push(p);
  }
  return paths;
}

/** Waits until the worker has claimed at least `n` files ahead, so that the test sees the worker's path, not only the main thread's. */
async function workerAhead(r: ReadAhead, n: number): Promise<void> {
  for (let t = 0; t < 400 && r.ahead() < n; t++) await sleep(25);
  assert.ok(r.ahead() >= n, `the worker claimed ${r.ahead()} files ahead, wanted ${n}`);
}

test('every file arrives once, in order, byte for byte, through a ring that wraps', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-readahead-'));
  try {
    const paths = files(dir, 3000, (i) => (i * 37) % 1500);
    const r = new ReadAhead(paths);
    await workerAhead(r, 500);
    let fromWorker = 0;
    for (const p of paths) {
      const text = r.take();
      if (text !== undefined) fromWorker++;
      assert.is(text ?? readFileSync(p, 'utf8'), readFileSync(p, 'utf8'), p);
    }
    assert.ok(fromWorker >= 500, `${fromWorker} files came from the worker`);
    r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file the worker cannot read, and one too big for it, are left to the main thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-readahead-'));
  try {
    const paths = files(dir, 20, () => 10);
    writeFileSync(paths[5]!, Buffer.alloc(3 << 20, 'a'));
    unlinkSync(paths[9]!);
    const r = new ReadAhead(paths);
    await workerAhead(r, 20);
    const got = paths.map(() => r.take());
    assert.is(got[5], undefined, 'over 2 MB: the main thread reads it');
    assert.is(got[9], undefined, 'gone: the main thread reads it and meets ENOENT itself');
    for (const [i, text] of got.entries()) if (i !== 5 && i !== 9) assert.is(text, readFileSync(paths[i]!, 'utf8'));
    assert.throws(() => r.take(), /no file 20/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the main thread reads what the worker has not claimed yet, and close() stops the worker part way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-readahead-'));
  try {
    const paths = files(dir, 2500, () => 3);
    const r = new ReadAhead(paths);
    // Taken at once, before the worker is up: the first files are the main thread's to read.
    assert.is(r.take(), undefined);
    await workerAhead(r, 1000);
    for (let i = 1; i < 1200; i++) assert.is(r.take() ?? readFileSync(paths[i]!, 'utf8'), readFileSync(paths[i]!, 'utf8'));
    r.close();
    // The counter is at the end or past it (a worker claim racing close() adds one): nothing is left to claim.
    assert.ok(r.ahead() >= 2500 - 1200, 'nothing is left for the worker to claim');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadRevisions of 2,100 revisions reads them ahead and gives what reading them in turn gives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-readahead-'));
  try {
    const ids: string[] = [];
    for (let i = 0; i < 2100; i++) {
      const id = `r${String(i).padStart(5, '0')}`;
      const parent = i === 0 ? null : ids[i - 1];
      writeFileSync(join(dir, `${id}_t${i}.json`), `${JSON.stringify({ id, parent, message: `table ${i} ✓`, upgrade: [{ op: 'createTable', table: `t${i}`, columns: [{ name: 'id', type: 'integer', primaryKey: true }] }] }, null, 2)}\n`);
      ids.push(id);
    }
    const all = await loadRevisions(dir, { cwd: dir });
    assert.equal(all.diagnostics, []);
    assert.equal(all.revisions.map((r) => r.id), ids);
    for (const r of all.revisions) assert.is(r.text, readFileSync(join(dir, `${r.stem}.json`), 'utf8'));
    assert.is(all.revisions[1234]!.message, 'table 1234 ✓');

  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
