/**
 * Minimal SQL expression handling for the model: find and rename an
 * identifier in CHECK / index / WHERE text, skipping string literals and
 * comments. Servers rewrite these expressions when a column is renamed
 * (they store parsed trees), so the model must too, or a later SQLite table
 * rebuild would write the old name.
 */

function isIdentStart(c: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

type Token = { kind: 'ident' | 'quoted' | 'other'; text: string; value: string };

function tokens(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === "'") {
      let j = i + 1;
      while (j < expr.length) { if (expr[j] === "'") { if (expr[j + 1] === "'") { j += 2; continue; } break; } j++; }
      out.push({ kind: 'other', text: expr.slice(i, j + 1), value: '' });
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < expr.length) { if (expr[j] === '"') { if (expr[j + 1] === '"') { j += 2; continue; } break; } j++; }
      const text = expr.slice(i, j + 1);
      out.push({ kind: 'quoted', text, value: text.slice(1, -1).replace(/""/g, '"') });
      i = j + 1;
    } else if (c === '-' && expr[i + 1] === '-') {
      const j = expr.indexOf('\n', i);
      const end = j < 0 ? expr.length : j;
      out.push({ kind: 'other', text: expr.slice(i, end), value: '' });
      i = end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < expr.length && isIdentPart(expr[j]!)) j++;
      const text = expr.slice(i, j);
      out.push({ kind: 'ident', text, value: text });
      i = j;
    } else {
      out.push({ kind: 'other', text: c, value: '' });
      i++;
    }
  }
  return out;
}

/** Unquoted identifiers fold case; quoted ones match exactly. */
function matches(t: Token, name: string): boolean {
  if (t.kind === 'quoted') return t.value === name;
  if (t.kind === 'ident') return t.value.toLowerCase() === name.toLowerCase();
  return false;
}

export function mentionsIdentifier(expr: string, name: string): boolean {
  return tokens(expr).some((t) => matches(t, name));
}

/**
 * The new name is always written quoted: a quoted identifier means exactly
 * that name on every engine, whereas bare, PostgreSQL would fold `MixedCase`
 * to `mixedcase` and a keyword such as `select` would not parse (the text is
 * written again by SQLite table rebuilds and by derived downgrades).
 */
export function renameIdentifier(expr: string, from: string, to: string): string {
  const quoted = `"${to.replace(/"/g, '""')}"`;
  return tokens(expr)
    .map((t) => (matches(t, from) ? quoted : t.text))
    .join('');
}
