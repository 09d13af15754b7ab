/**
 * Markdown tables (so a run's output pastes straight into README's
 * Performance section) and the number formats the bench prints.
 */

export function markdownTable(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const a = align ?? header.map(() => 'l' as const);
  const cell = (s: string, i: number) => (a[i] === 'r' ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (a[i] === 'r' ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Seconds with 3 decimals ("0.123"), or a dash. */
export function secs(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3);
}

export function mb(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(0);
}

export function ratio(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(1)}x`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
