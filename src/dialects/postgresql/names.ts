/**
 * Names as created on PostgreSQL.
 */
import type { NamedObject } from '../../model/types.js';
import { shortenName } from '../../model/naming.js';

/**
 * NAMEDATALEN - 1: longer names are silently truncated by the server.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */
export const IDENTIFIER_LIMIT = 63;

/** Generated names are shortened (with a hash suffix) to fit; explicit names are used as given. */
export function physicalName(obj: NamedObject): string {
  return obj.generated ? shortenName(obj.name, IDENTIFIER_LIMIT) : obj.name;
}
