/**
 * set-not-null: making an existing column NOT NULL has to prove that no row
 * holds NULL. PostgreSQL scans the whole table under ACCESS EXCLUSIVE
 * (https://www.postgresql.org/docs/current/sql-altertable.html: "SET NOT
 * NULL ... the table will be scanned ... unless a valid CHECK constraint
 * proves no NULL can exist", since PostgreSQL 12). SQLite cannot change it
 * in place at all: the table is rebuilt and every row copied.
 */
import type { ColumnModel } from '../../model/types.js';
import type { DialectName } from '../../ops/types.js';
import { defineRule, type Report } from '../rule.js';

/** The report for making `now` NOT NULL, or undefined when the dialect does it safely. */
type Advice = (table: string, column: string, now: ColumnModel) => Report | undefined;

const ADVICE: Readonly<Record<DialectName, Advice>> = {
  postgresql: (t, c) => ({
    message: `alterColumn ${t}.${c} to NOT NULL scans all of ${t} under an ACCESS EXCLUSIVE lock: every read and write of ${t} waits until the scan ends`,
    help: `add {"op": "addCheck", "table": "${t}", "name": "ck_${t}_${c}_not_null", "expression": "${c} IS NOT NULL", "notValid": true}; `
      + `in a later revision VALIDATE it with a "sql" op (ALTER TABLE ${t} VALIDATE CONSTRAINT ck_${t}_${c}_not_null, which lets writes continue); `
      + `then alterColumn "nullable": false (PostgreSQL 12+ uses the valid check and skips the scan) and dropConstraint the check`,
  }),
  // The rebuild copies NULLs as COALESCE(c, default) when the column has a
  // default (src/dialects/sqlite/renderers/alter-column.ts), so only a column
  // without one can fail.
  sqlite: (t, c, now) => now.default !== undefined ? undefined : ({
    message: `alterColumn ${t}.${c} to NOT NULL rebuilds ${t} on SQLite (copy, drop, rename), and the copy fails on the first row where ${c} is NULL`,
    help: `backfill first: a "sql" op UPDATE ${t} SET ${c} = <value> WHERE ${c} IS NULL before the alterColumn, or give the column a "default" in the same alterColumn`,
  }),
};

export const setNotNull = defineRule({
  meta: {
    id: 'set-not-null',
    description: 'alterColumn to NOT NULL on an existing table scans (PostgreSQL) or rebuilds (SQLite) the table, and fails if a NULL is left',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create({ dialect }) {
    const advice = ADVICE[dialect.name];
    return {
      alterColumn(e) {
        if (e.op.nullable !== false || !e.isExistingTable(e.op.table)) return;
        const was = e.before.table(e.op.table)?.columns.find((c) => c.name === e.op.column);
        const now = e.after.table(e.op.table)?.columns.find((c) => c.name === e.op.column);
        if (!was?.nullable || !now) return;
        const r = advice(e.op.table, e.op.column, now);
        if (r) e.report({ at: ['nullable'], ...r });
      },
    };
  },
});
