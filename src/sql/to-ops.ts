/**
 * Raw SQL for the auditor: `sqlToOps(text, dialect)` finds the statements
 * of a text, their syntax errors (judged by the dialect's real parser:
 * libpg_query for PostgreSQL, SQLite itself via sql.js), the sqlrev op each
 * DDL statement is equivalent to, and Alembic-style revision markers that
 * split the text into segments.
 */
import { assemble } from './assemble.js';
import type { StatementDraft, SyntaxErrorDraft } from './draft.js';
import type { Lexed } from './lexer.js';
import { findMarkers } from './markers.js';
import type { SqlAnalysis, SqlDialectName, SqlToOpsOptions } from './types.js';

export type {
  SqlAnalysis, SqlDialectName, SqlMarker, SqlSegment, SqlStatement, SqlSyntaxError, SqlToOpsOptions,
} from './types.js';
export { BOOKKEEPING_KIND } from './types.js';

interface DialectParts {
  readonly lexed: Lexed;
  readonly drafts: StatementDraft[];
  readonly errors: SyntaxErrorDraft[];
}

type Analyser = (text: string, versionTables: readonly string[] | undefined) => Promise<DialectParts>;

/** One analyser per dialect, each loaded on first use (they pull in WASM parsers). */
const ANALYSERS: Readonly<Record<SqlDialectName, () => Promise<Analyser>>> = {
  postgresql: async () => (await import('./pg-analyse.js')).analysePostgresql,
  sqlite: async () => (await import('./sqlite-analyse.js')).analyseSqlite,
};

export async function sqlToOps(text: string, dialect: SqlDialectName, options: SqlToOpsOptions = {}): Promise<SqlAnalysis> {
  const load = ANALYSERS[dialect];
  if (!load) throw new Error(`no SQL analyser for dialect "${String(dialect)}"`);
  const analyse = await load();
  const { lexed, drafts, errors } = await analyse(text, options.versionTables);
  return assemble(text, drafts, findMarkers(lexed.comments), errors);
}
