/**
 * unsafe-cast: a type change the dialect refuses at apply time. PostgreSQL
 * converts a column in ALTER COLUMN ... TYPE only through an implicit or
 * assignment cast unless USING says how
 * (https://www.postgresql.org/docs/current/sql-altertable.html: "the USING
 * clause must be provided if there is no implicit or assignment cast from
 * old to new type"); real -> timestamp, text -> integer and text -> enum have
 * none. The column's DEFAULT is converted too, with an assignment cast, even
 * when USING is given, so `integer DEFAULT 0` -> boolean fails either way.
 * Whether a pair fails comes from the measured cast table (src/audit/casts/).
 */
import { formatType } from '../../model/column-type.js';
import { defineRule } from '../rule.js';
import { typeChangeOf } from '../type-change.js';

export const unsafeCast = defineRule({
  meta: {
    id: 'unsafe-cast',
    description: 'type change with no implicit or assignment cast and no using (it fails at apply time), or whose column default cannot be cast',
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create({ dialect }) {
    return {
      alterColumn(e) {
        const change = typeChangeOf(e);
        if (!change || change.forward.verdict !== 'fails') return;
        const col = `${e.op.table}.${e.op.column}`;
        const toSql = dialect.typeSql(change.to, e.after);
        const from = formatType(change.from);
        const to = formatType(change.to);
        if (change.using === undefined) {
          e.report({
            at: ['type'],
            message: `alterColumn ${col} ${from} -> ${to} fails on ${dialect.displayName}: ${change.forward.why}`,
            help: change.forward.usingCast
              ? `add "using": ${JSON.stringify(`${e.op.column}::${toSql}`)} (or an expression that converts every value)`
              : `add "using" with an expression that computes the new value from ${e.op.column} (no cast exists, so ${e.op.column}::${toSql} fails too)`,
          });
        }
        // sqlrev re-applies the old default after the type change unless the
        // op sets a new one; a raw ALTER converts it in place. Either way a
        // default with no assignment cast to the new type fails. A string
        // default in a revision is written as an untyped literal, which
        // PostgreSQL reads with the new type's input function instead.
        const old = e.before.table(e.op.table)?.columns.find((c) => c.name === e.op.column)?.default;
        const replaced = e.origin === 'revision' && 'default' in e.op;
        const untyped = e.origin === 'revision' && typeof old === 'string';
        if (old !== undefined && !replaced && !untyped && change.forward.defaultBlocksUsing) {
          const shown = typeof old === 'object' ? old.sql : JSON.stringify(old);
          e.report({
            at: ['type'],
            message: `alterColumn ${col} ${from} -> ${to}: the column's default ${shown} has no cast to ${to}, so the change fails on ${dialect.displayName} even with "using"`,
            help: e.origin === 'sql'
              ? `DROP DEFAULT before the type change and SET DEFAULT a ${to} value after it`
              : `give the op a "default" valid for ${to} (or "default": null to drop it)`,
          });
        }
      },
    };
  },
});
