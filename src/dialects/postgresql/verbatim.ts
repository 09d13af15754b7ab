/**
 * User SQL placed verbatim inside rendered statements (defaults, CHECK and
 * index expressions, WHERE, USING, raw `sql` ops). One hazard is ours to
 * handle: text that ends inside a `--` comment would comment out whatever we
 * write after it on the same line (`DEFAULT now() -- x NOT NULL` silently
 * loses NOT NULL; a raw statement would swallow the `;` after it). Such text
 * gets a line break after it.
 */

/** Whether `sql` ends inside a `--` comment, read with PostgreSQL's lexical rules. */
export function endsInLineComment(sql: string): boolean {
  // https://www.postgresql.org/docs/current/sql-syntax-lexical.html
  let i = 0;
  const n = sql.length;
  const identChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      if (eol < 0) return true;
      i = eol + 1;
    } else if (c === '/' && next === '*') {
      // Block comments nest.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; } else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; } else i++;
      }
    } else if (c === "'") {
      // E'...' strings take backslash escapes; standard strings only double the quote.
      const escapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !identChar(sql[i - 2]);
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') { i += 2; continue; }
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") { i += 2; continue; }
          break;
        }
        i++;
      }
      i++;
    } else if (c === '"') {
      i++;
      while (i < n && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
    } else if (c === '$' && !identChar(sql[i - 1])) {
      // $tag$ ... $tag$ (a tag does not start with a digit: $1 is a parameter).
      const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i));
      if (!m) { i++; continue; }
      const end = sql.indexOf(m[0], i + m[0].length);
      if (end < 0) return false;
      i = end + m[0].length;
    } else {
      i++;
    }
  }
  return false;
}

/** The text as given, plus a line break when it ends inside a `--` comment. */
export function verbatim(sql: string): string {
  return endsInLineComment(sql) ? `${sql}\n` : sql;
}
