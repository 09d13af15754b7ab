/**
 * Small readers for libpg_query's JSON parse tree. Each node is an object
 * with one key, its type (`{"ColumnRef": {...}}`); fields equal to their
 * zero value are left out of the JSON (an `ival` of 0 is `{}`, a false
 * boolean is absent).
 */
import type { A_Const, Node, RangeVar } from 'libpg-query';

/** A parse-tree node seen generically: its type name and fields. */
export type PgFields = Record<string, unknown>;

export function nodeType(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

export function nodeFields(node: unknown): PgFields | undefined {
  const t = nodeType(node);
  return t === undefined ? undefined : ((node as Record<string, unknown>)[t] as PgFields);
}

/** The fields of `node` when it is of type `type`. */
export function asNode<T>(node: unknown, type: string): T | undefined {
  return nodeType(node) === type ? ((node as Record<string, unknown>)[type] as T) : undefined;
}

/** `[{"String": {"sval": "a"}}, ...]` -> `["a", ...]`. */
export function stringList(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    const s = asNode<{ sval?: string }>(n, 'String');
    if (s) out.push(s.sval ?? '');
  }
  return out;
}

/** A list of integer constants (type modifiers), or null when one is not an integer. */
export function intList(nodes: readonly Node[]): number[] | null {
  const out: number[] = [];
  for (const n of nodes) {
    const c = asNode<A_Const>(n, 'A_Const');
    if (!c || c.ival === undefined) return null;
    out.push(c.ival.ival ?? 0);
  }
  return out;
}

/** A table name as sqlrev's model knows it: unqualified in the default schema, `schema.name` elsewhere. */
export function relationName(rv: RangeVar | undefined): string {
  if (!rv) return '';
  const rel = rv.relname ?? '';
  return rv.schemaname && rv.schemaname !== 'public' ? `${rv.schemaname}.${rel}` : rel;
}

/** A qualified name from a String list (DROP INDEX s.i, CREATE TYPE s.t), with `public.` dropped. */
export function qualifiedName(parts: readonly string[]): string {
  return parts.length > 1 && parts[0] === 'public' ? parts.slice(1).join('.') : parts.join('.');
}

/** The value of a constant as a JSON literal, or undefined when it has none (bit strings). */
export function constValue(c: A_Const): string | number | boolean | null | undefined {
  if (c.isnull) return null;
  if (c.ival !== undefined) return c.ival.ival ?? 0;
  if (c.boolval !== undefined) return c.boolval.boolval ?? false;
  if (c.sval !== undefined) return c.sval.sval ?? '';
  if (c.fval !== undefined) {
    const s = c.fval.fval ?? '0';
    const n = Number(s);
    // Only when the number prints back exactly (1.5 yes; 1.50 or 12345678901234567890.1 no).
    return Number.isFinite(n) && String(n) === s ? n : undefined;
  }
  return undefined;
}

/** Every node of a subtree, depth first (type name and fields). */
export function* walk(node: unknown): Generator<{ type: string; fields: PgFields }> {
  if (Array.isArray(node)) {
    for (const n of node) yield* walk(n);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const t = nodeType(node);
  const fields = t !== undefined && /^[A-Z]/.test(t) ? nodeFields(node) : undefined;
  if (t !== undefined && fields && typeof fields === 'object') {
    yield { type: t, fields };
    for (const v of Object.values(fields)) yield* walk(v);
    return;
  }
  // A struct embedded without a type key (e.g. RangeVar in `relation`).
  for (const v of Object.values(node as Record<string, unknown>)) yield* walk(v);
}
