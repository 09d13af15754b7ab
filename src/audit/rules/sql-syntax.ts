/**
 * sql-syntax: raw SQL the dialect's parser rejects (libpg-query, which is
 * PostgreSQL's own parser, for PostgreSQL; for SQLite a rejection is
 * confirmed by SQLite itself, see src/sql/). It would fail at apply time,
 * after the earlier statements of the revision ran.
 */
import { defineRule } from '../rule.js';

export const sqlSyntax = defineRule({
  meta: {
    id: 'sql-syntax',
    description: "a raw sql op (or an audited .sql file) that the dialect's parser rejects",
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create({ dialect }) {
    return {
      syntaxError(e) {
        e.report({
          message: `${dialect.displayName} rejects this SQL: ${e.error.message}`,
          help: `fix the statement; if it is meant for another dialect, give "sql" as an object with one entry per dialect, or set "only"`,
        });
      },
    };
  },
});
