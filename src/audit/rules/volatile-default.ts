/**
 * volatile-default: since PostgreSQL 11, ADD COLUMN with a constant or
 * stable default (now(), CURRENT_TIMESTAMP, 'x') only updates the catalog:
 * existing rows read the stored default. A volatile default must be computed
 * per row, so the whole table is rewritten under ACCESS EXCLUSIVE; so is an
 * identity column, whose sequence gives every row its own value
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES:
 * "Adding a column with a volatile DEFAULT or changing the type of an
 * existing column will require the entire table and its indexes to be rewritten").
 */
import type { DefaultValue } from '../../model/types.js';
import { defineRule } from '../rule.js';

/**
 * Functions whose pg_proc.provolatile is 'v' and that people put in
 * defaults. The built-in ones are checked against PGlite's catalog in
 * test/audit/volatile-default.test.ts (with now() and friends, which are
 * stable); the extension ones (uuid-ossp, pgcrypto) are volatile by their
 * extension scripts.
 */
export const VOLATILE_BUILTINS: readonly string[] = [
  'clock_timestamp', 'timeofday', 'random', 'random_normal', 'gen_random_uuid', 'uuidv4', 'uuidv7', 'nextval', 'setseed',
];
export const VOLATILE_EXTENSION_FUNCTIONS: readonly string[] = [
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'gen_random_bytes',
];
const VOLATILE = new Set([...VOLATILE_BUILTINS, ...VOLATILE_EXTENSION_FUNCTIONS]);

/** The volatile functions an SQL expression calls (names outside quotes followed by "("). */
export function volatileCalls(expression: string): string[] {
  const unquoted = expression.replace(/'(?:[^']|'')*'/g, "''");
  const found = new Set<string>();
  for (const m of unquoted.matchAll(/(?:\b[a-z_][a-z0-9_]*\s*\.\s*)?\b([a-z_][a-z0-9_]*)\s*\(/gi)) {
    const name = m[1]!.toLowerCase();
    if (VOLATILE.has(name)) found.add(name);
  }
  return [...found].sort();
}

function volatileIn(d: DefaultValue | undefined): string[] {
  return d !== undefined && typeof d === 'object' ? volatileCalls(d.sql) : [];
}

export const volatileDefault = defineRule({
  meta: {
    id: 'volatile-default',
    description: 'PostgreSQL addColumn to an existing table with a volatile default or an identity column rewrites the whole table',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
  },
  create() {
    return {
      addColumn(e) {
        if (!e.isExistingTable(e.op.table)) return;
        const col = e.after.table(e.op.table)?.columns.find((c) => c.name === e.op.column.name);
        if (!col) return;
        const t = e.op.table;
        const calls = volatileIn(col.default);
        if (calls.length) {
          e.report({
            at: ['column', 'default'],
            message: `addColumn ${t}.${col.name} has a volatile default (${calls.map((c) => `${c}()`).join(', ')}): PostgreSQL computes it for every existing row, rewriting ${t} and its indexes under an ACCESS EXCLUSIVE lock`,
            help: `add the column without that default, alterColumn "default" to it afterwards (only new rows use it, no rewrite), and backfill existing rows in batches with "sql" ops`,
          });
        } else if (col.autoincrement) {
          e.report({
            at: ['column', 'autoincrement'],
            message: `addColumn ${t}.${col.name} is an identity column: PostgreSQL numbers every existing row, rewriting ${t} and its indexes under an ACCESS EXCLUSIVE lock`,
            help: `on a large table, add a plain nullable column, set its default to nextval() of a new sequence (new rows only), backfill existing rows in batches, then make it NOT NULL (see set-not-null)`,
          });
        }
      },
    };
  },
});
