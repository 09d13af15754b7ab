/**
 * A strict JSON parser (RFC 8259) that knows where things are.
 *
 * JSON.parse is not enough for revision files: it silently keeps the last of
 * two duplicate keys, and its errors give no usable position. This parser
 * builds the value in one pass and rejects, with the offset of the fault,
 * duplicate keys, trailing commas, truncation, NUL bytes, comments, single
 * quotes and nesting deeper than MAX_DEPTH (so a hostile file cannot overflow
 * the stack).
 *
 * Positions of values are only needed when something is reported, so the
 * fast pass records none: the SourceMap indexes the (by then known-valid)
 * text on its first `locate` call.
 */
import { LineIndex } from './line-index.js';
import type { JsonPath, SourceMap, SourcePosition } from './types.js';

/** Deeper nesting is an error; a revision needs about 6 levels. */
export const MAX_DEPTH = 256;

export interface JsonSyntaxError {
  message: string;
  hint?: string;
  position: SourcePosition;
}

export type ParsedJson =
  | { ok: true; value: unknown; source: SourceMap }
  | { ok: false; error: JsonSyntaxError };

export function parseJsonWithSource(text: string): ParsedJson {
  const lines = new LineIndex(text);
  // Fast path: the native parser builds the value about three times faster
  // than any parser written in JavaScript, and a key-only scan then checks
  // what JSON.parse lets through (duplicate keys, nesting depth). Only files
  // that fail either take the slow path, whose errors carry the position.
  let value: unknown;
  let fast = false;
  try {
    value = JSON.parse(text);
    fast = !hasDuplicateKeysOrDeepNesting(text, value);
  } catch { /* the strict parser says why, with a position */ }
  if (fast) return { ok: true, value, source: new JsonSourceMap(text, lines) };
  try {
    const value = new Parser(text, lines).document();
    return { ok: true, value, source: new JsonSourceMap(text, lines) };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { ok: false, error: { message: e.message, hint: e.hint, position: lines.position(e.offset) } };
  }
}

class Failure {
  constructor(readonly message: string, readonly offset: number, readonly hint?: string) {}
}

const enum C {
  Tab = 9, Newline = 10, Return = 13, Space = 32,
  Quote = 34, Apostrophe = 39, Plus = 43, Comma = 44, Minus = 45, Dot = 46, Slash = 47,
  Zero = 48, Nine = 57, Colon = 58,
  OpenBracket = 91, Backslash = 92, CloseBracket = 93,
  OpenBrace = 123, CloseBrace = 125,
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z0-9_$.+-]+/y;
const SPECIAL_IN_STRING = /[\u0000-\u001f\\]/;
const hasOwn = Object.prototype.hasOwnProperty;
const VALUE_HINT = 'expected a value: a string in double quotes, a number, true, false, null, an object or an array';

class Parser {
  pos = 0;
  private depth = 0;
  private readonly len: number;

  constructor(private readonly text: string, private readonly lines: LineIndex) {
    this.len = text.length;
  }

