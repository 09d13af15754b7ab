/**
 * Reads an SQLite database's catalog into a `Catalog` (src/verify/catalog/types.ts).
 *
 * What the PRAGMAs give (https://www.sqlite.org/pragma.html), used as the truth:
 * columns (`table_xinfo`: declared type, NOT NULL flag, default text, PK
 * position), unique and primary-key indexes (`index_list` origin 'u'/'pk' +
 * `index_info`), CREATE INDEX indexes (`index_list` origin 'c' + `index_xinfo`),
 * foreign keys (`foreign_key_list`).
 *
 * What they do not give is taken from the CREATE statements in
 * `sqlite_schema.sql`, which SQLite stores as written (and rewrites on
 * ALTER TABLE ... RENAME): constraint names (`CONSTRAINT <name>` clauses),
 * CHECK expressions, AUTOINCREMENT, and the text of expression index keys and
 * of a partial index's WHERE clause (https://www.sqlite.org/fileformat2.html#sqlite_schema).
 * A small tokenizer that knows SQLite's quoting ("…", […], `…`, '…', comments)
 * does that, so names containing anything (`x"; DROP TABLE y; --`) are read right.
 *
 * Tables named sqlite_* are SQLite's own (sqlite_sequence, sqlite_stat1…), and
 * names starting with "sqlite_" are reserved for it (https://www.sqlite.org/lang_createtable.html),
 * so they are all left out, as is the version table.
 */
import { isSqliteKeyword } from '../../dialects/sqlite/keywords.js';
import type { Database, SqlValue } from 'sql.js';
import { adoptSpelling } from '../expected.js';
import {
  DEFAULT_VERSION_TABLE, sortCatalog,
  type Catalog, type CatalogColumn, type CatalogFkAction, type CatalogIndex, type CatalogIndexKey,
  type CatalogTable, type ReadCatalogOptions,
} from './types.js';

type Row = Record<string, SqlValue>;

function all(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const st = db.prepare(sql, params);
  try {
    const rows: Row[] = [];
    while (st.step()) rows.push(st.getAsObject() as Row);
    return rows;
  } finally {
    st.free();
  }
}

const str = (v: SqlValue): string => (v === null ? '' : String(v));
const num = (v: SqlValue): number => Number(v);

/** SQLite folds ASCII letters only when comparing identifiers. */
function foldIdent(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
const sameIdents = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => foldIdent(x) === foldIdent(b[i]!));

// ---------------------------------------------------------------------------
// Tokenizer (https://www.sqlite.org/lang_keywords.html for the quoting forms)

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';
interface Token {
  kind: TokenKind;
  /** The identifier for word/quoted tokens (quotes removed), the source text otherwise. */
  value: string;
  start: number;
  end: number;
}

const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c) || c.charCodeAt(0) >= 0x80;
const isIdentPart = (c: string): boolean => isIdentStart(c) || /[0-9]/.test(c);

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const quoted = (close: string, doubled: boolean, kind: TokenKind): void => {
    const start = i;
    let value = '';
    i++;
    while (i < n) {
      const c = sql[i]!;
      if (c === close) {
        if (doubled && sql[i + 1] === close) { value += close; i += 2; continue; }
        i++;
        out.push({ kind, value: kind === 'string' ? sql.slice(start, i) : value, start, end: i });
        return;
      }
      value += c;
      i++;
    }
    throw new Error(`unterminated ${close} quote in: ${sql}`);
  };
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') { const e = sql.indexOf('\n', i); i = e < 0 ? n : e + 1; continue; }
    if (c === '/' && sql[i + 1] === '*') { const e = sql.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
    if (c === "'") { quoted("'", true, 'string'); continue; }
    if (c === '"') { quoted('"', true, 'quoted'); continue; }
    if (c === '`') { quoted('`', true, 'quoted'); continue; }
    if (c === '[') { quoted(']', false, 'quoted'); continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?|[0-9]+\.)/i.exec(sql.slice(i))!;
      out.push({ kind: 'number', value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(sql[i]!)) i++;
      out.push({ kind: 'word', value: sql.slice(start, i), start, end: i });
      continue;
    }
    const two = sql.slice(i, i + 2);
    const len = ['||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '->'].includes(two) ? (sql.slice(i, i + 3) === '->>' ? 3 : 2) : 1;
    out.push({ kind: 'punct', value: sql.slice(i, i + len), start: i, end: i + len });
    i += len;
  }
  return out;
}

