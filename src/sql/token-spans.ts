/**
 * Reading spans of a statement's tokens: matching parentheses, splitting a
 * list at top-level commas, cutting an expression where the clause that
 * holds it ends. Expressions that sqlrev keeps as text (defaults, USING,
 * CHECK, index keys and WHERE) are taken verbatim from the original text
 * between two tokens, so nothing is re-printed.
 */
import { isPunct, type Token } from './lexer.js';

/** A half-open range of token indexes [from, to). */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Index of the first token starting at or after `offset`. */
export function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const OPEN = new Set(['(', '[']);
const CLOSE = new Set([')', ']']);

function opens(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && OPEN.has(t.text);
}
function closes(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && CLOSE.has(t.text);
}

/** Index of the bracket that closes the one at `open` (or tokens.length when unbalanced). */
export function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (opens(tokens[i])) depth++;
    else if (closes(tokens[i])) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length;
}

/**
 * From `from`, the end (exclusive) of the run of tokens before the first
 * token at bracket depth 0 for which `stop` holds, or before an unmatched
 * closing bracket, or `limit`.
 */
export function runUntil(
  tokens: readonly Token[], from: number, limit: number, stop: (t: Token, i: number) => boolean,
): number {
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const t = tokens[i]!;
    if (depth === 0 && stop(t, i)) return i;
    if (opens(t)) depth++;
    else if (closes(t)) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return limit;
}

/** The spans between top-level commas of the tokens in (open, close). */
export function commaList(tokens: readonly Token[], open: number, close: number): Span[] {
  const out: Span[] = [];
  let from = open + 1;
  while (from < close) {
    const to = runUntil(tokens, from, close, (t) => isPunct(t, ','));
    out.push({ from, to });
    from = to + 1;
  }
  return out;
}

/** The original text of tokens [from, to). */
export function spanText(text: string, tokens: readonly Token[], from: number, to: number): string {
  if (to <= from) return '';
  return text.slice(tokens[from]!.start, tokens[to - 1]!.end);
}

/** Whether tokens [from, to) are one parenthesised group. */
export function isParenthesised(tokens: readonly Token[], from: number, to: number): boolean {
  return to - from >= 2 && isPunct(tokens[from], '(') && closing(tokens, from) === to - 1;
}

/** The text of [from, to) without one pair of enclosing parentheses. */
export function unparenthesisedText(text: string, tokens: readonly Token[], from: number, to: number): string {
  return isParenthesised(tokens, from, to) ? spanText(text, tokens, from + 1, to - 1) : spanText(text, tokens, from, to);
}
