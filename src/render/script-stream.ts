/**
 * A script written out as it is made instead of built as one string: the
 * template's text before the blocks, each block as soon as it is rendered,
 * then the text after them. The bytes are those renderScript gives for the
 * same blocks (one trailing newline of the body dropped, trailing newlines of
 * the whole script cut to one), so `upgrade --sql` can print 10,000 blocks
 * without holding them all: retaining every block until the end was most of
 * its garbage-collection time.
 *
 * Output goes out in chunks of about a megabyte: one write per block would be
 * 10,000 system calls, and joining a chunk also flattens its strings.
 */
const CHUNK = 1 << 20;

export class ScriptStream {
  private readonly pending: string[] = [];
  private pendingSize = 0;
  /** Newlines at the end of what was emitted so far, held back: the script's last ones are cut. */
  private heldNewlines = 0;
  /** The body's last character is a newline, held back: renderScript drops it. */
  private heldBodyNewline = false;

  constructor(private readonly out: (chunk: string) => void, head: string, private readonly tail: string) {
    this.emit(head);
  }

  block(text: string): void {
    // An empty block leaves the body's last character (maybe a held newline) as it was.
    if (text === '') return;
    if (this.heldBodyNewline) {
      this.emit('\n');
      this.heldBodyNewline = false;
    }
    if (text.endsWith('\n')) {
      this.emit(text.slice(0, -1));
      this.heldBodyNewline = true;
    } else {
      this.emit(text);
    }
  }

  end(): void {
    this.emit(this.tail);
    this.write('\n');
    this.flush();
  }

  private emit(text: string): void {
    let k = 0;
    while (k < text.length && text.charCodeAt(text.length - 1 - k) === 10) k++;
    if (k === text.length) {
      this.heldNewlines += k;
      return;
    }
    if (this.heldNewlines > 0) this.write('\n'.repeat(this.heldNewlines));
    this.write(k === 0 ? text : text.slice(0, text.length - k));
    this.heldNewlines = k;
  }

  private write(text: string): void {
    this.pending.push(text);
    this.pendingSize += text.length;
    if (this.pendingSize >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.out(this.pending.join(''));
    this.pending.length = 0;
    this.pendingSize = 0;
  }
}

/**
 * Makes a rope (a string built by many `+=`) one flat string, and returns it.
 * Blocks kept until the end of a run (rollback.sql is written in reverse, so
 * its blocks wait) are kept flat: the garbage collector copies a flat string
 * as one object, a rope as dozens (measured: 40,000 retained 1.5 KB ropes cost
 * 0.6 s of scavenges; flattened, almost nothing). Reading a character is what
 * makes V8 flatten a rope in place.
 */
export function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}
