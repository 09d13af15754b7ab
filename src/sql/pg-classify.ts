/**
 * What kind of PostgreSQL statement a parse tree is, for the auditor: data
 * changes (data-migration), session/transaction control, and statements
 * the server refuses inside a transaction block (non-transactional).
 */
import type { AlterTableStmt, CopyStmt, CreateStmt, DeleteStmt, DropStmt, IndexStmt, InsertStmt, Node, UpdateStmt } from 'libpg-query';
import { asNode, nodeFields, nodeType, stringList, walk } from './pg-nodes.js';

export interface PgStatementClass {
  readonly kind: string;
  readonly dml: boolean;
  readonly transactionControl: boolean;
  readonly concurrently: boolean;
  readonly outsideTransaction: boolean;
}

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * Session and transaction control: they change no schema.
 * https://www.postgresql.org/docs/current/sql-commands.html
 */
const CONTROL = new Set([
  'TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'DoStmt', 'LockStmt', 'DiscardStmt',
  'ConstraintsSetStmt', 'CheckPointStmt', 'ListenStmt', 'UnlistenStmt', 'NotifyStmt',
]);

/**
 * Statements whose definitions hold DML that does not run now (a rule's or
 * a function's body, a prepared statement).
 */
const DEFINITIONS = new Set(['RuleStmt', 'CreateFunctionStmt', 'CreateTrigStmt', 'PrepareStmt', 'ViewStmt']);

/**
 * Commands documented as "cannot be executed inside a transaction block".
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY and each command's page
 */
const NEVER_IN_TRANSACTION = new Set([
  'CreatedbStmt', 'DropdbStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt', 'AlterSystemStmt',
  'CreateSubscriptionStmt',
]);

/**
 * Statements refused in a transaction block in some forms only: VACUUM but
 * not ANALYZE (both are a VacuumStmt), CLUSTER of every table but not of
 * one, REINDEX of a schema, database or the system catalogs but not of a
 * table or index.
 */
function refusedInForm(kind: string, stmt: Node): boolean {
  switch (kind) {
    case 'VacuumStmt': return asNode<{ is_vacuumcmd?: boolean }>(stmt, kind)?.is_vacuumcmd === true;
    case 'ClusterStmt': return asNode<{ relation?: Node }>(stmt, kind)?.relation === undefined;
    case 'ReindexStmt': return ['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SYSTEM'].includes(asNode<{ kind?: string }>(stmt, kind)?.kind ?? '');
    default: return false;
  }
}

function hasOption(options: readonly Node[] | undefined, name: string): boolean {
  return (options ?? []).some((o) => asNode<{ defname?: string }>(o, 'DefElem')?.defname === name);
}

/** DML anywhere in a statement: a data-modifying WITH (`WITH d AS (DELETE ...) SELECT`). */
function containsDml(stmt: Node): boolean {
  for (const n of walk(stmt)) {
    if (DML.has(n.type)) return true;
    if (n.type === 'CopyStmt' && (n.fields as CopyStmt).is_from) return true;
  }
  return false;
}

function isDml(kind: string, stmt: Node): boolean {
  if (DML.has(kind)) return true;
  // COPY ... FROM loads rows; COPY ... TO only reads them.
  if (kind === 'CopyStmt') return asNode<CopyStmt>(stmt, 'CopyStmt')?.is_from === true;
  // EXPLAIN runs its statement only with ANALYZE.
  if (kind === 'ExplainStmt') {
    const e = asNode<{ query?: Node; options?: Node[] }>(stmt, 'ExplainStmt')!;
    return hasOption(e.options, 'analyze') && e.query !== undefined && containsDml(e.query);
  }
  if (DEFINITIONS.has(kind)) return false;
  return containsDml(stmt);
}

export function classifyPg(stmt: Node): PgStatementClass {
  const kind = nodeType(stmt) ?? 'Unknown';
  let concurrently = false;
  switch (kind) {
    case 'IndexStmt': concurrently = asNode<IndexStmt>(stmt, kind)?.concurrent === true; break;
    case 'DropStmt': concurrently = asNode<DropStmt>(stmt, kind)?.concurrent === true; break;
    case 'ReindexStmt': concurrently = hasOption(asNode<{ params?: Node[] }>(stmt, kind)?.params, 'concurrently'); break;
    case 'AlterTableStmt':
      concurrently = (asNode<AlterTableStmt>(stmt, kind)?.cmds ?? []).some((c) => {
        const cmd = asNode<{ subtype?: string; def?: Node }>(c, 'AlterTableCmd');
        return cmd?.subtype === 'AT_DetachPartition' && asNode<{ concurrent?: boolean }>(cmd.def, 'PartitionCmd')?.concurrent === true;
      });
      break;
    case 'RefreshMatViewStmt': concurrently = nodeFields(stmt)?.['concurrent'] === true; break;
    default: break;
  }
  // REFRESH MATERIALIZED VIEW CONCURRENTLY may run in a transaction; the others may not.
  const outsideTransaction = NEVER_IN_TRANSACTION.has(kind) || refusedInForm(kind, stmt) || (concurrently && kind !== 'RefreshMatViewStmt');
  return { kind, dml: isDml(kind, stmt), transactionControl: CONTROL.has(kind), concurrently, outsideTransaction };
}

/**
 * The table a statement writes to when it only keeps a version table
 * (CREATE TABLE alembic_version, INSERT/UPDATE/DELETE on it, DROP TABLE it).
 */
export function pgTargetTable(stmt: Node): string | undefined {
  const kind = nodeType(stmt);
  switch (kind) {
    case 'CreateStmt': return asNode<CreateStmt>(stmt, kind)?.relation?.relname;
    case 'InsertStmt': return asNode<InsertStmt>(stmt, kind)?.relation?.relname;
    case 'UpdateStmt': return asNode<UpdateStmt>(stmt, kind)?.relation?.relname;
    case 'DeleteStmt': return asNode<DeleteStmt>(stmt, kind)?.relation?.relname;
    case 'DropStmt': {
      const d = asNode<DropStmt>(stmt, kind)!;
      if (d.removeType !== 'OBJECT_TABLE' || d.objects?.length !== 1) return undefined;
      const parts = stringList(asNode<{ items?: Node[] }>(d.objects[0], 'List')?.items);
      return parts[parts.length - 1];
    }
    default: return undefined;
  }
}
