/**
 * SQLite DDL to sqlrev ops, read from the statement's tokens following
 * SQLite's documented grammar:
 * https://www.sqlite.org/lang_createtable.html, lang_altertable.html,
 * lang_createindex.html, lang_droptable.html, lang_dropindex.html.
 * The reader only reads structure: whether the statement is valid is
 * SQLite's call (sqlite-judge.ts). Expressions are kept as written.
 */
import type { CheckSpec, ColumnDef, ColumnReference, DefaultSpec, FkAction, ForeignKeySpec, IndexColumn, KeySpec } from '../ops/types.js';
import { Translation } from './draft.js';
import { identName, isPunct, isWord, stringValue, type Token } from './lexer.js';
import { qualifiedAt } from './sqlite-classify.js';
import { sqliteColumnType } from './sqlite-types.js';
import { closing, commaList, runUntil, spanText, unparenthesisedText, type Span } from './token-spans.js';

export interface SqliteTranslateState {
  /** Primary keys of tables created in the text, for REFERENCES t without columns. */
  readonly primaryKeys: Map<string, string[]>;
  /** The table of each index created in the text. */
  readonly indexTables: Map<string, string>;
}

/** The statement is not in a shape this reader knows. */
class Unreadable extends Error {}

const COLUMN_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);
const CURRENT_KEYWORDS = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME']);

class Cursor {
  constructor(readonly text: string, readonly tokens: readonly Token[], public i: number, readonly end: number) {}
  peek(k = 0): Token | undefined { return this.i + k < this.end ? this.tokens[this.i + k] : undefined; }
  done(): boolean { return this.i >= this.end; }
  word(...words: string[]): boolean {
    if (isWord(this.peek(), ...words)) { this.i++; return true; }
    return false;
  }
  expectWord(...words: string[]): string {
    const t = this.peek();
    if (!isWord(t, ...words)) throw new Unreadable();
    this.i++;
    return t!.upper;
  }
  name(): string {
    const t = this.peek();
    if (!t) throw new Unreadable();
    this.i++;
    if (t.kind === 'word' || t.kind === 'quoted') return identName(t, false);
    if (t.kind === 'string') return stringValue(t) ?? '';
    throw new Unreadable();
  }
  /** `(`...`)` at the cursor: its span (inside) and the cursor moves past it. */
  group(): Span {
    if (!isPunct(this.peek(), '(')) throw new Unreadable();
    const close = closing(this.tokens, this.i);
    if (close >= this.end) throw new Unreadable();
    const span = { from: this.i + 1, to: close };
    this.i = close + 1;
    return span;
  }
  /** A parenthesised list of names. */
  names(): string[] {
    const g = this.group();
    return commaList(this.tokens, g.from - 1, g.to).map((s) => {
      const c = new Cursor(this.text, this.tokens, s.from, s.to);
      const n = c.name();
      return n;
    });
  }
}

/** ON CONFLICT ROLLBACK|ABORT|FAIL|IGNORE|REPLACE after a constraint. */
function conflictClause(c: Cursor, t: Translation): void {
  if (isWord(c.peek(), 'ON') && isWord(c.peek(1), 'CONFLICT')) {
    c.i += 3;
    t.note('ON CONFLICT clause of a constraint');
  }
}

interface ForeignKeyClause { table: string; columns?: string[]; onDelete?: FkAction; onUpdate?: FkAction }

/** https://www.sqlite.org/syntax/foreign-key-clause.html, from after REFERENCES. */
function foreignKeyClause(c: Cursor, t: Translation): ForeignKeyClause {
  const table = c.name();
  const columns = isPunct(c.peek(), '(') ? c.names() : undefined;
  const fk: ForeignKeyClause = { table, ...(columns ? { columns } : {}) };
  for (;;) {
    if (c.word('ON')) {
      const which = c.expectWord('DELETE', 'UPDATE');
      let action: FkAction | undefined;
      if (c.word('SET')) action = c.expectWord('NULL', 'DEFAULT') === 'NULL' ? 'set null' : 'set default';
      else if (c.word('CASCADE')) action = 'cascade';
      else if (c.word('RESTRICT')) action = 'restrict';
      else if (c.word('NO')) { c.expectWord('ACTION'); action = undefined; }
      else throw new Unreadable();
      if (action) {
        if (which === 'DELETE') fk.onDelete = action;
        else fk.onUpdate = action;
      }
    } else if (c.word('MATCH')) {
      c.name();
    } else if (isWord(c.peek(), 'NOT') && isWord(c.peek(1), 'DEFERRABLE')) {
      c.i += 2;
      if (c.word('INITIALLY')) c.expectWord('DEFERRED', 'IMMEDIATE');
    } else if (c.word('DEFERRABLE')) {
      t.note('DEFERRABLE');
      if (c.word('INITIALLY')) c.expectWord('DEFERRED', 'IMMEDIATE');
    } else {
      return fk;
    }
  }
}

