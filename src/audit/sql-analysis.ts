/**
 * The auditor's view of raw SQL: what src/sql/to-ops.ts (`sqlToOps`) makes of
 * a text. `analyzeSql` is the parser the engine uses unless a test injects
 * another.
 */
import { sqlToOps } from '../sql/to-ops.js';
import type { SqlAnalysis, SqlDialectName, SqlToOpsOptions } from '../sql/types.js';

export type { SqlAnalysis, SqlSegment, SqlStatement, SqlSyntaxError, SqlMarker } from '../sql/types.js';
export { BOOKKEEPING_KIND } from '../sql/types.js';

/** The dialects raw SQL can be parsed for. */
export type SqlDialect = SqlDialectName;

export type SqlAnalyzer = (text: string, dialect: SqlDialect, options?: SqlToOpsOptions) => Promise<SqlAnalysis>;

/** src/sql/to-ops.ts's sqlToOps. */
export const analyzeSql: SqlAnalyzer = (text, dialect, options) => sqlToOps(text, dialect, options);

/** The statement's leading keyword, for messages (`UPDATE`, `WITH`, `CREATE`). */
export function statementVerb(sql: string): string {
  return (/^\s*([A-Za-z]+)/.exec(sql)?.[1] ?? 'statement').toUpperCase();
}
