/**
 * Moves a tree out of the way instead of deleting it while the bench times
 * things, and deletes everything moved aside once the timing is over.
 *
 * Why: this VM's ext4 has no journal, and without one the kernel's inode
 * allocator skips every inode freed in the last few seconds (up to 300 s
 * while the inode table's block is still dirty): `recently_deleted()`,
 * called from `find_inode_bit()` in fs/ext4/ialloc.c. A `render` timed right
 * after `rm -rf out` spent 4 to 12 s of system time in that scan (perf:
 * ext4_create -> find_inode_bit -> recently_deleted), on top of ~2 s of
 * actual writing, and the write floor measured the same artefact (8 s instead
 * of 2 s). A CI checkout has no freshly freed inodes; the bench must not make
 * them right before it times a command that creates 40,000 files.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

let aside: string | undefined;
let seq = 0;

/** Where setAside() moves things: under `work`, so a rename stays on one file system. */
export function useAsideDir(work: string): void {
  aside = join(work, 'aside');
}

/** Moves `path` (if it exists) under the aside directory, or deletes it when none was set. */
export function setAside(path: string): void {
  if (!existsSync(path)) return;
  if (aside === undefined) {
    rmSync(path, { recursive: true, force: true });
    return;
  }
  mkdirSync(aside, { recursive: true });
  renameSync(path, join(aside, `${process.pid}-${seq++}`));
}

/** Deletes what was set aside (at the end of the bench, or what an interrupted bench left). */
export function clearAside(): void {
  if (aside !== undefined) rmSync(aside, { recursive: true, force: true });
}
