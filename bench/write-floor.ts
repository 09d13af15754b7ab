/**
 * The disk floor for `render`: puts a tree of the same files (names and
 * sizes, from a manifest) on disk with nothing but mkdirSync and
 * writeFileSync. No rendering, no checks, no atomic swap: whatever this takes
 * on a machine is the kernel's share of writing that tree there, which no
 * renderer can go below.
 *
 *   node dist/bench/write-floor.js MANIFEST.json DEST_DIR
 *
 * MANIFEST.json is [[relative path, bytes], ...], made by the bench from the
 * out/ tree the timed render wrote.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listFiles } from '../src/render/write.js';

/** [relative path, size] of every file under `dir`, sorted. */
export function manifestOf(dir: string): [string, number][] {
  return listFiles(dir).map((rel) => [rel, statSync(join(dir, rel)).size]);
}

function writeTree(manifest: [string, number][], dest: string): void {
  const largest = manifest.reduce((m, [, size]) => Math.max(m, size), 0);
  const filler = Buffer.alloc(largest, 0x2d);
  const made = new Set<string>();
  for (const [rel, size] of manifest) {
    const path = join(dest, rel);
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(path, filler.subarray(0, size));
  }
}

if (process.argv[1]?.endsWith('write-floor.js')) {
  const [manifestFile, dest] = process.argv.slice(2);
  if (!manifestFile || !dest) {
    process.stderr.write('usage: node dist/bench/write-floor.js MANIFEST.json DEST_DIR\n');
    process.exit(2);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as [string, number][];
  writeTree(manifest, dest);
  process.stdout.write(`${manifest.length} files\n`);
}
