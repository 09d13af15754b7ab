/**
 * `--format text` (the default), in the style of squawk and rustc: where,
 * what, a frame of the file with a caret under the position, and the remedy.
 *
 *   revisions/0002_index.json:8:5: warning[index-not-concurrent] createIndex on task takes ...
 *       7 |   "upgrade": [
 *     > 8 |     { "op": "createIndex", "table": "task", "columns": ["title"] }
 *         |     ^
 *       9 |   ]
 *     help: add "concurrently": true ...
 */
import type { Finding } from '../finding.js';
import type { AuditResult } from '../engine.js';
import { commentSafe } from '../../render/comment.js';

export interface TextOptions {
  /** ANSI colours; see useColor. */
  readonly color?: boolean;
  /** Lines of context around the finding's line (default 1). */
  readonly context?: number;
}

/** Colours only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function useColor(writer: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return writer.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

type Paint = (s: string) => string;
const plain: Paint = (s) => s;
const ansi = (code: string): Paint => (s) => `\u001b[${code}m${s}\u001b[0m`;

/** The widest slice of a line shown; longer lines (minified JSON) are cut around the column. */
const MAX_WIDTH = 120;

function frame(lines: readonly string[] | undefined, f: Finding, context: number, dim: Paint, caret: Paint): string[] {
  if (lines === undefined) return [];
  if (f.line < 1 || f.line > lines.length) return [];
  const first = Math.max(1, f.line - context);
  const last = Math.min(lines.length, f.line + context);
  const width = String(last).length;
  // Cut every line of the frame at the same window, so the caret stays under its column.
  const col = f.column - 1;
  const start = lines[f.line - 1]!.length > MAX_WIDTH ? Math.max(0, col - Math.floor(MAX_WIDTH / 2)) : 0;
  const cut = (s: string) => {
    // A control character in the file (JSON strings may hold DEL and C1 raw) is shown as "?":
    // one column wide, so the caret still lines up, and never an escape sequence.
    // eslint-disable-next-line no-control-regex
    const body = s.slice(start, start + MAX_WIDTH).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
    return `${start > 0 ? '…' : ''}${body}${s.length > start + MAX_WIDTH ? '…' : ''}`;
  };
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === f.line ? '>' : ' ';
    out.push(`  ${marker} ${dim(`${String(n).padStart(width)} |`)} ${cut(lines[n - 1]!)}`.trimEnd());
    if (n === f.line) {
      // Keep tabs, so the caret lines up however the terminal expands them.
      const lead = lines[n - 1]!.slice(start, Math.max(start, col)).replace(/[^\t]/g, ' ');
      out.push(`    ${dim(`${' '.repeat(width)} |`)} ${start > 0 ? ' ' : ''}${lead}${caret('^')}`);
    }
  }
  return out;
}

export function formatText(result: AuditResult, opts: TextOptions = {}): string {
  const c = opts.color === true;
  const red = c ? ansi('1;31') : plain;
  const yellow = c ? ansi('1;33') : plain;
  const bold = c ? ansi('1') : plain;
  const dim = c ? ansi('2') : plain;
  const cyan = c ? ansi('36') : plain;
  const context = opts.context ?? 1;
  const blocks: string[] = [];
  // Findings come sorted by file: split each file into lines once, not once
  // per finding (a file of a 10k-revision chain has about three).
  let file: string | undefined;
  let lines: string[] | undefined;
  for (const f of result.findings) {
    if (f.file !== file) {
      file = f.file;
      lines = result.sources.get(f.file)?.split(/\r?\n/);
    }
    const sev = (f.severity === 'error' ? red : yellow)(`${f.severity}[${f.rule}]`);
    const dialect = f.dialect ? ` ${dim(`(${f.dialect})`)}` : '';
    // Messages quote the user's names: a NUL or an escape sequence in one must not reach the terminal as is.
    const out = [`${bold(`${f.file}:${f.line}:${f.column}:`)} ${sev}${dialect} ${commentSafe(f.message)}`];
    out.push(...frame(lines, f, context, dim, f.severity === 'error' ? red : yellow));
    if (f.help) out.push(`  ${cyan('help:')} ${commentSafe(f.help)}`);
    blocks.push(out.join('\n'));
  }
  const { error, warning } = result.summary;
  const summary = error + warning === 0
    ? 'no findings'
    : `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}`;
  blocks.push(bold(summary));
  return `${blocks.join('\n\n')}\n`;
}