/** https://www.sqlite.org/lang_createtable.html#the_default_clause */
function defaultValue(c: Cursor): DefaultSpec | null {
  const t = c.peek();
  if (!t) throw new Unreadable();
  if (isPunct(t, '(')) {
    const g = c.group();
    return { sql: spanText(c.text, c.tokens, g.from, g.to) };
  }
  c.i++;
  if (t.kind === 'string') {
    const v = stringValue(t);
    return v === undefined ? { sql: t.text } : v;
  }
  if ((t.text === '-' || t.text === '+') && c.peek()?.kind === 'number') {
    const n = c.peek()!;
    c.i++;
    const written = c.text.slice(t.start, n.end);
    const v = Number(`${t.text}${n.text}`);
    return Number.isFinite(v) && String(v) === `${t.text === '-' ? '-' : ''}${n.text}` ? v : { sql: written };
  }
  if (t.kind === 'number') {
    const v = Number(t.text);
    return Number.isFinite(v) && String(v) === t.text ? v : { sql: t.text };
  }
  if (isWord(t, 'NULL')) return null;
  if (isWord(t, 'TRUE')) return true;
  if (isWord(t, 'FALSE')) return false;
  if (t.kind === 'word' && CURRENT_KEYWORDS.has(t.upper)) return { sql: t.upper };
  // DEFAULT name: SQLite takes a bare identifier as a string.
  if (t.kind === 'word' || t.kind === 'quoted') return identName(t, false);
  throw new Unreadable();
}

interface ColumnRead {
  def: ColumnDef;
  checks: CheckSpec[];
  uniqueName?: string;
  primaryKeyName?: string;
  references?: ForeignKeyClause & { name?: string };
}

/** https://www.sqlite.org/syntax/column-def.html */
function columnDef(c: Cursor, t: Translation): ColumnRead {
  const name = c.name();
  const typeStart = c.i;
  while (!c.done() && !(c.peek()!.kind === 'word' && COLUMN_CONSTRAINT_START.has(c.peek()!.upper))) {
    if (isPunct(c.peek(), '(')) c.group();
    else c.i++;
  }
  const written = spanText(c.text, c.tokens, typeStart, c.i);
  let def: ColumnDef = { name, type: written ? sqliteColumnType(written) : 'blob' };
  if (!written) t.note(`column ${name} has no declared type (BLOB affinity)`);
  const read: ColumnRead = { def, checks: [] };
  while (!c.done()) {
    const constraintName = c.word('CONSTRAINT') ? c.name() : undefined;
    const named = constraintName !== undefined ? { name: constraintName } : {};
    if (c.word('PRIMARY')) {
      c.expectWord('KEY');
      if (c.word('DESC')) t.note('PRIMARY KEY DESC');
      else c.word('ASC');
      conflictClause(c, t);
      def = { ...def, primaryKey: true };
      if (constraintName !== undefined) read.primaryKeyName = constraintName;
      if (c.word('AUTOINCREMENT')) def = { ...def, autoincrement: true };
    } else if (c.word('NOT')) {
      c.expectWord('NULL');
      conflictClause(c, t);
      def = { ...def, nullable: false };
    } else if (c.word('NULL')) {
      conflictClause(c, t);
    } else if (c.word('UNIQUE')) {
      conflictClause(c, t);
      if (constraintName !== undefined) read.uniqueName = constraintName;
      else def = { ...def, unique: true };
    } else if (c.word('CHECK')) {
      const g = c.group();
      read.checks.push({ ...named, expression: spanText(c.text, c.tokens, g.from, g.to) });
    } else if (c.word('DEFAULT')) {
      const d = defaultValue(c);
      if (d !== null) def = { ...def, default: d };
    } else if (c.word('COLLATE')) {
      c.name();
      t.note(`COLLATE on column ${name}`);
    } else if (c.word('REFERENCES')) {
      read.references = { ...foreignKeyClause(c, t), ...named };
    } else if (isWord(c.peek(), 'GENERATED', 'AS')) {
      if (c.word('GENERATED')) c.expectWord('ALWAYS');
      c.expectWord('AS');
      c.group();
      c.word('STORED', 'VIRTUAL');
      t.note(`generated column ${name}`);
    } else {
      throw new Unreadable();
    }
  }
  read.def = def;
  return read;
}