const isWord = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && t.value.toUpperCase() === w;
const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.value === p;
const identOf = (t: Token | undefined): string => (t && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'string') ? (t.kind === 'string' ? t.value.slice(1, -1).replace(/''/g, "'") : t.value) : '');

/** Index of the `)` matching the `(` at `open`. */
function closeOf(toks: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (isPunct(toks[i], '(')) depth++;
    else if (isPunct(toks[i], ')') && --depth === 0) return i;
  }
  throw new Error('unbalanced parentheses');
}

/** Top-level comma-separated ranges [from, to) between `open` and its `)`. */
function items(toks: Token[], open: number): Array<[number, number]> {
  const close = closeOf(toks, open);
  const out: Array<[number, number]> = [];
  let from = open + 1;
  for (let i = open + 1; i < close; i++) {
    if (isPunct(toks[i], '(')) { i = closeOf(toks, i); continue; }
    if (isPunct(toks[i], ',')) { out.push([from, i]); from = i + 1; }
  }
  if (from < close) out.push([from, close]);
  return out;
}

/** The column names of a `(a, b COLLATE x DESC)` list. */
function nameList(toks: Token[], open: number): string[] {
  return items(toks, open).map(([from]) => identOf(toks[from]));
}

interface ParsedTable {
  primaryKey: { name: string | null; columns: string[]; autoincrement: boolean } | null;
  uniques: Array<{ name: string | null; columns: string[] }>;
  checks: Array<{ name: string | null; expression: string }>;
  foreignKeys: Array<{ name: string | null; columns: string[]; refTable: string; refColumns: string[]; onDelete: string; onUpdate: string }>;
}

/** Constraint names, CHECK texts and AUTOINCREMENT from a CREATE TABLE statement. */
function parseCreateTable(sql: string): ParsedTable {
  const parsed: ParsedTable = { primaryKey: null, uniques: [], checks: [], foreignKeys: [] };
  const toks = tokenize(sql);
  const open = toks.findIndex((t) => isPunct(t, '('));
  if (open < 0) return parsed; // CREATE TABLE ... AS SELECT: no constraints
  const starts = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);
  for (const [from, to] of items(toks, open)) {
    const first = toks[from];
    const tableConstraint = first?.kind === 'word' && starts.has(first.value.toUpperCase());
    if (tableConstraint) constraints(from, to, null);
    else constraints(from + 1, to, identOf(first));
  }
  return parsed;

  /** Walk the constraint clauses in [i, end); `column` is set for column constraints. */
  function constraints(i: number, end: number, column: string | null): void {
    let name: string | null = null;
    while (i < end) {
      const t = toks[i]!;
      if (isWord(t, 'CONSTRAINT')) { name = identOf(toks[i + 1]); i += 2; continue; }
      if (isWord(t, 'PRIMARY') || isWord(t, 'UNIQUE')) {
        const pk = isWord(t, 'PRIMARY');
        i += pk ? 2 : 1; // PRIMARY KEY | UNIQUE
        let cols = column === null ? [] : [column];
        let autoincrement = false;
        if (column === null && isPunct(toks[i], '(')) {
          const close = closeOf(toks, i);
          cols = nameList(toks, i);
          autoincrement = toks.slice(i, close).some((x) => isWord(x, 'AUTOINCREMENT'));
          i = close + 1;
        }
        if (pk) parsed.primaryKey = { name, columns: cols, autoincrement };
        else parsed.uniques.push({ name, columns: cols });
        name = null;
        continue;
      }
      if (isWord(t, 'AUTOINCREMENT')) {
        if (parsed.primaryKey) parsed.primaryKey.autoincrement = true;
        i++;
        continue;
      }
      if (isWord(t, 'CHECK') && isPunct(toks[i + 1], '(')) {
        const close = closeOf(toks, i + 1);
        parsed.checks.push({ name, expression: canonicalExpression(sql.slice(toks[i + 1]!.end, toks[close]!.start).trim()) });
        name = null;
        i = close + 1;
        continue;
      }
      if (isWord(t, 'FOREIGN') && isPunct(toks[i + 2], '(')) { // FOREIGN KEY (cols) REFERENCES ...
        const cols = nameList(toks, i + 2);
        i = closeOf(toks, i + 2) + 1;
        if (isWord(toks[i], 'REFERENCES')) i = references(i, cols, name);
        name = null;
        continue;
      }
      if (isWord(t, 'REFERENCES') && column !== null) { i = references(i, [column], name); name = null; continue; }
      // A name before a constraint kind this reader does not keep (CONSTRAINT nn NOT NULL) is that one's.
      if (['NOT', 'NULL', 'COLLATE', 'GENERATED', 'AS'].some((w) => isWord(t, w))) { name = null; i++; continue; }
      if (isWord(t, 'DEFAULT')) {
        name = null;
        // DEFAULT takes one term: a signed number, a literal, a word, or a parenthesised expression.
        i++;
        if (isPunct(toks[i], '+') || isPunct(toks[i], '-')) i++;
        i = isPunct(toks[i], '(') ? closeOf(toks, i) + 1 : i + 1;
        continue;
      }
      if (isPunct(t, '(')) { i = closeOf(toks, i) + 1; continue; }
      i++;
    }
  }

  function references(i: number, columns: string[], name: string | null): number {
    const refTable = identOf(toks[i + 1]);
    i += 2;
    let refColumns: string[] = [];
    if (isPunct(toks[i], '(')) { refColumns = nameList(toks, i); i = closeOf(toks, i) + 1; }
    // ON DELETE / ON UPDATE <action> (https://www.sqlite.org/syntax/foreign-key-clause.html),
    // kept so that two keys on the same columns that differ only in their actions pair up right.
    const actions: Record<string, string> = { DELETE: 'no action', UPDATE: 'no action' };
    while (isWord(toks[i], 'ON') && (isWord(toks[i + 1], 'DELETE') || isWord(toks[i + 1], 'UPDATE'))) {
      const which = toks[i + 1]!.value.toUpperCase();
      const two = isWord(toks[i + 2], 'SET') || isWord(toks[i + 2], 'NO');
      actions[which] = toks.slice(i + 2, i + (two ? 4 : 3)).map((t) => t.value.toLowerCase()).join(' ');
      i += two ? 4 : 3;
    }
    parsed.foreignKeys.push({ name, columns, refTable, refColumns, onDelete: actions.DELETE!, onUpdate: actions.UPDATE! });
    return i;
  }
}

