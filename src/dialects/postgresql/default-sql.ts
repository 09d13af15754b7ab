/**
 * Column defaults after DEFAULT.
 */
import type { ColumnModel, DefaultValue } from '../../model/types.js';
import { quoteLiteral } from './quote.js';
import { verbatim } from './verbatim.js';

/**
 * JSON literals are quoted; `{sql}` is verbatim. PostgreSQL needs no
 * parentheses around a default expression (CREATE TABLE takes
 * `DEFAULT default_expr`), so the expression is written exactly as given.
 * https://www.postgresql.org/docs/current/sql-createtable.html
 * (A trailing `--` comment gets a line break: see verbatim.ts.)
 */
export function defaultSql(value: DefaultValue, _column: ColumnModel): string {
  return typeof value === 'object' ? verbatim(value.sql) : quoteLiteral(value);
}