  document(): unknown {
    const text = this.text;
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      throw new Failure('NUL byte in the file', nul,
        'the file is binary or not UTF-8 (UTF-16 has NUL bytes); save it as UTF-8 text');
    }
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // a UTF-8 byte order mark, as some Windows editors write
    this.ws();
    if (this.pos >= this.len) {
      throw new Failure('the file is empty', this.pos, 'a revision is one JSON object: {"id": ..., "parent": ..., "message": ..., "upgrade": [...]}');
    }
    const value = this.value();
    this.ws();
    if (this.pos < this.len) {
      throw new Failure(`unexpected ${this.describeAt(this.pos)} after the end of the JSON value`, this.pos,
        'a revision file holds exactly one JSON object; remove what follows it');
    }
    return value;
  }

  ws(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === C.Space || c === C.Newline || c === C.Return || c === C.Tab) pos++;
      else break;
    }
    this.pos = pos;
  }

  value(): unknown {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case C.OpenBrace: return this.object();
      case C.OpenBracket: return this.array();
      case C.Quote: return this.string();
      case 116 /* t */: return this.literal('true', true);
      case 102 /* f */: return this.literal('false', false);
      case 110 /* n */: return this.literal('null', null);
      default:
        if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) return this.number();
        return this.unexpectedValue();
    }
  }

  private unexpectedValue(): never {
    const pos = this.pos;
    const c = this.text.charCodeAt(pos);
    if (pos >= this.len) throw this.truncated();
    if (c === C.Apostrophe) throw new Failure('strings must be in double quotes', pos, 'write "..." instead of \'...\'');
    if (c === C.Slash) throw new Failure('comments are not allowed in JSON', pos, 'remove the comment, or write the revision as a .ts file');
    throw new Failure(`unexpected ${this.describeAt(pos)}`, pos, VALUE_HINT);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw new Failure(`nesting deeper than ${MAX_DEPTH} levels`, this.pos,
        'a revision never needs this; the file is probably generated wrong or corrupt');
    }
  }

  private object(): Record<string, unknown> {
    const text = this.text;
    const start = this.pos;
    this.enter();
    this.pos++;
    const obj: Record<string, unknown> = {};
    this.ws();
    if (text.charCodeAt(this.pos) === C.CloseBrace) {
      this.pos++;
      this.depth--;
      return obj;
    }
    for (;;) {
      const keyStart = this.pos;
      if (text.charCodeAt(keyStart) !== C.Quote) throw this.badKey(start);
      const key = this.string();
      if (hasOwn.call(obj, key)) {
        const first = this.lines.position(findKey(text, this.lines, start, key));
        throw new Failure(`duplicate key ${JSON.stringify(key)}`, keyStart,
          `it is already set at line ${first.line}:${first.column}; keep one of them`);
      }
      this.ws();
      if (text.charCodeAt(this.pos) !== C.Colon) {
        if (this.pos >= this.len) throw this.truncated('object', start);
        throw new Failure(`expected ":" after the property name ${JSON.stringify(key)}`, this.pos,
          `write ${JSON.stringify(key)}: <value>`);
      }
      this.pos++;
      this.ws();
      const value = this.value();
      // "__proto__" must become an own property (as with JSON.parse), not the prototype.
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      this.ws();
      const c = text.charCodeAt(this.pos);
      if (c === C.Comma) {
        const comma = this.pos;
        this.pos++;
        this.ws();
        if (text.charCodeAt(this.pos) === C.CloseBrace) {
          throw new Failure('trailing comma', comma, 'JSON allows no "," before "}"; remove it');
        }
        continue;
      }
      if (c === C.CloseBrace) {
        this.pos++;
        this.depth--;
        return obj;
      }
      if (this.pos >= this.len) throw this.truncated('object', start);
      throw new Failure(`expected "," or "}" after the value of ${JSON.stringify(key)}, found ${this.describeAt(this.pos)}`, this.pos,
        'is a "," missing?');
    }
  }

  private badKey(objectStart: number): Failure {
    const pos = this.pos;
    const c = this.text.charCodeAt(pos);
    if (pos >= this.len) return this.truncated('object', objectStart);
    if (c === C.Apostrophe) return new Failure('property names must be in double quotes', pos, 'write "name" instead of \'name\'');
    if (c === C.Slash) return new Failure('comments are not allowed in JSON', pos, 'remove the comment, or write the revision as a .ts file');
    WORD.lastIndex = pos;
    const word = WORD.exec(this.text);
    if (word) {
      return new Failure(`property name ${word[0]} must be in double quotes`, pos, `write ${JSON.stringify(word[0])}`);
    }
    return new Failure(`expected a property name in double quotes, found ${this.describeAt(pos)}`, pos);
  }

  private array(): unknown[] {
    const text = this.text;
    const start = this.pos;
    this.enter();
    this.pos++;
    const arr: unknown[] = [];
    this.ws();
    if (text.charCodeAt(this.pos) === C.CloseBracket) {
      this.pos++;
      this.depth--;
      return arr;
    }
    for (;;) {
      arr.push(this.value());
      this.ws();
      const c = text.charCodeAt(this.pos);
      if (c === C.Comma) {
        const comma = this.pos;
        this.pos++;
        this.ws();
        if (text.charCodeAt(this.pos) === C.CloseBracket) {
          throw new Failure('trailing comma', comma, 'JSON allows no "," before "]"; remove it');
        }
        continue;
      }
      if (c === C.CloseBracket) {
        this.pos++;
        this.depth--;
        return arr;
      }
      if (this.pos >= this.len) throw this.truncated('array', start);
      throw new Failure(`expected "," or "]" after an array item, found ${this.describeAt(this.pos)}`, this.pos,
        'is a "," missing?');
    }
  }

  string(): string {
    const text = this.text;
    const start = this.pos;
    // Fast path: most strings have no escapes and no control characters, and
    // indexOf plus one regex test are much faster than a loop per character.
    const end = text.indexOf('"', start + 1);
    if (end !== -1) {
      const s = text.slice(start + 1, end);
      if (!SPECIAL_IN_STRING.test(s)) {
        this.pos = end + 1;
        return s;
      }
    }
    let i = start + 1;
    let chunkStart = i;
    let out = '';
    for (;;) {
      if (i >= this.len) {
        throw new Failure('unterminated string', start, 'close it with a double quote (the file may be cut short)');
      }
      const c = text.charCodeAt(i);
      if (c === C.Quote) {
        this.pos = i + 1;
        return chunkStart === start + 1 ? text.slice(chunkStart, i) : out + text.slice(chunkStart, i);
      }
      if (c === C.Backslash) {
        out += text.slice(chunkStart, i);
        const [decoded, next] = this.escape(i);
        out += decoded;
        i = next;
        chunkStart = i;
        continue;
      }
      if (c < 0x20) {
        if (c === C.Newline || c === C.Return) {
          throw new Failure('line break inside a string', i, 'write \\n for a line break, or close the string with a double quote');
        }
        const hex = c.toString(16).padStart(4, '0');
        throw new Failure(`control character U+${hex.toUpperCase()} inside a string`, i, `write it as \\u${hex}`);
      }
      i++;
    }
  }

  /** Decodes the escape at `i` (the backslash); returns the text and the offset after it. */
  private escape(i: number): [string, number] {
    const text = this.text;
    const e = text.charCodeAt(i + 1);
    switch (e) {
      case C.Quote: return ['"', i + 2];
      case C.Backslash: return ['\\', i + 2];
      case C.Slash: return ['/', i + 2];
      case 98 /* b */: return ['\b', i + 2];
      case 102 /* f */: return ['\f', i + 2];
      case 110 /* n */: return ['\n', i + 2];
      case 114 /* r */: return ['\r', i + 2];
      case 116 /* t */: return ['\t', i + 2];
      case 117 /* u */: {
        const hex = text.slice(i + 2, i + 6);
        if (/^[0-9A-Fa-f]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), i + 6];
        throw new Failure(`invalid escape "\\u${hex.replace(/["\\\s].*$/s, '')}"`, i, 'a \\u escape takes exactly 4 hex digits, e.g. \\u00e9');
      }
      default:
        if (i + 1 >= this.len) throw new Failure('unterminated string', i, 'close it with a double quote (the file may be cut short)');
        throw new Failure(`invalid escape "\\${text[i + 1]}"`, i, 'valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; write \\\\ for a backslash');
    }
  }

  private number(): number {
    const text = this.text;
    const start = this.pos;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(text);
    const end = m ? start + m[0].length : start;
    const next = text.charCodeAt(end);
    // A number must end at a delimiter: "01", "1.", "1e", "-", "0x1F" are not JSON numbers.
    if (!m || (next >= C.Zero && next <= C.Nine) || next === C.Dot || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === C.Plus || next === C.Minus) {
      WORD.lastIndex = start;
      const token = WORD.exec(text)?.[0] ?? text[start]!;
      throw new Failure(`invalid number ${token}`, start,
        'JSON numbers have no leading zeros, no trailing dot, no hex, NaN or Infinity; write the value as a string if it is not a plain number');
    }
    this.pos = end;
    return Number(m[0]);
  }

  private literal<T>(word: string, value: T): T {
    const text = this.text;
    if (text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.unexpectedValue();
  }

  private truncated(what?: 'object' | 'array', openedAt?: number): Failure {
    if (what === undefined || openedAt === undefined) {
      return new Failure('unexpected end of file', this.len, 'the file is cut short: a value is missing');
    }
    const p = this.lines.position(openedAt);
    return new Failure('unexpected end of file', this.len,
      `the ${what} opened at line ${p.line}:${p.column} is never closed (the file may be cut short)`);
  }

  /** A short description of what is at `pos`, for "unexpected ..." messages. */
  private describeAt(pos: number): string {
    if (pos >= this.len) return 'end of file';
    WORD.lastIndex = pos;
    const word = WORD.exec(this.text);
    if (word) return JSON.stringify(word[0].length > 20 ? word[0].slice(0, 20) + '...' : word[0]);
    const ch = this.text.codePointAt(pos)!;
    if (ch > 0x7e || ch < 0x20) return `character U+${ch.toString(16).toUpperCase().padStart(4, '0')}`;
    return JSON.stringify(String.fromCodePoint(ch));
  }
}

