/**
 * Config `tablePrefix`: prepended to every table name an op mentions, as it
 * is loaded, so everything after loading (model, renderers, audit) sees the
 * real table names.
 */
import { assertNever, type ColumnDef, type Op } from '../ops/types.js';

export function applyTablePrefix(op: Op, prefix: string): Op {
  if (prefix === '') return op;
  const t = (name: string): string => prefix + name;
  const col = (c: ColumnDef): ColumnDef => (c.references ? { ...c, references: { ...c.references, table: t(c.references.table) } } : c);
  switch (op.op) {
    case 'createTable':
      return {
        ...op,
        table: t(op.table),
        columns: op.columns.map(col),
        ...(op.foreignKeys && {
          foreignKeys: op.foreignKeys.map((fk) => ({ ...fk, references: { ...fk.references, table: t(fk.references.table) } })),
        }),
      };
    case 'addColumn':
      return { ...op, table: t(op.table), column: col(op.column) };
    case 'renameTable':
      return { ...op, table: t(op.table), to: t(op.to) };
    case 'addForeignKey':
      return { ...op, table: t(op.table), references: { ...op.references, table: t(op.references.table) } };
    case 'dropIndex':
      return op.table === undefined ? op : { ...op, table: t(op.table) };
    case 'dropTable':
    case 'dropColumn':
    case 'renameColumn':
    case 'alterColumn':
    case 'createIndex':
    case 'addUnique':
    case 'addCheck':
    case 'addPrimaryKey':
    case 'dropConstraint':
    case 'insert':
    case 'deleteRows':
      return { ...op, table: t(op.table) };
    case 'createSequence':
    case 'dropSequence':
    case 'createEnum':
    case 'dropEnum':
    case 'sql':
      // Not tables; raw SQL is the user's own text and is never rewritten.
      return op;
    default:
      return assertNever(op, 'op');
  }
}
