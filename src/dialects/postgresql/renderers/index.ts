/**
 * Every op kind's PostgreSQL renderer. Typed as RendererMap, so a new op
 * kind does not compile until it is decided here.
 */
import type { RendererMap } from '../../dialect.js';
import { alterColumn } from './alter-column.js';
import { addColumn, dropColumn, renameColumn } from './columns.js';
import { addCheck, addForeignKey, addPrimaryKey, addUnique, dropConstraint } from './constraints.js';
import { createEnum, dropEnum } from './enums.js';
import { createIndex, dropIndex } from './indexes.js';
import { sql } from './raw-sql.js';
import { deleteRows, insert } from './rows.js';
import { createSequence, dropSequence } from './sequences.js';
import { createTable, dropTable, renameTable } from './table.js';

export const renderers: RendererMap = {
  createTable, dropTable, renameTable,
  addColumn, dropColumn, renameColumn, alterColumn,
  createIndex, dropIndex,
  addForeignKey, addUnique, addCheck, addPrimaryKey, dropConstraint,
  createSequence, dropSequence, createEnum, dropEnum,
  insert, deleteRows, sql,
};
