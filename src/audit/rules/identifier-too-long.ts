/**
 * identifier-too-long: PostgreSQL truncates identifiers longer than
 * NAMEDATALEN - 1 = 63 bytes, with only a NOTICE
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
 * The database then holds a name the model does not, and two long names with
 * the same first 63 bytes collide. Names sqlrev generates are shortened with
 * a hash suffix by design; names written in a revision are used exactly as
 * given, so they are checked here. Enum labels have the same limit but are
 * refused outright ("invalid enum label").
 */
import type { JsonPath } from '../../revisions/types.js';
import { defineRule, type AnyOpEvent, type OpReport } from '../rule.js';

interface Named { readonly what: string; readonly name: string; readonly at: JsonPath }

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cut to at most `limit` bytes without splitting a character, as the server does. */
function truncate(name: string, limit: number): string {
  let out = '';
  for (const ch of name) {
    if (bytes(out + ch) > limit) break;
    out += ch;
  }
  return out;
}

function explicit(spec: { name?: string; generated?: boolean } | undefined): spec is { name: string } {
  return spec !== undefined && typeof spec.name === 'string' && spec.generated !== true;
}

export const identifierTooLong = defineRule({
  meta: {
    id: 'identifier-too-long',
    description: "explicit name over the dialect's identifier limit (63 bytes on PostgreSQL): silently truncated by the server",
    defaultSeverity: 'error',
    dialects: 'all',
  },
  create({ dialect }) {
    const limit = dialect.identifierLimit;
    if (limit === undefined) return {};
    const check = (e: AnyOpEvent, names: readonly Named[]) => {
      for (const n of names) {
        const size = bytes(n.name);
        if (size <= limit) continue;
        const r: OpReport = {
          at: n.at,
          message: `${n.what} "${n.name}" is ${size} bytes: ${dialect.displayName} silently truncates identifiers to ${limit} bytes, `
            + `so the database gets "${truncate(n.name, limit)}" while the model and every later revision use the full name`,
          help: `choose a ${n.what} of at most ${limit} bytes`,
        };
        e.report(r);
      }
    };
    return {
      createTable(e) {
        const o = e.op;
        const names: Named[] = [{ what: 'table name', name: o.table, at: ['table'] }];
        o.columns.forEach((c, i) => {
          names.push({ what: 'column name', name: c.name, at: ['columns', i, 'name'] });
          if (explicit(c.references)) names.push({ what: 'constraint name', name: c.references.name, at: ['columns', i, 'references', 'name'] });
        });
        if (explicit(o.primaryKey)) names.push({ what: 'constraint name', name: o.primaryKey.name, at: ['primaryKey', 'name'] });
        o.uniques?.forEach((u, i) => { if (explicit(u)) names.push({ what: 'constraint name', name: u.name, at: ['uniques', i, 'name'] }); });
        o.checks?.forEach((c, i) => { if (explicit(c)) names.push({ what: 'constraint name', name: c.name, at: ['checks', i, 'name'] }); });
        o.foreignKeys?.forEach((f, i) => { if (explicit(f)) names.push({ what: 'constraint name', name: f.name, at: ['foreignKeys', i, 'name'] }); });
        check(e, names);
      },
      renameTable(e) { check(e, [{ what: 'table name', name: e.op.to, at: ['to'] }]); },
      addColumn(e) {
        const c = e.op.column;
        const names: Named[] = [{ what: 'column name', name: c.name, at: ['column', 'name'] }];
        if (explicit(c.references)) names.push({ what: 'constraint name', name: c.references.name, at: ['column', 'references', 'name'] });
        check(e, names);
      },
      renameColumn(e) { check(e, [{ what: 'column name', name: e.op.to, at: ['to'] }]); },
      createIndex(e) { if (explicit(e.op)) check(e, [{ what: 'index name', name: e.op.name, at: ['name'] }]); },
      addForeignKey(e) { if (explicit(e.op)) check(e, [{ what: 'constraint name', name: e.op.name, at: ['name'] }]); },
      addUnique(e) { if (explicit(e.op)) check(e, [{ what: 'constraint name', name: e.op.name, at: ['name'] }]); },
      addCheck(e) { if (explicit(e.op)) check(e, [{ what: 'constraint name', name: e.op.name, at: ['name'] }]); },
      addPrimaryKey(e) { if (explicit(e.op)) check(e, [{ what: 'constraint name', name: e.op.name, at: ['name'] }]); },
      createSequence(e) { check(e, [{ what: 'sequence name', name: e.op.name, at: ['name'] }]); },
      createEnum(e) {
        check(e, [{ what: 'type name', name: e.op.name, at: ['name'] }]);
        e.op.values.forEach((v, i) => {
          const size = bytes(v);
          if (size > limit) {
            e.report({
              at: ['values', i],
              message: `enum label "${v}" is ${size} bytes: ${dialect.displayName} refuses labels over ${limit} bytes, so createEnum fails`,
              help: `choose a label of at most ${limit} bytes`,
            });
          }
        });
      },
    };
  },
});
