/** Writing new revision files (`new`, `merge`, `init`). */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SqlrevError } from '../errors.js';
import { packageRoot } from '../package-root.js';

export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

export function slugify(message: string): string {
  const s = message.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40).replace(/_+$/, '');
  return s || 'revision';
}

/** `$schema` for editors: the installed package's schema.json, relative to the revisions folder. */
export function schemaRef(cwd: string, revisionsDir: string): string {
  const installed = join(cwd, 'node_modules', 'sqlrev', 'schema.json');
  const target = existsSync(installed) ? installed : join(packageRoot(), 'schema.json');
  return relative(revisionsDir, target).replace(/\\/g, '/');
}

export interface NewRevision {
  id?: string;
  parent: string | string[] | null;
  message: string;
  ts: boolean;
}

export function writeRevision(cwd: string, revisionsDir: string, r: NewRevision): string {
  const id = r.id ?? newRevisionId();
  const name = `${id}_${slugify(r.message)}.${r.ts ? 'ts' : 'json'}`;
  mkdirSync(revisionsDir, { recursive: true });
  const path = join(revisionsDir, name);
  if (existsSync(path)) throw new SqlrevError({ file: relative(cwd, path), message: 'already exists', hint: 'try again (ids are random)' });
  const text = r.ts
    ? [
      "import { defineRevision } from 'sqlrev';",
      '',
      'export default defineRevision({',
      `  id: ${JSON.stringify(id)},`,
      `  parent: ${JSON.stringify(r.parent)},`,
      `  message: ${JSON.stringify(r.message)},`,
      '  upgrade: [',
      '  ],',
      '});',
      '',
    ].join('\n')
    : `${JSON.stringify({ $schema: schemaRef(cwd, revisionsDir), id, parent: r.parent, message: r.message, upgrade: [] }, null, 2)}\n`;
  writeFileSync(path, text, { flag: 'wx' });
  return relative(cwd, path).replace(/\\/g, '/');
}