/** The key columns of PRIMARY KEY (...) / UNIQUE (...) in a table constraint. */
function keyColumns(c: Cursor, t: Translation): string[] {
  const g = c.group();
  return commaList(c.tokens, g.from - 1, g.to).map((s) => {
    const k = new Cursor(c.text, c.tokens, s.from, s.to);
    const n = k.name();
    if (k.word('COLLATE')) { k.name(); t.note('COLLATE on a key column'); }
    if (k.word('DESC')) t.note('key order (DESC)');
    else k.word('ASC');
    if (!k.done()) throw new Unreadable();
    return n;
  });
}

function createTable(c: Cursor, t: Translation, state: SqliteTranslateState, start: number): void {
  const temporary = c.word('TEMP', 'TEMPORARY');
  c.expectWord('TABLE');
  if (temporary) { t.note('a temporary table is not part of the schema'); return; }
  if (isWord(c.peek(), 'IF')) { c.i += 3; t.ifNotExists = true; }
  const q = qualifiedAt(c.tokens, c.i);
  if (!q || c.i >= c.end) throw new Unreadable();
  c.i = q.next;
  if (q.schema !== undefined && q.schema.toLowerCase() === 'temp') { t.note('a temporary table is not part of the schema'); return; }
  const table = q.schema !== undefined && q.schema.toLowerCase() !== 'main' ? `${q.schema}.${q.name}` : q.name;
  if (c.word('AS')) { t.note('CREATE TABLE ... AS SELECT: the columns come from the query'); return; }
  const body = c.group();
  const columns: ColumnDef[] = [];
  const checks: CheckSpec[] = [];
  const uniques: KeySpec[] = [];
  const foreignKeys: ForeignKeySpec[] = [];
  let primaryKey: KeySpec | undefined;
  const pendingRefs: { index: number; ref: ForeignKeyClause & { name?: string } }[] = [];
  for (const s of commaList(c.tokens, body.from - 1, body.to)) {
    const e = new Cursor(c.text, c.tokens, s.from, s.to);
    const first = e.peek();
    if (first?.kind === 'word' && TABLE_CONSTRAINT_START.has(first.upper)) {
      const name = e.word('CONSTRAINT') ? e.name() : undefined;
      const named = name !== undefined ? { name } : {};
      if (e.word('PRIMARY')) {
        e.expectWord('KEY');
        primaryKey = { ...named, columns: keyColumns(e, t) };
        conflictClause(e, t);
      } else if (e.word('UNIQUE')) {
        uniques.push({ ...named, columns: keyColumns(e, t) });
        conflictClause(e, t);
      } else if (e.word('CHECK')) {
        const g = e.group();
        checks.push({ ...named, expression: spanText(c.text, c.tokens, g.from, g.to) });
      } else if (e.word('FOREIGN')) {
        e.expectWord('KEY');
        const cols = e.names();
        e.expectWord('REFERENCES');
        const fk = foreignKeyClause(e, t);
        const refColumns = fk.columns ?? (fk.table === table ? primaryKey?.columns : state.primaryKeys.get(fk.table));
        if (!refColumns) { t.note(`REFERENCES ${fk.table} without columns: its primary key is not known`); continue; }
        foreignKeys.push({
          ...named, columns: cols, references: { table: fk.table, columns: refColumns },
          ...(fk.onDelete ? { onDelete: fk.onDelete } : {}), ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
        });
      } else {
        throw new Unreadable();
      }
      if (!e.done()) throw new Unreadable();
      continue;
    }
    const col = columnDef(e, t);
    checks.push(...col.checks);
    let def = col.def;
    if (col.primaryKeyName !== undefined) {
      primaryKey = { name: col.primaryKeyName, columns: [def.name] };
      const { primaryKey: _pk, ...rest } = def;
      def = rest;
    }
    if (col.uniqueName !== undefined) uniques.push({ name: col.uniqueName, columns: [def.name] });
    columns.push(def);
    if (col.references) pendingRefs.push({ index: columns.length - 1, ref: col.references });
  }
  // Table options: WITHOUT ROWID, STRICT (https://www.sqlite.org/lang_createtable.html#rowid, stricttables.html)
  while (!c.done()) {
    if (c.word('WITHOUT')) { c.expectWord('ROWID'); t.note('WITHOUT ROWID'); }
    else if (c.word('STRICT')) t.note('STRICT');
    else if (isPunct(c.peek(), ',')) c.i++;
    else throw new Unreadable();
  }
  const pk = primaryKey?.columns ?? columns.filter((d) => d.primaryKey).map((d) => d.name);
  if (pk.length) state.primaryKeys.set(table, pk);
  for (const { index, ref } of pendingRefs) {
    const refColumns = ref.columns ?? state.primaryKeys.get(ref.table);
    if (!refColumns || refColumns.length !== 1) { t.note(`REFERENCES ${ref.table} without columns: its primary key is not known`); continue; }
    const reference: ColumnReference = {
      table: ref.table, column: refColumns[0]!,
      ...(ref.onDelete ? { onDelete: ref.onDelete } : {}), ...(ref.onUpdate ? { onUpdate: ref.onUpdate } : {}),
      ...(ref.name !== undefined ? { name: ref.name } : {}),
    };
    columns[index] = { ...columns[index]!, references: reference };
  }
  if (columns.length === 0) throw new Unreadable();
  t.add({
    op: 'createTable', table, columns,
    ...(primaryKey ? { primaryKey } : {}),
    ...(foreignKeys.length ? { foreignKeys } : {}),
    ...(uniques.length ? { uniques } : {}),
    ...(checks.length ? { checks } : {}),
  }, start, { ifNotExists: t.ifNotExists });
}

