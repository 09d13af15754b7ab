/**
 * How SQLite renders each op kind. Typed as a RendererMap so the compiler
 * lists any op kind left undecided.
 */
import { unsupported, type RendererMap } from '../../dialect.js';
import { addColumn } from './add-column.js';
import { alterColumn } from './alter-column.js';
import { addCheck, addForeignKey, addPrimaryKey, addUnique, dropConstraint } from './constraint-change.js';
import { createIndex } from './create-index.js';
import { createTable } from './create-table.js';
import { deleteRows } from './delete-rows.js';
import { dropColumn } from './drop-column.js';
import { dropIndex } from './drop-index.js';
import { dropTable } from './drop-table.js';
import { insert } from './insert.js';
import { renameColumn } from './rename-column.js';
import { renameTable } from './rename-table.js';
import { sql } from './sql.js';

const noSequences = unsupported(
  'SQLite has no sequences; use an INTEGER PRIMARY KEY AUTOINCREMENT column, or mark the op "only": ["postgresql"]',
);

export const renderers: RendererMap = {
  createTable,
  dropTable,
  renameTable,
  addColumn,
  dropColumn,
  renameColumn,
  alterColumn,
  createIndex,
  dropIndex,
  addForeignKey,
  addUnique,
  addCheck,
  addPrimaryKey,
  dropConstraint,
  createSequence: noSequences,
  dropSequence: noSequences,
  // Enums are VARCHAR columns in SQLite (as SQLAlchemy's non-native Enum):
  // there is no type to create or drop.
  createEnum: () => [],
  dropEnum: () => [],
  insert,
  deleteRows,
  sql,
};
