/**
 * Helpers shared by the op modules: looking things up in the model with
 * errors that name the op field at fault, and turning column definitions
 * into model columns and constraints.
 */
import { ModelError } from '../errors.js';
import { parseType } from '../model/column-type.js';
import { mentionsIdentifier } from '../model/expression.js';
import type { Namer } from '../model/naming.js';
import type {
  CheckModel, ColumnModel, ColumnType, ConstraintModel, DefaultValue, ForeignKeyModel, PrimaryKeyModel, SchemaState, TableModel,
  UniqueModel,
} from '../model/types.js';
import type { ColumnDef, DefaultSpec, FkAction, TypeSpec } from './types.js';

export function requireTable(state: SchemaState, name: string, field = 'table'): TableModel {
  const t = state.table(name);
  if (!t) {
    throw new ModelError(`table "${name}" does not exist at this point`, 'create it in an earlier op or revision, or fix the name', field);
  }
  return t;
}

export function requireNoTable(state: SchemaState, name: string, field = 'table'): void {
  if (state.table(name)) throw new ModelError(`table "${name}" already exists`, 'pick another name or drop it first', field);
}

/** The column of this name, if any (a loop, not find(): ops ask for columns on every op of a replay). */
export function findColumn(table: TableModel, name: string): ColumnModel | undefined {
  for (const c of table.columns) if (c.name === name) return c;
  return undefined;
}

export function requireColumn(table: TableModel, name: string, field = 'column'): ColumnModel {
  const c = findColumn(table, name);
  if (!c) {
    const known = table.columns.map((x) => x.name).join(', ');
    throw new ModelError(`column "${name}" does not exist in table "${table.name}"`, `its columns are: ${known || '(none)'}`, field);
  }
  return c;
}

export function requireColumns(table: TableModel, names: readonly string[], field = 'columns'): void {
  // The field path of a missing column is only spelled out when it is missing.
  for (let i = 0; i < names.length; i++) if (!findColumn(table, names[i]!)) requireColumn(table, names[i]!, `${field}[${i}]`);
  if (names.length === 0) throw new ModelError('at least one column is needed', undefined, field);
  if (hasDuplicate(names)) throw new ModelError('a column is listed twice', undefined, field);
}

function hasDuplicate(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) for (let j = 0; j < i; j++) if (names[i] === names[j]) return true;
  return false;
}

export function resolveType(state: SchemaState, spec: TypeSpec, field: string): ColumnType {
  const t = parseType(spec);
  if (typeof t === 'string') {
    throw new ModelError(t, 'use a portable type (integer, varchar(50), timestamp, ...) or a per-dialect object', field);
  }
  if (t.kind === 'enum' && !state.enumType(t.name)) {
    throw new ModelError(`enum "${t.name}" does not exist at this point`, 'create it with createEnum first', field);
  }
  return t;
}

/** `null` and absent both mean "no default" in the model. */
export function toDefault(d: DefaultSpec | undefined): DefaultValue | undefined {
  return d === null || d === undefined ? undefined : d;
}

/** All constraint names of a table, for duplicate checks and lookups. */
export function constraintsOf(t: TableModel): ConstraintModel[] {
  const out: ConstraintModel[] = [];
  if (t.primaryKey) out.push({ kind: 'primaryKey', model: t.primaryKey });
  for (const u of t.uniques) out.push({ kind: 'unique', model: u });
  for (const c of t.checks) out.push({ kind: 'check', model: c });
  for (const f of t.foreignKeys) out.push({ kind: 'foreignKey', model: f });
  return out;
}

export function findConstraint(t: TableModel, name: string): ConstraintModel | undefined {
  return constraintsOf(t).find((c) => c.model.name === name);
}

export function requireFreeConstraintName(t: TableModel, name: string, field = 'name'): void {
  if (findConstraint(t, name)) {
    throw new ModelError(`table "${t.name}" already has a constraint named "${name}"`, 'give this one another name', field);
  }
}

