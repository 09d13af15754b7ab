/**
 * Revisions built in memory from plain documents, with a real source map
 * (the same JSON parser the loader uses), for tests that need a chain.
 */
import { parseJsonWithSource } from '../../src/revisions/json-source.js';
import type { Revision, RevisionDocument } from '../../src/revisions/types.js';

export function revision(doc: RevisionDocument, slug = 'test'): Revision {
  const text = JSON.stringify(doc, null, 2);
  const parsed = parseJsonWithSource(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const parents = doc.parent === null ? [] : Array.isArray(doc.parent) ? doc.parent : [doc.parent];
  return {
    id: doc.id, parents, message: doc.message, transactional: doc.transactional ?? true,
    upgrade: doc.upgrade, ...(doc.downgrade ? { downgrade: doc.downgrade } : {}),
    file: `revisions/${doc.id}_${slug}.json`, stem: `${doc.id}_${slug}`, slug, format: 'json', text, source: parsed.source,
  };
}

/** A linear chain: each document's parent is the previous one's id. */
export function chain(docs: Omit<RevisionDocument, 'parent'>[]): Revision[] {
  return docs.map((d, i) => revision({ ...d, parent: i === 0 ? null : docs[i - 1]!.id } as RevisionDocument));
}
