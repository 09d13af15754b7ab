/**
 * The revision op vocabulary, exactly as CONTRACT section 1 spells it.
 * These are the shapes users write; the model (src/model) holds the
 * normalised schema state they produce.
 */

/** Dialect names known to the registry (src/dialects/registry.ts). */
export type DialectName = 'postgresql' | 'sqlite';

/** A portable type name (`varchar(50)`, `enum:Status`) or a per-dialect map. */
export type TypeSpec = string | { [dialect: string]: string };

/** A SQL expression given verbatim, either for every dialect or per dialect. */
export type SqlText = string | { [dialect: string]: string };

/** A column default: a JSON literal (quoted on render) or a verbatim SQL expression. */
export type DefaultSpec = string | number | boolean | null | { sql: string };

export type FkAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';

export interface ColumnReference extends GeneratedName {
  table: string;
  column: string;
  onDelete?: FkAction;
  onUpdate?: FkAction;
  name?: string;
}

export interface ColumnDef {
  name: string;
  type: TypeSpec;
  primaryKey?: boolean;
  autoincrement?: boolean;
  nullable?: boolean;
  default?: DefaultSpec;
  unique?: boolean;
  comment?: string;
  references?: ColumnReference;
}

export interface AuditAllow {
  allow: string[];
  reason?: string;
}

/** Fields every op may carry. */
export interface OpCommon {
  only?: DialectName[];
  audit?: AuditAllow;
}

/**
 * Derived ops (inverses) restore names the naming convention made; they pass
 * the name with `generated: true` so it is still shortened per dialect like
 * the original. Never written in revision files (schema.json has no such key).
 */
export interface GeneratedName { generated?: boolean }

export interface KeySpec extends GeneratedName { name?: string; columns: string[] }
export interface CheckSpec extends GeneratedName { name?: string; expression: string }
export interface ForeignKeySpec extends GeneratedName {
  name?: string;
  columns: string[];
  references: { table: string; columns: string[] };
  onDelete?: FkAction;
  onUpdate?: FkAction;
}

export interface CreateTableOp extends OpCommon {
  op: 'createTable';
  table: string;
  columns: ColumnDef[];
  primaryKey?: KeySpec;
  foreignKeys?: ForeignKeySpec[];
  uniques?: KeySpec[];
  checks?: CheckSpec[];
  comment?: string;
}
export interface DropTableOp extends OpCommon { op: 'dropTable'; table: string }
export interface RenameTableOp extends OpCommon { op: 'renameTable'; table: string; to: string }
export interface AddColumnOp extends OpCommon { op: 'addColumn'; table: string; column: ColumnDef }
export interface DropColumnOp extends OpCommon { op: 'dropColumn'; table: string; column: string }
export interface RenameColumnOp extends OpCommon { op: 'renameColumn'; table: string; column: string; to: string }
export interface AlterColumnOp extends OpCommon {
  op: 'alterColumn';
  table: string;
  column: string;
  type?: TypeSpec;
  using?: SqlText;
  downgradeUsing?: SqlText;
  nullable?: boolean;
  /** `null` drops the default. */
  default?: DefaultSpec;
  /** `null` drops the comment. */
  comment?: string | null;
}
export type IndexColumn = string | { expression: string };
export interface CreateIndexOp extends OpCommon, GeneratedName {
  op: 'createIndex';
  name?: string;
  table: string;
  columns: IndexColumn[];
  unique?: boolean;
  where?: string;
  concurrently?: boolean;
}
export interface DropIndexOp extends OpCommon { op: 'dropIndex'; name: string; table?: string; concurrently?: boolean }
export interface AddForeignKeyOp extends OpCommon, GeneratedName {
  op: 'addForeignKey';
  name?: string;
  table: string;
  columns: string[];
  references: { table: string; columns: string[] };
  onDelete?: FkAction;
  onUpdate?: FkAction;
  notValid?: boolean;
}
export interface AddUniqueOp extends OpCommon, GeneratedName { op: 'addUnique'; name?: string; table: string; columns: string[] }
export interface AddCheckOp extends OpCommon, GeneratedName { op: 'addCheck'; name?: string; table: string; expression: string; notValid?: boolean }
export interface AddPrimaryKeyOp extends OpCommon, GeneratedName { op: 'addPrimaryKey'; name?: string; table: string; columns: string[] }
export interface DropConstraintOp extends OpCommon { op: 'dropConstraint'; name: string; table: string }
export interface CreateSequenceOp extends OpCommon { op: 'createSequence'; name: string; start?: number; increment?: number }
export interface DropSequenceOp extends OpCommon { op: 'dropSequence'; name: string; start?: number; increment?: number }
export interface CreateEnumOp extends OpCommon { op: 'createEnum'; name: string; values: string[] }
export interface DropEnumOp extends OpCommon { op: 'dropEnum'; name: string; values?: string[] }
export type RowLiteral = string | number | boolean | null;
export interface InsertOp extends OpCommon { op: 'insert'; table: string; rows: Record<string, RowLiteral>[] }
export interface DeleteRowsOp extends OpCommon {
  /** Internal: the derived inverse of `insert` (delete rows by primary key). Not accepted in revision files. */
  op: 'deleteRows';
  table: string;
  keys: Record<string, RowLiteral>[];
}
export interface SqlOp extends OpCommon { op: 'sql'; sql: SqlText; downgrade?: SqlText | null }

export type Op =
  | CreateTableOp | DropTableOp | RenameTableOp
  | AddColumnOp | DropColumnOp | RenameColumnOp | AlterColumnOp
  | CreateIndexOp | DropIndexOp
  | AddForeignKeyOp | AddUniqueOp | AddCheckOp | AddPrimaryKeyOp | DropConstraintOp
  | CreateSequenceOp | DropSequenceOp
  | CreateEnumOp | DropEnumOp
  | InsertOp | DeleteRowsOp | SqlOp;

export type OpKind = Op['op'];
export type OpOf<K extends OpKind> = Extract<Op, { op: K }>;

/** Every op kind, in the order the docs list them. Registries are checked against this. */
export const OP_KINDS: readonly OpKind[] = [
  'createTable', 'dropTable', 'renameTable',
  'addColumn', 'dropColumn', 'renameColumn', 'alterColumn',
  'createIndex', 'dropIndex',
  'addForeignKey', 'addUnique', 'addCheck', 'addPrimaryKey', 'dropConstraint',
  'createSequence', 'dropSequence', 'createEnum', 'dropEnum',
  'insert', 'deleteRows', 'sql',
] as const;

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
