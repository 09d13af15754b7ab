/**
 * Version-table bookkeeping is not user schema: Alembic's offline scripts
 * create `alembic_version` and INSERT/UPDATE/DELETE its rows around every
 * revision, and sqlrev's own scripts do the same with `sqlrev_version`
 * (config `versionTable`) plus a temporary guard table and trigger on
 * SQLite (templates/sqlite/guard.sql.hbs). Such statements get the kind
 * BOOKKEEPING_KIND and no op, so the auditor neither models the table nor
 * reports its rows as a data migration.
 */
export const DEFAULT_VERSION_TABLES: readonly string[] = ['alembic_version', 'sqlrev_version'];

/** sqlrev's SQLite guard objects (a TEMP table and a TEMP trigger on it). */
const GUARD_OBJECTS: readonly string[] = ['sqlrev_guard', 'sqlrev_guard_check'];

export function bookkeepingNames(extra: readonly string[] | undefined): Set<string> {
  return new Set([...DEFAULT_VERSION_TABLES, ...GUARD_OBJECTS, ...(extra ?? [])].map((n) => n.toLowerCase()));
}

/** Whether a statement that writes to `table` is bookkeeping (names compare case-insensitively). */
export function isBookkeeping(table: string | undefined, names: ReadonlySet<string>): boolean {
  return table !== undefined && names.has(table.toLowerCase());
}
