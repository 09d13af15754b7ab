/**
 * The naming convention for names a revision leaves out (CONTRACT section 1):
 * pk_<table>, uq_<table>_<cols>, fk_<table>_<cols>_<reftable>,
 * ix_<table>_<cols>, ck_<table>_<8 hex of a hash of the expression>.
 * Config `naming` overrides the templates; placeholders are {table},
 * {columns}, {refTable}, {hash}.
 */
import { createHash } from 'node:crypto';
import type { IndexColumn } from '../ops/types.js';

export interface NamingConvention {
  pk: string;
  uq: string;
  fk: string;
  ix: string;
  ck: string;
}

export const DEFAULT_NAMING: NamingConvention = {
  pk: 'pk_{table}',
  uq: 'uq_{table}_{columns}',
  fk: 'fk_{table}_{columns}_{refTable}',
  ix: 'ix_{table}_{columns}',
  ck: 'ck_{table}_{hash}',
};

export function hash8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

function columnToken(c: IndexColumn): string {
  if (typeof c === 'string') return c;
  const t = c.expression.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return t || `expr_${hash8(c.expression)}`;
}

/** The placeholders a template may use, in the order Template.fill takes their values. */
const PLACEHOLDER = /\{(table|columns|refTable|hash)\}/g;
const SLOTS = ['table', 'columns', 'refTable', 'hash'] as const;

/**
 * A naming template split once into literal text and placeholder slots.
 * Filling it with String.replace and a callback cost a regex match, a
 * callback and a vars object for every generated name of a replay (two per
 * revision in the benchmark chain); the result is the same text.
 */
class Template {
  /** Literal text (string) and placeholder slots (index into SLOTS), alternating as in the template. */
  private readonly parts: (string | number)[] = [];

  /** Reused by every fill (which never re-enters): an array per name was most of a name's garbage. */
  private readonly scratch: string[];

  constructor(template: string) {
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      if (m.index > last) this.parts.push(template.slice(last, m.index));
      this.parts.push(SLOTS.indexOf(m[1] as (typeof SLOTS)[number]));
      last = m.index + m[0].length;
    }
    if (last < template.length) this.parts.push(template.slice(last));
    this.scratch = this.parts.map(() => '');
  }

  fill(table: string, columns = '', refTable = '', hash = ''): string {
    const out = this.scratch;
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i]!;
      out[i] = typeof p === 'string' ? p : p === 0 ? table : p === 1 ? columns : p === 2 ? refTable : hash;
    }
    // join() makes one flat string; `+=` would leave a chain of cons strings,
    // which the model keeps (as keys of its name maps) and compares slowly.
    return out.join('');
  }
}

export class Namer {
  private readonly pkT: Template;
  private readonly uqT: Template;
  private readonly fkT: Template;
  private readonly ixT: Template;
  private readonly ckT: Template;
  constructor(convention: NamingConvention = DEFAULT_NAMING) {
    this.pkT = new Template(convention.pk);
    this.uqT = new Template(convention.uq);
    this.fkT = new Template(convention.fk);
    this.ixT = new Template(convention.ix);
    this.ckT = new Template(convention.ck);
  }
  pk(table: string): string {
    return this.pkT.fill(table);
  }
  unique(table: string, columns: readonly string[]): string {
    return this.uqT.fill(table, columns.join('_'));
  }
  foreignKey(table: string, columns: readonly string[], refTable: string): string {
    return this.fkT.fill(table, columns.join('_'), refTable);
  }
  index(table: string, columns: readonly IndexColumn[]): string {
    return this.ixT.fill(table, columns.map(columnToken).join('_'));
  }
  check(table: string, expression: string): string {
    return this.ckT.fill(table, '', '', hash8(expression));
  }
}

/**
 * A generated name longer than the dialect's identifier limit is cut to fit
 * and given a hash suffix of the full name, so it stays unique and stable.
 * Explicit names are never changed (the auditor reports them instead).
 */
export function shortenName(name: string, limitBytes: number | undefined): string {
  if (limitBytes === undefined || Buffer.byteLength(name, 'utf8') <= limitBytes) return name;
  const suffix = `_${hash8(name)}`;
  let head = '';
  let bytes = 0;
  for (const ch of name) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > limitBytes - suffix.length) break;
    head += ch;
    bytes += b;
  }
  return head + suffix;
}
