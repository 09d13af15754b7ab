/**
 * rollback.sql undoes the revisions newest first, so every downgrade block
 * waits until the last revision compiled: at 10,000 revisions, 50 MB of
 * strings that the garbage collector carried through the whole render. They
 * wait in a temporary file instead, written as they come and read back from
 * its end in megabyte windows.
 *
 * The file is unlinked as soon as it is open, so nothing is left behind if
 * the process dies. When no temporary file can be made, or the caller asks
 * for memory (a small tree kept as strings anyway), the blocks stay in memory.
 *
 * The writes go through `writes`: render passes its file worker, which takes
 * them off the main thread (at 10,000 revisions, ~140 ms of write calls);
 * reading back first waits for them, and the file is closed only once the
 * worker can no longer write to it. Without one they are done at once.
 */
import { openSync, readSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncFileOps, type FileOps } from './file-ops.js';

const WINDOW = 1 << 20;

/** What a spill needs of a FileOps to write through it. */
export type SpillWrites = Pick<FileOps, 'pwrite' | 'drain' | 'closeLater'>;

export class BlockSpill {
  private fd: number | undefined;
  private readonly inMemory: string[] = [];
  /** Byte offset where each spilled block ends (it starts where the previous one ends). */
  private readonly ends: number[] = [];
  private size = 0;
  /** Where the spill's writes go (done at once when the caller gives nothing). */
  private readonly writes: SpillWrites;

  constructor(toDisk = true, writes?: SpillWrites) {
    this.writes = writes ?? new SyncFileOps();
    if (!toDisk) return;
    const path = join(tmpdir(), `sqlrev-spill-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      this.fd = openSync(path, 'wx+', 0o600);
    } catch {
      return;
    }
    try {
      unlinkSync(path);
    } catch {
      // Without unlink-while-open (Windows), a spill file would outlive the run: keep blocks in memory.
      this.dispose();
      try {
        unlinkSync(path);
      } catch { /* gone already */ }
    }
  }

  push(block: string): void {
    if (this.fd === undefined) {
      this.inMemory.push(block);
      return;
    }
    this.size += this.writes.pwrite(this.fd, this.size, block);
    this.ends.push(this.size);
  }

  /** Every block, last pushed first; the spill is closed afterwards. */
  *reversed(): Generator<string> {
    try {
      if (this.fd === undefined) {
        for (let i = this.inMemory.length - 1; i >= 0; i--) yield this.inMemory[i]!;
        return;
      }
      this.writes.drain();
      let window = Buffer.allocUnsafe(WINDOW);
      // The window holds the file's bytes [from, to).
      let from = 0;
      let to = 0;
      for (let i = this.ends.length - 1; i >= 0; i--) {
        const start = i === 0 ? 0 : this.ends[i - 1]!;
        const end = this.ends[i]!;
        if (start < from || end > to) {
          // Read a window that ends with this block and reaches as far back as it can.
          to = end;
          from = Math.max(0, Math.min(start, end - WINDOW));
          if (window.length < to - from) window = Buffer.allocUnsafe(to - from);
          for (let got = 0; got < to - from;) {
            const n = readSync(this.fd, window, got, to - from - got, from + got);
            if (n === 0) throw new Error('the rollback spill file is shorter than what was written to it');
            got += n;
          }
        }
        yield window.toString('utf8', start - from, end - from);
      }
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    if (this.fd === undefined) return;
    this.writes.closeLater(this.fd);
    this.fd = undefined;
  }
}
