/**
 * Revision markers in migration scripts. Alembic's offline mode (`--sql`)
 * writes one comment per migration step before its statements
 * (alembic/runtime/migration.py, MigrationStep.short_log):
 *
 *   -- Running upgrade  -> 1975ea83b712          (a root: nothing before the arrow)
 *   -- Running upgrade 1975ea83b712 -> ae1027a6acf
 *   -- Running upgrade a1, b2 -> c3              (a merge)
 *   -- Running downgrade ae1027a6acf -> 1975ea83b712
 *
 * sqlrev's own scripts use the same shape followed by the revision's message
 * and file: `-- Running upgrade a -> b (message), revisions/b_x.json`.
 */
import type { Comment } from './lexer.js';

export interface RevisionMarker {
  readonly direction: 'upgrade' | 'downgrade';
  readonly from: string[];
  readonly to: string[];
  /** sqlrev scripts: the revision message in parentheses. */
  readonly message?: string;
  /** sqlrev scripts: the revision file. */
  readonly file?: string;
}

const MARKER = /^--\s*Running (upgrade|downgrade) (.*?) ?-> ?(.*)$/;
const REV_ID = /^[^\s,()]+$/;
const FILE_LIKE = /[/\\]|\.(?:json|ts|mts|cts|js|mjs|py)$/i;

function ids(list: string): string[] | undefined {
  const trimmed = list.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/\s*,\s*/);
  return parts.every((p) => REV_ID.test(p)) ? parts : undefined;
}

/** The marker a line comment stands for, if it is one. */
export function parseMarker(comment: string): RevisionMarker | undefined {
  const m = MARKER.exec(comment.trimEnd());
  if (!m) return undefined;
  const direction = m[1] as 'upgrade' | 'downgrade';
  const from = ids(m[2]!);
  if (!from) return undefined;
  let rest = m[3]!.trim();
  let message: string | undefined;
  let file: string | undefined;
  // sqlrev: "<to> (<message>), <file>" or "<to>, <file>"; the message may itself hold parentheses.
  const lastComma = rest.lastIndexOf(', ');
  if (lastComma >= 0 && FILE_LIKE.test(rest.slice(lastComma + 2))) {
    file = rest.slice(lastComma + 2);
    rest = rest.slice(0, lastComma);
  }
  const paren = rest.indexOf(' (');
  if (paren >= 0 && rest.endsWith(')')) {
    message = rest.slice(paren + 2, -1);
    rest = rest.slice(0, paren);
  }
  const to = ids(rest);
  if (!to) return undefined;
  return { direction, from, to, ...(message !== undefined ? { message } : {}), ...(file !== undefined ? { file } : {}) };
}

export interface LocatedMarker {
  readonly marker: RevisionMarker;
  /** Offset of the comment. */
  readonly offset: number;
}

export function findMarkers(comments: readonly Comment[]): LocatedMarker[] {
  const out: LocatedMarker[] = [];
  for (const c of comments) {
    if (!c.line) continue;
    const marker = parseMarker(c.text);
    if (marker) out.push({ marker, offset: c.start });
  }
  return out;
}
