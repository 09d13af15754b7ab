/**
 * Every user-facing problem is a Diagnostic: one line naming the file, the
 * position, the JSON path, what is wrong and what to do. A SqlrevError
 * carries one or more of them and maps to exit code 2 in the CLI.
 */
export interface Diagnostic {
  file?: string;
  line?: number;
  column?: number;
  /** JSON path inside the file, e.g. `upgrade[2].table`. */
  path?: string;
  message: string;
  /** What to do about it. */
  hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  let where = '';
  if (d.file) {
    where = d.file;
    if (d.line !== undefined) where += `:${d.line}:${d.column ?? 1}`;
    where += ': ';
  }
  const path = d.path ? `${d.path}: ` : '';
  const hint = d.hint ? `; ${d.hint}` : '';
  return oneLine(`${where}${path}${d.message}${hint}`);
}

/** Diagnostics are one line each, whatever the user put in their strings. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/\u0000/g, '\\0');
}

export class SqlrevError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'SqlrevError';
    this.diagnostics = list;
  }
}

/**
 * Thrown by op `apply`/`invert` and renderers; the replay adds the revision,
 * file and op position. `field` is the op's property at fault (`table`, `column`...).
 */
export class ModelError extends Error {
  constructor(message: string, readonly hint?: string, readonly field?: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** Usage errors (bad flags, unknown target): exit 2 too, without a file. */
export function usageError(message: string, hint?: string): SqlrevError {
  return new SqlrevError({ message, hint });
}
