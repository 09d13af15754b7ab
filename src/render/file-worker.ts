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
import { closeQuietly, runFileOp, type FileOp, type FileOps } from './file-ops.js';

const SLOTS = 4;
// Two MB: ScriptStream hands over pieces of a little over 1 MB, which must fit a slot.
const SLOT_BYTES = 2 << 20;

/** The control block (Int32 indexes): a failure flag, its length, and a busy flag per slot; the failure's JSON from byte FAILURE_AT. */
const FAILED = 0;
const FAILURE_LENGTH = 1;
const BUSY = 2;
/** How many batches the worker has carried out (drain waits for all those sent). */
const DONE = BUSY + SLOTS;
const FAILURE_AT = 64;
const CONTROL_BYTES = 4096;

// Evaluated from this text (CommonJS), so that it needs no file of its own
// beside the CLI bundle or tsc's output. The operations themselves are
// runFileOp's source, the same function SyncFileOps calls.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const runFileOp = (${runFileOp.toString()});
const control = new Int32Array(workerData.control);
const controlBytes = new Uint8Array(workerData.control);
const slots = [];
for (let i = 0; i < ${SLOTS}; i++) slots.push(new Uint8Array(workerData.data, i * ${SLOT_BYTES}, ${SLOT_BYTES}));
const fds = new Map();
let failure;
parentPort.on('message', (msg) => {
  if (msg.done) {
    for (const fd of fds.values()) { try { fs.closeSync(fd); } catch {} }
    fds.clear();
    parentPort.postMessage('done');
    return;
  }
  const bytes = msg.own ? new Uint8Array(msg.own) : slots[msg.slot];
  for (const op of msg.ops) {
    if (failure) break;
    try { runFileOp(fs, fds, op, bytes); } catch (e) {
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
  Atomics.add(control, ${DONE}, 1);
  Atomics.notify(control, ${DONE});
});
`;

export class FileWorker implements FileOps {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  private readonly data = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  /** The slot being filled, and a Buffer over it (or over a file too big for any slot). */
  private slot = 0;
  private buffer: Buffer<ArrayBufferLike> = Buffer.from(this.data, 0, SLOT_BYTES);
  private own = false;
  private used = 0;
  private ops: FileOp[] = [];
  /** Batches posted to the worker. */
  private sent = 0;
  /** File descriptors to close once the worker can no longer write to them (closeLater). */
  private readonly toClose: number[] = [];
  /** How often the main thread had to wait for a slot (the disk was behind), for tests. */
  waits = 0;

  constructor() {
    // No resourceLimits: a worker that ran out of heap would leave the main thread waiting for its slots.
    this.worker = new Worker(WORKER, { eval: true, workerData: { control: this.control.buffer, data: this.data } });
    // If finish() or abort() is never reached (an uncaught error), the worker must not keep the process alive.
    this.worker.unref();
  }

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

  pwrite(fd: number, position: number, text: string): number {
    const [start, end] = this.encode(text);
    this.ops.push(['pwrite', fd, position, start, end]);
    this.sendIfFull();
    return end - start;
  }

  drain(): void {
    this.send();
    for (let done = Atomics.load(this.control, DONE); done < this.sent && !Atomics.load(this.control, FAILED); done = Atomics.load(this.control, DONE)) {
      Atomics.wait(this.control, DONE, done, 100);
    }
    this.throwIfFailed();
  }

  closeLater(fd: number): void {
    // Closed now, the number could be reused by an open the worker still has queued, and a pending pwrite would land in that file.
    this.toClose.push(fd);
  }

  /** Waits for every write; throws the first error the worker met. */
  async finish(): Promise<void> {
    try {
      this.send();
      await new Promise((resolve, reject) => {
        this.worker.once('message', resolve);
        this.worker.once('error', reject);
        this.worker.postMessage({ done: true });
      });
    } finally {
      await this.worker.terminate();
      this.closeLeftFds();
    }
    this.throwIfFailed();
  }

  /** Stops the worker; once this resolves it writes nothing more (the caller removes what it wrote). */
  async abort(): Promise<void> {
    await this.worker.terminate();
    this.closeLeftFds();
  }

  private closeLeftFds(): void {
    for (const fd of this.toClose.splice(0)) closeQuietly(fd);
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
    this.sent++;
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