function alterTable(c: Cursor, t: Translation, state: SqliteTranslateState, start: number): void {
  c.expectWord('TABLE');
  const q = qualifiedAt(c.tokens, c.i);
  if (!q) throw new Unreadable();
  c.i = q.next;
  const table = q.schema !== undefined && q.schema.toLowerCase() !== 'main' ? `${q.schema}.${q.name}` : q.name;
  if (c.word('RENAME')) {
    if (c.word('TO')) {
      const to = c.name();
      t.add({ op: 'renameTable', table, to }, start);
      const pk = state.primaryKeys.get(table);
      if (pk) { state.primaryKeys.delete(table); state.primaryKeys.set(to, pk); }
      for (const [ix, tb] of state.indexTables) if (tb === table) state.indexTables.set(ix, to);
      return;
    }
    c.word('COLUMN');
    const column = c.name();
    c.expectWord('TO');
    t.add({ op: 'renameColumn', table, column, to: c.name() }, start);
    return;
  }
  if (c.word('ADD')) {
    c.word('COLUMN');
    const col = columnDef(c, t);
    let def = col.def;
    if (col.references) {
      const refColumns = col.references.columns ?? state.primaryKeys.get(col.references.table);
      if (refColumns?.length === 1) {
        def = {
          ...def, references: {
            table: col.references.table, column: refColumns[0]!,
            ...(col.references.onDelete ? { onDelete: col.references.onDelete } : {}),
            ...(col.references.onUpdate ? { onUpdate: col.references.onUpdate } : {}),
            ...(col.references.name !== undefined ? { name: col.references.name } : {}),
          },
        };
      } else {
        t.note(`REFERENCES ${col.references.table} without columns: its primary key is not known`);
      }
    }
    if (col.checks.length) t.note('CHECK on an added column');
    t.add({ op: 'addColumn', table, column: def }, start);
    return;
  }
  if (c.word('DROP')) {
    c.word('COLUMN');
    t.add({ op: 'dropColumn', table, column: c.name() }, start);
    return;
  }
  throw new Unreadable();
}

