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

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(table|columns|refTable|hash)\}/g, (_, k: string) => vars[k] ?? '');
}

export class Namer {
  constructor(private readonly convention: NamingConvention = DEFAULT_NAMING) {}
  pk(table: string): string {
    return fill(this.convention.pk, { table });
  }
  unique(table: string, columns: readonly string[]): string {
    return fill(this.convention.uq, { table, columns: columns.join('_') });
  }
  foreignKey(table: string, columns: readonly string[], refTable: string): string {
    return fill(this.convention.fk, { table, columns: columns.join('_'), refTable });
  }
  index(table: string, columns: readonly IndexColumn[]): string {
    return fill(this.convention.ix, { table, columns: columns.map(columnToken).join('_') });
  }
  check(table: string, expression: string): string {
    return fill(this.convention.ck, { table, hash: hash8(expression) });
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
