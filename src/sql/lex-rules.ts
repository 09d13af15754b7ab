/**
 * The lexical rules of each dialect, as data for the tokenizer and splitter.
 */
import type { LexRules } from './lexer.js';

/** https://www.postgresql.org/docs/current/sql-syntax-lexical.html */
export const postgresqlLex: LexRules = {
  nestedBlockComments: true,
  dollarQuotes: true,
  escapeStrings: true,
  bracketIdentifiers: false,
  backtickIdentifiers: false,
  paramPrefixes: '$',
  dollarInIdentifiers: true,
};

/** https://www.sqlite.org/lang_keywords.html and https://www.sqlite.org/lang_expr.html#varparam */
export const sqliteLex: LexRules = {
  nestedBlockComments: false,
  dollarQuotes: false,
  escapeStrings: false,
  bracketIdentifiers: true,
  backtickIdentifiers: true,
  paramPrefixes: '?:@$',
  dollarInIdentifiers: true,
};
