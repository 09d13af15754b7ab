/**
 * The differences between the catalog an engine should report and the one it
 * does: one `Mismatch` per differing object, in a fixed order (each table with
 * its columns and constraints, tables by name; then indexes, sequences, enums
 * by name), so verify's report is stable and a test can assert it exactly.
 *
 * Each object is a list of facets (type, nullability, default, ...). An object
 * present on both sides is reported with just the facets that differ; one
 * present on a single side is reported whole against "(none)". Facets are
 * compared by value (not by their text), so the comparison is exactly catalog
 * equality: `compareCatalogs(a, b)` is empty if and only if `catalogsEqual(a, b)`.
 */
import {
  compareText, sortCatalog,
  type Catalog, type CatalogCheck, type CatalogColumn, type CatalogEnum, type CatalogForeignKey, type CatalogIndex,
  type CatalogIndexKey, type CatalogPrimaryKey, type CatalogSequence, type CatalogTable, type CatalogUnique,
} from './catalog/types.js';

export interface Mismatch {
  /** What differs: `table task`, `column task.due_at`, `unique uq_task_email on task`, `index ix_task_title`, `enum Status`. */
  object: string;
  /** The expected side: the differing facets, or the whole object, or "(none)". */
  expected: string;
  actual: string;
}

export const NONE = '(none)';

/** A name as it reads in a report: bare when plain, otherwise SQL-quoted (so every name reads unambiguously). */
export function displayName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const nameList = (names: readonly string[]): string => `(${names.map(displayName).join(', ')})`;
const keyText = (k: CatalogIndexKey): string => (typeof k === 'string' ? displayName(k) : `(${k.expression})`);

/** One comparable aspect of an object. `whole` = false leaves it out of the whole-object text (an absent default). */
interface Facet { key: string; value: unknown; text: string; whole?: boolean }

const wholeText = (facets: Facet[]): string => facets.filter((f) => f.whole !== false).map((f) => f.text).join(' ');

function columnFacets(c: CatalogColumn): Facet[] {
  return [
    { key: 'type', value: c.type, text: c.type },
    { key: 'nullable', value: c.nullable, text: c.nullable ? 'NULL' : 'NOT NULL', whole: !c.nullable },
    { key: 'default', value: c.default, text: c.default === null ? 'no DEFAULT' : `DEFAULT ${c.default}`, whole: c.default !== null },
    { key: 'identity', value: c.identity, text: c.identity === null ? 'no identity' : `identity ${c.identity}`, whole: c.identity !== null },
    { key: 'comment', value: c.comment, text: c.comment === null ? 'no COMMENT' : `COMMENT ${literal(c.comment)}`, whole: c.comment !== null },
  ];
}

const nameFacet = (name: string | null): Facet =>
  ({ key: 'name', value: name, text: name === null ? 'no name' : `name ${displayName(name)}`, whole: false });

function primaryKeyFacets(p: CatalogPrimaryKey): Facet[] {
  return [
    { key: 'name', value: p.name, text: p.name === null ? 'no name' : displayName(p.name) },
    { key: 'columns', value: p.columns, text: nameList(p.columns) },
  ];
}

const uniqueFacets = (u: CatalogUnique): Facet[] => [nameFacet(u.name), { key: 'columns', value: u.columns, text: nameList(u.columns) }];
const checkFacets = (k: CatalogCheck): Facet[] => [nameFacet(k.name), { key: 'expression', value: k.expression, text: k.expression }];

function foreignKeyFacets(f: CatalogForeignKey): Facet[] {
  return [
    nameFacet(f.name),
    { key: 'columns', value: f.columns, text: nameList(f.columns) },
    { key: 'references', value: [f.refTable, f.refColumns], text: `REFERENCES ${displayName(f.refTable)} ${nameList(f.refColumns)}` },
    { key: 'onDelete', value: f.onDelete, text: `ON DELETE ${f.onDelete}` },
    { key: 'onUpdate', value: f.onUpdate, text: `ON UPDATE ${f.onUpdate}` },
  ];
}

