/**
 * Quoting, the one place SQLite text is made safe.
 * https://www.sqlite.org/lang_keywords.html: identifiers go in double quotes,
 * a `"` inside is written twice; literals go in single quotes, a `'` inside is
 * written twice. SQLite has no backslash escapes, so nothing else needs care.
 */
import { ModelError } from '../../errors.js';
import type { RowLiteral } from '../../ops/types.js';
import { isSqliteKeyword } from './keywords.js';
import { memoQuote } from '../memo-quote.js';

const BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quote an identifier when it is not a plain word or is a keyword; a `"` inside is always doubled. */
export const quoteIdent = memoQuote(quoteIdentOnce);

function quoteIdentOnce(name: string): string {
  if (name.includes('\u0000')) {
    // The C API reads SQL text up to the first NUL, so such a name cannot be written at all.
    throw new ModelError(`identifier ${JSON.stringify(name)} contains a NUL character, which SQLite cannot accept`, 'rename it');
  }
  if (name === '') throw new ModelError('an identifier cannot be empty');
  if (BARE.test(name) && !isSqliteKeyword(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL literal: text in single quotes, booleans as 1/0 (SQLite has no boolean storage class), NULL. */
export function quoteLiteral(value: RowLiteral): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      // https://www.sqlite.org/datatype3.html#boolean_datatype: booleans are stored as 0 and 1.
      return value ? '1' : '0';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ModelError(`${value} is not a number SQLite can store as a literal`, 'use a finite number or null');
      }
      // Number#toString gives digits, an optional fraction and an optional e+NN exponent:
      // all valid SQLite numeric literals (https://www.sqlite.org/syntax/numeric-literal.html).
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      if (value.includes('\u0000')) {
        throw new ModelError('a text value contains a NUL character, which SQLite SQL text cannot carry', 'remove it, or insert the value as a blob with a `sql` op');
      }
      return `'${value.replaceAll("'", "''")}'`;
    default:
      throw new ModelError(`cannot write ${typeof value} as an SQLite literal`);
  }
}
