/**
 * File writes done on a worker thread, in the order they were asked for,
 * while the main thread goes on rendering.
 *
 * Why: at 10,000 revisions render writes 40,005 files (230 MB). On this
 * project's 2-core VM the kernel's share of that (creating the inodes,
 * copying the bytes into the page cache) is ~2 s of system time, and the
 * rendering itself ~2.5 s of JavaScript. Done on one thread they add up; the
 * worker overlaps them on the second core.
 *
 * The main thread encodes each file straight into shared memory (one UTF-8
 * encoding, no intermediate Buffer per file): SLOTS batches of SLOT_BYTES in
 * a SharedArrayBuffer, filled in turn. A full batch goes to the worker as a
 * message of offsets; the main thread then fills the next slot, and waits
 * (Atomics.wait) only when that one is still being written. So memory is a
 * fixed 8 MB however slow the disk, and nothing is allocated per batch (an
 * earlier version transferred a fresh 1 MB ArrayBuffer per batch, and the
 * worker's heap, which almost never collects, kept ~50 MB of them alive). A
 * file too big for a slot travels in a buffer of its own. The first error
 * the worker meets stops it; the main thread sees it at its next batch or
 * at finish(), as an Error with the message and fs `code` the synchronous
 * call would have thrown.
 */
import { Worker } from 'node:worker_threads';

const SLOTS = 4;
// Two MB: ScriptStream hands over pieces of a little over 1 MB, which must fit a slot.
const SLOT_BYTES = 2 << 20;

/** The control block (Int32 indexes): a failure flag, its length, and a busy flag per slot; the failure's JSON from byte FAILURE_AT. */
const FAILED = 0;
const FAILURE_LENGTH = 1;
const BUSY = 2;
const FAILURE_AT = 64;
const CONTROL_BYTES = 4096;

/** What the worker is asked to do; offsets are into the batch's buffer. */
type Op =
  | ['write', string, number, number, number] // path, mode, start, end: a whole file
  | ['open', string, number] // path, mode: a file given in pieces (truncated if open already)
  | ['append', string, number, number] // path, start, end
  | ['close', string]
  | ['linkOver', string, string]; // from, to: hard-link `from` to `to` in place of `to`'s copy, if the file system lets us

