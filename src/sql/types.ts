/**
 * What sqlToOps (src/sql/to-ops.ts) makes of a text of raw SQL: its
 * statements grouped by revision marker, each with its kind and, for DDL,
 * the sqlrev op it is equivalent to; and its syntax errors. Positions are
 * relative to the analysed text: line and column 1-based, offset 0-based,
 * all counted in JavaScript string units.
 */
import type { Op } from '../ops/types.js';

export type SqlDialectName = 'postgresql' | 'sqlite';

/**
 * `kind` of statements that only keep a migration tool's version table
 * (alembic_version, sqlrev_version) or sqlrev's run guards: not user schema.
 */
export const BOOKKEEPING_KIND = 'VersionTable';

export interface SqlStatement {
  /** The statement's text, without the terminating `;`. */
  sql: string;
  line: number;
  column: number;
  offset: number;
  /** Offset just past the statement's last token. */
  endOffset: number;
  /**
   * PostgreSQL: the parse-tree node type (`CreateStmt`, `AlterTableStmt`, ...).
   * SQLite: the statement's name in SQLite's grammar (`CreateTableStmt`, `InsertStmt`, ...).
   * Both: `VersionTable` for version-table bookkeeping.
   */
  kind: string;
  /** INSERT, UPDATE, DELETE, MERGE, COPY, also inside a WITH clause. */
  dml: boolean;
  /** The sqlrev op this statement (or this part of it, see `part`) is equivalent to. */
  op?: Op;
  /** CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY. */
  concurrently?: boolean;
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET, DO, PRAGMA, LOCK ...: session and transaction control, not schema. */
  transactionControl?: boolean;
  /** The database refuses to run it inside a transaction block (CONCURRENTLY, VACUUM, ...). */
  outsideTransaction?: boolean;
  /** IF EXISTS / IF NOT EXISTS: the statement is a no-op when the object is (not) there. */
  ifExists?: boolean;
  ifNotExists?: boolean;
  /**
   * A statement equivalent to several ops (ALTER TABLE with several
   * subcommands, DROP TABLE a, b) is listed once per op, each entry with the
   * whole statement's text and position and `part` saying which op it is
   * and where its subcommand starts.
   */
  part?: { index: number; count: number; line: number; column: number; offset: number };
  /** Parts of the statement the op leaves out (e.g. an index's DESC order), in words. */
  untranslated?: string[];
  /** ADD CONSTRAINT ... USING INDEX: the index that becomes the constraint. */
  usingIndex?: string;
}

export interface SqlSyntaxError {
  line: number;
  column: number;
  offset: number;
  message: string;
}

export interface SqlMarker {
  from: string[];
  to: string[];
  direction: 'upgrade' | 'downgrade';
  /** Where the marker comment is. */
  line: number;
  column: number;
  offset: number;
  /** sqlrev's markers also give the revision message and file. */
  message?: string;
  file?: string;
}

export interface SqlSegment {
  /** The revision marker that starts the segment; absent for statements before the first marker. */
  marker?: SqlMarker;
  statements: SqlStatement[];
}

export interface SqlAnalysis {
  segments: SqlSegment[];
  syntaxErrors: SqlSyntaxError[];
}

export interface SqlToOpsOptions {
  /**
   * Version tables whose statements are bookkeeping (kind `VersionTable`);
   * `alembic_version` and `sqlrev_version` always are.
   */
  versionTables?: readonly string[];
}