function indexFacets(i: CatalogIndex, table: string): Facet[] {
  return [
    { key: 'unique', value: i.unique, text: i.unique ? 'UNIQUE' : 'not UNIQUE', whole: i.unique },
    { key: 'table', value: table, text: `ON ${displayName(table)}` },
    { key: 'columns', value: i.columns, text: `(${i.columns.map(keyText).join(', ')})` },
    { key: 'where', value: i.where, text: i.where === null ? 'no WHERE' : `WHERE ${i.where}`, whole: i.where !== null },
  ];
}

const sequenceFacets = (s: CatalogSequence): Facet[] => [
  { key: 'start', value: s.start, text: `START ${s.start}` },
  { key: 'increment', value: s.increment, text: `INCREMENT ${s.increment}` },
];

const enumFacets = (e: CatalogEnum): Facet[] => [{ key: 'values', value: e.values, text: `(${e.values.map(literal).join(', ')})` }];

function tableFacets(t: CatalogTable, commonOrder: string[]): Facet[] {
  return [
    { key: 'columns', value: commonOrder, text: `column order ${nameList(commonOrder)}`, whole: false },
    { key: 'comment', value: t.comment, text: t.comment === null ? 'no COMMENT' : `COMMENT ${literal(t.comment)}`, whole: t.comment !== null },
  ];
}

/** Push the mismatch between two versions of one object (either may be missing). */
function diff(out: Mismatch[], object: string, expected: Facet[] | undefined, actual: Facet[] | undefined): void {
  if (!expected && !actual) return;
  if (!expected || !actual) {
    out.push({ object, expected: expected ? wholeText(expected) : NONE, actual: actual ? wholeText(actual) : NONE });
    return;
  }
  const differing = expected.map((f, i) => [f, actual[i]!] as const)
    .filter(([e, a]) => JSON.stringify(e.value) !== JSON.stringify(a.value));
  if (differing.length === 0) return;
  out.push({ object, expected: differing.map(([e]) => e.text).join('; '), actual: differing.map(([, a]) => a.text).join('; ') });
}

/**
 * Pair two lists of constraints: first by name, then the rest by content (so a
 * constraint that only lost or changed its name is one mismatch, not two).
 * Returns the pairs in expected order, then the unpaired actual ones.
 */
function pair<T extends { name: string | null }>(expected: T[], actual: T[], content: (x: T) => string): Array<[T | undefined, T | undefined]> {
  const left = [...actual];
  const take = (pred: (a: T) => boolean): T | undefined => {
    const i = left.findIndex(pred);
    return i < 0 ? undefined : left.splice(i, 1)[0];
  };
  const pairs: Array<[T, T | undefined]> = expected.map((e) => [e, e.name === null ? undefined : take((a) => a.name === e.name)]);
  for (const p of pairs) if (!p[1]) p[1] = take((a) => content(a) === content(p[0]));
  return [...pairs, ...left.map((a): [undefined, T] => [undefined, a])];
}

