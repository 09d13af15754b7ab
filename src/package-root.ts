/**
 * The installed package's root (where templates/ and schema.json live),
 * found by walking up from this module, so it works from dist/ or any other
 * build directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).name === 'sqlrev') return (cached = dir);
      } catch { /* keep walking */ }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('sqlrev: cannot find the package root (package.json named "sqlrev")');
    dir = up;
  }
}
