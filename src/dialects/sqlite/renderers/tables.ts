/**
 * Looking tables up in the states a renderer gets. The model has already
 * checked every reference (apply throws first), so a miss here is a bug in
 * the caller, reported as a ModelError naming the op field.
 */
import { ModelError } from '../../../errors.js';
import type { SchemaState, TableModel } from '../../../model/types.js';

export function tableIn(state: SchemaState, name: string, when: 'before' | 'after'): TableModel {
  const t = state.table(name);
  if (!t) throw new ModelError(`table ${name} does not exist ${when} this op`, undefined, 'table');
  return t;
}
