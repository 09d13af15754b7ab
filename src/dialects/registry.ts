/**
 * The dialect registry: the one line a new dialect adds. CLI choices, config
 * validation and test matrices derive from its keys.
 */
import type { DialectName } from '../ops/types.js';
import type { Dialect } from './dialect.js';
import { postgresql } from './postgresql/index.js';
import { sqlite } from './sqlite/index.js';

export const DIALECTS: { readonly [K in DialectName]: Dialect } = { postgresql, sqlite };

export const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

export function isDialectName(x: string): x is DialectName {
  return Object.prototype.hasOwnProperty.call(DIALECTS, x);
}
