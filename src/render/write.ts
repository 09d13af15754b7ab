/**
 * Writing out/ so that an interrupted render never leaves a half-written
 * script a DBA might run: the new tree is written next to out/, then swapped
 * in with two renames. The only moment out/ is absent is between those two
 * renames; the next sqlrev run puts the old tree back if it finds it there.
 * TreeChecker is `render --check`: which files would change.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SyncFileOps, type FileOps } from './file-ops.js';
import { FileWorker } from './file-worker.js';
import { SameBytes } from './same-bytes.js';
import type { SpillWrites } from './block-spill.js';

const NEW = '.sqlrev-new-';
const OLD = '.sqlrev-old-';

/** Undo what an interrupted swap left behind. */
export function recoverOut(outDir: string): void {
  const parent = dirname(outDir);
  if (!existsSync(parent)) return;
  const base = basename(outDir);
  for (const name of readdirSync(parent).sort()) {
    if (name.startsWith(`${base}${OLD}`)) {
      if (!existsSync(outDir)) renameSync(join(parent, name), outDir);
      else rmSync(join(parent, name), { recursive: true, force: true });
    } else if (name.startsWith(`${base}${NEW}`)) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

/**
 * Top-level entries of an existing out/ that `ours` does not recognise as
 * sqlrev's own. out/ is replaced as a whole, so a config pointing "out" at a
 * directory of the user's ("." or "revisions", say) must be refused before
 * anything is written, or render would delete that directory.
 */
export function foreignEntries(outDir: string, ours: (name: string, isDirectory: boolean) => boolean): string[] {
  if (!existsSync(outDir)) return [];
  if (!statSync(outDir).isDirectory()) return [basename(outDir)];
  return readdirSync(outDir, { withFileTypes: true }).filter((e) => !ours(e.name, e.isDirectory())).map((e) => e.name).sort();
}

/**
 * Writes a new out/ tree file by file into a fresh sibling directory, then
 * swaps it in (commit) or throws it away (abort). Files the new tree does
 * not own (another dialect's, with `render --dialect`) are carried over.
 */
export class TreeWriter {
  private readonly fresh: string;
  private readonly old: string;
  private readonly dirs = new Set<string>();
  private readonly written = new Set<string>();
  /** Streamed files not ended yet (closed by abort, or when the same file is streamed again). */
  private readonly open = new Map<string, { close(): void }>();
  /** What new files' modes lose (so a reused file is one writeFileSync would have made). */
  private readonly umask = process.umask();
  /** Where the writes go: done at once, or on a second thread (file-ops.ts, file-worker.ts). */
  private readonly files: FileOps;
  /** Whether there is an old out/ whose files may be reused: without one, 40,000 failing opens are saved. */
  private readonly hasOld: boolean;

  constructor(private readonly outDir: string, options: { background?: boolean } = {}) {
    recoverOut(outDir);
    this.hasOld = existsSync(outDir);
    const parent = dirname(outDir);
    mkdirSync(parent, { recursive: true });
    const tag = `${process.pid}-${Date.now().toString(36)}`;
    this.fresh = join(parent, `${basename(outDir)}${NEW}${tag}`);
    this.old = join(parent, `${basename(outDir)}${OLD}${tag}`);
    mkdirSync(this.fresh, { recursive: true });
    this.files = options.background ? new FileWorker() : new SyncFileOps();
  }

  /** The writes of a rollback spill go the same way as the files (see BlockSpill). */
  get spillWrites(): SpillWrites {
    return this.files;
  }

  file(rel: string, content: string): void {
    const path = join(this.fresh, rel);
    this.ensureDir(dirname(path));
    const mode = modeOf(rel);
    this.files.file(path, mode, content, (bytes) => this.reuse(rel, path, bytes, mode));
    this.written.add(rel);
  }

  private ensureDir(dir: string): void {
    if (this.dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }

  /**
   * When out/ already holds this file with these bytes and mode, hard-link it
   * into the new tree instead of writing it again. A re-render changes few
   * files: writing all 40,000 (300 MB) made the kernel write back 300 MB of
   * dirty pages per run, and freeing the old tree's blocks cost as much
   * again; reading a cached file and linking it costs neither, and removing
   * the old tree then only drops link counts. Any surprise (no such file, a
   * file system without hard links) means: write it.
   */
  private reuse(rel: string, path: string, bytes: Buffer, mode: number): boolean {
    if (!this.hasOld) return false;
    const same = this.sameAsOld(rel, mode, bytes.length);
    same.feed(bytes);
    return same.end() && this.linkOld(rel, path);
  }

  private sameAsOld(rel: string, mode: number, size?: number): SameBytes {
    return new SameBytes(join(this.outDir, rel), { mode: mode & ~this.umask, unlinked: true, noSymlink: true, ...(size !== undefined && { size }) });
  }

  private linkOld(rel: string, path: string): boolean {
    try {
      linkSync(join(this.outDir, rel), path);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A file given in pieces (migration.sql and rollback.sql: 40 MB each at
   * 10,000 revisions), written as they come. It is compared with the old
   * copy on the way; when they match, the old file is linked in instead, as
   * reuse() does, and the new copy's pages are dropped unwritten.
   */
  stream(rel: string): FileStream {
    const path = join(this.fresh, rel);
    this.ensureDir(dirname(path));
    this.open.get(rel)?.close();
    const mode = modeOf(rel);
    this.files.open(path, mode);
    const same = this.sameAsOld(rel, mode);
    const look = (bytes: Buffer): void => same.feed(bytes);
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      this.open.delete(rel);
      this.files.close(path);
    };
    this.open.set(rel, { close: () => { close(); same.end(); } });
    return {
      write: (chunk: string) => this.files.append(path, chunk, look),
      end: () => {
        close();
        if (same.end()) this.files.linkOver(join(this.outDir, rel), path);
        this.written.add(rel);
      },
    };
  }

  /**
   * Copy the existing files that `keep` selects and the new tree did not
   * write. `keepDir` says whether a directory may hold any: a full render
   * keeps nothing, and listing (and stat-ing) its 40,000 old files to learn
   * that cost about 0.3 s.
   */
  carryOver(keep: (rel: string) => boolean, keepDir: (rel: string) => boolean = () => true): void {
    for (const rel of listFiles(this.outDir, '', [], keepDir)) {
      if (!keep(rel) || this.written.has(rel)) continue;
      this.file(rel, readFileSync(join(this.outDir, rel), 'utf8'));
    }
  }

  /** Swaps the new tree in, once every write is done. */
  async commit(): Promise<void> {
    await this.files.finish();
    const had = existsSync(this.outDir);
    if (had) renameSync(this.outDir, this.old);
    renameSync(this.fresh, this.outDir);
    if (had) removeTree(this.old);
  }

  /** Throws the new tree away; once this resolves, nothing more is written to it. */
  async abort(): Promise<void> {
    for (const f of [...this.open.values()]) f.close();
    await this.files.abort();
    rmSync(this.fresh, { recursive: true, force: true });
  }
}

/** Compares files with out/ as they come (`render --check`). */
export class TreeChecker {
  private readonly existing: Set<string>;
  /** Streams not ended: one streamed again (a render that started over) drops the first. */
  private readonly open = new Map<string, SameBytes>();
  readonly stale: { path: string; why: 'changed' | 'missing' | 'extra' }[] = [];
  constructor(private readonly outDir: string, owns: (rel: string) => boolean = () => true) {
    this.existing = new Set(listFiles(outDir).filter(owns));
  }
  file(rel: string, content: string): void {
    const f = this.stream(rel);
    f.write(content);
    f.end();
  }
  /** Compared piece by piece: migration.sql need not be in memory whole. */
  stream(rel: string): FileStream {
    // Bytes, not decoded text: a string that UTF-8 cannot carry as it is (a lone surrogate) would otherwise be "changed" forever.
    this.open.get(rel)?.end();
    const same = new SameBytes(join(this.outDir, rel));
    this.open.set(rel, same);
    return {
      write: (chunk: string) => same.feed(Buffer.from(chunk, 'utf8')),
      end: () => {
        const matched = same.end();
        this.open.delete(rel);
        if (!this.existing.has(rel)) this.stale.push({ path: rel, why: 'missing' });
        else if (!matched) this.stale.push({ path: rel, why: 'changed' });
        this.existing.delete(rel);
      },
    };
  }
  result(): { path: string; why: 'changed' | 'missing' | 'extra' }[] {
    for (const rel of this.existing) this.stale.push({ path: rel, why: 'extra' });
    this.existing.clear();
    return this.stale.sort((a, b) => (a.path < b.path ? -1 : 1));
  }
}

/** A file given in pieces (see TreeWriter.stream). */
export interface FileStream {
  write(chunk: string): void;
  end(): void;
}

function modeOf(rel: string): number {
  return rel.endsWith('.sh') ? 0o755 : 0o644;
}

/** Relative paths (with `/`) of the files under `dir`, sorted; `enter` says which directories to go into. */
export function listFiles(dir: string, prefix = '', out: string[] = [], enter: (rel: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(p).isDirectory()) {
      if (enter(rel)) listFiles(p, rel, out, enter);
    } else {
      out.push(rel);
    }
  }
  return out;
}

/**
 * rmSync(dir, { recursive: true }) for a tree sqlrev wrote: readdir with
 * file types instead of an lstat per entry (half the system calls on 40,000
 * files; rmSync took ~0.8 s there). Anything unexpected (a permission, a
 * file appearing meanwhile) goes to rmSync, which knows every case.
 */
function removeTree(dir: string): void {
  try {
    (function remove(d: string): void {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) remove(p);
        else unlinkSync(p);
      }
      rmdirSync(d);
    })(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}
