/**
 * Loads `revisions/`: every `<id>_<slug>.json` and `<id>_<slug>.ts`, parsed
 * with source positions, validated against schema.json, checked against its
 * file name and normalised to Revision. Every problem of every file is
 * reported in one run (a few per file at most), never just the first.
 */
import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { SqlrevError, type Diagnostic } from '../errors.js';
import type { Op } from '../ops/types.js';
import { RevisionGraph } from './graph.js';
import { parseJsonWithSource } from './json-source.js';
import { ReadAhead } from './read-ahead.js';
import { applyTablePrefix } from './table-prefix.js';
import { TsSourceMap } from './ts-source-map.js';
import type { Revision, RevisionDocument, SourceMap } from './types.js';
import { capPerFile, validateRevisionDocument, type Located } from './validate.js';

export interface LoadOptions {
  /** Directory file names in messages are relative to. */
  cwd: string;
  /** Config `tablePrefix`: prepended to every table name in the ops. */
  tablePrefix?: string;
}

export interface LoadResult {
  /** The valid revisions, in file name order. */
  revisions: Revision[];
  /** Problems of the files that are not valid (those are left out of `revisions`). */
  diagnostics: Diagnostic[];
  /**
   * Ids the invalid files have or may have, so the graph does not report
   * parents naming them as unknown on top of the real problem.
   */
  brokenIds: string[];
}

/** Files in revisions/ that are not revisions even though they end in .json or .ts. */
const NOT_REVISIONS = new Set(['package.json', 'tsconfig.json', 'jsconfig.json']);

/** From how many files a worker reads ahead (below, starting it costs more than it saves). */
const READ_AHEAD_FROM = 2000;

/** Ids that are target keywords on the command line. */
const RESERVED_IDS = new Set(['base', 'head', 'heads']);

export async function loadRevisions(dir: string, options: LoadOptions): Promise<LoadResult> {
  const absDir = resolve(options.cwd, dir);
  const displayDir = relative(options.cwd, absDir).split(sep).join('/');
  const display = (name: string): string => (displayDir === '' ? name : `${displayDir}/${name}`);
  const result: LoadResult = { revisions: [], diagnostics: [], brokenIds: [] };

  let entries: Dirent[];
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    result.diagnostics.push({
      file: displayDir || '.',
      message: code === 'ENOENT' ? 'the revisions directory does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot read the revisions directory (${code ?? String(e)})`,
      hint: 'run sqlrev init, or set "revisions" in sqlrev.config.json',
    });
    return result;
  }

  const names = entries
    .filter((e) => (e.isFile() || (e.isSymbolicLink() && isFile(join(absDir, e.name)))) && isRevisionFileName(e.name))
    .map((e) => e.name)
    .sort();

  const brokenIds = new Set<string>();
  let tsLoader: typeof import('./ts-loader.js') | undefined;
  const prefix = options.tablePrefix ?? '';
  const reader = new FileReader();
  const ahead = names.length >= READ_AHEAD_FROM ? new ReadAhead(names.map((name) => absDir + sep + name)) : undefined;
  try {
    for (const name of names) {
      const abs = absDir + sep + name;
      const file = display(name);
      const format = name.endsWith('.ts') ? 'ts' : 'json';
      const stem = name.slice(0, name.lastIndexOf('.'));
      const broken = (id?: unknown): void => {
        for (const possible of possibleIds(stem)) brokenIds.add(possible);
        if (typeof id === 'string') brokenIds.add(id);
      };

      let text: string;
      try {
        text = ahead?.take() ?? reader.read(abs);
      } catch (e) {
        result.diagnostics.push({ file, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
        broken();
        continue;
      }

      let data: unknown;
      let source: SourceMap;
      if (format === 'json') {
        const parsed = parseJsonWithSource(text);
        if (!parsed.ok) {
          const { message, hint, position } = parsed.error;
          result.diagnostics.push({ file, line: position.line, column: position.column, message, ...(hint && { hint }) });
          broken();
          continue;
        }
        data = parsed.value;
        source = parsed.source;
      } else {
        // sucrase and the module hooks load only when a project has .ts revisions.
        tsLoader ??= await import('./ts-loader.js');
        const imported = await tsLoader.importTsRevision(abs);
        if (!imported.ok) {
          const { message, hint, line, column } = imported;
          result.diagnostics.push({ file, ...(line !== undefined && { line, column }), message, hint });
          broken();
          continue;
        }
        data = imported.value;
        source = new TsSourceMap(text);
      }

      let problems: Diagnostic[];
      try {
        problems = validateRevisionDocument(data, { file, source });
        // A .ts revision is code: keep only its JSON data (valid data is JSON
        // apart from properties set to undefined, which this drops), so later
        // stages see exactly what a JSON revision would give them.
        if (format === 'ts' && problems.length === 0) data = JSON.parse(JSON.stringify(data));
      } catch (e) {
        // Getters that throw, proxies...: code can export things data cannot be.
        problems = [{ file, message: `the default export cannot be read as data: ${e instanceof Error ? e.message : String(e)}`, hint: 'export a plain object literal' }];
      }
      if (problems.length > 0) {
        result.diagnostics.push(...problems);
        broken(idOf(data));
        continue;
      }
      const doc = data as RevisionDocument;
      const nameProblems = checkFileName(doc.id, stem, format, file, source);
      if (nameProblems.length > 0) {
        result.diagnostics.push(...nameProblems);
        broken(doc.id);
        continue;
      }
      result.revisions.push(normalise(doc, { file, stem, format, text, source, prefix }));
    }
  } finally {
    // Only when the loop stopped early: after the last file the worker has ended by itself.
    ahead?.close();
  }
  result.brokenIds = [...brokenIds];
  return result;
}

/**
 * Loads the revisions and builds their graph; throws a SqlrevError listing
 * every problem of the files and of the graph when there is any.
 */
export async function loadRevisionGraph(dir: string, options: LoadOptions): Promise<RevisionGraph> {
  const { revisions, diagnostics, brokenIds } = await loadRevisions(dir, options);
  const graph = new RevisionGraph(revisions, { brokenIds });
  const all = [...diagnostics, ...graph.diagnostics];
  if (all.length > 0) throw new SqlrevError(all);
  return graph;
}

/**
 * Reads small files into one reused buffer: open, read, close, without the
 * fstat and option handling of readFileSync, which at 10,000 revision files
 * cost about as much as parsing them.
 */
class FileReader {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  read(path: string): string {
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(bigger, 0, 0, length);
          this.buffer = bigger;
        }
        const n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      return this.buffer.toString('utf8', 0, length);
    } finally {
      closeSync(fd);
    }
  }
}