// Evaluated from this text (CommonJS), so that it needs no file of its own
// beside the CLI bundle or tsc's output. Plain JavaScript, kept small.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, writeSync, closeSync, linkSync, renameSync, unlinkSync } = require('node:fs');
const control = new Int32Array(workerData.control);
const controlBytes = new Uint8Array(workerData.control);
const slots = [];
for (let i = 0; i < ${SLOTS}; i++) slots.push(new Uint8Array(workerData.data, i * ${SLOT_BYTES}, ${SLOT_BYTES}));
const fds = new Map();
let failure;
function writeAll(fd, bytes, start, end) {
  for (let at = start; at < end;) at += writeSync(fd, bytes, at, end - at);
}
function closeFd(path) {
  const fd = fds.get(path);
  if (fd === undefined) return;
  fds.delete(path);
  closeSync(fd);
}
function run(op, bytes) {
  switch (op[0]) {
    case 'write': {
      const fd = openSync(op[1], 'w', op[2]);
      try { writeAll(fd, bytes, op[3], op[4]); } finally { closeSync(fd); }
      break;
    }
    case 'open': closeFd(op[1]); fds.set(op[1], openSync(op[1], 'w', op[2])); break;
    case 'append': writeAll(fds.get(op[1]), bytes, op[2], op[3]); break;
    case 'close': closeFd(op[1]); break;
    case 'linkOver': {
      // Linked under a temporary name, then renamed over the copy: if linking fails, the copy stays.
      const tmp = op[2] + '.sqlrev-link';
      try { linkSync(op[1], tmp); } catch { try { unlinkSync(tmp); } catch {} break; }
      renameSync(tmp, op[2]);
      break;
    }
  }
}
parentPort.on('message', (msg) => {
  if (msg.done) {
    for (const path of [...fds.keys()]) { try { closeFd(path); } catch {} }
    parentPort.postMessage('done');
    return;
  }
  const bytes = msg.own ? new Uint8Array(msg.own) : slots[msg.slot];
  for (const op of msg.ops) {
    if (failure) break;
    try { run(op, bytes); } catch (e) {
      failure = Buffer.from(JSON.stringify({ message: String(e && e.message), code: e && e.code })).subarray(0, ${CONTROL_BYTES - FAILURE_AT});
      controlBytes.set(failure, ${FAILURE_AT});
      Atomics.store(control, ${FAILURE_LENGTH}, failure.length);
      Atomics.store(control, ${FAILED}, 1);
    }
  }
  if (!msg.own) {
    Atomics.store(control, ${BUSY} + msg.slot, 0);
    Atomics.notify(control, ${BUSY} + msg.slot);
  }
});
`;

export class FileWorker {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  private readonly data = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  /** The slot being filled, and a Buffer over it (or over a file too big for any slot). */
  private slot = 0;
  private buffer: Buffer<ArrayBufferLike> = Buffer.from(this.data, 0, SLOT_BYTES);
  private own = false;
  private used = 0;
  private ops: Op[] = [];
  /** How often the main thread had to wait for a slot (the disk was behind), for tests. */
  waits = 0;

  constructor() {
    // No resourceLimits: a worker that ran out of heap would leave the main thread waiting for its slots.
    this.worker = new Worker(WORKER, { eval: true, workerData: { control: this.control.buffer, data: this.data } });
    // If finish() or abort() is never reached (an uncaught error), the worker must not keep the process alive.
    this.worker.unref();
  }

  /**
   * Writes `content` to `path` as a whole file, unless `skip`, shown its
   * bytes (valid only during the call), says it is not needed.
   */
  file(path: string, mode: number, content: string, skip?: (bytes: Buffer) => boolean): void {
    const [start, end] = this.encode(content);
    if (skip?.(this.buffer.subarray(start, end))) {
      this.used = start;
      if (this.own) this.toSlot();
    } else {
      this.ops.push(['write', path, mode, start, end]);
    }
    this.sendIfFull();
  }

  open(path: string, mode: number): void {
    this.ops.push(['open', path, mode]);
  }

  /** Appends to a file open()ed; `look` sees the bytes (valid only during the call). */
  append(path: string, chunk: string, look?: (bytes: Buffer) => void): void {
    const [start, end] = this.encode(chunk);
    look?.(this.buffer.subarray(start, end));
    this.ops.push(['append', path, start, end]);
    this.sendIfFull();
  }

  close(path: string): void {
    this.ops.push(['close', path]);
  }

  linkOver(from: string, to: string): void {
    this.ops.push(['linkOver', from, to]);
  }

  /** Waits for every write; throws the first error the worker met. */
  async finish(): Promise<void> {
    this.send();
    await new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.postMessage({ done: true });
    });
    await this.worker.terminate();
    this.throwIfFailed();
  }

  /** Stops the worker; once this resolves it writes nothing more (the caller removes what it wrote). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }

  /** Back to the current slot after a file too big for it turned out not to be needed. */
  private toSlot(): void {
    this.own = false;
    this.buffer = Buffer.from(this.data, this.slot * SLOT_BYTES, SLOT_BYTES);
  }

  /** Encodes into the batch (into a batch of its own when it would not fit a slot); returns where. */
  private encode(text: string): [number, number] {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: measure only when that may not fit.
    const room = this.buffer.length - this.used;
    if (text.length * 3 > room) {
      const size = Buffer.byteLength(text, 'utf8');
      if (size > room) {
        this.send();
        if (size > SLOT_BYTES) {
          // allocUnsafeSlow: an ArrayBuffer of its own (not a slice of Node's pool), so it can be transferred.
          this.buffer = Buffer.allocUnsafeSlow(size);
          this.own = true;
        }
      }
    }
    const start = this.used;
    this.used += this.buffer.write(text, start, 'utf8');
    return [start, this.used];
  }

  private sendIfFull(): void {
    if (this.own || this.used >= SLOT_BYTES * 0.75) this.send();
  }

  private send(): void {
    this.throwIfFailed();
    if (this.ops.length === 0) return;
    const { ops } = this;
    this.ops = [];
    this.used = 0;
    if (this.own) {
      const own = this.buffer.buffer as ArrayBuffer; // allocUnsafeSlow made it: a plain ArrayBuffer of its own
      this.worker.postMessage({ ops, own }, [own]);
      this.own = false;
    } else {
      Atomics.store(this.control, BUSY + this.slot, 1);
      this.worker.postMessage({ ops, slot: this.slot });
      this.slot = (this.slot + 1) % SLOTS;
    }
    this.buffer = Buffer.from(this.data, this.slot * SLOT_BYTES, SLOT_BYTES);
    // Backpressure: the next slot may still be on its way to the disk.
    while (Atomics.load(this.control, BUSY + this.slot) !== 0 && !Atomics.load(this.control, FAILED)) {
      this.waits++;
      Atomics.wait(this.control, BUSY + this.slot, 1, 100);
    }
    this.throwIfFailed();
  }

  /** The worker's first error, as the synchronous call would have thrown it (message and fs `code`). */
  private throwIfFailed(): void {
    if (!Atomics.load(this.control, FAILED)) return;
    const bytes = new Uint8Array(this.control.buffer, FAILURE_AT, Atomics.load(this.control, FAILURE_LENGTH));
    let failure: { message?: string; code?: string } = {};
    try {
      failure = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof failure;
    } catch { /* cut short: the code is lost, the failure is not */ }
    throw Object.assign(new Error(failure.message ?? 'the file worker failed'), failure.code === undefined ? {} : { code: failure.code });
  }
}
