/**
 * PostgreSQL DDL parse trees (libpg_query) to sqlrev ops. Only faithful
 * translations become ops; what an op cannot express is listed in the
 * statement's `untranslated` notes instead of being silently dropped.
 * Names PostgreSQL would generate (users_pkey, users_email_key, ...) are
 * given explicitly, so later statements that name them resolve.
 */
import type {
  A_Const, AlterTableCmd, AlterTableStmt, ColumnDef as PgColumnDef, CommentStmt, Constraint, CreateEnumStmt, CreateSeqStmt,
  CreateStmt, DefElem, DropStmt, IndexElem, IndexStmt, Node, RenameStmt, TypeName,
} from 'libpg-query';
import type {
  ColumnDef, ColumnReference, DefaultSpec, FkAction, ForeignKeySpec, IndexColumn, KeySpec, CheckSpec,
} from '../ops/types.js';
import { Translation } from './draft.js';
import { isPunct, isWord, type Token } from './lexer.js';
import { indexExpressionName, referencedColumns } from './pg-colname.js';
import { indexColumnNames, nameAddition, type PgNameSpace } from './pg-default-names.js';
import { asNode, constValue, nodeType, qualifiedName, relationName, stringList } from './pg-nodes.js';
import { pgColumnType, type PgColumnType } from './pg-types.js';
import { closing, commaList, runUntil, spanText, tokenAt, unparenthesisedText, type Span } from './token-spans.js';

/** What the translation of one statement learns for the next ones. */
export interface PgTranslateState {
  readonly names: PgNameSpace;
  /** Enum types created anywhere in the text (as written, schema-qualified when they were). */
  readonly enums: ReadonlySet<string>;
  /** Primary keys of tables created in the text, for `REFERENCES t` without a column list. */
  readonly primaryKeys: Map<string, string[]>;
  /** Indexes created in the text, for ADD CONSTRAINT ... USING INDEX. */
  readonly indexes: Map<string, { table: string; columns: IndexColumn[] }>;
}

/** One statement: the whole text, this statement's tokens, and where parse-tree locations point. */
export interface PgStatementSource {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** A parse-tree location (bytes into the parsed unit) as an offset into `text`. */
  readonly at: (location: number | undefined) => number | undefined;
  readonly start: number;
}

