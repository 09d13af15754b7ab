/**
 * Every op kind's definition. The mapped type makes a missing kind a compile error.
 */
import { addCheck } from './add-check.js';
import { addColumn } from './add-column.js';
import { addForeignKey } from './add-foreign-key.js';
import { addPrimaryKey } from './add-primary-key.js';
import { addUnique } from './add-unique.js';
import { alterColumn } from './alter-column.js';
import { createIndex } from './create-index.js';
import { createTable } from './create-table.js';
import type { OpDefinition, OpRegistry } from './definition.js';
import { dropColumn } from './drop-column.js';
import { dropConstraint } from './drop-constraint.js';
import { dropIndex } from './drop-index.js';
import { dropTable } from './drop-table.js';
import { createEnum, dropEnum } from './enums.js';
import { deleteRows, insert } from './insert.js';
import { renameColumn } from './rename-column.js';
import { renameTable } from './rename-table.js';
import { createSequence, dropSequence } from './sequences.js';
import { sql } from './sql.js';
import type { Op, OpKind } from './types.js';

export const OPS: OpRegistry = {
  createTable, dropTable, renameTable,
  addColumn, dropColumn, renameColumn, alterColumn,
  createIndex, dropIndex,
  addForeignKey, addUnique, addCheck, addPrimaryKey, dropConstraint,
  createSequence, dropSequence, createEnum, dropEnum,
  insert, deleteRows, sql,
};

export function opDefinition<K extends OpKind>(kind: K): OpDefinition<K> {
  return OPS[kind] as OpDefinition<K>;
}

/** Dispatch with the op's own kind (TypeScript cannot correlate the union by itself). */
export function defOf(op: Op): OpDefinition<OpKind> {
  return OPS[op.op] as unknown as OpDefinition<OpKind>;
}
