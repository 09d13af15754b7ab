// The main of a build script that generates a committed source file
// (build-validator.mjs, build-templates.mjs): write `source` to `output`
// when it changed, or with --check exit 1 when the committed file is stale.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function updateGenerated(root, output, source, script) {
  const out = join(root, output);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  if (current === source) return;
  if (process.argv.includes('--check')) {
    console.error(`${output} is stale: run node scripts/${script}`);
    process.exit(1);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, source);
}
