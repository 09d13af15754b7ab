/**
 * Column defaults. https://www.sqlite.org/lang_createtable.html#dfltval: a
 * default is a literal, a signed number, CURRENT_TIME / CURRENT_DATE /
 * CURRENT_TIMESTAMP, or "a constant expression in parentheses"; anything else
 * given as `{"sql": ...}` is therefore wrapped in parentheses.
 */
import type { ColumnModel, DefaultValue } from '../../model/types.js';
import { quoteLiteral } from './quote.js';

const CURRENT = /^CURRENT_(?:TIME|DATE|TIMESTAMP)$/i;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^[+-]?0[xX][0-9A-Fa-f]+$/;
const STRING = /^'(?:[^']|'')*'$/;
const BLOB = /^[xX]'(?:[0-9A-Fa-f]{2})*'$/;
const KEYWORD_LITERAL = /^(?:NULL|TRUE|FALSE)$/i;

/** A literal value: a (signed) number, a string, a blob, NULL, TRUE or FALSE. */
export function isLiteral(expr: string): boolean {
  return NUMBER.test(expr) || HEX.test(expr) || STRING.test(expr) || BLOB.test(expr) || KEYWORD_LITERAL.test(expr);
}

/** Whether SQLite takes the text as a default without (more) parentheses. */
export function isBareDefault(expr: string): boolean {
  return CURRENT.test(expr) || isLiteral(expr) || isParenthesised(expr);
}

/** True when the whole text is one parenthesised group: `(a + b)`, not `(a) + (b)`. */
export function isParenthesised(expr: string): boolean {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      if (ch === quote) quote = undefined; // a doubled quote just closes and reopens
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0 && i !== expr.length - 1) return false;
    }
  }
  return depth === 0 && quote === undefined;
}

/** CURRENT_TIME, CURRENT_DATE or CURRENT_TIMESTAMP (ADD COLUMN refuses them on a non-empty table). */
export function isCurrentKeyword(value: DefaultValue): boolean {
  return typeof value === 'object' && CURRENT.test(value.sql.trim());
}

/** The text after DEFAULT. */
export function defaultSql(value: DefaultValue, _column?: ColumnModel): string {
  if (typeof value === 'object') {
    const expr = value.sql.trim();
    return isBareDefault(expr) ? expr : `(${expr})`;
  }
  return quoteLiteral(value);
}
