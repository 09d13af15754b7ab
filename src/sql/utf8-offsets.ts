/**
 * libpg_query reports statement and node locations as byte offsets into the
 * UTF-8 encoding of the query, and error cursors as character (code point)
 * positions (PostgreSQL's scanner_errposition counts with pg_mbstrlen_with_len).
 * sqlrev's locations are JavaScript string offsets (UTF-16 code units, what
 * editors and SARIF count in), so both are converted here.
 */

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Maps UTF-8 byte offsets of `text` to string offsets. */
export class Utf8Offsets {
  private readonly map: Uint32Array;

  constructor(text: string) {
    let bytes = 0;
    for (const ch of text) bytes += utf8Length(ch.codePointAt(0)!);
    const map = new Uint32Array(bytes + 1);
    let b = 0;
    let u = 0;
    for (const ch of text) {
      const len = utf8Length(ch.codePointAt(0)!);
      // A byte inside a character maps to the character's start.
      for (let k = 0; k < len; k++) map[b + k] = u;
      b += len;
      u += ch.length;
    }
    map[b] = u;
    this.map = map;
  }

  /** The string offset of a byte offset (clamped to the text). */
  toChar(byteOffset: number): number {
    if (byteOffset <= 0) return 0;
    if (byteOffset >= this.map.length) return this.map[this.map.length - 1]!;
    return this.map[byteOffset]!;
  }
}

/** The string offset of the code point at index `codePoints` of `text`. */
export function codePointsToChar(text: string, codePoints: number): number {
  let u = 0;
  let k = 0;
  for (const ch of text) {
    if (k >= codePoints) return u;
    u += ch.length;
    k++;
  }
  return u;
}

/** UTF-8 byte length of a string. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8Length(ch.codePointAt(0)!);
  return n;
}