/**
 * Tables, indexes and primary-key / unique constraints share one namespace
 * on PostgreSQL (the constraints are backed by an index of their name).
 * `self` is a table being replaced by this op, whose own names do not count.
 */
export function requireFreeRelationName(state: SchemaState, name: string, field: string, self?: string): void {
  const owner = state.relationOwner(name);
  if (owner === undefined || owner === self) return;
  const what = owner === name ? 'a table' : `an index or key constraint of table "${owner}"`;
  throw new ModelError(
    `"${name}" is already the name of ${what}; PostgreSQL keeps tables, indexes and key constraints in one namespace`,
    'give this one another name (a generated name repeats after a rename: name it explicitly)', field,
  );
}

export function requireFreeIndexName(state: SchemaState, name: string, field = 'name'): void {
  const owner = state.indexOwner(name);
  if (owner !== undefined) {
    throw new ModelError(`an index named "${name}" already exists (on table "${owner}")`, 'give this one another name', field);
  }
}

/** The referenced table (may be the table being created) and its columns must exist. */
export function checkReference(
  state: SchemaState, self: TableModel, refTable: string, refColumns: readonly string[], field: string,
): void {
  const target = refTable === self.name ? self : state.table(refTable);
  if (!target) {
    throw new ModelError(`referenced table "${refTable}" does not exist at this point`, 'create it first or fix the name', `${field}.table`);
  }
  refColumns.forEach((c, i) => requireColumn(target, c, `${field}.columns[${i}]`));
}

export interface ColumnParts {
  column: ColumnModel;
  unique?: string;
  foreignKey?: ForeignKeyModel;
  primaryKey: boolean;
}

/**
 * A column model with its keys in the one order every op writes them (an
 * object literal per shape rather than spreads of `{}`: spreads left
 * temporary objects behind on every column of a replay).
 */
export function makeColumn(
  name: string, type: ColumnType, nullable: boolean, autoincrement: boolean, dflt: DefaultValue | undefined, comment: string | undefined,
): ColumnModel {
  if (dflt === undefined) return comment === undefined ? { name, type, nullable, autoincrement } : { name, type, nullable, autoincrement, comment };
  return comment === undefined ? { name, type, nullable, autoincrement, default: dflt } : { name, type, nullable, autoincrement, default: dflt, comment };
}

function fieldAt(field: string, index: number | undefined, key: string): string {
  return index === undefined ? `${field}.${key}` : `${field}[${index}].${key}`;
}

/**
 * A column definition as written in a revision, split into the column and the
 * constraints it declares. `inPrimaryKey`: the table's primary key (declared
 * apart from the column) includes it, which makes it NOT NULL. `field` is the
 * definition's path in the op, `index` its position when `field` is a list.
 */
export function columnFromDef(
  state: SchemaState, table: string, def: ColumnDef, field: string, namer: Namer, inPrimaryKey = false, index?: number,
): ColumnParts {
  // The field path (`columns[3].type`) is spelled out only for an error: a
  // string per column of every createTable was a share of a replay's garbage.
  const parsed = parseType(def.type);
  const type = typeof parsed === 'object' && parsed.kind !== 'enum' ? parsed : resolveType(state, def.type, fieldAt(field, index, 'type'));
  const primaryKey = def.primaryKey === true;
  if (def.autoincrement && type.kind !== 'smallint' && type.kind !== 'integer' && type.kind !== 'bigint') {
    throw new ModelError('autoincrement needs an integer type (smallint, integer or bigint)', undefined, fieldAt(field, index, 'autoincrement'));
  }
  if ((primaryKey || def.autoincrement) && def.nullable === true) {
    throw new ModelError(`${primaryKey ? 'a primary-key' : 'an autoincrement'} column cannot be nullable`, 'remove "nullable": true', fieldAt(field, index, 'nullable'));
  }
  const column = makeColumn(
    def.name,
    type,
    // Identity / autoincrement columns are NOT NULL on every engine, and so are primary-key columns.
    inPrimaryKey || def.autoincrement === true ? false : def.nullable ?? !primaryKey,
    def.autoincrement === true,
    toDefault(def.default),
    def.comment,
  );
  const parts: ColumnParts = { column, primaryKey };
  if (def.unique) parts.unique = namer.unique(table, [def.name]);
  if (def.references) {
    const r = def.references;
    parts.foreignKey = foreignKeyModel(
      nameOf(r, () => namer.foreignKey(table, [def.name], r.table)), [def.name], r.table, [r.column], r.onDelete, r.onUpdate, false,
    );
  }
  return parts;
}

