/**
 * Helpers for the revisions tests: fixture paths, temporary projects, and
 * revisions built in memory with real source maps.
 */
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { parseJsonWithSource } from '../../src/revisions/json-source.js';
import type { Revision } from '../../src/revisions/types.js';

export const root = packageRoot();

export function fixture(name: string): string {
  return join('test/fixtures/revisions', name);
}

/**
 * Copies a fixture case into `<tmp>/revisions/`, renaming `*.ts.fixture` to
 * `*.ts` (see test/fixtures/revisions/ts/README.md). Returns the project dir.
 */
export function tempProject(caseName: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sqlrev-revisions-'));
  const revisions = join(dir, 'revisions');
  cpSync(join(root, fixture(caseName)), revisions, { recursive: true });
  (function rename(d: string): void {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) rename(p);
      else if (name.endsWith('.ts.fixture')) renameSync(p, p.slice(0, -'.fixture'.length));
    }
  })(revisions);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A revision as the loader would make it, from a JSON document written out in full. */
export function makeRevision(id: string, parent: string | string[] | null, file = `revisions/${id}_r.json`): Revision {
  const text = JSON.stringify({ id, parent, message: `revision ${id}`, upgrade: [] }, null, 2) + '\n';
  const parsed = parseJsonWithSource(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return {
    id,
    parents: parent === null ? [] : typeof parent === 'string' ? [parent] : parent,
    message: `revision ${id}`,
    transactional: true,
    upgrade: [],
    file,
    stem: `${id}_r`,
    slug: 'r',
    format: 'json',
    text,
    source: parsed.source,
  };
}
