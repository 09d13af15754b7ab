/**
 * Text that goes into `--` comments comes from users (table names, messages).
 * A newline there would end the comment and turn the rest into SQL, so
 * control characters are shown escaped instead.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function commentSafe(text: string): string {
  if (!CONTROL.test(text)) return text;
  // C1 controls too (U+0080-U+009F): U+009B is CSI to some terminals, and this text is also printed there.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}
