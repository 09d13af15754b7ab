/**
 * A revision as loaded from `revisions/`: the file's fields, normalised, plus
 * where each JSON path sits in the file so that every message can point at a
 * line and column.
 */
import type { Op } from '../ops/types.js';

/** A path into a revision document, e.g. ["upgrade", 2, "table"]. */
export type JsonPath = readonly (string | number)[];

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** 0-based character offset into the file text. */
  offset: number;
}

/** Maps JSON paths to positions in the file text. */
export interface SourceMap {
  /**
   * Position of the value at `path`; when the path does not exist, the
   * position of its nearest existing ancestor (the whole document at worst).
   */
  locate(path: JsonPath): SourcePosition;
  /** Position of the key of the property at `path` (falls back to the value). */
  locateKey(path: JsonPath): SourcePosition;
}

/** The fields of a revision file (CONTRACT section 1), as the user wrote them. */
export interface RevisionDocument {
  $schema?: string;
  id: string;
  parent: string | string[] | null;
  message: string;
  transactional?: boolean;
  upgrade: Op[];
  downgrade?: Op[];
}

export interface Revision {
  readonly id: string;
  /** Normalised: [] for a root, one id, or several for a merge. */
  readonly parents: readonly string[];
  readonly message: string;
  readonly transactional: boolean;
  readonly upgrade: readonly Op[];
  /** Given explicitly; `undefined` means derive it by inverting `upgrade`. */
  readonly downgrade?: readonly Op[];
  /** The file, relative to the current directory (as the user would type it), with `/` separators. */
  readonly file: string;
  /** The file name without its extension, e.g. `2ed6bf9f1690_add_tasks`. */
  readonly stem: string;
  /** The slug part of the file name (after `<id>_`). */
  readonly slug: string;
  readonly format: 'json' | 'ts';
  /** The file text (for code frames). */
  readonly text: string;
  readonly source: SourceMap;
}
