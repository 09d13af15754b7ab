/**
 * PostgreSQL keywords that cannot be used as a bare identifier everywhere,
 * from src/include/parser/kwlist.h (PostgreSQL 18). Unreserved keywords are
 * left out on purpose: like the server's own quote_identifier()
 * (src/backend/utils/adt/ruleutils.c), we quote every keyword that is not
 * UNRESERVED_KEYWORD, and nothing else needs the list.
 * https://www.postgresql.org/docs/current/sql-keywords-appendix.html
 *
 * test/dialects/postgresql/keywords.test.ts compares this list with
 * pg_get_keywords() of a real server, so a new release shows up as a failure.
 */

export type KeywordCategory = 'reserved' | 'colName' | 'typeFuncName';

/** RESERVED_KEYWORD: not allowed as a column, table, function or type name. */
const RESERVED = [
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union',
  'unique', 'user', 'using', 'variadic', 'when', 'where', 'window', 'with',
] as const;

/** COL_NAME_KEYWORD: allowed as a column name, not as a function or type name. */
const COL_NAME = [
  'between', 'bigint', 'bit', 'boolean', 'char', 'character', 'coalesce', 'dec', 'decimal', 'exists',
  'extract', 'float', 'greatest', 'grouping', 'inout', 'int', 'integer', 'interval', 'json', 'json_array',
  'json_arrayagg', 'json_exists', 'json_object', 'json_objectagg', 'json_query', 'json_scalar',
  'json_serialize', 'json_table', 'json_value', 'least', 'merge_action', 'national', 'nchar', 'none',
  'normalize', 'nullif', 'numeric', 'out', 'overlay', 'position', 'precision', 'real', 'row', 'setof',
  'smallint', 'substring', 'time', 'timestamp', 'treat', 'trim', 'values', 'varchar', 'xmlattributes',
  'xmlconcat', 'xmlelement', 'xmlexists', 'xmlforest', 'xmlnamespaces', 'xmlparse', 'xmlpi', 'xmlroot',
  'xmlserialize', 'xmltable',
] as const;

/** TYPE_FUNC_NAME_KEYWORD: allowed as a function or type name, not as a column name. */
const TYPE_FUNC_NAME = [
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps',
  'right', 'similar', 'tablesample', 'verbose',
] as const;

export const QUOTED_KEYWORDS: ReadonlyMap<string, KeywordCategory> = new Map<string, KeywordCategory>([
  ...RESERVED.map((k) => [k, 'reserved'] as const),
  ...COL_NAME.map((k) => [k, 'colName'] as const),
  ...TYPE_FUNC_NAME.map((k) => [k, 'typeFuncName'] as const),
]);

/** Whether a lower-case word is a keyword that must be quoted to be used as an identifier. */
export function isQuotedKeyword(word: string): boolean {
  return QUOTED_KEYWORDS.has(word);
}
