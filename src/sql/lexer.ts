/**
 * A small SQL tokenizer, parameterised by the lexical rules of a dialect.
 * It does not judge syntax (the real parsers do that); it finds the places
 * the rest of src/sql needs: statement boundaries, comments (Alembic
 * markers), and token spans for slicing expressions out of the original
 * text. Offsets are JavaScript string (UTF-16) offsets into the text.
 */

export type TokenKind =
  /** Keyword or unquoted identifier. */
  | 'word'
  /** Quoted identifier ("x", and on SQLite also [x] and `x`). */
  | 'quoted'
  /** String literal, including prefixed forms (E'', X'', B'', U&''). */
  | 'string'
  /** PostgreSQL dollar-quoted string. */
  | 'dollar'
  | 'number'
  /** Bind parameter ($1, ?, :name ...). */
  | 'param'
  /** Operator characters. */
  | 'op'
  /** One of ( ) [ ] , ; . */
  | 'punct'
  /** A string, identifier or comment that runs to the end of the text. */
  | 'unterminated';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly text: string;
  /** Upper-cased text of a `word`, for keyword tests. */
  readonly upper: string;
}

export interface Comment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** `--` comments are line comments; `/* *\/` are block comments. */
  readonly line: boolean;
}

/** The lexical rules that differ between dialects (data, not branches). */
export interface LexRules {
  /** PostgreSQL nests block comments; SQLite ends one at the first `*\/`. */
  readonly nestedBlockComments: boolean;
  /** PostgreSQL `$tag$ ... $tag$` strings. */
  readonly dollarQuotes: boolean;
  /** PostgreSQL E'...' strings use backslash escapes. */
  readonly escapeStrings: boolean;
  /** SQLite accepts [ident] and `ident` as quoted identifiers (MS Access / MySQL compatibility). */
  readonly bracketIdentifiers: boolean;
  readonly backtickIdentifiers: boolean;
  /** Characters that start a bind parameter followed by a name or number. */
  readonly paramPrefixes: string;
  /** `$` may continue an identifier (PostgreSQL). */
  readonly dollarInIdentifiers: boolean;
}

export interface Lexed {
  readonly tokens: Token[];
  readonly comments: Comment[];
}

const OP_CHARS = new Set('+-*/<>=~!@#%^&|`?:');

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
}

function isIdentPart(c: string, rules: LexRules): boolean {
  return /[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) >= 0x80 || (rules.dollarInIdentifiers && c === '$');
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Scan a quoted run that ends at `close`, where a doubled `close` is an escaped one. Returns the end offset or -1. */
function scanQuoted(text: string, from: number, close: string, backslash: boolean): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (backslash && c === '\\') { i += 2; continue; }
    if (c === close) {
      if (text[i + 1] === close) { i += 2; continue; }
      return i + 1;
    }
    i++;
  }
  return -1;
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

