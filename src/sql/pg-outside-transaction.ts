/**
 * Which PostgreSQL statements the server refuses inside a transaction block
 * ("cannot run inside a transaction block"), read from their tokens.
 *
 * Why tokens: the renderer must know, because such a statement in a raw
 * `sql` op has to go outside the BEGIN/COMMIT sqlrev wraps a revision in
 * (inside, the script fails there), and rendering must not load
 * libpg-query's WASM to find out. The auditor's answer from the parse tree
 * (pg-classify.ts, `outsideTransaction`) is the reference: a test holds the
 * two together statement by statement.
 *
 * The statements, from each command's page of the PostgreSQL documentation:
 * VACUUM (not ANALYZE), CREATE/DROP DATABASE, CREATE/DROP TABLESPACE,
 * ALTER SYSTEM, CREATE SUBSCRIPTION, CLUSTER without a table, REINDEX
 * SCHEMA/DATABASE/SYSTEM, and the CONCURRENTLY forms of CREATE INDEX,
 * DROP INDEX, REINDEX and ALTER TABLE ... DETACH PARTITION (REFRESH
 * MATERIALIZED VIEW CONCURRENTLY may run in a transaction).
 */
import { isPunct, isWord, tokenize, type Token } from './lexer.js';
import { postgresqlLex } from './lex-rules.js';
import { postgresqlSplit, splitStatements } from './split.js';

/** Every statement above has one of these words; most raw SQL has none, and is not tokenized. */
const MAYBE = /vacuum|database|tablespace|system|subscription|cluster|schema|concurrently/i;

/** Does `text` (one or more statements) hold a statement that cannot run inside a transaction block? */
export function holdsStatementOutsideTransaction(text: string): boolean {
  if (!MAYBE.test(text)) return false;
  const { tokens } = tokenize(text, postgresqlLex);
  return splitStatements(text, tokens, postgresqlSplit).some((p) => isOutsideTransaction(p.tokens));
}

/** One statement's tokens (comments are not tokens; strings and quoted names are not words). */
export function isOutsideTransaction(t: readonly Token[]): boolean {
  const [a, b] = t;
  if (isWord(a, 'VACUUM')) return true;
  if (isWord(a, 'CREATE', 'DROP') && isWord(b, 'DATABASE', 'TABLESPACE')) return true;
  if (isWord(a, 'ALTER') && isWord(b, 'SYSTEM')) return true;
  if (isWord(a, 'CREATE') && isWord(b, 'SUBSCRIPTION')) return true;
  // CLUSTER [ (options) ] [VERBOSE] alone (every table clustered before); CLUSTER t [USING ix] runs in a transaction.
  if (isWord(a, 'CLUSTER')) {
    const i = afterOptions(t, 1);
    return i + (isWord(t[i], 'VERBOSE') ? 1 : 0) === t.length;
  }
  if (isWord(a, 'CREATE')) {
    const i = isWord(b, 'UNIQUE') ? 2 : 1;
    return isWord(t[i], 'INDEX') && isWord(t[i + 1], 'CONCURRENTLY');
  }
  if (isWord(a, 'DROP')) return isWord(b, 'INDEX') && isWord(t[2], 'CONCURRENTLY');
  // CONCURRENTLY is a reserved word: unquoted, it is the option, in the parenthesised list or after the kind.
  if (isWord(a, 'REINDEX')) return isWord(t[afterOptions(t, 1)], 'SCHEMA', 'DATABASE', 'SYSTEM') || t.some((x) => isWord(x, 'CONCURRENTLY'));
  if (isWord(a, 'ALTER') && isWord(b, 'TABLE')) {
    const detach = t.findIndex((x, i) => isWord(x, 'DETACH') && isWord(t[i + 1], 'PARTITION'));
    return detach >= 0 && t.slice(detach + 2).some((x) => isWord(x, 'CONCURRENTLY'));
  }
  return false;
}

/** The index after a parenthesised option list starting at `i` (`REINDEX (VERBOSE) ...`), or `i` when there is none. */
function afterOptions(t: readonly Token[], i: number): number {
  if (!isPunct(t[i], '(')) return i;
  for (let depth = 0; i < t.length; i++) {
    if (isPunct(t[i], '(')) depth++;
    else if (isPunct(t[i], ')') && --depth === 0) return i + 1;
  }
  return i;
}
