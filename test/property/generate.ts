/**
 * Random valid revision chains for the round-trip property tests.
 *
 * A chain is a list of revision documents (what a user writes in
 * revisions/*.json), made from a seed: the same seed gives the same chain.
 * Each op is proposed from the current schema (sqlrev's own model, replayed
 * as the chain grows) and kept only when
 *  - the model accepts it (a ModelError means the proposal was invalid), and
 *  - it keeps the schema valid on both engines beyond what the model checks:
 *    no two schema objects (tables, indexes, sequences, enums, constraints)
 *    share a name once ASCII case is folded (SQLite folds it; PostgreSQL puts
 *    tables, indexes, sequences and types in one namespace), no two columns
 *    of a table either.
 *
 * What it covers: tables with columns of every portable type (enums made
 * by createEnum, numeric(p,s), varchar(n), char(n), float(p), json/jsonb,
 * uuid, blob, timestamptz, interval...), nullability, defaults valid for
 * the type (literals and SQL expressions), primary keys (single, composite,
 * autoincrement), unique/check/foreign-key constraints (inline, table-level
 * and added later), indexes (plain, unique, expression, partial,
 * concurrent), renames of tables and columns, type changes that have a cast
 * on both engines, nullability/default/comment changes, drops of every
 * kind, enums, PostgreSQL-only sequences, and identifiers that try to break
 * quoting (quotes, spaces, keywords, unicode, up to 63 bytes).
 */
import { ModelError } from '../../src/errors.js';
import { mentionsIdentifier } from '../../src/model/expression.js';
import { formatType, parseType } from '../../src/model/column-type.js';
import { Namer } from '../../src/model/naming.js';
import { applyOp } from '../../src/model/replay.js';
import { MutableSchema, Overlay } from '../../src/model/state.js';
import type { ColumnModel, ColumnType, SchemaState, TableModel } from '../../src/model/types.js';
import type { ApplyContext } from '../../src/ops/definition.js';
import type {
  ColumnDef, DefaultSpec, FkAction, ForeignKeySpec, IndexColumn, Op,
} from '../../src/ops/types.js';
import type { RevisionDocument } from '../../src/revisions/types.js';
import { Rng } from './rng.js';

export interface ChainOptions {
  /** Revisions in the chain (default 4). */
  revisions?: number;
  /** Most ops in one revision (default 4). */
  maxOps?: number;
}

export interface Chain {
  seed: number;
  revisions: RevisionDocument[];
}

// ---------------------------------------------------------------------------
// Identifiers

