/**
 * squawk (the `squawk-cli` npm package, a PostgreSQL migration linter), to
 * compare `sqlrev audit big.sql` with `squawk big.sql` on the same file.
 *
 * It is not a dependency of sqlrev: the bench installs it into
 * bench/work/tools at bench time when the registry is reachable, and skips the
 * comparison when that fails. squawk-cli's bin is a small Node shim that
 * spawns the native binary of an optional platform package
 * (@squawk-cli/<platform>-<arch>); both are timed, the shim being what
 * `npx squawk` runs and the binary being squawk's own cost.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Squawk {
  /** node_modules/.bin/squawk (the npm shim). */
  bin: string;
  /** The platform package's native binary, when found. */
  native?: string;
  version: string;
}

function version(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function locate(toolsDir: string): Squawk | undefined {
  const bin = join(toolsDir, 'node_modules', '.bin', 'squawk');
  if (!existsSync(bin)) return undefined;
  const v = version(bin);
  if (v === undefined) return undefined;
  const native = join(toolsDir, 'node_modules', '@squawk-cli', `${process.platform}-${process.arch}`, 'bin', 'squawk');
  return { bin, version: v, ...(existsSync(native) && version(native) !== undefined ? { native } : {}) };
}

/** Finds squawk in toolsDir, installing it there first when allowed; a string says why it is unavailable. */
export function ensureSquawk(toolsDir: string, install: boolean): Squawk | string {
  const found = locate(toolsDir);
  if (found) return found;
  if (!install) return `squawk-cli is not installed in ${toolsDir} (and --no-install was given)`;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', 'squawk-cli'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0) {
    const why = (r.error?.message ?? r.stderr ?? '').trim().split('\n').filter((l) => !/^npm warn/i.test(l)).slice(0, 2).join(' | ');
    return `npm install squawk-cli failed: ${why || `exit ${r.status}`}`;
  }
  return locate(toolsDir) ?? 'squawk-cli installed but its binary does not run on this platform';
}
