/**
 * Revision files read on a worker thread, ahead of the main thread that
 * parses and validates them.
 *
 * Why: at 10,000 revisions the open/read/close calls cost the main thread
 * ~100 ms when the files are in the page cache, and 0.7 s when they are not
 * (this project's VM pages out file cache that went unread for 3 s, so a
 * `render` in CI meets them cold). Parsing needs the main thread, reading
 * does not: the worker reads file j while the main thread parses file j-1.
 *
 * Both threads take files from one shared counter, in order: while the
 * worker is still starting, the main thread claims and reads files itself;
 * once the worker is ahead, the main thread finds each file already in
 * shared memory. The worker puts a file's bytes in a ring of RING_BYTES and
 * its place in a ring of ENTRIES records, and waits when the main thread is
 * that far behind. A file the worker cannot read, or one too big for the
 * ring, is marked for the main thread to read itself: errors then come from
 * the same call, with the same codes, as without a worker.
 */
import { Worker } from 'node:worker_threads';

const ENTRIES = 1024;
const RING_BYTES = 8 << 20;
/** Bigger files are read by the main thread. */
const MAX_FILE = RING_BYTES >> 2;

/** Control block (Int32 indexes): the claim counter, the main thread's position, then ENTRIES records of [sequence, status, offset, length]. */
const NEXT = 0;
const CONSUMED = 1;
const RECORDS = 4;
const RECORD = 4;
const READY = 1;
const SELF = 2;

/**
 * The worker's loop. Its source text is what the worker runs (see WORKER),
 * so it uses only its parameters.
 */
function readAheadLoop(fs: typeof import('node:fs'), control: Int32Array, ring: Uint8Array, paths: readonly string[], consts: readonly number[]): void {
  const [next, consumed, records, record, ready, self, entries, maxFile] = consts as [number, number, number, number, number, number, number, number];
  const size = ring.length;
  // The ring positions (counting from the start, never wrapped) where each of this worker's files ends, oldest first.
  const mine: [index: number, end: number][] = [];
  let head = 0;
  let tail = 0;
  /** Frees the ring bytes of files the main thread is done with. */
  const release = (): void => {
    const done = Atomics.load(control, consumed);
    while (mine.length && mine[0]![0] < done) tail = mine.shift()![1];
    if (!mine.length) tail = head;
  };
  for (;;) {
    const j = Atomics.add(control, next, 1);
    if (j >= paths.length) return;
    // Wait for the record slot: the main thread must be within `entries` files of j.
    for (let done = Atomics.load(control, consumed); j - done >= entries; done = Atomics.load(control, consumed)) Atomics.wait(control, consumed, done);
    const at = records + (j % entries) * record;
    let status = self;
    let offset = 0;
    let length = 0;
    let fd = -1;
    try {
      fd = fs.openSync(paths[j]!, 'r');
      // Room for the largest file the worker takes, contiguous: skip the ring's end if it does not fit before it.
      let start = head;
      if ((start % size) + maxFile > size) start += size - (start % size);
      for (release(); start + maxFile - tail > size; release()) Atomics.wait(control, consumed, Atomics.load(control, consumed), 50);
      offset = start % size;
      for (let n = 1; n > 0 && length < maxFile; length += n) n = fs.readSync(fd, ring, offset + length, maxFile - length, null);
      // A file of maxFile bytes or more is left to the main thread.
      if (length < maxFile) {
        status = ready;
        head = start + length;
        mine.push([j, head]);
      }
    } catch {
      // Left to the main thread (status stays `self`): its own read meets the same error.
    } finally {
      if (fd >= 0) try { fs.closeSync(fd); } catch { /* the main thread reads it again */ }
    }
    control[at + 1] = status;
    control[at + 2] = offset;
    control[at + 3] = length;
    Atomics.store(control, at, j + 1);
    Atomics.notify(control, at);
  }
}

const WORKER = `
const { workerData } = require('node:worker_threads');
const readAheadLoop = (${readAheadLoop.toString()});
readAheadLoop(require('node:fs'), new Int32Array(workerData.control), new Uint8Array(workerData.ring), workerData.paths, workerData.consts);
`;

export class ReadAhead {
  private readonly control = new Int32Array(new SharedArrayBuffer((RECORDS + ENTRIES * RECORD) * 4));
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly worker: Worker;
  private position = 0;

  /**
   * @param paths the files, in the order `take` will ask for them.
   */
  constructor(private readonly paths: readonly string[]) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { control: this.control.buffer, ring: this.ring, paths, consts: [NEXT, CONSUMED, RECORDS, RECORD, READY, SELF, ENTRIES, MAX_FILE] },
    });
    // It ends by itself after the last file; it must never keep the process alive.
    this.worker.unref();
  }

  /**
   * The text of the next file, in the constructor's order, or undefined
   * when the caller must read it itself (it claimed it first, or the worker
   * could not read it). Every file must be taken, once, in order.
   */
  take(): string | undefined {
    const i = this.position++;
    if (i >= this.paths.length) throw new Error(`ReadAhead: no file ${i}`);
    // Not claimed by the worker yet: the main thread reads it.
    if (Atomics.compareExchange(this.control, NEXT, i, i + 1) === i) {
      this.consumed(i);
      return undefined;
    }
    const at = RECORDS + (i % ENTRIES) * RECORD;
    for (let seq = Atomics.load(this.control, at); seq !== i + 1; seq = Atomics.load(this.control, at)) Atomics.wait(this.control, at, seq);
    const text = this.control[at + 1] === READY ? Buffer.from(this.ring, this.control[at + 2], this.control[at + 3]).toString('utf8') : undefined;
    this.consumed(i);
    return text;
  }

  /** How many files the worker has claimed beyond the main thread's position (tests wait on it). */
  ahead(): number {
    return Atomics.load(this.control, NEXT) - this.position;
  }

  /** Stops the worker early (the caller stopped taking files). */
  close(): void {
    // Claim everything left, so the worker's next claim ends its loop, and release a worker waiting for room.
    Atomics.store(this.control, NEXT, this.paths.length);
    this.consumed(this.paths.length);
  }

  private consumed(i: number): void {
    Atomics.store(this.control, CONSUMED, i + 1);
    Atomics.notify(this.control, CONSUMED);
  }
}
