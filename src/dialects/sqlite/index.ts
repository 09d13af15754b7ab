/**
 * The SQLite dialect: quoting, types, defaults and one renderer per op kind.
 */
import type { Dialect } from '../dialect.js';
import { shortenName } from '../../model/naming.js';
import type { NamedObject } from '../../model/types.js';
import { defaultSql } from './default.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { planAlterColumn } from './renderers/alter-column.js';
import { renderers } from './renderers/index.js';
import { reportedType, typeSql } from './types.js';

export const sqlite: Dialect = {
  name: 'sqlite',
  displayName: 'SQLite',
  // SQLite has no identifier length limit (https://www.sqlite.org/limits.html
  // lists none; names are bounded only by SQLITE_MAX_SQL_LENGTH).
  identifierLimit: undefined,
  // DDL is transactional in SQLite: a failed revision rolls back entirely.
  transactionalDdl: true,
  // -bail: stop at the first error (https://sqlite.org/cli.html); the open
  // transaction then dies with the process, so nothing half-done is committed.
  client: { name: 'sqlite3', runScript: 'sqlite3 -bail "$@" < "$SQL_FILE"', usage: 'DATABASE_FILE' },
  quoteIdent,
  quoteLiteral,
  physicalName: (obj: NamedObject) => shortenName(obj.name, undefined),
  typeSql,
  reportedType,
  defaultSql,
  renderers,
  rebuildPlans: { alterColumn: planAlterColumn },
};