export function tokenize(text: string, rules: LexRules): Lexed {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const push = (kind: TokenKind, start: number, end: number) => {
    const t = text.slice(start, end);
    tokens.push({ kind, start, end, text: t, upper: kind === 'word' ? t.toUpperCase() : '' });
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    if (c === '-' && next === '-') {
      let e = text.indexOf('\n', i);
      if (e === -1) e = n;
      const end = e > i && text[e - 1] === '\r' ? e - 1 : e;
      comments.push({ start: i, end, text: text.slice(i, end), line: true });
      i = e;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text[j] === '*' && text[j + 1] === '/') { depth--; j += 2; continue; }
        if (rules.nestedBlockComments && text[j] === '/' && text[j + 1] === '*') { depth++; j += 2; continue; }
        j++;
      }
      if (depth > 0) { push('unterminated', i, n); i = n; continue; }
      comments.push({ start: i, end: j, text: text.slice(i, j), line: false });
      i = j;
      continue;
    }
    if (c === "'") {
      const e = scanQuoted(text, i + 1, "'", false);
      if (e < 0) { push('unterminated', i, n); break; }
      push('string', i, e);
      i = e;
      continue;
    }
    if (c === '"') {
      const e = scanQuoted(text, i + 1, '"', false);
      if (e < 0) { push('unterminated', i, n); break; }
      push('quoted', i, e);
      i = e;
      continue;
    }
    if (c === '`' && rules.backtickIdentifiers) {
      const e = scanQuoted(text, i + 1, '`', false);
      if (e < 0) { push('unterminated', i, n); break; }
      push('quoted', i, e);
      i = e;
      continue;
    }
    if (c === '[' && rules.bracketIdentifiers) {
      const e = text.indexOf(']', i + 1);
      if (e < 0) { push('unterminated', i, n); break; }
      push('quoted', i, e + 1);
      i = e + 1;
      continue;
    }
    if (c === '$' && rules.dollarQuotes) {
      DOLLAR_TAG.lastIndex = i;
      const m = DOLLAR_TAG.exec(text);
      if (m) {
        const tag = m[0];
        const close = text.indexOf(tag, i + tag.length);
        if (close < 0) { push('unterminated', i, n); break; }
        push('dollar', i, close + tag.length);
        i = close + tag.length;
        continue;
      }
    }
    if (rules.paramPrefixes.includes(c) && (c === '?' || isDigit(next) || (next !== undefined && isIdentStart(next)))) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j]!, rules)) j++;
      push('param', i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(next))) {
      let j = i;
      if (c === '0' && (next === 'x' || next === 'X')) {
        j += 2;
        while (j < n && /[0-9A-Fa-f_]/.test(text[j]!)) j++;
      } else {
        while (j < n && (isDigit(text[j]) || text[j] === '_')) j++;
        if (text[j] === '.' && text[j + 1] !== '.') { j++; while (j < n && (isDigit(text[j]) || text[j] === '_')) j++; }
        if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1]) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2])))) {
          j += 2;
          while (j < n && isDigit(text[j])) j++;
        }
      }
      push('number', i, j);
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j]!, rules)) j++;
      // Prefixed string literals: E'..' (backslash escapes), X'..', B'..', N'..', U&'..'.
      const word = text.slice(i, j);
      if (text[j] === "'" && /^[EeXxBbNn]$/.test(word)) {
        const e = scanQuoted(text, j + 1, "'", rules.escapeStrings && (word === 'E' || word === 'e'));
        if (e < 0) { push('unterminated', i, n); break; }
        push('string', i, e);
        i = e;
        continue;
      }
      if ((word === 'U' || word === 'u') && text[j] === '&' && (text[j + 1] === "'" || text[j + 1] === '"')) {
        const q = text[j + 1]!;
        const e = scanQuoted(text, j + 2, q, false);
        if (e < 0) { push('unterminated', i, n); break; }
        push(q === "'" ? 'string' : 'quoted', i, e);
        i = e;
        continue;
      }
      push('word', i, j);
      i = j;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === ';' || c === '.' || c === '[' || c === ']') {
      push('punct', i, i + 1);
      i++;
      continue;
    }
    if (OP_CHARS.has(c)) {
      let j = i + 1;
      // An operator never contains the start of a comment.
      while (j < n && OP_CHARS.has(text[j]!) && !(text[j] === '-' && text[j + 1] === '-') && !(text[j] === '/' && text[j + 1] === '*')) j++;
      push('op', i, j);
      i = j;
      continue;
    }
    // Anything else (stray characters) is one token; the real parser reports it.
    push('op', i, i + 1);
    i++;
  }
  return { tokens, comments };
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.upper);
}

export function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p;
}

/** The name a word or quoted-identifier token stands for. `fold` lower-cases unquoted words (PostgreSQL). */
export function identName(t: Token, fold: boolean): string {
  if (t.kind === 'quoted') {
    const body = t.text.startsWith('U&') || t.text.startsWith('u&') ? t.text.slice(3, -1) : t.text.slice(1, -1);
    const q = t.text[t.text.length - 1]!;
    return q === ']' ? body : body.split(q + q).join(q);
  }
  return fold ? t.text.toLowerCase() : t.text;
}

/** The value of a string-literal token ('it''s' -> it's). */
export function stringValue(t: Token): string | undefined {
  if (t.kind !== 'string' || !t.text.startsWith("'")) return undefined;
  return t.text.slice(1, -1).split("''").join("'");
}
