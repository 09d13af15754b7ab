/**
 * table-rewrite: on PostgreSQL, ALTER COLUMN ... TYPE rewrites the whole
 * table and rebuilds its indexes under ACCESS EXCLUSIVE (no reads, no
 * writes) unless the old and new types are binary-coercible
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES);
 * any USING forces the rewrite. Which changes are catalog-only was measured
 * on the server (pg_class.relfilenode before and after): varchar(n) ->
 * varchar(m > n) and varchar -> text are; integer -> bigint is not;
 * timestamp <-> timestamptz is catalog-only only when the server's TimeZone
 * is UTC.
 */
import { formatType } from '../../model/column-type.js';
import { pgCast } from '../casts/cast-table.js';
import { defineRule } from '../rule.js';
import { sqlTextFor, typeChangeOf } from '../type-change.js';

export const tableRewrite = defineRule({
  meta: {
    id: 'table-rewrite',
    description: 'PostgreSQL type change that rewrites the table and its indexes under an ACCESS EXCLUSIVE lock',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
  },
  create() {
    return {
      alterColumn(e) {
        const change = typeChangeOf(e);
        if (!change) return;
        const using = sqlTextFor(e.op.using, e.dialect.name);
        const { verdict } = change.forward;
        // A change that fails without "using" is unsafe-cast's finding; with "using" it rewrites.
        if (verdict === 'fails' && using === undefined) return;
        if (verdict !== 'rewrite' && using === undefined) return;
        const t = e.op.table;
        const col = `${t}.${e.op.column}`;
        const from = formatType(change.from);
        const to = formatType(change.to);
        const inUtc = using === undefined && pgCast(change.from, change.to, { utc: true, schema: e.after }).verdict === 'catalog-only';
        const why = using !== undefined
          ? 'a USING conversion always rewrites every row'
          : change.forward.why;
        e.report({
          at: using !== undefined ? ['using'] : ['type'],
          message: `alterColumn ${col} ${from} -> ${to} rewrites ${t} and rebuilds its indexes under an ACCESS EXCLUSIVE lock: `
            + `no read or write of ${t} runs until it ends (${why})`
            + (inUtc ? `; with the server's TimeZone set to UTC it would only change the catalog` : ''),
          help: inUtc
            ? `run it with TimeZone = 'UTC' (a "sql" op SET LOCAL timezone = 'UTC' before it), or on a large table add a new ${to} column, backfill it in batches and switch to it`
            : `on a large table: add a new ${to} column, backfill it in batches with "sql" ops, switch the application to it, then drop the old column`,
        });
      },
    };
  },
});
