/**
 * `defineRevision`, for `.ts` revisions:
 *
 *     import { defineRevision } from 'sqlrev';
 *     export default defineRevision({ id: '2ed6bf9f1690', parent: null, message: 'add tasks', upgrade: [...] });
 */
import type { RevisionDocument } from './types.js';

/**
 * Returns the revision unchanged; it exists so editors type-check the
 * revision. It takes `RevisionDocument` rather than a generic `T extends
 * RevisionDocument`: TypeScript checks excess properties of nested object
 * literals only against a concrete type, so only this form flags a typo such
 * as `tabel` inside an op.
 */
export function defineRevision(revision: RevisionDocument): RevisionDocument {
  return revision;
}