/** The key texts (in order) and WHERE text of a CREATE INDEX statement. */
/**
 * SQLite stores expression text as written, except that RENAME COLUMN
 * rewrites the renamed identifier quoted (`score >= 0` becomes
 * `"points" >= 0`, and renaming back gives `"score" >= 0`). Quotes around a
 * plain identifier that needs none are dropped so the same expression reads
 * the same however it got there.
 */
export function canonicalExpression(text: string): string {
  return text.replace(/'(?:[^']|'')*'|"([A-Za-z_][A-Za-z0-9_]*)"/g, (m, ident: string | undefined) =>
    ident !== undefined && !isSqliteKeyword(ident) ? ident : m);
}

function parseCreateIndex(sql: string): { keys: string[]; where: string | null } {
  const toks = tokenize(sql);
  const open = toks.findIndex((t) => isPunct(t, '('));
  if (open < 0) return { keys: [], where: null };
  const keys = items(toks, open).map(([from, to]) => {
    // Drop a trailing ASC/DESC and COLLATE <name>: index_xinfo reports those apart.
    let last = to - 1;
    if (isWord(toks[last], 'ASC') || isWord(toks[last], 'DESC')) last--;
    if (last - 1 >= from && isWord(toks[last - 1], 'COLLATE')) last -= 2;
    return sql.slice(toks[from]!.start, toks[last]!.end);
  });
  const close = closeOf(toks, open);
  const where = isWord(toks[close + 1], 'WHERE') && toks[close + 2]
    ? sql.slice(toks[close + 2]!.start, toks[toks.length - 1]!.end)
    : null;
  return { keys, where };
}

// ---------------------------------------------------------------------------

/** PRAGMA foreign_key_list spells actions as in SQL: "NO ACTION", "SET NULL", ... */
function fkAction(v: SqlValue): CatalogFkAction {
  const a = str(v).toLowerCase();
  switch (a) {
    case 'no action': case 'restrict': case 'cascade': case 'set null': case 'set default': return a;
    default: throw new Error(`unknown SQLite referential action "${str(v)}"`);
  }
}