/**
 * Offset of the first occurrence of `key` among the keys of the object that
 * opens at `objectStart`, which is valid JSON up to that key (it is only
 * called when the same key comes again).
 */
function findKey(text: string, lines: LineIndex, objectStart: number, key: string): number {
  const p = new Parser(text, lines);
  p.pos = objectStart + 1;
  for (;;) {
    p.ws();
    const keyStart = p.pos;
    if (p.string() === key) return keyStart;
    p.ws();
    p.pos++; // ':'
    p.ws();
    p.value();
    p.ws();
    p.pos++; // ','
  }
}

/**
 * Did JSON.parse drop a duplicate key, or is the value nested too deep?
 *
 * Counted, not scanned: every ':' in the text is either the colon of a
 * key/value pair or a character inside a string, and JSON.parse keeps all of
 * them except those of the pairs a later duplicate replaced (their colon, and
 * whatever their key and value held). So the text has exactly as many colons
 * as the parsed value has pairs plus colons in its strings, unless a key was
 * duplicated. The one way a string gets a ':' the text does not show is the
 * escape \u003a, so a text with any \u escape takes the scan below.
 * Counting is a native indexOf loop and a walk over the parsed value; the
 * character-by-character scan cost about as much as JSON.parse itself.
 */
function hasDuplicateKeysOrDeepNesting(text: string, value: unknown): boolean {
  if (text.indexOf('\\u') !== -1) return scanForDuplicateKeysOrDeepNesting(text);
  const counted = pairsAndColons(value, 0);
  return counted < 0 || counted !== colonsIn(text);
}

