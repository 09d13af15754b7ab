/**
 * Does a file hold exactly the bytes a stream is about to give? Answered
 * piece by piece as the stream goes, so a 40 MB migration.sql can be compared
 * with its old copy (render reusing an unchanged file, `render --check`)
 * without either being in memory whole.
 */
import { constants, fstatSync, openSync, readSync } from 'node:fs';
import { closeQuietly } from './file-ops.js';

export interface SameBytesRequirements {
  /** The file's permission bits must be these (render reuses only a file it would have made). */
  mode?: number;
  /** Only a file no other name links to (render must not share an inode with a file elsewhere). */
  unlinked?: boolean;
  /** Not a symlink (render's new tree must hold a file of its own, not a link to one elsewhere). */
  noSymlink?: boolean;
  /** The whole length, when known before the first piece: a file of another size is not read at all. */
  size?: number;
}

/** Shared by every comparison: all of them are synchronous, and 40,000 files must not allocate 40,000 buffers. */
let scratch = Buffer.allocUnsafe(1 << 16);

export class SameBytes {
  private fd: number | undefined;
  private size = 0;
  private position = 0;

  /** A missing file, a symlink, or one that fails a requirement is simply not the same. */
  constructor(path: string, requirements: SameBytesRequirements = {}) {
    try {
      this.fd = openSync(path, requirements.noSymlink === true ? constants.O_RDONLY | constants.O_NOFOLLOW : constants.O_RDONLY);
      const st = fstatSync(this.fd);
      const fails = !st.isFile()
        || (requirements.unlinked === true && st.nlink !== 1)
        || (requirements.mode !== undefined && (st.mode & 0o777) !== requirements.mode)
        || (requirements.size !== undefined && st.size !== requirements.size);
      if (fails) this.close();
      else this.size = st.size;
    } catch {
      this.close();
    }
  }

  /** Compares the next bytes of the file with `bytes`. */
  feed(bytes: Buffer): void {
    if (this.fd === undefined) return;
    if (this.position + bytes.length > this.size) {
      this.close();
      return;
    }
    if (scratch.length < bytes.length) scratch = Buffer.allocUnsafe(bytes.length);
    try {
      let got = 0;
      while (got < bytes.length) {
        const n = readSync(this.fd, scratch, got, bytes.length - got, this.position + got);
        if (n === 0) break;
        got += n;
      }
      if (got !== bytes.length || !scratch.subarray(0, got).equals(bytes)) this.close();
      else this.position += got;
    } catch {
      this.close();
    }
  }

  /** True when every byte matched and the file has no more; closes the file either way. */
  end(): boolean {
    const same = this.fd !== undefined && this.position === this.size;
    this.close();
    return same;
  }

  private close(): void {
    if (this.fd === undefined) return;
    closeQuietly(this.fd);
    this.fd = undefined;
  }
}
