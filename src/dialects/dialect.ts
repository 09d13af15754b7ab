/**
 * The contract every dialect folder fulfils. Shared code never asks "which
 * dialect is this?": differences are data on this object and the per-op
 * renderer map. A new dialect is one folder plus one line in registry.ts.
 */
import type { ColumnType, ColumnModel, NamedObject, SchemaState } from '../model/types.js';
import type { DialectName, OpKind, OpOf, RowLiteral } from '../ops/types.js';

/** One SQL statement produced for an op. */
export interface Statement {
  /** The statement text without the trailing `;`. */
  sql: string;
  /** The lock it takes, for the comment above it (PostgreSQL), e.g. "ACCESS EXCLUSIVE on task". */
  lock?: string;
  /** Extra words for the comment above it, e.g. "rewrites the table". */
  note?: string;
  /** `false` for statements that cannot run inside a transaction (CREATE INDEX CONCURRENTLY). */
  transactional?: boolean;
  /** SQLite: the statement sequence rebuilds a table, so foreign-key enforcement must be off. */
  needsForeignKeysOff?: boolean;
  /**
   * SQLite: on the first statement of a table rebuild, why the table is
   * rebuilt (the auditor's reason; the note says it too, but a table name
   * with parentheses in it makes the note ambiguous to read back).
   */
  rebuildReason?: string;
}

export interface RenderContext {
  readonly dialect: Dialect;
  /** The schema just before the op. */
  readonly before: SchemaState;
  /** The schema just after the op (the op's delta applied to `before`). */
  readonly after: SchemaState;
}

export type Renderer<K extends OpKind> = (op: OpOf<K>, ctx: RenderContext) => Statement[];

/** An op the dialect deliberately cannot render: why, and what to do instead. */
export interface Unsupported { readonly unsupported: string }

export function unsupported(why: string): Unsupported {
  return { unsupported: why };
}

export function isUnsupported(x: unknown): x is Unsupported {
  return typeof x === 'object' && x !== null && 'unsupported' in x;
}

/**
 * What a renderer that either rebuilds the table or does nothing will
 * render, worked out without rendering it: the auditor only needs these
 * facts, not the statements (see Dialect.rebuildPlans).
 */
export interface RebuildPlan {
  /** Why, as the rebuild's note says it: "ALTER COLUMN type of name". */
  readonly reason: string;
  /** The SELECT expression each converted column is copied with, by column name. */
  readonly expressions: ReadonlyMap<string, string>;
}

/** Per op kind: the plan (null: the op renders nothing). */
export type RebuildPlanners = { readonly [K in OpKind]?: (op: OpOf<K>, ctx: RenderContext) => RebuildPlan | null };

/** Typed so that the compiler lists every op kind a dialect has not decided on. */
export type RendererMap = { [K in OpKind]: Renderer<K> | Unsupported };

export interface Dialect {
  readonly name: DialectName;
  /** "PostgreSQL", "SQLite". */
  readonly displayName: string;
  /** Identifier limit in bytes; undefined = none. Generated names are shortened to it. */
  readonly identifierLimit?: number;
  /** Whether DDL runs inside a transaction (wraps each revision in BEGIN/COMMIT). */
  readonly transactionalDdl: boolean;
  /**
   * The command-line client and how to run a script so that the first error
   * stops it. `runScript` is a shell command line where "$SQL_FILE" is the
   * script and "$@" the user's client arguments; `usage` names those arguments.
   */
  readonly client: { name: string; runScript: string; usage: string };

  /** Quote an identifier when it needs it; always escape. */
  quoteIdent(name: string): string;
  /** A safely quoted SQL literal. */
  quoteLiteral(value: RowLiteral): string;
  /** The name as created in this dialect (generated names shortened to the limit). */
  physicalName(obj: NamedObject): string;
  /** The type as written in DDL (`schema` resolves enums, e.g. SQLite's VARCHAR(<longest value>)). */
  typeSql(type: ColumnType, schema: SchemaState): string;
  /**
   * The type as the engine reports it back: PostgreSQL `format_type(atttypid, atttypmod)`,
   * SQLite the declared type from PRAGMA table_info.
   */
  reportedType(type: ColumnType, schema: SchemaState): string;
  /** Render a column default (literal or `{sql}`) for use after DEFAULT. */
  defaultSql(value: NonNullable<ColumnModel['default']>, column: ColumnModel): string;

  readonly renderers: RendererMap;
  /**
   * For op kinds whose renderer renders exactly such a plan, the planner it
   * renders from. The auditor asks it instead of rendering a rebuild it would
   * only search (SQLite type changes: ~100 ms of a 10,000-revision audit). A
   * planner sees the same model errors as the renderer about the op itself;
   * one that only the full table definition would meet (an identifier of
   * another column that SQLite refuses) is left to render to report.
   */
  readonly rebuildPlans?: RebuildPlanners;
}
