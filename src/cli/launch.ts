/**
 * Starts the bundled CLI (dist/cli/sqlrev.cjs, see scripts/bundle.mjs) from
 * V8's code cache (dist/cli/sqlrev.cache, see scripts/build-code-cache.mjs).
 *
 * Why: Node 20 has no compile cache for modules, so every run parsed the
 * bundle and compiled to bytecode each function the command reaches. A
 * cache made after a training run holds that bytecode. Measured against the
 * ES-module bundle (README, Performance): `upgrade` of 10,000 revisions
 * 1.01 -> 0.94 s, `audit` 1.35 -> 1.23 s, `upgrade` of 1,000 ~10 ms; the
 * cache is deserialised whole, so `--help` pays ~10 ms. Nothing the CLI
 * prints depends on it: a missing, stale or rejected cache only means V8
 * compiles as it always did.
 *
 * V8 accepts a cache for any source of the same length, so the cache file
 * starts with a SHA-1 of the bundle it was made from, checked here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type { Io } from './io.js';

export interface CliModule {
  main(argv: string[], io: Io): Promise<number>;
}

export interface LoadedCli {
  cli: CliModule;
  /** The compiled bundle, to make a cache from. */
  script: vm.Script;
  /** Whether V8 ran the bundle from the cache. */
  cached: boolean;
}

const MAGIC = 'sqlrev code cache 1 ';
/** MAGIC + 40 hex digits + newline. */
const HEADER_LENGTH = MAGIC.length + 41;

/** The header that ties a cache to one bundle's bytes. */
export function cacheHeader(bundle: Buffer): Buffer {
  return Buffer.from(`${MAGIC}${createHash('sha1').update(bundle).digest('hex')}\n`, 'latin1');
}

/** The V8 data of `cacheFile` if it was made from exactly `bundle`, else undefined. */
function cachedDataFor(bundle: Buffer, cacheFile: string | undefined): Buffer | undefined {
  if (cacheFile === undefined) return undefined;
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (data.length <= HEADER_LENGTH || !data.subarray(0, HEADER_LENGTH).equals(cacheHeader(bundle))) return undefined;
  return data.subarray(HEADER_LENGTH);
}

/**
 * Loads the CommonJS bundle at `bundleFile`, with the code cache at
 * `cacheFile` when it matches. A vm.Script has no import() of its own (on
 * Node 20 only behind --experimental-vm-modules, or an API that prints an
 * experimental warning), so the bundle's dynamic imports, rewritten by
 * scripts/bundle.mjs, call `__sqlrevImport`: this module's import(), with
 * relative specifiers taken relative to the bundle.
 */
export function loadCli(bundleFile: string, cacheFile?: string): LoadedCli {
  const bundle = readFileSync(bundleFile);
  const cachedData = cachedDataFor(bundle, cacheFile);
  // The same wrapper Node's require puts around a CommonJS file, plus the importer.
  const source = `(function (exports, require, module, __filename, __dirname, __sqlrevImport) {${bundle.toString('utf8')}\n})`;
  const script = new vm.Script(source, { filename: bundleFile, ...(cachedData && { cachedData }) });
  const base = pathToFileURL(bundleFile);
  const importer = (specifier: string): Promise<unknown> => import(specifier.startsWith('.') ? new URL(specifier, base).href : specifier);
  const module = { exports: {} as CliModule };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile), importer);
  return { cli: module.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected };
}
