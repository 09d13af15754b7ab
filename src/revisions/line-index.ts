/**
 * Offsets inside, line/column at the edge: a LineIndex turns a character
 * offset of a text into a 1-based line and column.
 */
import type { SourcePosition } from './types.js';

export class LineIndex {
  /** Offset where each line starts; built on first use. */
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): SourcePosition {
    const text = this.text;
    if (offset < 0) offset = 0;
    if (offset > text.length) offset = text.length;
    const starts = (this.starts ??= lineStarts(text));
    // Binary search for the last line start <= offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