/** An indexed column: a plain column name (with COLLATE/ASC/DESC noted) or an expression. */
function indexedColumn(c: Cursor, s: Span, t: Translation): IndexColumn {
  const toks = c.tokens;
  // Cut trailing ASC/DESC and COLLATE name.
  let end = s.to;
  if (isWord(toks[end - 1], 'ASC', 'DESC')) {
    if (isWord(toks[end - 1], 'DESC')) t.note('key order (DESC)');
    end--;
  }
  if (end - 2 > s.from && isWord(toks[end - 2], 'COLLATE')) { end -= 2; t.note('COLLATE on an index key'); }
  const only = toks[s.from]!;
  if (end - s.from === 1 && (only.kind === 'word' || only.kind === 'quoted')) return identName(only, false);
  return { expression: unparenthesisedText(c.text, toks, s.from, end) };
}

function createIndex(c: Cursor, t: Translation, state: SqliteTranslateState, start: number): void {
  const unique = c.word('UNIQUE');
  c.expectWord('INDEX');
  if (isWord(c.peek(), 'IF')) { c.i += 3; t.ifNotExists = true; }
  const q = qualifiedAt(c.tokens, c.i);
  if (!q) throw new Unreadable();
  c.i = q.next;
  c.expectWord('ON');
  // The table is in the index's schema: CREATE INDEX s.ix ON t.
  const tableName = c.name();
  const table = q.schema !== undefined && q.schema.toLowerCase() !== 'main' ? `${q.schema}.${tableName}` : tableName;
  const name = q.schema !== undefined && q.schema.toLowerCase() !== 'main' ? `${q.schema}.${q.name}` : q.name;
  const g = c.group();
  const columns = commaList(c.tokens, g.from - 1, g.to).map((s) => indexedColumn(c, s, t));
  let where: string | undefined;
  if (c.word('WHERE')) {
    where = spanText(c.text, c.tokens, c.i, c.end);
    c.i = c.end;
  }
  if (!c.done()) throw new Unreadable();
  state.indexTables.set(name, table);
  t.add({ op: 'createIndex', name, table, columns, ...(unique ? { unique: true } : {}), ...(where !== undefined ? { where } : {}) }, start, { ifNotExists: t.ifNotExists });
}

function drop(c: Cursor, t: Translation, state: SqliteTranslateState, start: number): void {
  const what = c.expectWord('TABLE', 'INDEX');
  if (isWord(c.peek(), 'IF')) { c.i += 2; t.ifExists = true; }
  const q = qualifiedAt(c.tokens, c.i);
  if (!q) throw new Unreadable();
  c.i = q.next;
  if (!c.done()) throw new Unreadable();
  const name = q.schema !== undefined && q.schema.toLowerCase() !== 'main' ? `${q.schema}.${q.name}` : q.name;
  if (q.schema !== undefined && q.schema.toLowerCase() === 'temp') { t.note('a temporary object is not part of the schema'); return; }
  if (what === 'TABLE') {
    t.add({ op: 'dropTable', table: name }, start, { ifExists: t.ifExists });
    state.primaryKeys.delete(name);
    for (const [ix, tb] of [...state.indexTables]) if (tb === name) state.indexTables.delete(ix);
  } else {
    const table = state.indexTables.get(name);
    t.add({ op: 'dropIndex', name, ...(table !== undefined ? { table } : {}) }, start, { ifExists: t.ifExists });
    state.indexTables.delete(name);
  }
}

/** The ops of one SQLite statement (its tokens, without the `;`). */
export function translateSqlite(text: string, tokens: readonly Token[], state: SqliteTranslateState): Translation {
  const t = new Translation();
  const c = new Cursor(text, tokens, 1, tokens.length);
  const start = tokens[0]?.start ?? 0;
  try {
    if (isWord(tokens[0], 'CREATE')) {
      if (isWord(tokens[1], 'UNIQUE', 'INDEX')) createIndex(c, t, state, start);
      else if (isWord(tokens[1], 'TABLE', 'TEMP', 'TEMPORARY') && (isWord(tokens[1], 'TABLE') || isWord(tokens[2], 'TABLE'))) createTable(c, t, state, start);
    } else if (isWord(tokens[0], 'ALTER')) {
      alterTable(c, t, state, start);
    } else if (isWord(tokens[0], 'DROP') && isWord(tokens[1], 'TABLE', 'INDEX')) {
      drop(c, t, state, start);
    }
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    t.ops.length = 0;
    t.note('statement not translated');
  }
  return t;
}
