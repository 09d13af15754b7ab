/**
 * sqlrev as a library. Named exports only.
 *
 *   import { defineRevision } from 'sqlrev';            // in .ts revisions
 *   import { loadProject, renderProject } from 'sqlrev'; // in tools
 */
export { defineRevision } from './revisions/define.js';
export type { RevisionDocument, Revision } from './revisions/types.js';
export type * from './ops/types.js';
export type { Config } from './config/types.js';
export type { Dialect, Statement } from './dialects/dialect.js';
export type { SchemaState, TableModel, ColumnModel, ColumnType } from './model/types.js';
export { SqlrevError, formatDiagnostic, type Diagnostic } from './errors.js';
export { loadProject, type Project } from './project.js';
export { DIALECTS, DIALECT_NAMES } from './dialects/registry.js';
export { renderProject } from './render/render-project.js';
export { main } from './cli/main.js';
export { runAudit, failsGate, type AuditInput, type AuditResult } from './audit/engine.js';
export { formatFindings, FORMATS } from './audit/reporters/index.js';
export { RULES } from './audit/registry.js';
export { sqlToOps } from './sql/to-ops.js';
