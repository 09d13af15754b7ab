/**
 * Turning "op 3 of revision X, field columns[2].type" into a Diagnostic with
 * the file, line:column and JSON path.
 */
import type { Diagnostic } from '../errors.js';
import { formatJsonPath } from '../revisions/json-path.js';
import type { JsonPath, Revision } from '../revisions/types.js';

/** `columns[2].type` -> ["columns", 2, "type"]. */
export function parseFieldPath(field: string | undefined): (string | number)[] {
  if (!field) return [];
  const out: (string | number)[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export function diagnosticAt(rev: Revision, path: JsonPath, message: string, hint?: string): Diagnostic {
  const pos = rev.source.locate(path);
  return { file: rev.file, line: pos.line, column: pos.column, path: formatJsonPath(path), message, ...(hint ? { hint } : {}) };
}
