/**
 * CREATE TABLE / CREATE INDEX text for one table of the model. Used by
 * createTable and by the rebuild, which recreates a table from its model
 * (https://www.sqlite.org/lang_createtable.html).
 */
import { ModelError } from '../../errors.js';
import type { Dialect } from '../dialect.js';
import type { FkAction, IndexColumn } from '../../ops/types.js';
import type { ColumnModel, ForeignKeyModel, IndexModel, SchemaState, TableModel } from '../../model/types.js';

const INDENT = '    ';

export function fkActionSql(action: FkAction): string {
  return action.toUpperCase();
}

/** `REFERENCES parent (cols) ON DELETE ... ON UPDATE ...` (NOT VALID does not exist in SQLite: every FK is checked). */
export function referencesSql(fk: ForeignKeyModel, d: Dialect): string {
  let s = `REFERENCES ${d.quoteIdent(fk.refTable)} (${fk.refColumns.map((c) => d.quoteIdent(c)).join(', ')})`;
  if (fk.onDelete) s += ` ON DELETE ${fkActionSql(fk.onDelete)}`;
  if (fk.onUpdate) s += ` ON UPDATE ${fkActionSql(fk.onUpdate)}`;
  return s;
}

/**
 * The autoincrement column of a table, checked: SQLite only autoincrements a
 * column declared `INTEGER PRIMARY KEY` (https://www.sqlite.org/autoinc.html),
 * so it must be the whole primary key.
 */
export function autoincrementColumn(table: TableModel): ColumnModel | undefined {
  const auto = table.columns.filter((c) => c.autoincrement);
  if (auto.length === 0) return undefined;
  const pk = table.primaryKey;
  const col = auto[0]!;
  if (auto.length > 1 || !pk || pk.columns.length !== 1 || pk.columns[0] !== col.name) {
    throw new ModelError(
      `table ${table.name}: SQLite can only autoincrement a column that is the whole primary key (INTEGER PRIMARY KEY AUTOINCREMENT)`,
      'make the autoincrement column the only primary-key column, or mark the op "only": ["postgresql"]',
      'autoincrement',
    );
  }
  return col;
}

/**
 * The type a column is declared with. A bigint/smallint autoincrement key is
 * declared INTEGER: only that exact spelling makes the column the rowid alias
 * AUTOINCREMENT requires (CONTRACT; https://www.sqlite.org/lang_createtable.html#rowid).
 */
export function declaredType(col: ColumnModel, table: TableModel, d: Dialect, schema: SchemaState): string {
  return col.autoincrement && autoincrementColumn(table) ? 'INTEGER' : d.typeSql(col.type, schema);
}

/** One column as written in CREATE TABLE or ADD COLUMN. */
export function columnDefinition(col: ColumnModel, table: TableModel, d: Dialect, schema: SchemaState): string {
  const auto = col.autoincrement ? autoincrementColumn(table) : undefined;
  let s = `${d.quoteIdent(col.name)} ${declaredType(col, table, d, schema)}`;
  if (!col.nullable) s += ' NOT NULL';
  if (auto) s += ` CONSTRAINT ${d.quoteIdent(d.physicalName(table.primaryKey!))} PRIMARY KEY AUTOINCREMENT`;
  if (col.default !== undefined) s += ` DEFAULT ${d.defaultSql(col.default, col)}`;
  return s;
}

/** `CREATE TABLE name (...)` with every column and constraint of the table model. */
export function createTableSql(table: TableModel, d: Dialect, schema: SchemaState, as: string = table.name): string {
  const auto = autoincrementColumn(table);
  const items = table.columns.map((c) => columnDefinition(c, table, d, schema));
  const cons = (name: { name: string; generated: boolean }) => `CONSTRAINT ${d.quoteIdent(d.physicalName(name))}`;
  const cols = (names: readonly string[]) => names.map((c) => d.quoteIdent(c)).join(', ');
  if (table.primaryKey && !auto) items.push(`${cons(table.primaryKey)} PRIMARY KEY (${cols(table.primaryKey.columns)})`);
  for (const u of table.uniques) items.push(`${cons(u)} UNIQUE (${cols(u.columns)})`);
  for (const ck of table.checks) items.push(`${cons(ck)} CHECK (${ck.expression})`);
  for (const fk of table.foreignKeys) items.push(`${cons(fk)} FOREIGN KEY (${cols(fk.columns)}) ${referencesSql(fk, d)}`);
  return `CREATE TABLE ${d.quoteIdent(as)} (\n${items.map((i) => INDENT + i).join(',\n')}\n)`;
}

export function indexColumnSql(c: IndexColumn, d: Dialect): string {
  // An indexed expression is written verbatim (https://www.sqlite.org/lang_createindex.html).
  return typeof c === 'string' ? d.quoteIdent(c) : c.expression;
}

/** CREATE [UNIQUE] INDEX. SQLite has no CONCURRENTLY: an index build always locks the database. */
export function createIndexSql(ix: IndexModel, tableName: string, d: Dialect): string {
  const cols = ix.columns.map((c) => indexColumnSql(c, d)).join(', ');
  const where = ix.where !== undefined ? ` WHERE ${ix.where}` : '';
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${d.quoteIdent(d.physicalName(ix))} ON ${d.quoteIdent(tableName)} (${cols})${where}`;
}
