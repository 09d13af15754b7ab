/**
 * Real SQLite (sql.js, WASM) is the only judge of SQLite syntax. Each
 * statement is prepared, never run, in a scratch in-memory database that has
 * the schema of the text's earlier DDL (which is run there: tables are
 * empty, so it is cheap). sqlite3_prepare reports grammar errors as
 * `near "X": syntax error`, `incomplete input` or `unrecognized token`;
 * anything else ("no such table", "already exists") is about the schema, not
 * syntax, and is not reported. Because SQLite stops at the first error of
 * either kind, a statement refused for a schema reason is prepared again in
 * a fresh database with stub tables for the names it misses, so a syntax
 * error after an unknown table is still found.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { Token } from './lexer.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js is loaded on first use only. */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js').then((m) => m.default());
  return sqlJs;
}

const SYNTAX = /syntax error|incomplete input|unrecognized token/;

export type Verdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'syntax'; readonly message: string; readonly offset: number }
  /** SQLite refused it for a reason that is not syntax; its syntax is not known to be wrong. */
  | { readonly kind: 'schema'; readonly message: string };

function prepareError(db: Database, sql: string): string | undefined {
  try {
    for (const st of db.iterateStatements(sql)) st.free();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function quote(name: string): string {
  return `"${name.split('"').join('""')}"`;
}

export class SqliteJudge {
  private constructor(private readonly SQL: SqlJsStatic, private readonly scratch: Database) {}

  static async open(): Promise<SqliteJudge> {
    const SQL = await loadSqlJs();
    return new SqliteJudge(SQL, new SQL.Database());
  }

  close(): void {
    this.scratch.close();
  }

  /**
   * Judge one statement: `text` is the whole text, `tokens` the statement's
   * tokens (offsets into `text`).
   */
  judge(text: string, tokens: readonly Token[]): Verdict {
    const start = tokens[0]!.start;
    const end = tokens[tokens.length - 1]!.end;
    const sql = text.slice(start, end);
    const first = prepareError(this.scratch, sql);
    if (first === undefined) return { kind: 'ok' };
    if (SYNTAX.test(first)) return this.syntaxError(this.scratch, first, text, tokens);
    return this.withStubs(first, text, tokens);
  }

  /** Run an accepted schema statement in the scratch database, so later statements see its schema. */
  apply(sql: string): void {
    try {
      this.scratch.run(sql);
    } catch {
      // It was accepted by prepare; a run-time refusal changes nothing for syntax.
    }
  }

  private withStubs(firstMessage: string, text: string, tokens: readonly Token[]): Verdict {
    const sql = text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
    const tables = new Map<string, Set<string>>();
    let message = firstMessage;
    for (let round = 0; round < 8; round++) {
      const missingTable = /no such table: (?:[^.\s]+\.)?(.+)$/.exec(message);
      const missingColumn = /no such column: (?:.*\.)?(.+)$/.exec(message);
      if (missingTable) {
        if (tables.has(missingTable[1]!)) break;
        tables.set(missingTable[1]!, new Set());
      } else if (missingColumn && tables.size > 0) {
        for (const cols of tables.values()) cols.add(missingColumn[1]!);
      } else if (round > 0 || !/already exists/.test(message)) {
        break;
      }
      const db = new this.SQL.Database();
      try {
        for (const [t, cols] of tables) db.run(`CREATE TABLE ${quote(t)} (${[...cols, '_sqlrev_stub'].map(quote).join(', ')})`);
        const err = prepareError(db, sql);
        if (err === undefined) return { kind: 'ok' };
        if (SYNTAX.test(err)) return this.syntaxError(db, err, text, tokens);
        message = err;
      } finally {
        db.close();
      }
    }
    return { kind: 'schema', message };
  }

  /**
   * Where the error is: SQLite gives no offset, so find the shortest prefix
   * of the statement (in whole tokens) that is already an error rather than
   * `incomplete input`. Prefixes before the bad token are viable, every
   * prefix through it fails the same way, so a binary search finds it.
   */
  private syntaxError(db: Database, message: string, text: string, tokens: readonly Token[]): Verdict {
    const start = tokens[0]!.start;
    const end = tokens[tokens.length - 1]!.end;
    if (/incomplete input/.test(message)) return { kind: 'syntax', message, offset: end };
    const fails = (k: number): boolean => {
      const err = prepareError(db, text.slice(start, tokens[k - 1]!.end));
      return err !== undefined && SYNTAX.test(err) && !/incomplete input/.test(err);
    };
    let lo = 1;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (fails(mid)) hi = mid;
      else lo = mid + 1;
    }
    return { kind: 'syntax', message, offset: tokens[lo - 1]!.start };
  }
}