/** The `id` of a document that failed validation, if it has a readable one. */
function idOf(data: unknown): unknown {
  try {
    return data !== null && typeof data === 'object' ? (data as { id?: unknown }).id : undefined;
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isRevisionFileName(name: string): boolean {
  if (name.startsWith('.') || NOT_REVISIONS.has(name)) return false;
  if (name.endsWith('.d.ts')) return false;
  return name.endsWith('.json') || name.endsWith('.ts');
}

/** Every id a file stem could start with: `ab_cd_x` -> ab, ab_cd, ab_cd_x. */
function possibleIds(stem: string): string[] {
  const ids: string[] = [];
  for (let i = stem.indexOf('_'); i !== -1; i = stem.indexOf('_', i + 1)) ids.push(stem.slice(0, i));
  ids.push(stem);
  return ids;
}

function checkFileName(id: string, stem: string, format: 'json' | 'ts', file: string, source: SourceMap): Diagnostic[] {
  const problems: Located[] = [];
  const add = (message: string, hint: string): void => {
    const pos = source.locate(['id']);
    problems.push({ offset: pos.offset, diagnostic: { file, line: pos.line, column: pos.column, path: 'id', message, hint } });
  };
  if (RESERVED_IDS.has(id)) {
    add(`id "${id}" is reserved`, 'base, head and heads name targets on the command line; pick another id');
  }
  if (stem === id || stem === `${id}_`) {
    add('the file name has no slug after the id', `rename the file to ${id}_<what_it_does>.${format}`);
  } else if (!stem.startsWith(`${id}_`)) {
    const fileId = /^[A-Za-z0-9]+/.exec(stem)?.[0] ?? stem;
    add(`the file name says ${fileId} but id is ${id}`, 'rename the file or fix the id');
  }
  return capPerFile(problems, file);
}

interface FileFacts {
  file: string;
  stem: string;
  format: 'json' | 'ts';
  text: string;
  source: SourceMap;
  prefix: string;
}

function normalise(doc: RevisionDocument, f: FileFacts): Revision {
  const prefixed = (ops: readonly Op[]): Op[] => ops.map((op) => applyTablePrefix(op, f.prefix));
  const parents = doc.parent === null ? [] : typeof doc.parent === 'string' ? [doc.parent] : [...doc.parent];
  return {
    id: doc.id,
    parents,
    message: doc.message,
    transactional: doc.transactional ?? true,
    upgrade: f.prefix ? prefixed(doc.upgrade) : doc.upgrade,
    ...(doc.downgrade !== undefined && { downgrade: f.prefix ? prefixed(doc.downgrade) : doc.downgrade }),
    file: f.file,
    stem: f.stem,
    slug: f.stem.slice(doc.id.length + 1),
    format: f.format,
    text: f.text,
    source: f.source,
  };
}
