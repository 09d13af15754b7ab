/**
 * unique-constraint-lock: ADD CONSTRAINT ... UNIQUE / PRIMARY KEY builds its
 * index inside the ALTER TABLE, under ACCESS EXCLUSIVE: the table is
 * unreadable and unwritable for the whole build. Building a unique index
 * CONCURRENTLY first and then adding the constraint USING INDEX takes the
 * strong lock only for a catalog update
 * (https://www.postgresql.org/docs/current/sql-altertable.html, "ADD table_constraint_using_index").
 */
import { defineRule } from '../rule.js';

function help(table: string, columns: readonly string[], kind: 'UNIQUE' | 'PRIMARY KEY', origin: 'revision' | 'sql'): string {
  const cols = columns.join(', ');
  if (origin === 'sql') {
    return `CREATE UNIQUE INDEX CONCURRENTLY <index> ON ${table} (${cols}) first, then ALTER TABLE ${table} ADD CONSTRAINT <name> ${kind} USING INDEX <index>`;
  }
  return `first {"op": "createIndex", "name": "<index>", "table": "${table}", "columns": ${JSON.stringify(columns)}, "unique": true, "concurrently": true}, `
    + `then a "sql" op ALTER TABLE ${table} ADD CONSTRAINT <name> ${kind} USING INDEX <index> (a catalog change, no rebuild)`;
}

export const uniqueConstraintLock = defineRule({
  meta: {
    id: 'unique-constraint-lock',
    description: 'PostgreSQL addUnique / addPrimaryKey on an existing table builds its index under ACCESS EXCLUSIVE',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
  },
  create() {
    return {
      addUnique(e) {
        // ADD CONSTRAINT ... USING INDEX (raw SQL) reuses a built index: a catalog change.
        if (!e.isExistingTable(e.op.table) || e.statement?.usingIndex) return;
        e.report({
          message: `addUnique on ${e.op.table} builds its unique index under an ACCESS EXCLUSIVE lock: every read and write of ${e.op.table} waits until the build ends`,
          help: help(e.op.table, e.op.columns, 'UNIQUE', e.origin),
        });
      },
      addPrimaryKey(e) {
        if (!e.isExistingTable(e.op.table) || e.statement?.usingIndex) return;
        e.report({
          message: `addPrimaryKey on ${e.op.table} builds its index (and checks NOT NULL) under an ACCESS EXCLUSIVE lock: every read and write of ${e.op.table} waits until it ends`,
          help: help(e.op.table, e.op.columns, 'PRIMARY KEY', e.origin),
        });
      },
    };
  },
});