/** https://www.postgresql.org/docs/current/sql-createtable.html (fk_del_action / fk_upd_action codes of parsenodes.h) */
const FK_ACTIONS: Readonly<Record<string, FkAction | undefined>> = {
  a: undefined, // NO ACTION, the default
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/** Words that start the next column constraint after a DEFAULT expression (b_expr never contains them). */
const COLUMN_CONSTRAINT_WORDS = new Set([
  'CONSTRAINT', 'NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'CHECK', 'DEFAULT', 'GENERATED', 'COLLATE',
  'DEFERRABLE', 'INITIALLY',
]);

/** Words that end a type name in a column definition or ALTER COLUMN TYPE. */
const AFTER_TYPE_WORDS = new Set([...COLUMN_CONSTRAINT_WORDS, 'USING', 'COMPRESSION', 'STORAGE']);

const TEXT_TYPES = new Set(['text', 'varchar', 'bpchar']);

function fkAction(code: string | undefined): FkAction | undefined {
  return code === undefined ? undefined : FK_ACTIONS[code];
}

interface ColumnParts {
  readonly def: ColumnDef;
  readonly checks: { name?: string; expression: string; columns: string[] }[];
  readonly primaryKey?: { name?: string };
  readonly uniques: { name?: string }[];
  readonly references: { name?: string; table: string; columns?: string[]; onDelete?: FkAction; onUpdate?: FkAction }[];
}

export class PgTranslator {
  constructor(private readonly state: PgTranslateState) {}

  translate(stmt: Node, src: PgStatementSource): Translation {
    const t = new Translation();
    const reader = new Reader(src);
    switch (nodeType(stmt)) {
      case 'CreateStmt': this.createTable(asNode<CreateStmt>(stmt, 'CreateStmt')!, reader, t); break;
      case 'AlterTableStmt': this.alterTable(asNode<AlterTableStmt>(stmt, 'AlterTableStmt')!, reader, t); break;
      case 'RenameStmt': this.rename(asNode<RenameStmt>(stmt, 'RenameStmt')!, reader, t); break;
      case 'DropStmt': this.drop(asNode<DropStmt>(stmt, 'DropStmt')!, reader, t); break;
      case 'IndexStmt': this.createIndex(asNode<IndexStmt>(stmt, 'IndexStmt')!, reader, t); break;
      case 'CreateSeqStmt': this.createSequence(asNode<CreateSeqStmt>(stmt, 'CreateSeqStmt')!, reader, t); break;
      case 'CreateEnumStmt': {
        const e = asNode<CreateEnumStmt>(stmt, 'CreateEnumStmt')!;
        t.add({ op: 'createEnum', name: qualifiedName(stringList(e.typeName)), values: stringList(e.vals) }, src.start);
        break;
      }
      case 'CommentStmt': this.comment(asNode<CommentStmt>(stmt, 'CommentStmt')!, src, t); break;
      default: break;
    }
    return t;
  }

  // --- CREATE TABLE ---------------------------------------------------------

  private createTable(cs: CreateStmt, r: Reader, t: Translation): void {
    const table = relationName(cs.relation);
    const rel = cs.relation?.relname ?? '';
    if (cs.relation?.relpersistence === 't') { t.note('a temporary table is not part of the schema'); return; }
    if (cs.partbound) { t.note('PARTITION OF: the columns come from the parent table'); return; }
    if (cs.ofTypename) { t.note('OF type: the columns come from the type'); return; }
    if (cs.inhRelations?.length) { t.note('INHERITS: inherited columns are not known'); return; }
    if ((cs.tableElts ?? []).some((e) => nodeType(e) === 'TableLikeClause')) { t.note('LIKE: the copied columns are not known'); return; }
    if (cs.partspec) t.note('PARTITION BY');
    const ifNotExists = cs.if_not_exists === true;
    const { names } = this.state;

    const columns: ColumnDef[] = [];
    const checks: { name?: string; expression: string; columns: string[] }[] = [];
    const keys: { kind: 'primaryKey' | 'unique'; name?: string; columns: string[] }[] = [];
    const fks: { name?: string; columns: string[]; table: string; refColumns?: string[]; onDelete?: FkAction; onUpdate?: FkAction; column?: number }[] = [];
    const elements = r.tableElements(cs.relation?.location);
    for (const elt of cs.tableElts ?? []) {
      const cd = asNode<PgColumnDef>(elt, 'ColumnDef');
      if (cd) {
        const parts = this.column(cd, r, t, elements, rel);
        columns.push(parts.def);
        checks.push(...parts.checks);
        if (parts.primaryKey) keys.push({ kind: 'primaryKey', ...parts.primaryKey, columns: [parts.def.name] });
        for (const u of parts.uniques) keys.push({ kind: 'unique', ...u, columns: [parts.def.name] });
        for (const f of parts.references) {
          fks.push({ ...f, columns: [parts.def.name], refColumns: f.columns, column: columns.length - 1 });
        }
        continue;
      }
      const c = asNode<Constraint>(elt, 'Constraint');
      if (!c) continue;
      if (c.deferrable) t.note('DEFERRABLE');
      switch (c.contype) {
        case 'CONSTR_PRIMARY':
        case 'CONSTR_UNIQUE':
          if (c.indexname) { t.note('USING INDEX in CREATE TABLE'); break; }
          if (c.nulls_not_distinct) t.note('NULLS NOT DISTINCT');
          keys.push({ kind: c.contype === 'CONSTR_PRIMARY' ? 'primaryKey' : 'unique', ...(c.conname ? { name: c.conname } : {}), columns: stringList(c.keys) });
          break;
        case 'CONSTR_CHECK':
          checks.push({ ...(c.conname ? { name: c.conname } : {}), expression: r.checkExpression(c), columns: referencedColumns(c.raw_expr) });
          break;
        case 'CONSTR_FOREIGN':
          fks.push({
            ...(c.conname ? { name: c.conname } : {}), columns: stringList(c.fk_attrs), table: relationName(c.pktable),
            ...(c.pk_attrs?.length ? { refColumns: stringList(c.pk_attrs) } : {}),
            ...optional('onDelete', fkAction(c.fk_del_action)), ...optional('onUpdate', fkAction(c.fk_upd_action)),
          });
          break;
        case 'CONSTR_EXCLUSION': t.note('EXCLUDE constraint'); break;
        default: t.note(`table constraint ${c.contype ?? ''}`); break;
      }
    }
    if (columns.length === 0) { t.note('a table without columns'); return; }

    // Named constraints take their names first; generated ones avoid them.
    // The server names CHECKs when it creates the table, then the indexes
    // behind PRIMARY KEY/UNIQUE, then the foreign keys.
    const local = new Set<string>();
    for (const n of [...checks, ...keys, ...fks]) if (n.name) local.add(n.name);
    const checkSpecs: CheckSpec[] = checks.map((c) => {
      const name = c.name ?? names.chooseConstraintName(rel, c.columns.length === 1 ? c.columns[0] : undefined, 'check', local);
      local.add(name);
      return { name, expression: c.expression };
    });
    names.takeRelation(table, undefined);
    let primaryKey: KeySpec | undefined;
    const uniques: KeySpec[] = [];
    for (const k of keys) {
      const name = k.name ?? (k.kind === 'primaryKey'
        ? names.chooseRelationName(rel, undefined, 'pkey', true, local)
        : names.chooseRelationName(rel, nameAddition(k.columns), 'key', true, local));
      names.takeRelation(name, table);
      local.add(name);
      if (k.kind === 'primaryKey') primaryKey = { name, columns: k.columns };
      else uniques.push({ name, columns: k.columns });
    }
    if (primaryKey) this.state.primaryKeys.set(table, primaryKey.columns);
    const foreignKeys: ForeignKeySpec[] = [];
    for (const f of fks) {
      const refColumns = f.refColumns ?? (f.table === table ? primaryKey?.columns : this.state.primaryKeys.get(f.table));
      if (!refColumns) { t.note(`REFERENCES ${f.table} without columns: its primary key is not known`); continue; }
      const name = f.name ?? names.chooseConstraintName(rel, nameAddition(f.columns), 'fkey', local);
      local.add(name);
      const actions = { ...optional('onDelete', f.onDelete), ...optional('onUpdate', f.onUpdate) };
      if (f.column !== undefined && f.columns.length === 1 && refColumns.length === 1 && !columns[f.column]!.references) {
        const ref: ColumnReference = { table: f.table, column: refColumns[0]!, name, ...actions };
        columns[f.column] = { ...columns[f.column]!, references: ref };
      } else {
        foreignKeys.push({ name, columns: f.columns, references: { table: f.table, columns: refColumns }, ...actions });
      }
    }
    for (const n of local) names.takeConstraint(n, table);
    t.add({
      op: 'createTable', table, columns,
      ...(primaryKey ? { primaryKey } : {}),
      ...(foreignKeys.length ? { foreignKeys } : {}),
      ...(uniques.length ? { uniques } : {}),
      ...(checkSpecs.length ? { checks: checkSpecs } : {}),
    }, r.start, { ifNotExists });
    t.ifNotExists = ifNotExists;
  }

  /** A column definition and the constraints on it that need a table-level home. */
  private column(cd: PgColumnDef, r: Reader, t: Translation, scope: Span | undefined, rel: string): ColumnParts {
    const name = cd.colname ?? '';
    const written = r.typeText(cd.typeName, scope);
    const type: PgColumnType = cd.typeName ? pgColumnType(cd.typeName, this.state.enums, written) : { type: { postgresql: written } };
    let def: ColumnDef = { name, type: type.type, ...(type.autoincrement ? { autoincrement: true } : {}) };
    if (type.autoincrement) this.state.names.takeRelation(this.state.names.chooseRelationName(rel, name, 'seq', false), rel);
    if (cd.is_not_null) def = { ...def, nullable: false };
    if (cd.collClause) t.note(`COLLATE on column ${name}`);
    const parts: ColumnParts = { def, checks: [], uniques: [], references: [] };
    let primaryKey: { name?: string } | undefined;
    for (const node of cd.constraints ?? []) {
      const c = asNode<Constraint>(node, 'Constraint');
      if (!c) continue;
      const named = c.conname ? { name: c.conname } : {};
      switch (c.contype) {
        case 'CONSTR_NOTNULL': def = { ...def, nullable: false }; break;
        case 'CONSTR_NULL': break;
        case 'CONSTR_DEFAULT': {
          const d = this.defaultOf(c.raw_expr, r.columnDefault(c, scope));
          if (d !== null) def = { ...def, default: d };
          break;
        }
        case 'CONSTR_IDENTITY':
          def = { ...def, autoincrement: true };
          this.state.names.takeRelation(this.state.names.chooseRelationName(rel, name, 'seq', false), rel);
          break;
        case 'CONSTR_GENERATED': t.note(`generated column ${name}`); break;
        case 'CONSTR_CHECK':
          parts.checks.push({ ...named, expression: r.checkExpression(c), columns: referencedColumns(c.raw_expr) });
          break;
        case 'CONSTR_PRIMARY': primaryKey = named; break;
        case 'CONSTR_UNIQUE':
          if (c.nulls_not_distinct) t.note('NULLS NOT DISTINCT');
          parts.uniques.push(named);
          break;
        case 'CONSTR_FOREIGN':
          parts.references.push({
            ...named, table: relationName(c.pktable),
            ...(c.pk_attrs?.length ? { columns: stringList(c.pk_attrs) } : {}),
            ...optional('onDelete', fkAction(c.fk_del_action)), ...optional('onUpdate', fkAction(c.fk_upd_action)),
          });
          break;
        case 'CONSTR_ATTR_DEFERRABLE': case 'CONSTR_ATTR_DEFERRED': t.note('DEFERRABLE'); break;
        default: break;
      }
    }
    return { ...parts, def, ...(primaryKey ? { primaryKey } : {}) };
  }

  /** A DEFAULT expression as a JSON literal when it is one, else verbatim SQL; null for DEFAULT NULL. */
  private defaultOf(expr: Node | undefined, written: string): DefaultSpec | null {
    const c = asNode<A_Const>(expr, 'A_Const');
    if (c) {
      const v = constValue(c);
      return v === undefined ? { sql: written } : v;
    }
    // 'x'::character varying, as pg_dump and SQLAlchemy write string defaults, is the string.
    const cast = asNode<{ arg?: Node; typeName?: TypeName }>(expr, 'TypeCast');
    if (cast) {
      const inner = asNode<A_Const>(cast.arg, 'A_Const');
      const typeNames = stringList(cast.typeName?.names);
      const last = typeNames[typeNames.length - 1] ?? '';
      if (inner?.sval !== undefined && TEXT_TYPES.has(last) && !cast.typeName?.arrayBounds?.length) return inner.sval.sval ?? '';
    }
    return { sql: written };
  }

  // --- ALTER TABLE ----------------------------------------------------------

  private alterTable(as: AlterTableStmt, r: Reader, t: Translation): void {
    if (as.objtype !== 'OBJECT_TABLE') return;
    const table = relationName(as.relation);
    const rel = as.relation?.relname ?? '';
    const ifExists = as.missing_ok === true;
    t.ifExists = ifExists;
    const cmds = (as.cmds ?? []).map((n) => asNode<AlterTableCmd>(n, 'AlterTableCmd')).filter((c): c is AlterTableCmd => c !== undefined);
    const spans = r.subcommands(as.relation?.location);
    const aligned = spans.length === cmds.length;
    cmds.forEach((cmd, i) => {
      const span = aligned ? spans[i] : undefined;
      const at = span ? r.offsetOf(span.from) : r.start;
      const flags = { ifExists };
      switch (cmd.subtype) {
        case 'AT_AddColumn': {
          const cd = asNode<PgColumnDef>(cmd.def, 'ColumnDef');
          if (!cd) break;
          const parts = this.column(cd, r, t, span, rel);
          let column = parts.def;
          const local = new Set<string>();
          const refs = parts.references.map((f) => {
            const refColumns = f.columns ?? this.state.primaryKeys.get(f.table);
            const name = f.name ?? this.state.names.chooseConstraintName(rel, nameAddition([column.name]), 'fkey', local);
            local.add(name);
            return { ...f, name, refColumns };
          });
          const inline = refs.find((f) => f.refColumns?.length === 1);
          if (inline) {
            column = { ...column, references: { table: inline.table, column: inline.refColumns![0]!, name: inline.name, ...optional('onDelete', inline.onDelete), ...optional('onUpdate', inline.onUpdate) } };
          }
          t.add({ op: 'addColumn', table, column }, at, { ...flags, ifNotExists: cmd.missing_ok === true });
          if (cmd.missing_ok) t.ifNotExists = true;
          if (parts.primaryKey) {
            const name = parts.primaryKey.name ?? this.state.names.chooseRelationName(rel, undefined, 'pkey', true);
            this.takeKey(name, table, [column.name]);
            t.add({ op: 'addPrimaryKey', name, table, columns: [column.name] }, at, flags);
          }
          for (const u of parts.uniques) {
            const name = u.name ?? this.state.names.chooseRelationName(rel, nameAddition([column.name]), 'key', true);
            this.takeKey(name, table);
            t.add({ op: 'addUnique', name, table, columns: [column.name] }, at, flags);
          }
          for (const c of parts.checks) {
            const name = c.name ?? this.state.names.chooseConstraintName(rel, c.columns.length === 1 ? c.columns[0] : undefined, 'check', local);
            local.add(name);
            t.add({ op: 'addCheck', name, table, expression: c.expression }, at, flags);
          }
          for (const f of refs) {
            if (f === inline) continue;
            if (!f.refColumns) { t.note(`REFERENCES ${f.table} without columns: its primary key is not known`); continue; }
            t.add({
              op: 'addForeignKey', name: f.name, table, columns: [column.name], references: { table: f.table, columns: f.refColumns },
              ...optional('onDelete', f.onDelete), ...optional('onUpdate', f.onUpdate),
            }, at, flags);
          }
          for (const n of local) this.state.names.takeConstraint(n, table);
          break;
        }
        case 'AT_DropColumn':
          t.add({ op: 'dropColumn', table, column: cmd.name ?? '' }, at, { ifExists: ifExists || cmd.missing_ok === true });
          if (cmd.missing_ok) t.ifExists = true;
          break;
        case 'AT_AlterColumnType': {
          const cd = asNode<PgColumnDef>(cmd.def, 'ColumnDef');
          if (!cd?.typeName) break;
          const written = r.typeText(cd.typeName, span);
          const type = pgColumnType(cd.typeName, this.state.enums, written);
          if (type.autoincrement) { t.note('a serial type is only valid in CREATE TABLE / ADD COLUMN'); break; }
          if (cd.collClause) t.note(`COLLATE on column ${cmd.name ?? ''}`);
          let using: string | undefined;
          if (cd.raw_default) {
            using = span ? r.usingExpression(span) : undefined;
            if (using === undefined) { t.note('USING expression not located'); break; }
          }
          t.add({ op: 'alterColumn', table, column: cmd.name ?? '', type: type.type, ...(using !== undefined ? { using } : {}) }, at, flags);
          break;
        }
        case 'AT_SetNotNull':
          t.add({ op: 'alterColumn', table, column: cmd.name ?? '', nullable: false }, at, flags);
          break;
        case 'AT_DropNotNull':
          t.add({ op: 'alterColumn', table, column: cmd.name ?? '', nullable: true }, at, flags);
          break;
        case 'AT_ColumnDefault': {
          if (!cmd.def) { t.add({ op: 'alterColumn', table, column: cmd.name ?? '', default: null }, at, flags); break; }
          const written = span ? r.setDefaultExpression(span) : undefined;
          if (written === undefined) { t.note('SET DEFAULT expression not located'); break; }
          t.add({ op: 'alterColumn', table, column: cmd.name ?? '', default: this.defaultOf(cmd.def, written) }, at, flags);
          break;
        }
        case 'AT_AddConstraint': {
          const c = asNode<Constraint>(cmd.def, 'Constraint');
          if (c) this.addConstraint(c, table, rel, r, t, at, flags);
          break;
        }
        case 'AT_DropConstraint':
          t.add({ op: 'dropConstraint', name: cmd.name ?? '', table }, at, { ifExists: ifExists || cmd.missing_ok === true });
          if (cmd.missing_ok) t.ifExists = true;
          this.state.names.dropConstraint(cmd.name ?? '');
          this.state.names.dropRelation(cmd.name ?? '');
          break;
        default:
          t.note(`ALTER TABLE ${(cmd.subtype ?? '').replace(/^AT_/, '')}`);
          break;
      }
    });
  }

  private takeKey(name: string, table: string, pk?: string[]): void {
    this.state.names.takeRelation(name, table);
    this.state.names.takeConstraint(name, table);
    if (pk) this.state.primaryKeys.set(table, pk);
  }

  private addConstraint(c: Constraint, table: string, rel: string, r: Reader, t: Translation, at: number, flags: { ifExists: boolean }): void {
    const names = this.state.names;
    switch (c.contype) {
      case 'CONSTR_FOREIGN': {
        const columns = stringList(c.fk_attrs);
        const refTable = relationName(c.pktable);
        const refColumns = c.pk_attrs?.length ? stringList(c.pk_attrs) : this.state.primaryKeys.get(refTable);
        if (!refColumns) { t.note(`REFERENCES ${refTable} without columns: its primary key is not known`); return; }
        const name = c.conname ?? names.chooseConstraintName(rel, nameAddition(columns), 'fkey');
        names.takeConstraint(name, table);
        t.add({
          op: 'addForeignKey', name, table, columns, references: { table: refTable, columns: refColumns },
          ...optional('onDelete', fkAction(c.fk_del_action)), ...optional('onUpdate', fkAction(c.fk_upd_action)),
          ...(c.skip_validation ? { notValid: true } : {}),
        }, at, flags);
        return;
      }
      case 'CONSTR_CHECK': {
        const columns = referencedColumns(c.raw_expr);
        const name = c.conname ?? names.chooseConstraintName(rel, columns.length === 1 ? columns[0] : undefined, 'check');
        names.takeConstraint(name, table);
        t.add({ op: 'addCheck', name, table, expression: r.checkExpression(c), ...(c.skip_validation ? { notValid: true } : {}) }, at, flags);
        return;
      }
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE': {
        const kind = c.contype === 'CONSTR_PRIMARY' ? 'addPrimaryKey' : 'addUnique';
        if (c.nulls_not_distinct) t.note('NULLS NOT DISTINCT');
        if (c.indexname) {
          // ADD CONSTRAINT ... USING INDEX turns the index into the constraint (and renames it).
          t.usingIndex = c.indexname;
          const ix = this.state.indexes.get(c.indexname);
          const columns = ix?.columns.every((x): x is string => typeof x === 'string') ? ix.columns : undefined;
          if (!ix || !columns || ix.table !== table) { t.note(`USING INDEX ${c.indexname}: the index's columns are not known`); return; }
          const name = c.conname ?? c.indexname;
          t.add({ op: 'dropIndex', name: c.indexname, table }, at, { ...flags, usingIndex: c.indexname });
          t.add({ op: kind, name, table, columns }, at, { ...flags, usingIndex: c.indexname });
          this.state.indexes.delete(c.indexname);
          names.dropRelation(c.indexname);
          this.takeKey(name, table, kind === 'addPrimaryKey' ? columns : undefined);
          return;
        }
        const columns = stringList(c.keys);
        const name = c.conname ?? (kind === 'addPrimaryKey'
          ? names.chooseRelationName(rel, undefined, 'pkey', true)
          : names.chooseRelationName(rel, nameAddition(columns), 'key', true));
        this.takeKey(name, table, kind === 'addPrimaryKey' ? columns : undefined);
        t.add({ op: kind, name, table, columns }, at, flags);
        return;
      }
      case 'CONSTR_NOTNULL':
        for (const column of stringList(c.keys)) t.add({ op: 'alterColumn', table, column, nullable: false }, at, flags);
        return;
      case 'CONSTR_EXCLUSION': t.note('EXCLUDE constraint'); return;
      default: t.note(`constraint ${c.contype ?? ''}`); return;
    }
  }

  // --- other statements -----------------------------------------------------

  private rename(rs: RenameStmt, r: Reader, t: Translation): void {
    const table = relationName(rs.relation);
    const ifExists = rs.missing_ok === true;
    t.ifExists = ifExists;
    switch (rs.renameType) {
      case 'OBJECT_TABLE': {
        const schema = rs.relation?.schemaname && rs.relation.schemaname !== 'public' ? `${rs.relation.schemaname}.` : '';
        const to = `${schema}${rs.newname ?? ''}`;
        t.add({ op: 'renameTable', table, to }, r.start, { ifExists });
        this.state.names.renameTable(table, to);
        const pk = this.state.primaryKeys.get(table);
        if (pk) { this.state.primaryKeys.delete(table); this.state.primaryKeys.set(to, pk); }
        for (const ix of this.state.indexes.values()) if (ix.table === table) ix.table = to;
        return;
      }
      case 'OBJECT_COLUMN':
        if (rs.relationType !== 'OBJECT_TABLE') return;
        t.add({ op: 'renameColumn', table, column: rs.subname ?? '', to: rs.newname ?? '' }, r.start, { ifExists });
        return;
      case 'OBJECT_INDEX': {
        const owner = this.state.names.ownerOf(rs.relation?.relname ?? '');
        this.state.names.dropRelation(rs.relation?.relname ?? '');
        this.state.names.takeRelation(rs.newname ?? '', owner);
        t.note('renaming an index has no sqlrev op');
        return;
      }
      case 'OBJECT_TABCONSTRAINT':
        this.state.names.dropConstraint(rs.subname ?? '');
        this.state.names.takeConstraint(rs.newname ?? '', table);
        t.note('renaming a constraint has no sqlrev op');
        return;
      default:
        return;
    }
  }

  private drop(ds: DropStmt, r: Reader, t: Translation): void {
    const ifExists = ds.missing_ok === true;
    t.ifExists = ifExists;
    const flags = { ifExists };
    for (const obj of ds.objects ?? []) {
      const parts = stringList(asNode<{ items?: Node[] }>(obj, 'List')?.items);
      const name = qualifiedName(parts);
      switch (ds.removeType) {
        case 'OBJECT_TABLE':
          t.add({ op: 'dropTable', table: name }, r.start, flags);
          this.state.names.dropTable(name);
          this.state.primaryKeys.delete(name);
          for (const [ix, def] of [...this.state.indexes]) if (def.table === name) this.state.indexes.delete(ix);
          break;
        case 'OBJECT_INDEX': {
          const owner = this.state.names.ownerOf(name);
          t.add({ op: 'dropIndex', name, ...(owner !== undefined ? { table: owner } : {}), ...(ds.concurrent ? { concurrently: true } : {}) }, r.start, flags);
          this.state.names.dropRelation(name);
          this.state.indexes.delete(name);
          break;
        }
        case 'OBJECT_SEQUENCE':
          t.add({ op: 'dropSequence', name }, r.start, flags);
          this.state.names.dropRelation(name);
          break;
        case 'OBJECT_TYPE': {
          const tn = asNode<TypeName>(obj, 'TypeName');
          t.add({ op: 'dropEnum', name: qualifiedName(stringList(tn?.names)) }, r.start, flags);
          break;
        }
        default:
          break;
      }
    }
    if (ds.behavior === 'DROP_CASCADE' && t.ops.length) t.note('CASCADE also drops dependent objects');
  }

  private createIndex(ix: IndexStmt, r: Reader, t: Translation): void {
    const table = relationName(ix.relation);
    const rel = ix.relation?.relname ?? '';
    const elems = (ix.indexParams ?? []).map((n) => asNode<IndexElem>(n, 'IndexElem')).filter((e): e is IndexElem => e !== undefined);
    const spans = r.indexElements(ix.relation?.location);
    if (spans.length !== elems.length) { t.note('index keys not located'); return; }
    const columns: IndexColumn[] = [];
    const keyNames: string[] = [];
    elems.forEach((e, i) => {
      if (e.name !== undefined) {
        columns.push(e.name);
        keyNames.push(e.indexcolname ?? e.name);
      } else {
        columns.push({ expression: r.indexExpression(spans[i]!) });
        keyNames.push(e.indexcolname ?? indexExpressionName(e.expr));
      }
      if (e.ordering === 'SORTBY_DESC' || (e.nulls_ordering !== undefined && e.nulls_ordering !== 'SORTBY_NULLS_DEFAULT')) t.note('key order (DESC / NULLS FIRST|LAST)');
      if (e.opclass?.length) t.note('operator class');
      if (e.collation?.length) t.note('COLLATE on an index key');
    });
    if (ix.accessMethod && ix.accessMethod !== 'btree') t.note(`USING ${ix.accessMethod}`);
    if (ix.indexIncludingParams?.length) t.note('INCLUDE columns');
    if (ix.nulls_not_distinct) t.note('NULLS NOT DISTINCT');
    const name = ix.idxname ?? this.state.names.chooseRelationName(rel, nameAddition(indexColumnNames(keyNames)), 'idx', false);
    const where = ix.whereClause ? r.indexWhere(spans[spans.length - 1]) : undefined;
    this.state.names.takeRelation(name, table);
    this.state.indexes.set(name, { table, columns });
    t.ifNotExists = ix.if_not_exists === true;
    t.add({
      op: 'createIndex', name, table, columns,
      ...(ix.unique ? { unique: true } : {}),
      ...(where !== undefined ? { where } : {}),
      ...(ix.concurrent ? { concurrently: true } : {}),
    }, r.start, { ifNotExists: t.ifNotExists });
  }

  private createSequence(cs: CreateSeqStmt, r: Reader, t: Translation): void {
    const name = relationName(cs.sequence);
    let start: number | undefined;
    let increment: number | undefined;
    for (const o of cs.options ?? []) {
      const d = asNode<DefElem>(o, 'DefElem');
      if (!d) continue;
      const v = numberArg(d.arg);
      if (d.defname === 'start' && v !== undefined) start = v;
      else if (d.defname === 'increment' && v !== undefined) increment = v;
      else t.note(`sequence option ${d.defname ?? ''}`);
    }
    this.state.names.takeRelation(name, undefined);
    t.ifNotExists = cs.if_not_exists === true;
    t.add({ op: 'createSequence', name, ...(start !== undefined ? { start } : {}), ...(increment !== undefined ? { increment } : {}) }, r.start, { ifNotExists: t.ifNotExists });
  }

  private comment(cs: CommentStmt, src: PgStatementSource, t: Translation): void {
    if (cs.objtype !== 'OBJECT_COLUMN') { t.note(`COMMENT ON ${(cs.objtype ?? '').replace(/^OBJECT_/, '')}`); return; }
    const parts = stringList(asNode<{ items?: Node[] }>(cs.object, 'List')?.items);
    if (parts.length < 2) return;
    const column = parts[parts.length - 1]!;
    const table = qualifiedName(parts.slice(0, -1));
    t.add({ op: 'alterColumn', table, column, comment: cs.comment ?? null }, src.start);
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function numberArg(arg: Node | undefined): number | undefined {
  const i = asNode<{ ival?: number }>(arg, 'Integer');
  if (i) return i.ival ?? 0;
  const f = asNode<{ fval?: string }>(arg, 'Float');
  if (f) {
    const n = Number(f.fval);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** Finds the original text of parse-tree parts among one statement's tokens. */
class Reader {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly start: number;
  private readonly at: (location: number | undefined) => number | undefined;

  constructor(src: PgStatementSource) {
    this.text = src.text;
    this.tokens = src.tokens;
    this.start = src.start;
    this.at = src.at;
  }

  offsetOf(tokenIndex: number): number {
    return this.tokens[tokenIndex]?.start ?? this.start;
  }

  /** The token a parse-tree location points at. */
  tokenOf(location: number | undefined): number | undefined {
    const off = this.at(location);
    if (off === undefined) return undefined;
    const i = tokenAt(this.tokens, off);
    return i < this.tokens.length ? i : undefined;
  }

  /** After a relation name at `i`: the index past `name`, `schema.name`, and a trailing `*`. */
  private afterName(i: number): number {
    let j = i + 1;
    while (isPunct(this.tokens[j], '.') && this.tokens[j + 1]) j += 2;
    if (this.tokens[j]?.text === '*') j++;
    return j;
  }

  /** CREATE TABLE name ( elements ): the span inside the parentheses. */
  tableElements(relLocation: number | undefined): Span | undefined {
    const i = this.tokenOf(relLocation);
    if (i === undefined) return undefined;
    const open = this.afterName(i);
    if (!isPunct(this.tokens[open], '(')) return undefined;
    return { from: open + 1, to: closing(this.tokens, open) };
  }

  /** ALTER TABLE name sub, sub, ...: one span per subcommand. */
  subcommands(relLocation: number | undefined): Span[] {
    const i = this.tokenOf(relLocation);
    if (i === undefined) return [];
    const from = this.afterName(i);
    const out: Span[] = [];
    let k = from;
    while (k < this.tokens.length) {
      const to = runUntil(this.tokens, k, this.tokens.length, (t) => isPunct(t, ','));
      out.push({ from: k, to });
      k = to + 1;
    }
    return out;
  }

  /** CREATE INDEX ... ON name [USING m] ( keys ) ...: one span per key; the last is followed by INCLUDE/WITH/WHERE. */
  indexElements(relLocation: number | undefined): Span[] {
    const i = this.tokenOf(relLocation);
    if (i === undefined) return [];
    let open = this.afterName(i);
    if (isWord(this.tokens[open], 'USING')) open += 2;
    if (!isPunct(this.tokens[open], '(')) return [];
    return commaList(this.tokens, open, closing(this.tokens, open));
  }

  /** An index key that is an expression: `(expr)` or a function call, without opclass/COLLATE/ordering. */
  indexExpression(span: Span): string {
    const toks = this.tokens;
    if (isPunct(toks[span.from], '(')) return spanText(this.text, toks, span.from + 1, closing(toks, span.from));
    let j = span.from;
    while (j < span.to && !isPunct(toks[j], '(')) j++;
    const end = j < span.to ? closing(toks, j) + 1 : span.from + 1;
    return spanText(this.text, toks, span.from, Math.min(end, span.to));
  }

  /** The WHERE predicate after an index's key list (its last key span). */
  indexWhere(lastKey: Span | undefined): string | undefined {
    if (!lastKey) return undefined;
    for (let j = lastKey.to + 1; j < this.tokens.length; j++) {
      if (isPunct(this.tokens[j], '(')) { j = closing(this.tokens, j); continue; }
      if (isWord(this.tokens[j], 'WHERE')) return spanText(this.text, this.tokens, j + 1, this.tokens.length);
    }
    return undefined;
  }

  /** A type as written, from its location to the first word that cannot belong to it. */
  typeText(tn: TypeName | undefined, scope: Span | undefined): string {
    const fallback = stringList(tn?.names).join('.');
    const i = this.tokenOf(tn?.location);
    if (i === undefined) return fallback;
    const limit = scope?.to ?? this.tokens.length;
    const end = runUntil(this.tokens, i, limit, (t, k) => k > i && (isPunct(t, ',') || isPunct(t, ';') || (t.kind === 'word' && AFTER_TYPE_WORDS.has(t.upper))));
    return spanText(this.text, this.tokens, i, end) || fallback;
  }

  /** The expression after a column's DEFAULT, up to the next column constraint. */
  columnDefault(c: Constraint, scope: Span | undefined): string {
    const toks = this.tokens;
    let i = this.tokenOf(c.location) ?? 0;
    const limit = scope?.to ?? toks.length;
    while (i < limit && !isWord(toks[i], 'DEFAULT')) i++;
    const from = i + 1;
    const end = runUntil(toks, from, limit, (t, k) => {
      if (k === from) return false;
      if (isPunct(t, ',')) return true;
      if (t.kind !== 'word' || !COLUMN_CONSTRAINT_WORDS.has(t.upper)) return false;
      const prev = toks[k - 1];
      if (t.upper === 'NOT') return !isWord(prev, 'IS');
      if (t.upper === 'NULL') return !isWord(prev, 'IS', 'NOT');
      return true;
    });
    return unparenthesisedText(this.text, toks, from, end);
  }

  /** ALTER COLUMN c SET DEFAULT expr. */
  setDefaultExpression(span: Span): string | undefined {
    for (let j = span.from; j < span.to; j++) {
      if (isWord(this.tokens[j], 'DEFAULT')) return unparenthesisedText(this.text, this.tokens, j + 1, span.to);
    }
    return undefined;
  }

  /** ALTER COLUMN c TYPE t USING expr. */
  usingExpression(span: Span): string | undefined {
    const toks = this.tokens;
    let depth = 0;
    for (let j = span.from; j < span.to; j++) {
      if (isPunct(toks[j], '(') || isPunct(toks[j], '[')) depth++;
      else if (isPunct(toks[j], ')') || isPunct(toks[j], ']')) depth--;
      else if (depth === 0 && isWord(toks[j], 'USING')) return unparenthesisedText(this.text, toks, j + 1, span.to);
    }
    return undefined;
  }

  /** CHECK ( expr ): the expression inside the parentheses. */
  checkExpression(c: Constraint): string {
    const toks = this.tokens;
    let i = this.tokenOf(c.location) ?? 0;
    while (i < toks.length && !isWord(toks[i], 'CHECK')) i++;
    const open = i + 1;
    if (!isPunct(toks[open], '(')) return '';
    return spanText(this.text, toks, open + 1, closing(toks, open));
  }
}
