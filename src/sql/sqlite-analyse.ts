/**
 * SQLite raw SQL: split as sqlite3_complete() would (triggers keep their
 * `;`s), each statement judged by real SQLite (sqlite-judge.ts), its kind
 * read from its leading keywords, its DDL read into ops.
 *
 * node-sql-parser is not used here: its SQLite grammar (5.4) rejects much
 * valid SQLite DDL (`DROP INDEX ix`, `DOUBLE PRECISION`, a named column
 * constraint `CONSTRAINT fk REFERENCES t(id)`, `INSERT ... ON CONFLICT`,
 * `BEGIN`, `PRAGMA`), so it could neither judge syntax nor give structure
 * for them. Structure comes from SQLite's documented grammar instead,
 * applied only to statements SQLite accepted.
 */
import { bookkeepingNames, isBookkeeping } from './bookkeeping.js';
import type { StatementDraft, SyntaxErrorDraft } from './draft.js';
import { tokenize, type Lexed } from './lexer.js';
import { sqliteLex } from './lex-rules.js';
import { classifySqlite, sqliteTargetTable } from './sqlite-classify.js';
import { SqliteJudge } from './sqlite-judge.js';
import { translateSqlite, type SqliteTranslateState } from './sqlite-to-ops.js';
import { splitStatements, sqliteSplit } from './split.js';
import { BOOKKEEPING_KIND } from './types.js';

export interface SqliteAnalysisParts {
  readonly lexed: Lexed;
  readonly drafts: StatementDraft[];
  readonly errors: SyntaxErrorDraft[];
}

/** Statements that change the schema; run in the scratch database once accepted. */
const SCHEMA_KINDS = new Set([
  'CreateTableStmt', 'CreateIndexStmt', 'CreateViewStmt', 'CreateTriggerStmt', 'CreateVirtualTableStmt',
  'AlterTableStmt', 'DropTableStmt', 'DropIndexStmt', 'DropViewStmt', 'DropTriggerStmt',
]);

export async function analyseSqlite(text: string, versionTables: readonly string[] | undefined): Promise<SqliteAnalysisParts> {
  const lexed = tokenize(text, sqliteLex);
  const drafts: StatementDraft[] = [];
  const errors: SyntaxErrorDraft[] = [];
  const pieces = splitStatements(text, lexed.tokens, sqliteSplit);
  if (pieces.length === 0) return { lexed, drafts, errors };
  const judge = await SqliteJudge.open();
  const state: SqliteTranslateState = { primaryKeys: new Map(), indexTables: new Map() };
  const bookkeeping = bookkeepingNames(versionTables);
  try {
    for (const piece of pieces) {
      const verdict = judge.judge(text, piece.tokens);
      if (verdict.kind === 'syntax') {
        errors.push({ offset: verdict.offset, message: verdict.message });
        continue;
      }
      const cls = classifySqlite(piece.tokens);
      const sql = text.slice(piece.start, piece.end);
      // CREATE TABLE ... AS SELECT would run its query: not worth it for a schema.
      const runsQuery = cls.kind === 'CreateTableStmt' && piece.tokens.some((t) => t.kind === 'word' && t.upper === 'SELECT');
      if (verdict.kind === 'ok' && SCHEMA_KINDS.has(cls.kind) && !runsQuery) judge.apply(sql);
      if (isBookkeeping(sqliteTargetTable(piece.tokens), bookkeeping)) {
        drafts.push({ start: piece.start, end: piece.end, kind: BOOKKEEPING_KIND, dml: false, ops: [], untranslated: [] });
        continue;
      }
      const t = translateSqlite(text, piece.tokens, state);
      if (cls.temporary && !t.untranslated.length) t.note('a temporary object is not part of the schema');
      drafts.push({
        start: piece.start, end: piece.end, kind: cls.kind, dml: cls.dml, ops: t.ops, untranslated: t.untranslated,
        ...(cls.transactionControl ? { transactionControl: true } : {}),
        ...(cls.outsideTransaction ? { outsideTransaction: true } : {}),
        ...(t.ifExists ? { ifExists: true } : {}),
        ...(t.ifNotExists ? { ifNotExists: true } : {}),
      });
    }
  } finally {
    judge.close();
  }
  return { lexed, drafts, errors };
}
