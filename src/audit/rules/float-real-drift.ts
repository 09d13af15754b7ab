/**
 * float-real-drift: `float` is what ORMs emit, but no engine stores a type
 * called float. PostgreSQL stores float and float(25..53) as double
 * precision and float(1..24) as real
 * (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT);
 * SQLite stores every floating value as an 8-byte IEEE REAL
 * (https://www.sqlite.org/datatype3.html); MySQL's FLOAT is 4 bytes. Each
 * reports its own type back, so a schema diff against the database sees a
 * change that isn't one, and the same revision keeps different precision
 * per dialect.
 */
import type { ColumnType } from '../../model/types.js';
import { parseType } from '../../model/column-type.js';
import type { DialectName, TypeSpec } from '../../ops/types.js';
import type { JsonPath } from '../../revisions/types.js';
import { defineRule, type AnyOpEvent } from '../rule.js';

type FloatType = Extract<ColumnType, { kind: 'float' }>;

/** What each dialect stores for float(p). */
const STORED: Readonly<Record<DialectName, (p: number | undefined) => string>> = {
  postgresql: (p) => (p !== undefined && p <= 24 ? 'real (4 bytes, about 6 significant digits)' : 'double precision (8 bytes, about 15 significant digits)'),
  sqlite: () => 'an 8-byte REAL whatever the precision',
};

/** What parseType reads as float(p) starts so; other specs are not parsed (every column of every createTable was). */
const MAYBE_FLOAT = /^\s*float/i;

function asFloat(spec: TypeSpec | undefined): FloatType | undefined {
  if (typeof spec !== 'string' || !MAYBE_FLOAT.test(spec)) return undefined;
  const t = parseType(spec);
  return typeof t === 'object' && t.kind === 'float' ? t : undefined;
}

export const floatRealDrift = defineRule({
  meta: {
    id: 'float-real-drift',
    description: 'float / float(p) columns are stored as a different type per dialect and reflected back as real or double precision',
    defaultSeverity: 'warning',
    dialects: 'all',
  },
  create({ dialects }) {
    const check = (e: AnyOpEvent, column: string, spec: TypeSpec | undefined, at: JsonPath) => {
      const t = asFloat(spec);
      if (!t) return;
      const written = t.precision === undefined ? 'float' : `float(${t.precision})`;
      const per = dialects.map((d) => `${d.displayName} stores ${STORED[d.name](t.precision)} and reports "${d.reportedType(t, e.after)}"`);
      const suggest = t.precision !== undefined && t.precision <= 24 ? 'real' : 'double';
      e.report({
        at,
        message: `${column} is declared ${written}, a type no dialect keeps: ${per.join('; ')}. `
          + 'A schema diff against the database reads that type back and reports a change that is not one',
        help: `declare "type": "${suggest}" (what PostgreSQL stores for ${written}), or "real" for 4 bytes / "double" for 8 bytes on every dialect`,
      });
    };
    return {
      createTable(e) {
        e.op.columns.forEach((c, i) => check(e, `${e.op.table}.${c.name}`, c.type, ['columns', i, 'type']));
      },
      addColumn(e) {
        check(e, `${e.op.table}.${e.op.column.name}`, e.op.column.type, ['column', 'type']);
      },
      alterColumn(e) {
        check(e, `${e.op.table}.${e.op.column}`, e.op.type, ['type']);
      },
    };
  },
});