const KEYWORDS = ['select', 'Order', 'from', 'group', 'table', 'user', 'default', 'check', 'primary', 'index', 'references', 'key', 'values', 'where', 'END', 'transaction'];
const WORDS = ['users', 'item', 'order_line', 'data', 'value', 'name', 'note', 'amount', 'created', 'flag', 'code', 'kind', 'ref', 'score'];
const HOSTILE = ['a"b', "it's", 'with space', 'x"; DROP TABLE y; --', "'); DROP TABLE z; --", '名前', 'café', 'Δelta', 'MixedCase', '1st', 'a$b', '[br]', 'back`tick', 'semi;colon', 'dash-ed', 'per%cent', 'new\tline'];

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** SQLite compares identifiers with ASCII case folded (https://www.sqlite.org/lang_keywords.html). */
export const fold = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
/** A double-quoted identifier, valid in PostgreSQL and SQLite expressions. */
export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
/** A SQL string literal. */
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

class Names {
  private n = 0;
  constructor(private readonly rng: Rng) {}

  /** A fresh identifier not in `taken` (folded), at most 63 bytes. */
  fresh(taken: ReadonlySet<string>): string {
    for (;;) {
      const name = this.candidate();
      if (name.length > 0 && bytes(name) <= 63 && !taken.has(fold(name)) && !fold(name).startsWith('sqlite_')) return name;
    }
  }

  private candidate(): string {
    const r = this.rng;
    const suffix = () => `${++this.n}`;
    switch (r.weighted({ plain: 6, keyword: 2, hostile: 3, long: 1 })) {
      case 'plain': return `${r.pick(WORDS)}_${suffix()}`;
      case 'keyword': return r.chance(0.5) ? r.pick(KEYWORDS) : `${r.pick(KEYWORDS)}${suffix()}`;
      case 'hostile': return r.chance(0.4) ? r.pick(HOSTILE) : `${r.pick(HOSTILE)} ${suffix()}`;
      case 'long': {
        const s = suffix();
        // 63 bytes of ASCII, or 60 bytes of three-byte characters and the number (too long ones are drawn again).
        return r.chance(0.5) ? `long_${'x'.repeat(63 - 5 - s.length)}${s}` : `${'名'.repeat(20)}${s}`;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Types and values

const TEXT_VALUES = ['hello', "it's", '', 'O\'Reilly "quoted"', '名前', '--not a comment', "x'); DROP TABLE y; --", 'back\\slash', 'tab\there'];

function typeSpecs(rng: Rng, enums: readonly string[]): string {
  const pick = rng.weighted({
    smallint: 1, integer: 3, bigint: 2, real: 1, double: 1, float: 1, floatp: 1, numeric: 2, boolean: 2,
    text: 3, varchar: 3, char: 1, date: 1, time: 1, timestamp: 1, timestamptz: 1, interval: 1, uuid: 1,
    json: 1, jsonb: 1, blob: 1, enum: enums.length ? 2 : 0,
  });
  switch (pick) {
    case 'floatp': return `float(${rng.int(1, 53)})`;
    case 'numeric': { const p = rng.int(1, 20); return rng.chance(0.3) ? `numeric(${p})` : `numeric(${p},${rng.int(0, p)})`; }
    case 'varchar': return `varchar(${rng.int(1, 100)})`;
    case 'char': return `char(${rng.int(1, 10)})`;
    case 'enum': return `enum:${rng.pick(enums)}`;
    default: return pick;
  }
}

/** Can this type be a key (primary key, unique, btree index) on PostgreSQL? json has no equality operator. */
const keyable = (t: ColumnType): boolean => t.kind !== 'json';
/** Types whose values compare with `<>` / `>` against a literal on both engines. */
const numeric = (t: ColumnType): boolean => ['smallint', 'integer', 'bigint', 'real', 'double', 'float', 'numeric'].includes(t.kind);
const textual = (t: ColumnType): boolean => ['text', 'varchar', 'char'].includes(t.kind);

/** A string that fits a length limit (in characters). */
function fitting(rng: Rng, max: number | undefined): string {
  const s = rng.pick(TEXT_VALUES);
  return max === undefined ? s : [...s].slice(0, max).join('');
}

/** A default valid for `t`, or undefined when none should be given. */
function defaultFor(rng: Rng, t: ColumnType, state: SchemaState): DefaultSpec | undefined {
  switch (t.kind) {
    case 'smallint': case 'integer': case 'bigint':
      return rng.chance(0.2) ? { sql: `${rng.int(1, 9)} * ${rng.int(1, 9)}` } : rng.int(-100, 100);
    case 'real': case 'double': case 'float':
      return rng.pick([0, 1.5, -0.25, 100]);
    case 'numeric': {
      const p = t.precision ?? 10;
      const s = t.scale ?? 0;
      const whole = p - s >= 1 ? rng.int(0, Math.min(9, 10 ** (p - s) - 1)) : 0;
      return s >= 1 ? whole + 0.5 : whole;
    }
    case 'boolean': return rng.chance(0.5);
    case 'text':
      return rng.chance(0.2) ? { sql: "lower('ABC')" } : fitting(rng, undefined);
    case 'varchar': case 'char': return fitting(rng, t.length ?? 1);
    case 'date': return rng.chance(0.3) ? { sql: 'CURRENT_DATE' } : '2024-02-29';
    case 'time': return '12:34:56';
    case 'timestamp': return rng.chance(0.4) ? { sql: 'CURRENT_TIMESTAMP' } : '2024-01-31 12:00:00';
    case 'timestamptz': return rng.chance(0.4) ? { sql: 'CURRENT_TIMESTAMP' } : '2024-01-31 12:00:00+00';
    case 'interval': return rng.pick(['1 day', '02:00:00']);
    case 'uuid': return '123e4567-e89b-12d3-a456-426614174000';
    case 'json': case 'jsonb': return rng.pick(['{"a": 1}', '[]', '"it\'s"']);
    case 'blob': return undefined;
    case 'enum': return rng.pick(state.enumType(t.name)?.values ?? []);
    case 'custom': return undefined;
  }
}

/** A CHECK expression over one column of type `t`. */
function checkFor(rng: Rng, c: ColumnModel, state: SchemaState): string {
  const col = q(c.name);
  if (numeric(c.type)) return rng.pick([`${col} >= 0`, `${col} <> 7`, `${col} BETWEEN -1000 AND 1000`]);
  if (textual(c.type)) return rng.pick([`${col} <> ${lit("it's")}`, `length(${col}) < 1000`]);
  if (c.type.kind === 'enum') return `${col} <> ${lit(rng.pick(state.enumType(c.type.name)?.values ?? ['x']))}`;
  if (c.type.kind === 'date') return `${col} > '2000-01-01'`;
  return `${col} IS NOT NULL`;
}

/** A key of an expression index on column `c`, when its type has an immutable expression on both engines. */
function expressionFor(rng: Rng, c: ColumnModel): string | undefined {
  const col = q(c.name);
  if (textual(c.type)) return rng.pick([`lower(${col})`, `upper(${col})`]);
  if (['smallint', 'integer', 'bigint'].includes(c.type.kind)) return `${col} + 1`;
  return undefined;
}

/** A partial-index predicate on column `c`. */
function predicateFor(rng: Rng, c: ColumnModel): string {
  const col = q(c.name);
  if (numeric(c.type) && rng.chance(0.5)) return `${col} > 0`;
  return `${col} IS NOT NULL`;
}

/** A type the column can change to with an implicit cast on both engines, keeping every value. */
function widerType(rng: Rng, t: ColumnType): string | undefined {
  switch (t.kind) {
    case 'smallint': return rng.pick(['integer', 'bigint']);
    case 'integer': return 'bigint';
    case 'real': return 'double';
    case 'varchar': return t.length === undefined || rng.chance(0.3) ? 'text' : `varchar(${t.length + rng.int(1, 50)})`;
    case 'char': return `char(${(t.length ?? 1) + rng.int(1, 10)})`;
    case 'numeric': return t.precision === undefined ? undefined : `numeric(${t.precision + rng.int(1, 5)},${t.scale ?? 0})`;
    default: return undefined;
  }
}

const INTEGER_SQL: Record<string, string> = { smallint: 'SMALLINT', integer: 'INTEGER', bigint: 'BIGINT' };

/**
 * A type change that needs USING (integer family <-> text), with the
 * downgradeUsing that converts back; `CAST(c AS T)` is the same SQL on both
 * engines. Only for a column no expression mentions and with no default
 * (PostgreSQL would re-parse those for the new type and fail).
 */
function conversion(t: TableModel, c: ColumnModel): Pick<Op & { op: 'alterColumn' }, 'type' | 'using' | 'downgradeUsing'> | undefined {
  if (c.default !== undefined) return undefined;
  const expressions = [
    ...t.checks.map((k) => k.expression),
    ...t.indexes.flatMap((ix) => [...ix.columns.flatMap((k) => (typeof k === 'string' ? [] : [k.expression])), ...(ix.where ? [ix.where] : [])]),
  ];
  if (expressions.some((e) => mentionsIdentifier(e, c.name))) return undefined;
  const col = q(c.name);
  if (INTEGER_SQL[c.type.kind]) return { type: 'text', using: `CAST(${col} AS TEXT)`, downgradeUsing: `CAST(${col} AS ${INTEGER_SQL[c.type.kind]})` };
  if (c.type.kind === 'text') return { type: 'integer', using: `CAST(${col} AS INTEGER)`, downgradeUsing: `CAST(${col} AS TEXT)` };
  return undefined;
}

const FK_ACTIONS: FkAction[] = ['cascade', 'restrict', 'set null', 'set default', 'no action'];

// ---------------------------------------------------------------------------

/** Every name in the schema namespace (tables, indexes, sequences, enums, constraints), folded, with duplicates detected. */
function schemaNames(state: SchemaState): { names: Set<string>; duplicate: boolean } {
  const names = new Set<string>();
  let duplicate = false;
  const add = (n: string) => {
    const f = fold(n);
    if (names.has(f)) duplicate = true;
    names.add(f);
  };
  for (const tn of state.tableNames()) {
    const t = state.table(tn)!;
    add(t.name);
    if (t.primaryKey) add(t.primaryKey.name);
    for (const o of [...t.uniques, ...t.checks, ...t.foreignKeys, ...t.indexes]) add(o.name);
    const cols = new Set(t.columns.map((c) => fold(c.name)));
    if (cols.size !== t.columns.length) duplicate = true;
  }
  for (const s of state.sequenceNames()) add(s);
  for (const e of state.enumNames()) add(e);
  return { names, duplicate };
}

/** Columns of `t` that a foreign key points at or that are in a foreign key. */
function fkColumns(state: SchemaState, t: TableModel): Set<string> {
  const out = new Set<string>();
  for (const f of t.foreignKeys) for (const c of f.columns) out.add(c);
  for (const n of state.tableNames()) {
    for (const f of state.table(n)!.foreignKeys) if (f.refTable === t.name) for (const c of f.refColumns) out.add(c);
  }
  return out;
}

/** Keys other tables can reference: the primary key and unique constraints (not unique indexes: PostgreSQL needs a constraint). */
function referenceableKeys(t: TableModel): (readonly string[])[] {
  return [...(t.primaryKey ? [t.primaryKey.columns] : []), ...t.uniques.map((u) => u.columns)];
}

/**
 * Would a key on `columns` repeat one `t` has (same set of columns)? Such a
 * key is not generated after the table exists: sqlrev's model then counts a
 * foreign key on those columns as depending on every such key, so the
 * derived downgrade (drop the new key) would not replay (see the report of
 * the property tests). Repeats inside createTable are generated.
 */
function repeatsKey(t: TableModel, columns: readonly string[]): boolean {
  const same = (k: readonly string[]) => k.length === columns.length && k.every((c) => columns.includes(c));
  return referenceableKeys(t).some(same);
}

class Generator {
  readonly state = new MutableSchema();
  readonly ctx: ApplyContext = { namer: new Namer() };
  readonly names: Names;

  constructor(readonly rng: Rng) {
    this.names = new Names(rng);
  }

  private taken(): Set<string> {
    return schemaNames(this.state).names;
  }

  /** Apply `op` to the running model if it is valid; returns whether it was kept. */
  tryOp(op: Op): boolean {
    let delta;
    try {
      delta = applyOp(this.state, op, this.ctx);
    } catch (e) {
      if (e instanceof ModelError) return false;
      throw e;
    }
    if (schemaNames(new Overlay(this.state, delta)).duplicate) return false;
    this.state.commit(delta);
    return true;
  }

  private tables(): TableModel[] {
    return this.state.tableNames().map((n) => this.state.table(n)!);
  }

  private freshColumn(t: { columns: readonly { name: string }[] }): string {
    return this.names.fresh(new Set(t.columns.map((c) => fold(c.name))));
  }

  private columnDef(name: string, opts: { nullable?: boolean } = {}): ColumnDef {
    const rng = this.rng;
    const type = typeSpecs(rng, this.state.enumNames());
    const parsed = parseType(type) as ColumnType;
    const def: ColumnDef = { name, type };
    if (opts.nullable !== undefined) def.nullable = opts.nullable;
    else if (rng.chance(0.3)) def.nullable = false;
    if (rng.chance(0.4)) {
      const d = defaultFor(rng, parsed, this.state);
      if (d !== undefined) def.default = d;
    }
    if (rng.chance(0.1)) def.comment = rng.pick(["it's a comment", 'Kommentar "quoted"', '名前']);
    return def;
  }

  // --- proposals: each returns an op (maybe invalid: tryOp decides) or undefined when it does not apply now

  createTable(): Op {
    const rng = this.rng;
    const table = this.names.fresh(this.taken());
    const columns: ColumnDef[] = [];
    const colNames = new Set<string>();
    const col = () => { const n = this.names.fresh(colNames); colNames.add(fold(n)); return n; };
    const pkStyle = rng.weighted({ id: 5, auto: 3, composite: 2, textKey: 1, none: 1 });
    if (pkStyle === 'id' || pkStyle === 'auto') {
      columns.push({ name: col(), type: rng.pick(['integer', 'bigint', ...(pkStyle === 'id' ? ['smallint'] : [])]), primaryKey: true, ...(pkStyle === 'auto' ? { autoincrement: true } : {}) });
    } else if (pkStyle === 'textKey') {
      columns.push({ name: col(), type: rng.pick(['uuid', 'varchar(36)', 'text']), primaryKey: true });
    }
    const extra = rng.int(1, 4);
    for (let i = 0; i < extra; i++) {
      const d = this.columnDef(col());
      if (rng.chance(0.15) && keyable(parseType(d.type) as ColumnType)) d.unique = true;
      columns.push(d);
    }
    const op: Op & { op: 'createTable' } = { op: 'createTable', table, columns };
    if (pkStyle === 'composite') {
      const keyCols = columns.filter((c) => keyable(parseType(c.type) as ColumnType));
      if (keyCols.length >= 1) op.primaryKey = { columns: rng.sample(keyCols, 2).map((c) => c.name), ...(rng.chance(0.3) ? { name: this.names.fresh(this.taken()) } : {}) };
    }
    // A reference to an existing table (or to itself).
    const parents = this.tables().filter((t) => referenceableKeys(t).length > 0);
    if (parents.length && rng.chance(0.5)) {
      const parent = rng.pick(parents);
      const key = rng.pick(referenceableKeys(parent));
      const fkCols = key.map((k) => {
        const ref = parent.columns.find((c) => c.name === k)!;
        const def: ColumnDef = { name: col(), type: formatType(ref.type) };
        columns.push(def);
        return def;
      });
      const onDelete = rng.pick(FK_ACTIONS);
      if (fkCols.length === 1 && rng.chance(0.5)) {
        fkCols[0]!.references = { table: parent.name, column: key[0]!, ...(rng.chance(0.5) ? { onDelete } : {}) };
      } else {
        const fk: ForeignKeySpec = { columns: fkCols.map((c) => c.name), references: { table: parent.name, columns: [...key] }, onDelete };
        if (rng.chance(0.3)) fk.onUpdate = rng.pick(FK_ACTIONS);
        if (rng.chance(0.2)) fk.name = this.names.fresh(this.taken());
        op.foreignKeys = [fk];
      }
    }
    if (rng.chance(0.3)) {
      const c = this.pickColumnModel(columns);
      if (c) op.checks = [{ expression: checkFor(rng, c, this.state), ...(rng.chance(0.3) ? { name: this.names.fresh(this.taken()) } : {}) }];
    }
    if (rng.chance(0.2)) {
      const keyCols = columns.filter((c) => keyable(parseType(c.type) as ColumnType) && !c.primaryKey);
      if (keyCols.length) op.uniques = [{ columns: rng.sample(keyCols, rng.int(1, 2)).map((c) => c.name) }];
    }
    if (rng.chance(0.15)) op.comment = rng.pick(["a table's comment", '名前 "x"']);
    return op;
  }

  /** A column model for a definition (for expressions), resolving its type against the current state. */
  private pickColumnModel(defs: readonly ColumnDef[]): ColumnModel | undefined {
    if (defs.length === 0) return undefined;
    const d = this.rng.pick(defs);
    const t = parseType(d.type);
    if (typeof t === 'string') return undefined;
    return { name: d.name, type: t, nullable: d.nullable ?? true, autoincrement: false };
  }

  private pickTable(pred: (t: TableModel) => boolean = () => true): TableModel | undefined {
    const ts = this.tables().filter(pred);
    return ts.length ? this.rng.pick(ts) : undefined;
  }

  addColumn(): Op | undefined {
    const t = this.pickTable();
    if (!t) return undefined;
    const def = this.columnDef(this.freshColumn(t));
    if (this.rng.chance(0.1) && keyable(parseType(def.type) as ColumnType)) def.unique = true;
    const parents = this.tables().filter((p) => p.primaryKey?.columns.length === 1);
    if (parents.length && this.rng.chance(0.2)) {
      const p = this.rng.pick(parents);
      const key = p.columns.find((c) => c.name === p.primaryKey!.columns[0])!;
      def.type = formatType(key.type);
      delete def.default;
      def.references = { table: p.name, column: key.name, ...(this.rng.chance(0.5) ? { onDelete: this.rng.pick(FK_ACTIONS) } : {}) };
    }
    return { op: 'addColumn', table: t.name, column: def };
  }

  dropColumn(): Op | undefined {
    const t = this.pickTable((x) => x.columns.length > 1);
    if (!t) return undefined;
    const refs = fkColumns(this.state, t);
    const cols = t.columns.filter((c) => !refs.has(c.name) && !t.primaryKey?.columns.includes(c.name));
    return cols.length ? { op: 'dropColumn', table: t.name, column: this.rng.pick(cols).name } : undefined;
  }

  renameColumn(): Op | undefined {
    const t = this.pickTable();
    if (!t) return undefined;
    return { op: 'renameColumn', table: t.name, column: this.rng.pick(t.columns).name, to: this.freshColumn(t) };
  }

  renameTable(): Op | undefined {
    const t = this.pickTable();
    if (!t) return undefined;
    return { op: 'renameTable', table: t.name, to: this.names.fresh(this.taken()) };
  }

  dropTable(): Op | undefined {
    const t = this.pickTable();
    return t ? { op: 'dropTable', table: t.name } : undefined;
  }

  alterColumn(): Op | undefined {
    const rng = this.rng;
    const t = this.pickTable();
    if (!t) return undefined;
    const c = rng.pick(t.columns);
    const inPk = t.primaryKey?.columns.includes(c.name) ?? false;
    const op: Op & { op: 'alterColumn' } = { op: 'alterColumn', table: t.name, column: c.name };
    const what = rng.weighted({ type: 3, nullable: 2, default: 2, comment: 1 });
    if (what === 'type') {
      if (fkColumns(this.state, t).has(c.name) || c.autoincrement) return undefined;
      const converted = rng.chance(0.25) && !inPk ? conversion(t, c) : undefined;
      if (converted) {
        Object.assign(op, converted);
        return op;
      }
      const to = widerType(rng, c.type);
      if (!to) return undefined;
      op.type = to;
      if (rng.chance(0.3) && !inPk) op.nullable = !c.nullable;
    } else if (what === 'nullable') {
      if (inPk) return undefined;
      op.nullable = !c.nullable;
    } else if (what === 'default') {
      if (c.autoincrement) return undefined;
      if (c.default !== undefined && rng.chance(0.4)) op.default = null;
      else {
        const d = defaultFor(rng, c.type, this.state);
        if (d === undefined) return undefined;
        op.default = d;
      }
    } else {
      op.comment = c.comment !== undefined && rng.chance(0.5) ? null : rng.pick(['changed', "it's new"]);
    }
    return op;
  }

  createIndex(): Op | undefined {
    const rng = this.rng;
    const t = this.pickTable();
    if (!t) return undefined;
    const cols = t.columns.filter((c) => keyable(c.type));
    if (cols.length === 0) return undefined;
    const keys: IndexColumn[] = [];
    for (const c of rng.sample(cols, rng.int(1, 2))) {
      const expr = rng.chance(0.3) ? expressionFor(rng, c) : undefined;
      keys.push(expr ? { expression: expr } : c.name);
    }
    const op: Op & { op: 'createIndex' } = { op: 'createIndex', table: t.name, columns: keys };
    if (rng.chance(0.3)) op.unique = true;
    if (rng.chance(0.25)) op.where = predicateFor(rng, rng.pick(t.columns));
    if (rng.chance(0.3)) op.name = this.names.fresh(this.taken());
    if (rng.chance(0.15)) op.concurrently = true;
    return op;
  }

  dropIndex(): Op | undefined {
    const t = this.pickTable((x) => x.indexes.length > 0);
    if (!t) return undefined;
    return { op: 'dropIndex', name: this.rng.pick(t.indexes).name, ...(this.rng.chance(0.5) ? { table: t.name } : {}) };
  }

  addUnique(): Op | undefined {
    const t = this.pickTable();
    if (!t) return undefined;
    const cols = t.columns.filter((c) => keyable(c.type));
    if (!cols.length) return undefined;
    const columns = this.rng.sample(cols, this.rng.int(1, 2)).map((c) => c.name);
    if (repeatsKey(t, columns)) return undefined;
    return { op: 'addUnique', table: t.name, columns, ...(this.rng.chance(0.3) ? { name: this.names.fresh(this.taken()) } : {}) };
  }

  addCheck(): Op | undefined {
    const t = this.pickTable();
    if (!t) return undefined;
    return { op: 'addCheck', table: t.name, expression: checkFor(this.rng, this.rng.pick(t.columns), this.state), ...(this.rng.chance(0.3) ? { name: this.names.fresh(this.taken()) } : {}), ...(this.rng.chance(0.2) ? { notValid: true } : {}) };
  }

  addPrimaryKey(): Op | undefined {
    // SQLite autoincrements only the INTEGER PRIMARY KEY: a table with an
    // autoincrement column keeps the key it was made with (the renderer refuses otherwise).
    const t = this.pickTable((x) => !x.primaryKey && !x.columns.some((c) => c.autoincrement));
    if (!t) return undefined;
    const cols = t.columns.filter((c) => keyable(c.type));
    if (!cols.length) return undefined;
    const columns = this.rng.sample(cols, this.rng.int(1, 2)).map((c) => c.name);
    if (repeatsKey(t, columns)) return undefined;
    return { op: 'addPrimaryKey', table: t.name, columns };
  }

  addForeignKey(): Op | undefined {
    const rng = this.rng;
    const t = this.pickTable();
    const parents = this.tables().filter((p) => referenceableKeys(p).length > 0);
    if (!t || !parents.length) return undefined;
    const p = rng.pick(parents);
    const key = rng.pick(referenceableKeys(p));
    const used = new Set<string>();
    const cols: string[] = [];
    for (const k of key) {
      const want = formatType(p.columns.find((c) => c.name === k)!.type);
      const c = t.columns.find((x) => !used.has(x.name) && formatType(x.type) === want && !(p.name === t.name && x.name === k));
      if (!c) return undefined;
      used.add(c.name);
      cols.push(c.name);
    }
    return {
      op: 'addForeignKey', table: t.name, columns: cols, references: { table: p.name, columns: [...key] },
      ...(rng.chance(0.5) ? { onDelete: rng.pick(FK_ACTIONS) } : {}),
      ...(rng.chance(0.3) ? { name: this.names.fresh(this.taken()) } : {}),
      ...(rng.chance(0.2) ? { notValid: true } : {}),
    };
  }

  dropConstraint(): Op | undefined {
    const t = this.pickTable((x) => !!x.primaryKey || x.uniques.length + x.checks.length + x.foreignKeys.length > 0);
    if (!t) return undefined;
    const pk = t.primaryKey && !t.columns.some((c) => c.autoincrement) ? [t.primaryKey] : [];
    const all = [...pk, ...t.uniques, ...t.checks, ...t.foreignKeys];
    if (!all.length) return undefined;
    return { op: 'dropConstraint', table: t.name, name: this.rng.pick(all).name };
  }

  createEnum(): Op {
    const n = this.rng.int(1, 4);
    const values = new Set<string>();
    while (values.size < n) values.add(this.rng.pick(['new', 'open', "it's done", 'Δ', '名前', 'a,b', 'with space', 'UPPER', 'x"y', `v${this.rng.int(1, 99)}`]));
    return { op: 'createEnum', name: this.names.fresh(this.taken()), values: [...values] };
  }

  dropEnum(): Op | undefined {
    const es = this.state.enumNames();
    return es.length ? { op: 'dropEnum', name: this.rng.pick(es) } : undefined;
  }

  createSequence(): Op {
    const rng = this.rng;
    const op: Op & { op: 'createSequence' } = { op: 'createSequence', name: this.names.fresh(this.taken()), only: ['postgresql'] };
    if (rng.chance(0.5)) op.increment = rng.pick([1, 5, -1, -10]);
    // The start must lie between the bounds PostgreSQL derives from the direction.
    if (rng.chance(0.5)) op.start = (op.increment ?? 1) > 0 ? rng.int(1, 10000) : -rng.int(1, 10000);
    return op;
  }

  dropSequence(): Op | undefined {
    const ss = this.state.sequenceNames();
    return ss.length ? { op: 'dropSequence', name: this.rng.pick(ss), only: ['postgresql'] } : undefined;
  }

  /** One valid op, or undefined when many proposals in a row failed. */
  nextOp(): Op | undefined {
    const rng = this.rng;
    const tables = this.state.tableNames().length;
    for (let attempt = 0; attempt < 40; attempt++) {
      const kind = rng.weighted({
        createTable: tables === 0 ? 20 : tables < 4 ? 4 : 1,
        addColumn: 4, dropColumn: 2, renameColumn: 2, renameTable: 1, dropTable: tables > 2 ? 1 : 0.2,
        alterColumn: 5, createIndex: 3, dropIndex: 1, addUnique: 1.5, addCheck: 1.5, addPrimaryKey: 1,
        addForeignKey: 1.5, dropConstraint: 1.5, createEnum: 1, dropEnum: 0.5, createSequence: 0.7, dropSequence: 0.4,
      });
      const op = this[kind]();
      if (op && this.tryOp(op)) return op;
    }
    return undefined;
  }
}

/** Revision ids: 12 hex digits, as `sqlrev new` makes them, derived from the seed and position. */
function revisionId(seed: number, i: number): string {
  return `${(seed >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(4, '0')}`;
}

/**
 * The chain for `seed`. Mostly linear; now and then (when there is room)
 * two revisions branch off the same parent and a third merges them, so the
 * version-table bookkeeping of branches and merges is exercised too. Ops are
 * generated in the topological order the graph will sort the revisions in
 * (parents first, ties by id, and ids grow along the chain), so the model
 * the generator grows is the one sqlrev replays.
 */
export function generateChain(seed: number, options: ChainOptions = {}): Chain {
  const rng = new Rng(seed);
  const gen = new Generator(rng);
  const count = options.revisions ?? 4;
  const maxOps = options.maxOps ?? 4;
  const revisions: RevisionDocument[] = [];
  const ops = (min: number): Op[] => {
    const upgrade: Op[] = [];
    const n = rng.int(min, maxOps);
    for (let k = 0; k < n; k++) {
      const op = gen.nextOp();
      if (op) upgrade.push(op);
    }
    return upgrade;
  };
  const add = (parent: string | string[] | null, upgrade: Op[]): string => {
    const doc: RevisionDocument = {
      id: revisionId(seed, revisions.length + 1),
      parent,
      message: `seed ${seed} revision ${revisions.length + 1}`,
      upgrade,
    };
    if (rng.chance(0.1)) doc.transactional = false;
    revisions.push(doc);
    return doc.id;
  };
  let head: string | null = null;
  while (revisions.length < count) {
    if (head !== null && count - revisions.length >= 3 && rng.chance(0.15)) {
      const a = add(head, ops(1));
      const b = add(head, ops(1));
      head = add([a, b], rng.chance(0.5) ? [] : ops(0));
      continue;
    }
    const upgrade = ops(1);
    if (upgrade.length === 0 && head !== null) break; // the generator ran out of valid ops
    head = add(head, upgrade);
  }
  return { seed, revisions };
}

/** `revisions/<id>_<slug>.json` file names and texts for a chain. */
export function chainFiles(chain: Chain): Map<string, string> {
  return new Map(chain.revisions.map((r, i) => [`${r.id}_step_${i + 1}.json`, `${JSON.stringify(r, null, 2)}\n`]));
}
