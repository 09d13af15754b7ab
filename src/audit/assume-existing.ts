/**
 * Raw SQL runs against a database sqlrev's model may only partly know: an
 * audited `.sql` file usually alters tables created long before it, and a
 * `sql` op may touch tables made by earlier raw SQL. When a statement's op
 * names a table or column the model lacks, the auditor assumes it exists
 * (it did, or the statement would fail) with a type it does not know, and
 * marks such a table as existing: it was there before the file started.
 */
import { ModelError } from '../errors.js';
import { tableDelta, type Delta } from '../model/delta.js';
import { applyOp } from '../model/replay.js';
import { Overlay } from '../model/state.js';
import type { ColumnModel, ColumnType, SchemaState, TableModel } from '../model/types.js';
import type { ApplyContext } from '../ops/definition.js';
import { assertNever, type Op } from '../ops/types.js';

/** The type of an assumed column: a per-dialect type with no entries, which no rule reasons about. */
export const UNKNOWN_TYPE: ColumnType = Object.freeze({ kind: 'custom', byDialect: Object.freeze({}) });

export function isUnknownType(t: ColumnType): boolean {
  return t.kind === 'custom' && Object.keys(t.byDialect).length === 0;
}

/** Tables and their columns an op needs to find in the model. */
function references(op: Op): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  const need = (table: string, ...columns: string[]) => {
    const set = refs.get(table) ?? new Set<string>();
    for (const c of columns) set.add(c);
    refs.set(table, set);
  };
  switch (op.op) {
    case 'createTable':
      for (const fk of op.foreignKeys ?? []) if (fk.references.table !== op.table) need(fk.references.table, ...fk.references.columns);
      for (const c of op.columns) if (c.references && c.references.table !== op.table) need(c.references.table, c.references.column);
      break;
    case 'addColumn':
      need(op.table);
      if (op.column.references && op.column.references.table !== op.table) need(op.column.references.table, op.column.references.column);
      break;
    case 'dropTable': case 'renameTable':
      need(op.table);
      break;
    case 'dropColumn': case 'renameColumn': case 'alterColumn':
      need(op.table, op.column);
      break;
    case 'createIndex':
      need(op.table, ...op.columns.filter((c): c is string => typeof c === 'string'));
      break;
    case 'addForeignKey':
      need(op.table, ...op.columns);
      if (op.references.table !== op.table) need(op.references.table, ...op.references.columns);
      else need(op.table, ...op.references.columns);
      break;
    case 'addUnique': case 'addPrimaryKey':
      need(op.table, ...op.columns);
      break;
    case 'addCheck': case 'deleteRows':
      need(op.table);
      break;
    case 'insert':
      need(op.table, ...op.rows.flatMap((r) => Object.keys(r)));
      break;
    case 'dropIndex':
      if (op.table !== undefined) need(op.table);
      break;
    case 'dropConstraint':
      need(op.table);
      break;
    case 'createSequence': case 'dropSequence': case 'createEnum': case 'dropEnum': case 'sql':
      break;
    default:
      assertNever(op, 'op');
  }
  return refs;
}

function assumedColumn(name: string): ColumnModel {
  return { name, type: UNKNOWN_TYPE, nullable: true, autoincrement: false };
}

/** The tables and columns the op names that `view` lacks, as a delta; undefined when nothing is missing. */
export function assumptionsFor(view: SchemaState, op: Op): Delta | undefined {
  const entries: [string, TableModel][] = [];
  for (const [name, columns] of references(op)) {
    const t = view.table(name);
    const missing = [...columns].filter((c) => !t?.columns.some((x) => x.name === c));
    if (t && missing.length === 0) continue;
    const base: TableModel = t ?? { name, columns: [], uniques: [], checks: [], foreignKeys: [], indexes: [] };
    entries.push([name, { ...base, columns: [...base.columns, ...missing.map(assumedColumn)] }]);
  }
  return entries.length ? tableDelta(...entries) : undefined;
}

export interface LenientStep {
  /** The state the op applied to (with any assumed tables and columns). */
  readonly before: SchemaState;
  readonly delta: Delta;
  /** What had to be assumed (to commit before `delta` when the state is kept). */
  readonly assumed?: Delta;
}

/**
 * Apply an op derived from raw SQL; when the model lacks what it names,
 * assume it and try once more. Undefined when the op still does not apply
 * (the model cannot follow this statement, which is not the user's error).
 */
export function applyAssumingExisting(view: SchemaState, op: Op, ctx: ApplyContext): LenientStep | undefined {
  try {
    return { before: view, delta: applyOp(view, op, ctx) };
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
  const assumed = assumptionsFor(view, op);
  if (!assumed) return undefined;
  const before = new Overlay(view, assumed);
  try {
    return { before, delta: applyOp(before, op, ctx), assumed };
  } catch (e) {
    if (e instanceof ModelError) return undefined;
    throw e;
  }
}