/** Read the `main` schema of an sql.js database. */
export function readSqliteCatalog(db: Database, opts: ReadCatalogOptions = {}): Catalog {
  const versionTable = opts.versionTable ?? DEFAULT_VERSION_TABLE;
  // sqlite_master is the pre-3.33 name of sqlite_schema; both work, this one everywhere.
  const tables = all(db, `SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .filter((r) => !foldIdent(str(r.name)).startsWith('sqlite_') && str(r.name) !== versionTable);
  const indexSql = new Map(all(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index'`)
    .map((r) => [str(r.name), r.sql === null ? null : str(r.sql)]));
  return sortCatalog({
    tables: tables.map((r) => readTable(db, str(r.name), str(r.sql), indexSql)),
    sequences: [], // SQLite has no sequences
    enums: [], // nor enum types
  });
}

function readTable(db: Database, name: string, sql: string, indexSql: Map<string, string | null>): CatalogTable {
  const parsed = parseCreateTable(sql);
  // hidden: 0 ordinary, 1 virtual-table hidden column, 2/3 generated column.
  const info = all(db, `SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)`, [name])
    .filter((c) => num(c.hidden) !== 1);
  const indexList = all(db, `SELECT seq, name, "unique", origin, partial FROM pragma_index_list(?)`, [name]);
  const pkColumns = info.filter((c) => num(c.pk) > 0).sort((a, b) => num(a.pk) - num(b.pk)).map((c) => str(c.name));
  // A single-column INTEGER PRIMARY KEY of a rowid table is the rowid itself and has
  // no index of its own (https://www.sqlite.org/lang_createtable.html#rowid); it can
  // never hold NULL, whatever PRAGMA table_info's notnull flag says.
  const rowidAlias = pkColumns.length === 1 && !indexList.some((x) => str(x.origin) === 'pk');
  const autoincrement = parsed.primaryKey?.autoincrement === true && rowidAlias;

  const columns: CatalogColumn[] = info.sort((a, b) => num(a.cid) - num(b.cid)).map((c) => {
    const isRowid = rowidAlias && str(c.name) === pkColumns[0];
    return {
      name: str(c.name),
      type: str(c.type),
      nullable: num(c.notnull) === 0 && !isRowid,
      default: c.dflt_value === null ? null : str(c.dflt_value),
      identity: isRowid && autoincrement ? 'autoincrement' : null,
      comment: null,
    };
  });

  const keyColumns = (index: string): string[] =>
    all(db, `SELECT seqno, name FROM pragma_index_info(?) ORDER BY seqno`, [index]).map((k) => str(k.name));

  const unusedUniques = [...parsed.uniques];
  const uniques = indexList.filter((x) => str(x.origin) === 'u').map((x) => {
    const cols = keyColumns(str(x.name));
    const at = unusedUniques.findIndex((u) => sameIdents(u.columns, cols));
    const uName = at < 0 ? null : unusedUniques.splice(at, 1)[0]!.name;
    return { name: uName, columns: cols };
  });
  // SQLite builds one index for UNIQUE / PRIMARY KEY clauses of a CREATE TABLE
  // that name the same columns in the same order (measured: `a UNIQUE,
  // CONSTRAINT u2 UNIQUE (a)` gives one autoindex), so a clause left over here
  // repeats a key that has an index: it is in the schema and enforced by that
  // index, and is reported as written.
  for (const u of unusedUniques) {
    const same = [...uniques.map((x) => x.columns), pkColumns].find((cols) => sameIdents(u.columns, cols));
    if (same) uniques.push({ name: u.name, columns: [...same] });
  }

  const indexes: CatalogIndex[] = indexList.filter((x) => str(x.origin) === 'c').map((x) => {
    const iName = str(x.name);
    const text = parseCreateIndex(indexSql.get(iName) ?? '');
    const keys = all(db, `SELECT seqno, cid, name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`, [iName]);
    const cols: CatalogIndexKey[] = keys.map((k, i) => {
      // cid -2: an expression key; -1: the rowid (https://www.sqlite.org/pragma.html#pragma_index_xinfo).
      if (num(k.cid) === -2) return { expression: canonicalExpression(text.keys[i] ?? '') };
      return num(k.cid) === -1 ? 'rowid' : str(k.name);
    });
    return { name: iName, unique: num(x.unique) === 1, columns: cols, where: num(x.partial) === 1 && text.where !== null ? canonicalExpression(text.where) : null };
  });

  // foreign_key_list: one row per column, grouped by id, ordered by seq.
  const fkRows = all(db, `SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, [name]);
  const unusedFks = [...parsed.foreignKeys];
  const fkIds = [...new Set(fkRows.map((r) => num(r.id)))];
  const foreignKeys = fkIds.map((id) => {
    const rows = fkRows.filter((r) => num(r.id) === id);
    const first = rows[0]!;
    const refTable = str(first.table);
    const cols = rows.map((r) => str(r.from));
    // "to" is NULL when the clause names no columns: it then means the parent's primary key.
    let refColumns = rows.map((r) => (r.to === null ? null : str(r.to)));
    if (refColumns.some((c) => c === null)) {
      refColumns = all(db, `SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, [refTable]).map((c) => str(c.name));
    }
    const onDelete = fkAction(first.on_delete);
    const onUpdate = fkAction(first.on_update);
    // Pair with the clause that says the same; PRAGMA foreign_key_list lists keys in no documented order.
    const same = (f: ParsedTable['foreignKeys'][number]) => sameIdents(f.columns, cols) && foldIdent(f.refTable) === foldIdent(refTable);
    let at = unusedFks.findIndex((f) => same(f) && f.onDelete === onDelete && f.onUpdate === onUpdate
      && (f.refColumns.length === 0 || sameIdents(f.refColumns, refColumns as string[])));
    if (at < 0) at = unusedFks.findIndex(same);
    const fName = at < 0 ? null : unusedFks.splice(at, 1)[0]!.name;
    return { name: fName, columns: cols, refTable, refColumns: refColumns as string[], onDelete, onUpdate };
  });

  return {
    name,
    columns,
    primaryKey: pkColumns.length > 0 ? { name: parsed.primaryKey?.name ?? null, columns: pkColumns } : null,
    uniques,
    checks: parsed.checks.map((c) => ({ name: c.name, expression: c.expression })),
    foreignKeys,
    indexes,
    comment: null,
  };
}