function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) n++;
  return n;
}

/** Key/value pairs plus ':' characters in the strings (keys included) of `value`; -1 when nested deeper than MAX_DEPTH. */
function pairsAndColons(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.indexOf(':') === -1 ? 0 : colonsIn(value);
  if (value === null || typeof value !== 'object') return 0;
  if (depth >= MAX_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const k = pairsAndColons(item, depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  for (const key in value) {
    const k = pairsAndColons((value as Record<string, unknown>)[key], depth + 1);
    if (k < 0) return -1;
    n += 1 + k + (key.indexOf(':') === -1 ? 0 : colonsIn(key));
  }
  return n;
}

/**
 * The same answer by scanning the text that JSON.parse accepted, building
 * nothing: for texts with \u escapes.
 */
function scanForDuplicateKeysOrDeepNesting(text: string): boolean {
  // keys[d] holds the keys seen so far in the object at depth d (null for an array).
  // Small objects use an array (cheaper than a Set for a handful of keys); a
  // large one (an insert row with hundreds of columns) switches to a Set.
  const keys: (string[] | Set<string> | null)[] = [null];
  let depth = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === C.Quote) {
      let end = text.indexOf('"', i + 1);
      while (text.charCodeAt(end - 1) === C.Backslash && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      const seen = keys[depth];
      if (seen) {
        // In an object, a string followed by ':' is a key.
        let j = end + 1;
        while (isWs(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === C.Colon) {
          const raw = text.slice(i + 1, end);
          const key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(i, end + 1)) as string);
          if (Array.isArray(seen)) {
            if (seen.includes(key)) return true;
            seen.push(key);
            if (seen.length > 16) keys[depth] = new Set(seen);
          } else {
            if (seen.has(key)) return true;
            seen.add(key);
          }
          i = j + 1;
          continue;
        }
      }
      i = end + 1;
    } else if (c === C.OpenBrace || c === C.OpenBracket) {
      if (++depth > MAX_DEPTH) return true;
      keys[depth] = c === C.OpenBrace ? [] : null;
      i++;
    } else if (c === C.CloseBrace || c === C.CloseBracket) {
      keys[depth--] = null;
      i++;
    } else {
      i++;
    }
  }
  return false;
}

/** Is the quote at `end` escaped (preceded by an odd number of backslashes)? */
function isEscaped(text: string, end: number): boolean {
  let n = 0;
  for (let k = end - 1; text.charCodeAt(k) === C.Backslash; k--) n++;
  return n % 2 === 1;
}

function isWs(c: number): boolean {
  return c === C.Space || c === C.Newline || c === C.Return || c === C.Tab;
}

// ---------------------------------------------------------------------------
// Source map: positions of values and keys, indexed on first use.

export class JsonSourceMap implements SourceMap {
  /** Array start offset -> where its items start, as far as a locate has scanned it. */
  private readonly items = new Map<number, number[]>();

