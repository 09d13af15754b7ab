/**
 * What one op changes: new versions of the objects it touches (`null` =
 * removed). Ops return a Delta instead of a new SchemaState so that replaying
 * 10,000 revisions never copies the whole schema (see state.ts).
 */
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

export function sequenceDelta(name: string, seq: SequenceModel | null): Delta {
  return { sequences: new Map([[name, seq]]) };
}

export function enumDelta(name: string, e: EnumModel | null): Delta {
  return { enums: new Map([[name, e]]) };
}
