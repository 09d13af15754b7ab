/**
 * Where a character of a string value sits in the file it was written in.
 * A statement at offset 120 of a `sql` op's text is not at offset 120 after
 * the opening quote: every escape (`\n`, `\"`, `\u00e9`) is several source
 * characters for one character of the value. This walks the literal once,
 * decoding as it goes. It reads JSON strings and the JavaScript string forms
 * a TS revision may use ('...', "...", `...` without interpolation).
 */

const HEX = /^[0-9a-fA-F]+$/;

/**
 * The offset in `text` of character `index` of the string literal whose
 * opening quote is at `quoteOffset`, or undefined when there is no plain
 * string literal there (an identifier, a template with `${}`).
 */
export function offsetInLiteral(text: string, quoteOffset: number, index: number): number | undefined {
  const quote = text[quoteOffset];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  let pos = quoteOffset + 1;
  let decoded = 0;
  while (pos < text.length) {
    if (decoded >= index) return pos;
    const c = text[pos]!;
    if (c === quote) return decoded === index ? pos : undefined;
    if (quote === '`' && c === '$' && text[pos + 1] === '{') return undefined;
    if (c !== '\\') {
      // A character outside the BMP is two UTF-16 units in both the value and the text.
      pos++;
      decoded++;
      continue;
    }
    const e = text[pos + 1];
    if (e === 'u') {
      if (text[pos + 2] === '{') {
        const close = text.indexOf('}', pos + 3);
        const hex = text.slice(pos + 3, close);
        if (close < 0 || !HEX.test(hex)) return undefined;
        pos = close + 1;
        decoded += Number.parseInt(hex, 16) > 0xffff ? 2 : 1;
      } else {
        pos += 6;
        decoded++;
      }
    } else if (e === 'x') {
      pos += 4;
      decoded++;
    } else if (e === '\r' && text[pos + 2] === '\n') {
      // A line continuation adds nothing to the value.
      pos += 3;
    } else if (e === '\n' || e === '\r' || e === '\u2028' || e === '\u2029') {
      pos += 2;
    } else {
      pos += 2;
      decoded++;
    }
  }
  return undefined;
}