function compareTables(out: Mismatch[], e: CatalogTable | undefined, a: CatalogTable | undefined): void {
  const name = (e ?? a)!.name;
  const label = `table ${displayName(name)}`;
  if (!e || !a) {
    // A table on one side only is one mismatch: its columns, constraints and indexes are part of it.
    const whole = (t: CatalogTable): Facet[] => [
      { key: 'columns', value: null, text: `columns ${nameList(t.columns.map((c) => c.name))}` },
      ...tableFacets(t, []).filter((f) => f.key !== 'columns'),
    ];
    diff(out, label, e && whole(e), a && whole(a));
    return;
  }
  const aNames = new Set(a.columns.map((c) => c.name));
  const eNames = new Set(e.columns.map((c) => c.name));
  diff(out, label,
    tableFacets(e, e.columns.map((c) => c.name).filter((n) => aNames.has(n))),
    tableFacets(a, a.columns.map((c) => c.name).filter((n) => eNames.has(n))));

  const aCols = new Map(a.columns.map((c) => [c.name, c]));
  for (const c of e.columns) diff(out, `column ${displayName(name)}.${displayName(c.name)}`, columnFacets(c), aCols.has(c.name) ? columnFacets(aCols.get(c.name)!) : undefined);
  for (const c of a.columns) if (!eNames.has(c.name)) diff(out, `column ${displayName(name)}.${displayName(c.name)}`, undefined, columnFacets(c));

  diff(out, `primary key on ${displayName(name)}`, e.primaryKey ? primaryKeyFacets(e.primaryKey) : undefined, a.primaryKey ? primaryKeyFacets(a.primaryKey) : undefined);

  compareConstraints(out, 'unique', name, e.uniques, a.uniques, uniqueFacets, (u) => nameList(u.columns));
  compareConstraints(out, 'check', name, e.checks, a.checks, checkFacets, (k) => `(${k.expression})`);
  compareConstraints(out, 'foreign key', name, e.foreignKeys, a.foreignKeys, foreignKeyFacets, (f) => nameList(f.columns));
}

/** `short` names an unnamed constraint in the report (SQLite keeps no name for `UNIQUE (a)` without CONSTRAINT). */
function compareConstraints<T extends { name: string | null }>(
  out: Mismatch[], kind: string, table: string, es: T[], as: T[], facets: (x: T) => Facet[], short: (x: T) => string,
): void {
  for (const [x, y] of pair(es, as, (c) => wholeText(facets(c)))) {
    const ref = (x ?? y)!;
    const label = `${kind} ${ref.name === null ? short(ref) : displayName(ref.name)} on ${displayName(table)}`;
    diff(out, label, x && facets(x), y && facets(y));
  }
}

function byName<T>(list: T[], name: (x: T) => string): Map<string, T> {
  return new Map(list.map((x) => [name(x), x]));
}

/** Walk two name-keyed lists in name order, calling `each` with the two versions of every name. */
function mergeByName<T>(es: Map<string, T>, as: Map<string, T>, each: (name: string, e: T | undefined, a: T | undefined) => void): void {
  const names = [...new Set([...es.keys(), ...as.keys()])].sort(compareText);
  for (const n of names) each(n, es.get(n), as.get(n));
}

/** Every difference between `expected` and `actual`, one entry per object, in a fixed order. */
export function compareCatalogs(expected: Catalog, actual: Catalog): Mismatch[] {
  const e = sortCatalog(expected);
  const a = sortCatalog(actual);
  const out: Mismatch[] = [];
  const eTables = byName(e.tables, (t) => t.name);
  const aTables = byName(a.tables, (t) => t.name);
  mergeByName(eTables, aTables, (_, x, y) => compareTables(out, x, y));

  // Index names are schema-wide on both engines, so indexes are compared across tables.
  // The indexes of a table that is missing on the other side are that table's mismatch.
  const indexes = (c: Catalog) => new Map(c.tables.flatMap((t) => t.indexes.map((i) => [i.name, { i, table: t.name }] as const)));
  mergeByName(indexes(e), indexes(a), (n, x, y) => {
    if ((!x || !aTables.has(x.table)) && (!y || !eTables.has(y.table))) return;
    diff(out, `index ${displayName(n)}`, x && indexFacets(x.i, x.table), y && indexFacets(y.i, y.table));
  });

  mergeByName(byName(e.sequences, (s) => s.name), byName(a.sequences, (s) => s.name),
    (n, x, y) => diff(out, `sequence ${displayName(n)}`, x && sequenceFacets(x), y && sequenceFacets(y)));
  mergeByName(byName(e.enums, (x) => x.name), byName(a.enums, (x) => x.name),
    (n, x, y) => diff(out, `enum ${displayName(n)}`, x && enumFacets(x), y && enumFacets(y)));
  return out;
}
