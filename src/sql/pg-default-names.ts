/**
 * The names PostgreSQL gives constraints and indexes that are declared
 * without one, so that a later `DROP CONSTRAINT users_email_key` in the same
 * text finds what `UNIQUE (email)` created. This follows the server's
 * makeObjectName / ChooseRelationName / ChooseConstraintName
 * (src/backend/commands/indexcmds.c, src/backend/catalog/pg_constraint.c):
 * `<table>_<columns>_<label>`, each part cut so the whole fits in 63 bytes,
 * and a number appended to the label until the name is free.
 * test/sql/pg-default-names.test.ts checks them against a real server.
 */
import { byteLength } from './utf8-offsets.js';

/** NAMEDATALEN - 1. */
const MAX_BYTES = 63;

/** The first `bytes` bytes of `s`, cut back to a whole character (pg_mbcliplen). */
function clipBytes(s: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const len = byteLength(ch);
    if (used + len > bytes) break;
    out += ch;
    used += len;
  }
  return out;
}

/** makeObjectName: name1_name2_label, trimming the longer of name1/name2 first. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  let overhead = 0;
  let n1 = byteLength(name1);
  let n2 = 0;
  if (name2 !== undefined) { n2 = byteLength(name2); overhead++; }
  if (label !== undefined) overhead += byteLength(label) + 1;
  const avail = MAX_BYTES - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  let name = clipBytes(name1, n1);
  if (name2 !== undefined) name += `_${clipBytes(name2, n2)}`;
  if (label !== undefined) name += `_${label}`;
  return name;
}

/** ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by `_`, stopping once 63 bytes are reached. */
export function nameAddition(names: readonly string[]): string {
  let buf = '';
  for (const name of names) {
    if (buf.length > 0) buf += '_';
    buf += clipBytes(name, MAX_BYTES);
    if (byteLength(buf) >= MAX_BYTES + 1) break;
  }
  return buf;
}

/**
 * ChooseIndexColumnNames: an index's column names, with a number appended
 * to repeats (`expr`, `expr1`).
 */
export function indexColumnNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const orig of names) {
    let name = orig;
    for (let i = 1; out.includes(name); i++) {
      const suffix = String(i);
      name = clipBytes(orig, MAX_BYTES - suffix.length) + suffix;
    }
    out.push(name);
  }
  return out;
}

/**
 * The names taken in one schema, as far as the analysed text shows them:
 * relations (tables, indexes, sequences) and constraints, with the table
 * each belongs to so that dropping the table frees them.
 */
export class PgNameSpace {
  private readonly relations = new Map<string, string | undefined>();
  private readonly constraints = new Map<string, string>();

  takeRelation(name: string, table?: string): void { this.relations.set(name, table); }
  takeConstraint(name: string, table: string): void { this.constraints.set(name, table); }
  hasRelation(name: string): boolean { return this.relations.has(name); }
  hasConstraint(name: string): boolean { return this.constraints.has(name); }
  /** The table an index (or other relation) was created on. */
  ownerOf(name: string): string | undefined { return this.relations.get(name); }

  dropRelation(name: string): void { this.relations.delete(name); }
  dropConstraint(name: string): void { this.constraints.delete(name); }

  /** DROP TABLE: the table and everything on it. */
  dropTable(table: string): void {
    this.relations.delete(table);
    for (const [n, t] of [...this.relations]) if (t === table) this.relations.delete(n);
    for (const [n, t] of [...this.constraints]) if (t === table) this.constraints.delete(n);
  }

  renameTable(table: string, to: string): void {
    const owner = this.relations.get(table);
    this.relations.delete(table);
    this.relations.set(to, owner);
    for (const [n, t] of [...this.relations]) if (t === table) this.relations.set(n, to);
    for (const [n, t] of [...this.constraints]) if (t === table) this.constraints.set(n, to);
  }

  /** ChooseRelationName: for indexes (and, with `isConstraint`, the constraints an index backs). */
  chooseRelationName(name1: string, name2: string | undefined, label: string, isConstraint: boolean, local: ReadonlySet<string> = new Set()): string {
    for (let pass = 0; ; pass++) {
      const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
      const taken = this.relations.has(name) || local.has(name) || (isConstraint && this.constraints.has(name));
      if (!taken) return name;
    }
  }

  /** ChooseConstraintName: for CHECK and FOREIGN KEY constraints. */
  chooseConstraintName(name1: string, name2: string | undefined, label: string, local: ReadonlySet<string> = new Set()): string {
    for (let pass = 0; ; pass++) {
      const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
      if (!this.constraints.has(name) && !local.has(name)) return name;
    }
  }
}
