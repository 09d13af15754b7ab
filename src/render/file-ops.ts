/**
 * The file operations TreeWriter needs (whole files, files given in pieces,
 * and hard-linking an unchanged old file over a new copy), behind one
 * interface with two implementations: SyncFileOps does each at once, on the
 * calling thread; FileWorker (file-worker.ts) queues them to a worker thread.
 * Both carry an operation out with the same function, runFileOp, so the two
 * cannot drift apart.
 */
import * as fs from 'node:fs';

/** One operation; offsets are into the bytes it comes with. */
export type FileOp =
  | ['write', string, number, number, number] // path, mode, start, end: a whole file
  | ['open', string, number] // path, mode: a file given in pieces (truncated if open already)
  | ['append', string, number, number] // path, start, end
  | ['close', string]
  | ['linkOver', string, string] // from, to: hard-link `from` to `to` in place of `to`'s copy, if the file system lets us
  | ['pwrite', number, number, number, number]; // fd, position, start, end: into a file the caller opened (a BlockSpill's)

/** The node:fs calls runFileOp makes. */
export type FsCalls = Pick<typeof fs, 'openSync' | 'writeSync' | 'closeSync' | 'linkSync' | 'renameSync' | 'unlinkSync'>;

/**
 * Carries out `op`; `fds` holds the files open()ed and not closed yet.
 * Self-contained (node:fs comes in as `f`, nothing from outside is named):
 * the worker thread runs it from its source text.
 */
export function runFileOp(f: FsCalls, fds: Map<string, number>, op: FileOp, bytes: Uint8Array): void {
  const writeAll = (fd: number, start: number, end: number): void => {
    for (let at = start; at < end;) at += f.writeSync(fd, bytes, at, end - at);
  };
  const closeOpen = (path: string): void => {
    const fd = fds.get(path);
    if (fd === undefined) return;
    fds.delete(path);
    f.closeSync(fd);
  };
  switch (op[0]) {
    case 'write': {
      const fd = f.openSync(op[1], 'w', op[2]);
      try {
        writeAll(fd, op[3], op[4]);
      } finally {
        f.closeSync(fd);
      }
      break;
    }
    case 'open':
      closeOpen(op[1]);
      fds.set(op[1], f.openSync(op[1], 'w', op[2]));
      break;
    case 'append':
      writeAll(fds.get(op[1])!, op[2], op[3]);
      break;
    case 'close':
      closeOpen(op[1]);
      break;
    case 'pwrite':
      for (let at = op[3]; at < op[4];) at += f.writeSync(op[1], bytes, at, op[4] - at, op[2] + at - op[3]);
      break;
    case 'linkOver': {
      // Linked under a temporary name, then renamed over the copy: if linking fails, the copy stays.
      const tmp = `${op[2]}.sqlrev-link`;
      try {
        f.linkSync(op[1], tmp);
      } catch {
        try {
          f.unlinkSync(tmp);
        } catch { /* never made */ }
        break;
      }
      f.renameSync(tmp, op[2]);
      break;
    }
  }
}

/** Closes `fd`, ignoring an error: for files whose bytes are done with (written, read, or thrown away). */
export function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch { /* nothing to keep */ }
}

export interface FileOps {
  /**
   * Writes `content` to `path` as a whole file, unless `skip`, shown its
   * bytes (valid only during the call), says it is not needed.
   */
  file(path: string, mode: number, content: string, skip?: (bytes: Buffer) => boolean): void;
  open(path: string, mode: number): void;
  /** Appends to a file open()ed; `look` sees the bytes (valid only during the call). */
  append(path: string, chunk: string, look?: (bytes: Buffer) => void): void;
  close(path: string): void;
  linkOver(from: string, to: string): void;
  /** Writes `text` at `position` of `fd` (the caller's; see closeLater); returns its length in bytes. */
  pwrite(fd: number, position: number, text: string): number;
  /** Returns once every operation asked for is done; throws the first error. */
  drain(): void;
  /** Closes `fd` once no operation on it can be pending. */
  closeLater(fd: number): void;
  /** Resolves once every operation is done; rejects with the first error. */
  finish(): Promise<void>;
  /** Stops; once this resolves nothing more is written (the caller removes what was). */
  abort(): Promise<void>;
}

/** Every operation at once, on the calling thread; errors are thrown by the call that meets them. */
export class SyncFileOps implements FileOps {
  private readonly fds = new Map<string, number>();

  file(path: string, mode: number, content: string, skip?: (bytes: Buffer) => boolean): void {
    const bytes = Buffer.from(content, 'utf8');
    if (!skip?.(bytes)) runFileOp(fs, this.fds, ['write', path, mode, 0, bytes.length], bytes);
  }

  open(path: string, mode: number): void {
    runFileOp(fs, this.fds, ['open', path, mode], Buffer.alloc(0));
  }

  append(path: string, chunk: string, look?: (bytes: Buffer) => void): void {
    const bytes = Buffer.from(chunk, 'utf8');
    look?.(bytes);
    runFileOp(fs, this.fds, ['append', path, 0, bytes.length], bytes);
  }

  close(path: string): void {
    runFileOp(fs, this.fds, ['close', path], Buffer.alloc(0));
  }

  linkOver(from: string, to: string): void {
    runFileOp(fs, this.fds, ['linkOver', from, to], Buffer.alloc(0));
  }

  pwrite(fd: number, position: number, text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    runFileOp(fs, this.fds, ['pwrite', fd, position, 0, bytes.length], bytes);
    return bytes.length;
  }

  drain(): void { /* every operation is done when its call returns */ }

  closeLater(fd: number): void {
    // Nothing can be pending on it here: closed at once.
    closeQuietly(fd);
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }

  abort(): Promise<void> {
    for (const fd of this.fds.values()) closeQuietly(fd);
    this.fds.clear();
    return Promise.resolve();
  }
}