/**
 * `list` with `x` at the end, in an array of exactly that length. V8 gives
 * `[...list, x]` ~18 spare slots, which the model then keeps: 3 MB at 10,000
 * revisions, copied by every young-generation collection it survives.
 */
export function appended<T>(list: readonly T[], x: T): T[] {
  return list.concat([x]);
}

export function withTable(t: TableModel, patch: Partial<TableModel>): TableModel {
  return { ...t, ...patch };
}

export function replaceColumn(t: TableModel, name: string, c: ColumnModel): TableModel {
  const columns = t.columns.slice();
  for (let i = 0; i < columns.length; i++) if (columns[i]!.name === name) columns[i] = c;
  return { ...t, columns };
}

/** Does an SQL expression mention this identifier as a word (best effort, used for CHECKs)? */
export function mentions(expression: string, identifier: string): boolean {
  return mentionsIdentifier(expression, identifier);
}

/** Foreign keys on other tables that point at `table`. */
export function referencingKeys(state: SchemaState, table: string): { table: string; fk: ForeignKeyModel }[] {
  const out: { table: string; fk: ForeignKeyModel }[] = [];
  for (const n of state.referencingTables(table)) {
    for (const fk of state.table(n)!.foreignKeys) if (fk.refTable === table) out.push({ table: n, fk });
  }
  return out;
}

/*
 * Builders for named model objects. `{ ...named, columns }` (a spread of a
 * small object plus a key it lacks) gave every object V8 made that way a
 * hidden class of its own: 10,000 primary keys, 10,000 maps and descriptor
 * arrays, each built in V8's runtime. A literal, with optional keys assigned
 * after it, shares one shape; the keys come in the same order as before.
 */
type Named = { name: string; generated: boolean };
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function keyModel(named: Named, columns: readonly string[]): PrimaryKeyModel & UniqueModel {
  return { name: named.name, generated: named.generated, columns };
}

export function checkModel(named: Named, expression: string, notValid: boolean | undefined): CheckModel {
  const c: Writable<CheckModel> = { name: named.name, generated: named.generated, expression };
  if (notValid) c.notValid = true;
  return c;
}

export function foreignKeyModel(
  named: Named, columns: readonly string[], refTable: string, refColumns: readonly string[],
  onDelete: FkAction | undefined, onUpdate: FkAction | undefined, notValid: boolean | undefined,
): ForeignKeyModel {
  const fk: Writable<ForeignKeyModel> = { name: named.name, generated: named.generated, columns, refTable, refColumns };
  if (onDelete) fk.onDelete = onDelete;
  if (onUpdate) fk.onUpdate = onUpdate;
  if (notValid) fk.notValid = true;
  return fk;
}

/** The name a revision gave (or a derived op restored), else the naming convention's. */
export function nameOf(spec: { name?: string; generated?: boolean }, make: () => string): { name: string; generated: boolean } {
  if (spec.name === undefined) return { name: make(), generated: true };
  return { name: spec.name, generated: spec.generated === true };
}

/** The name fields a derived op uses to restore a model object's name exactly. */
export function restoreName(obj: { name: string; generated: boolean }): { name: string; generated?: true } {
  return obj.generated ? { name: obj.name, generated: true } : { name: obj.name };
}
