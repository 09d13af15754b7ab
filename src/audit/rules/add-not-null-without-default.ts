/**
 * add-not-null-without-default: a NOT NULL column without a default cannot
 * be added to a table that has rows: every existing row would get NULL.
 * PostgreSQL fails with "column ... contains null values"; SQLite refuses
 * ADD COLUMN ("Cannot add a NOT NULL column with default value NULL") and
 * the table rebuild sqlrev renders instead fails its NOT NULL constraint on
 * the first copied row. It works on an empty table, which is why it passes
 * in development and fails in production.
 */
import { defineRule } from '../rule.js';

export const addNotNullWithoutDefault = defineRule({
  meta: {
    id: 'add-not-null-without-default',
    description: 'addColumn NOT NULL without a default on an existing table fails as soon as the table has rows',
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create() {
    return {
      addColumn(e) {
        if (!e.isExistingTable(e.op.table)) return;
        const col = e.after.table(e.op.table)?.columns.find((c) => c.name === e.op.column.name);
        if (!col || col.nullable || col.autoincrement) return;
        const d = col.default;
        const noDefault = d === undefined || (typeof d === 'object' && /^\s*null\s*$/i.test(d.sql));
        if (!noDefault) return;
        e.report({
          at: e.op.column.nullable === false ? ['column', 'nullable'] : ['column'],
          message: `addColumn ${e.op.table}.${col.name} is NOT NULL without a default: it fails as soon as ${e.op.table} has a row, since existing rows would get NULL`,
          help: `give it a "default" (existing rows take it), or add it nullable, backfill it with a "sql" op, and make it "nullable": false with alterColumn in a later revision`,
        });
      },
    };
  },
});
