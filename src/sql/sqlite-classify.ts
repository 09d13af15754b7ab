/**
 * What kind of SQLite statement a token list is, named after the
 * statement's page in SQLite's grammar (https://www.sqlite.org/lang.html):
 * CreateTableStmt, InsertStmt, PragmaStmt... Only used on statements that
 * SQLite itself accepted (or could not judge), so the leading keywords are
 * enough.
 */
import { identName, isPunct, isWord, type Token } from './lexer.js';

export interface SqliteStatementClass {
  readonly kind: string;
  readonly dml: boolean;
  readonly transactionControl: boolean;
  readonly outsideTransaction: boolean;
  /** CREATE TEMP ...: not part of the schema. */
  readonly temporary: boolean;
}

const SIMPLE: Readonly<Record<string, string>> = {
  PRAGMA: 'PragmaStmt',
  BEGIN: 'BeginStmt',
  COMMIT: 'CommitStmt',
  END: 'CommitStmt',
  ROLLBACK: 'RollbackStmt',
  SAVEPOINT: 'SavepointStmt',
  RELEASE: 'ReleaseStmt',
  VACUUM: 'VacuumStmt',
  ANALYZE: 'AnalyzeStmt',
  REINDEX: 'ReindexStmt',
  ATTACH: 'AttachStmt',
  DETACH: 'DetachStmt',
  EXPLAIN: 'ExplainStmt',
  SELECT: 'SelectStmt',
  VALUES: 'SelectStmt',
  INSERT: 'InsertStmt',
  REPLACE: 'InsertStmt',
  UPDATE: 'UpdateStmt',
  DELETE: 'DeleteStmt',
  ALTER: 'AlterTableStmt',
};

const CREATED: Readonly<Record<string, string>> = {
  TABLE: 'CreateTableStmt',
  VIRTUAL: 'CreateVirtualTableStmt',
  INDEX: 'CreateIndexStmt',
  UNIQUE: 'CreateIndexStmt',
  TRIGGER: 'CreateTriggerStmt',
  VIEW: 'CreateViewStmt',
};

const DROPPED: Readonly<Record<string, string>> = {
  TABLE: 'DropTableStmt',
  INDEX: 'DropIndexStmt',
  TRIGGER: 'DropTriggerStmt',
  VIEW: 'DropViewStmt',
};

const DML_KINDS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt']);
const CONTROL_KINDS = new Set(['PragmaStmt', 'BeginStmt', 'CommitStmt', 'RollbackStmt', 'SavepointStmt', 'ReleaseStmt']);

/** After WITH [RECURSIVE] ctes: the first top-level statement keyword. */
function afterWith(tokens: readonly Token[]): Token | undefined {
  let depth = 0;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && isWord(t, 'SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE')) return t;
  }
  return undefined;
}

export function classifySqlite(tokens: readonly Token[]): SqliteStatementClass {
  const first = tokens[0];
  let kind = 'Unknown';
  let temporary = false;
  if (isWord(first, 'WITH')) {
    const main = afterWith(tokens);
    kind = main ? SIMPLE[main.upper] ?? 'Unknown' : 'Unknown';
  } else if (isWord(first, 'CREATE')) {
    let i = 1;
    if (isWord(tokens[i], 'TEMP', 'TEMPORARY')) { temporary = true; i++; }
    kind = tokens[i]?.kind === 'word' ? CREATED[tokens[i]!.upper] ?? 'Unknown' : 'Unknown';
  } else if (isWord(first, 'DROP')) {
    kind = tokens[1]?.kind === 'word' ? DROPPED[tokens[1]!.upper] ?? 'Unknown' : 'Unknown';
  } else if (first?.kind === 'word') {
    kind = SIMPLE[first.upper] ?? 'Unknown';
  }
  return {
    kind,
    dml: DML_KINDS.has(kind),
    transactionControl: CONTROL_KINDS.has(kind),
    // "A VACUUM will fail if there is an open transaction" (https://www.sqlite.org/lang_vacuum.html)
    outsideTransaction: kind === 'VacuumStmt',
    temporary,
  };
}

/** `[schema.]name` at i: the name (schema dropped) and the index after it. */
export function qualifiedAt(tokens: readonly Token[], i: number): { name: string; schema?: string; next: number } | undefined {
  const t = tokens[i];
  if (!t || (t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'string')) return undefined;
  const first = t.kind === 'string' ? t.text.slice(1, -1).split("''").join("'") : identName(t, false);
  if (isPunct(tokens[i + 1], '.') && tokens[i + 2]) {
    const n = tokens[i + 2]!;
    return { schema: first, name: n.kind === 'string' ? n.text.slice(1, -1).split("''").join("'") : identName(n, false), next: i + 3 };
  }
  return { name: first, next: i + 1 };
}

/** The table (or trigger) a statement creates, drops or writes rows to, for bookkeeping detection. */
export function sqliteTargetTable(tokens: readonly Token[]): string | undefined {
  let i = 0;
  if (isWord(tokens[i], 'CREATE')) {
    i++;
    if (isWord(tokens[i], 'TEMP', 'TEMPORARY')) i++;
    if (!isWord(tokens[i], 'TABLE', 'TRIGGER')) return undefined;
    i++;
  } else if (isWord(tokens[i], 'DROP')) {
    if (!isWord(tokens[i + 1], 'TABLE', 'TRIGGER')) return undefined;
    i += 2;
  } else if (isWord(tokens[i], 'INSERT', 'REPLACE')) {
    while (i < tokens.length && !isWord(tokens[i], 'INTO')) i++;
    i++;
  } else if (isWord(tokens[i], 'UPDATE')) {
    i++;
    if (isWord(tokens[i], 'OR')) i += 2;
  } else if (isWord(tokens[i], 'DELETE') && isWord(tokens[i + 1], 'FROM')) {
    i += 2;
  } else {
    return undefined;
  }
  if (isWord(tokens[i], 'IF')) i += isWord(tokens[i + 1], 'NOT') ? 3 : 2;
  return qualifiedAt(tokens, i)?.name;
}

/**
 * CREATE [TEMP] TRIGGER ... ON table: the trigger's name and its table, or
 * undefined for any other statement. https://www.sqlite.org/lang_createtrigger.html
 */
export function sqliteTriggerOn(tokens: readonly Token[]): { trigger: string; table: string } | undefined {
  if (!isWord(tokens[0], 'CREATE') || !isWord(tokens[isWord(tokens[1], 'TEMP', 'TEMPORARY') ? 2 : 1], 'TRIGGER')) return undefined;
  const trigger = sqliteTargetTable(tokens);
  if (trigger === undefined) return undefined;
  // The first ON comes before the body (BEGIN ... END) and any WHEN clause, which cannot hold a bare ON before it.
  const on = tokens.findIndex((t) => isWord(t, 'ON'));
  const table = on > 0 ? qualifiedAt(tokens, on + 1)?.name : undefined;
  return table === undefined ? undefined : { trigger, table };
}
