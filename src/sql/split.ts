/**
 * Splitting a text into statements at semicolons, the way each dialect's
 * own client does: psql does not end a statement at a `;` inside
 * parentheses (CREATE RULE ... DO (a; b)) nor inside a `BEGIN ATOMIC ... END`
 * function body (PostgreSQL 14+); sqlite3_complete() does not end one inside
 * `CREATE TRIGGER ... BEGIN ... END`. A `CASE ... END` inside such a body
 * does not close it. psql's `COPY ... FROM STDIN;` is followed by data up to
 * a line `\.`, which is skipped.
 */
import { isPunct, isWord, type Token } from './lexer.js';

export interface SplitRules {
  /** psql keeps `;` inside parentheses in the statement; SQLite does not. */
  readonly semicolonInParens: boolean;
  /** Does this statement (its first tokens) open a block that `;` does not end, at this token? */
  readonly blockOpens: (head: readonly Token[], t: Token, next: Token | undefined) => boolean;
  /** psql's inline COPY data. */
  readonly copyFromStdin: boolean;
}

export interface Piece {
  /** Offset of the first token. */
  readonly start: number;
  /** End of the last token before the terminating `;` (exclusive). */
  readonly end: number;
  readonly tokens: readonly Token[];
  /** End of the terminating `;`, when there is one. */
  readonly terminatorEnd?: number;
}

const createsRoutine = (head: readonly Token[]): boolean => {
  // CREATE [OR REPLACE] FUNCTION|PROCEDURE
  let i = 0;
  if (!isWord(head[i], 'CREATE')) return false;
  i++;
  if (isWord(head[i], 'OR') && isWord(head[i + 1], 'REPLACE')) i += 2;
  return isWord(head[i], 'FUNCTION', 'PROCEDURE');
};

const createsTrigger = (head: readonly Token[]): boolean => {
  // CREATE [TEMP|TEMPORARY] TRIGGER
  let i = 0;
  if (!isWord(head[i], 'CREATE')) return false;
  i++;
  if (isWord(head[i], 'TEMP', 'TEMPORARY')) i++;
  return isWord(head[i], 'TRIGGER');
};

/** https://www.postgresql.org/docs/current/sql-createfunction.html (sql_body) */
export const postgresqlSplit: SplitRules = {
  semicolonInParens: true,
  blockOpens: (head, t, next) => isWord(t, 'BEGIN') && isWord(next, 'ATOMIC') && createsRoutine(head),
  copyFromStdin: true,
};

/** https://www.sqlite.org/lang_createtrigger.html */
export const sqliteSplit: SplitRules = {
  semicolonInParens: false,
  blockOpens: (head, t) => isWord(t, 'BEGIN') && createsTrigger(head),
  copyFromStdin: false,
};

function isCopyFromStdin(tokens: readonly Token[]): boolean {
  if (!isWord(tokens[0], 'COPY')) return false;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (isWord(tokens[i], 'FROM') && isWord(tokens[i + 1], 'STDIN')) return true;
  }
  return false;
}

/**
 * Statements of a tokenized text. Empty statements (`;;`) are dropped.
 * `text` is needed only to skip COPY data.
 */
export function splitStatements(text: string, tokens: readonly Token[], rules: SplitRules): Piece[] {
  const pieces: Piece[] = [];
  let current: Token[] = [];
  let parens = 0;
  let block = 0;
  let skipUntil = -1;
  const finish = (terminator?: Token) => {
    if (current.length > 0) {
      pieces.push({
        start: current[0]!.start, end: current[current.length - 1]!.end, tokens: current,
        ...(terminator ? { terminatorEnd: terminator.end } : {}),
      });
    }
    current = [];
    parens = 0;
    block = 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.start < skipUntil) continue;
    if (isPunct(t, ';') && block === 0 && (parens <= 0 || !rules.semicolonInParens)) {
      const copy = rules.copyFromStdin && isCopyFromStdin(current);
      finish(t);
      if (copy) {
        // Data lines follow, up to a line that is exactly `\.`.
        const m = /^\\\.\r?$/m.exec(text.slice(t.end));
        skipUntil = m ? t.end + m.index + m[0].length : text.length;
      }
      continue;
    }
    if (isPunct(t, '(')) parens++;
    else if (isPunct(t, ')')) parens--;
    else if (block === 0 && rules.blockOpens(current, t, tokens[i + 1])) block = 1;
    else if (block > 0 && isWord(t, 'CASE')) block++;
    else if (block > 0 && isWord(t, 'END')) block--;
    current.push(t);
  }
  finish();
  return pieces;
}