/** Always-quoted identifier (https://www.sqlite.org/lang_keywords.html). */
function qi(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `expected` with every expression spelled the way SQLite stores it (see
 * src/verify/expected.ts): the expected tables (columns with their types and
 * defaults, checks) and indexes are created in `scratch`, an empty database
 * the caller provides and then discards, read back, and their expression
 * texts adopted. SQLite keeps CHECK and index text as written but drops the
 * parentheses of `DEFAULT (expr)` (https://www.sqlite.org/pragma.html#pragma_table_info
 * reports the expression inside them), which is what this accounts for.
 * When SQLite refuses a table's checks, it is created without them; when it
 * refuses a default, with bare columns: what could not be created keeps the
 * model's text (and shows up as a mismatch if the engine spells it otherwise).
 */
export function settleSqliteCatalog(scratch: Database, expected: Catalog): Catalog {
  const run = (sql: string): boolean => {
    try {
      scratch.run(sql);
      return true;
    } catch {
      return false;
    }
  };
  for (const t of expected.tables) {
    const cols = t.columns.map((c) => `${qi(c.name)}${c.type ? ` ${c.type}` : ''}`);
    const withDefaults = t.columns.map((c, i) => (c.default === null ? cols[i]! : `${cols[i]!} DEFAULT ${c.default}`));
    const checks = t.checks.map((k, i) => `CONSTRAINT ${qi(k.name ?? `sqlrev_check_${i}`)} CHECK (${k.expression})`);
    // SQLite cannot add a default or a check later, so fall back to less on refusal:
    // everything, then without the checks, then the bare columns.
    const created = [[...withDefaults, ...checks], withDefaults, cols]
      .some((items) => run(`CREATE TABLE ${qi(t.name)} (${items.join(', ')})`));
    if (!created) continue;
    for (const ix of t.indexes) {
      const keys = ix.columns.map((k) => (typeof k === 'string' ? qi(k) : k.expression)).join(', ');
      const where = ix.where === null ? '' : ` WHERE ${ix.where}`;
      run(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${qi(ix.name)} ON ${qi(t.name)} (${keys})${where}`);
    }
  }
  // An empty versionTable: every expected table is read, whatever its name.
  return adoptSpelling(expected, readSqliteCatalog(scratch, { versionTable: '' }));
}
