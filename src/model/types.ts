/**
 * The normalised schema model: what replaying ops produces. Every object is
 * treated as immutable; ops return deltas (src/model/delta.ts) instead of
 * mutating.
 */
import type { FkAction, IndexColumn } from '../ops/types.js';

export type SimpleTypeKind =
  | 'smallint' | 'integer' | 'bigint' | 'real' | 'double' | 'boolean' | 'text'
  | 'date' | 'time' | 'timestamp' | 'timestamptz' | 'interval' | 'uuid'
  | 'json' | 'jsonb' | 'blob';

export type ColumnType =
  | { kind: SimpleTypeKind }
  | { kind: 'float'; precision?: number }
  | { kind: 'numeric'; precision?: number; scale?: number }
  | { kind: 'varchar'; length?: number }
  | { kind: 'char'; length?: number }
  | { kind: 'enum'; name: string }
  /** A dialect-specific type: the map is `{dialect: "TYPE"}`. */
  | { kind: 'custom'; byDialect: Readonly<Record<string, string>> };

export type TypeKind = ColumnType['kind'];

/** A default as stored in the model: a JSON literal or a verbatim SQL expression. `undefined` = none. */
export type DefaultValue = string | number | boolean | { sql: string };

export interface ColumnModel {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: DefaultValue;
  readonly autoincrement: boolean;
  readonly comment?: string;
}

/** `generated` names come from the naming convention and may be shortened per dialect. */
export interface NamedObject {
  readonly name: string;
  readonly generated: boolean;
}

export interface PrimaryKeyModel extends NamedObject { readonly columns: readonly string[] }
export interface UniqueModel extends NamedObject { readonly columns: readonly string[] }
export interface CheckModel extends NamedObject { readonly expression: string; readonly notValid?: boolean }
export interface ForeignKeyModel extends NamedObject {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete?: FkAction;
  readonly onUpdate?: FkAction;
  readonly notValid?: boolean;
}
export interface IndexModel extends NamedObject {
  readonly columns: readonly IndexColumn[];
  readonly unique: boolean;
  readonly where?: string;
}

export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly primaryKey?: PrimaryKeyModel;
  readonly uniques: readonly UniqueModel[];
  readonly checks: readonly CheckModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly indexes: readonly IndexModel[];
  readonly comment?: string;
}

export interface SequenceModel { readonly name: string; readonly start?: number; readonly increment?: number }
export interface EnumModel { readonly name: string; readonly values: readonly string[] }

export type ConstraintModel =
  | { kind: 'primaryKey'; model: PrimaryKeyModel }
  | { kind: 'unique'; model: UniqueModel }
  | { kind: 'check'; model: CheckModel }
  | { kind: 'foreignKey'; model: ForeignKeyModel };

/** Read-only view of the schema at one point of a replay. */
export interface SchemaState {
  table(name: string): TableModel | undefined;
  sequence(name: string): SequenceModel | undefined;
  enumType(name: string): EnumModel | undefined;
  /** Table names, sorted. */
  tableNames(): string[];
  sequenceNames(): string[];
  enumNames(): string[];
  /** The table that owns an index of this name (index names are schema-wide). */
  indexOwner(name: string): string | undefined;
  /**
   * The table that owns a relation of this name: the table itself, one of
   * its indexes, or its primary-key / unique constraint (PostgreSQL backs
   * those with an index of the same name, and tables, indexes and those
   * share one namespace per schema).
   */
  relationOwner(name: string): string | undefined;
  /** Other tables with a foreign key to `name`, sorted (kept indexed: drops and renames ask on every op). */
  referencingTables(name: string): string[];
}