  constructor(private readonly text: string, private readonly lines: LineIndex) {}

  locate(path: JsonPath): SourcePosition {
    return this.lines.position(new PathScanner(this.text, this.items).find(path).start);
  }

  locateKey(path: JsonPath): SourcePosition {
    const { start, keyStart, exact } = new PathScanner(this.text, this.items).find(path);
    return this.lines.position(exact && keyStart >= 0 ? keyStart : start);
  }
}

/**
 * Follows a path through text already known to be valid JSON (and free of
 * duplicate keys), skipping every value off the path: nothing is built but
 * the start offsets of array items it passes (so the next locate in the same
 * array, `upgrade[4]` after `upgrade[3]`, starts at its item). A tree of
 * every value's position, built on the first locate, held 68 MB for the
 * 10,000 files of a chain an audit reports on.
 */
class PathScanner {
  private pos = 0;

  constructor(private readonly text: string, private readonly items: Map<number, number[]>) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.ws();
  }

  find(path: JsonPath): { start: number; keyStart: number; exact: boolean } {
    const text = this.text;
    let start = this.pos;
    let keyStart = -1;
    for (const seg of path) {
      const c = text.charCodeAt(this.pos);
      let found = false;
      if (typeof seg === 'number' && c === C.OpenBracket) {
        let starts = this.items.get(this.pos);
        if (!starts) this.items.set(this.pos, (starts = []));
        if (seg < starts.length) {
          this.pos = starts[seg]!;
          found = true;
        } else {
          if (starts.length === 0) {
            this.pos++;
            this.ws();
            if (text.charCodeAt(this.pos) !== C.CloseBracket) starts.push(this.pos);
          } else {
            this.pos = starts[starts.length - 1]!;
          }
          // pos is at item starts.length - 1 (or at the closing bracket of an empty array).
          while (starts.length > 0 && starts.length - 1 < seg && text.charCodeAt(this.pos) !== C.CloseBracket) {
            this.skipValue();
            this.next();
            if (text.charCodeAt(this.pos) === C.CloseBracket) break;
            starts.push(this.pos);
          }
          found = seg < starts.length;
          if (found) this.pos = starts[seg]!;
        }
        if (found) { start = this.pos; keyStart = -1; }
      } else if (typeof seg === 'string' && c === C.OpenBrace) {
        this.pos++;
        this.ws();
        while (text.charCodeAt(this.pos) !== C.CloseBrace) {
          const k = this.pos;
          const key = this.string();
          this.ws();
          this.pos++; // ':'
          this.ws();
          if (key === seg) { found = true; start = this.pos; keyStart = k; break; }
          this.skipValue();
          this.next();
        }
      }
      if (!found) return { start, keyStart, exact: false };
    }
    return { start, keyStart, exact: true };
  }

  private ws(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === C.Space || c === C.Newline || c === C.Return || c === C.Tab) this.pos++;
      else return;
    }
  }

  /** Past the value's trailing comma (if any) and whitespace. */
  private next(): void {
    this.ws();
    if (this.text.charCodeAt(this.pos) === C.Comma) { this.pos++; this.ws(); }
  }

  private skipValue(): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === C.Quote) { this.skipString(); return; }
    if (c === C.OpenBrace || c === C.OpenBracket) {
      let depth = 0;
      for (;;) {
        const d = text.charCodeAt(this.pos);
        if (d === C.Quote) { this.skipString(); continue; }
        this.pos++;
        if (d === C.OpenBrace || d === C.OpenBracket) depth++;
        else if ((d === C.CloseBrace || d === C.CloseBracket) && --depth === 0) return;
      }
    }
    // Number or literal: runs to the next delimiter.
    let i = this.pos;
    for (;;) {
      const d = text.charCodeAt(i);
      if (i >= text.length || d === C.Comma || d === C.CloseBrace || d === C.CloseBracket
        || d === C.Space || d === C.Newline || d === C.Return || d === C.Tab) break;
      i++;
    }
    this.pos = i;
  }

  private skipString(): void {
    const text = this.text;
    let end = text.indexOf('"', this.pos + 1);
    while (text.charCodeAt(end - 1) === C.Backslash && isEscaped(text, end)) end = text.indexOf('"', end + 1);
    this.pos = end + 1;
  }

  private string(): string {
    const text = this.text;
    const start = this.pos;
    this.skipString();
    const raw = text.slice(start + 1, this.pos - 1);
    return raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(start, this.pos)) as string);
  }
}
