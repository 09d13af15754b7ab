/**
 * What one op changes: new versions of the objects it touches (`null` =
 * removed). Ops return a Delta instead of a new SchemaState so that replaying
 * 10,000 revisions never copies the whole schema (see state.ts).
 */
import { OneEntryMap } from './one-entry-map.js';
import type { EnumModel, SequenceModel, TableModel } from './types.js';

export interface Delta {
  readonly tables?: ReadonlyMap<string, TableModel | null>;
  readonly sequences?: ReadonlyMap<string, SequenceModel | null>;
  readonly enums?: ReadonlyMap<string, EnumModel | null>;
}

export const EMPTY_DELTA: Delta = {};

export function tableDelta(...entries: [string, TableModel | null][]): Delta {
  return { tables: new Map(entries) };
}

/**
 * The delta of an op that changes one table, as most do. A Map per op was
 * ~10% of the garbage of a 10,000-revision replay; a one-entry map is two
 * fields.
 */
export function oneTableDelta(name: string, table: TableModel | null): Delta {
  return { tables: new OneEntryMap(name, table) };
}

export function sequenceDelta(name: string, seq: SequenceModel | null): Delta {
  return { sequences: new OneEntryMap(name, seq) };
}

export function enumDelta(name: string, e: EnumModel | null): Delta {
  return { enums: new OneEntryMap(name, e) };
}
