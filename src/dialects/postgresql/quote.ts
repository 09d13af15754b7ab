/**
 * The one place PostgreSQL identifiers and literals are quoted.
 */
import { ModelError } from '../../errors.js';
import type { RowLiteral } from '../../ops/types.js';
import { isQuotedKeyword } from './keywords.js';
import { memoQuote } from '../memo-quote.js';

/**
 * A name the lexer reads back unchanged without quotes: it starts with a
 * lower-case letter or `_` and goes on with lower-case letters, digits, `_`
 * or `$` (unquoted names are folded to lower case, so anything else needs
 * quotes). https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */
const BARE = /^[a-z_][a-z0-9_$]*$/;

/**
 * Quote an identifier when it needs it, like the server's quote_ident():
 * double quotes, with `"` doubled inside.
 */
export const quoteIdent = memoQuote(quoteIdentOnce);

function quoteIdentOnce(name: string): string {
  if (name.includes('\u0000')) throw new ModelError('PostgreSQL identifiers cannot contain NUL', 'remove the NUL character from the name');
  // A zero-length delimited identifier ("") is a syntax error.
  if (name === '') throw new ModelError('PostgreSQL identifiers cannot be empty', 'give the object a name');
  if (BARE.test(name) && !isQuotedKeyword(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A literal. Strings use the standard form '...' with `'` doubled. A string
 * with a backslash is written as an escape string E'...' with `\` doubled
 * too, as PostgreSQL's own quote_literal does: a plain '...' would let a
 * backslash escape the closing quote on a server (or database, or role)
 * with standard_conforming_strings off, and E'' reads the same either way.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS-ESCAPE
 */
export function quoteLiteral(value: RowLiteral): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new ModelError(`cannot write ${value} as a SQL literal`, 'use a finite number');
      // String() gives "1e+21" for large values: also a valid numeric constant.
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      // text values cannot hold NUL: https://www.postgresql.org/docs/current/datatype-character.html
      if (value.includes('\u0000')) throw new ModelError('PostgreSQL strings cannot contain NUL', 'remove the NUL character from the value');
      if (value.includes('\\')) return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
      return `'${value.replace(/'/g, "''")}'`;
    default:
      throw new ModelError(`cannot write a ${typeof value} as a SQL literal`, 'use a string, number, boolean or null');
  }
}
