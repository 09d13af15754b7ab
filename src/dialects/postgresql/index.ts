/**
 * The PostgreSQL dialect (the server and PGlite): transactional DDL, 63-byte
 * identifiers, psql as the client.
 */
import type { Dialect } from '../dialect.js';
import { defaultSql } from './default-sql.js';
import { IDENTIFIER_LIMIT, physicalName } from './names.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { renderers } from './renderers/index.js';
import { reportedType, typeSql } from './types.js';

export const postgresql: Dialect = {
  name: 'postgresql',
  displayName: 'PostgreSQL',
  identifierLimit: IDENTIFIER_LIMIT,
  // Nearly all DDL is transactional; the exceptions (CREATE/DROP INDEX
  // CONCURRENTLY) are marked per statement.
  transactionalDdl: true,
  // -X skips ~/.psqlrc; ON_ERROR_STOP makes the first error end the script
  // with exit code 3. https://www.postgresql.org/docs/current/app-psql.html
  client: {
    name: 'psql',
    runScript: 'psql -X -v ON_ERROR_STOP=1 -f "$SQL_FILE" "$@"',
    usage: '[psql connection options] [DBNAME]',
  },
  quoteIdent,
  quoteLiteral,
  physicalName,
  typeSql,
  reportedType,
  defaultSql,
  renderers,
};
