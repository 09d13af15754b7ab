/**
 * A finding reported identically on every audited dialect becomes one
 * finding without `dialect`; any other keeps its dialect. Identical findings
 * from the same dialect become one.
 */
import type { DialectName } from '../ops/types.js';
import type { Finding, SourcedFinding } from './finding.js';
import type { RawFinding } from './lane.js';

interface Group {
  readonly finding: RawFinding;
  /** The dialects that reported it, without repeats (undefined: a finding that holds for every dialect). */
  readonly dialects: (DialectName | undefined)[];
}

/** Every field but `dialect` equal. */
function sameFinding(a: RawFinding, b: RawFinding): boolean {
  return a.rule === b.rule && a.severity === b.severity && a.revision === b.revision && a.file === b.file
    && a.line === b.line && a.column === b.column && a.op === b.op && a.message === b.message && a.help === b.help;
}

/** A number per line and column; two places sharing one only cost a comparison more. */
function placeKey(f: RawFinding): number {
  return f.line * 0x200000 + f.column;
}

/** The merged findings, each with the source its file is the text of. */
export function mergeDialects(raw: readonly RawFinding[], dialectCount: number): SourcedFinding[] {
  // Candidates share a source and a place; sameFinding decides. (A JSON key
  // of every field and a Set per group took 130-160 ms for the 29,000
  // reports of a 10k-revision chain; this takes about 30.)
  const bySource = new Map<object, Map<number, Group | Group[]>>();
  const groups: Group[] = [];
  for (const f of raw) {
    let places = bySource.get(f.source);
    if (!places) bySource.set(f.source, (places = new Map()));
    const key = placeKey(f);
    const found = places.get(key);
    let group: Group | undefined;
    if (found === undefined) {
      group = { finding: f, dialects: [] };
      places.set(key, group);
      groups.push(group);
    } else if (!Array.isArray(found)) {
      if (sameFinding(found.finding, f)) group = found;
      else {
        group = { finding: f, dialects: [] };
        places.set(key, [found, group]);
        groups.push(group);
      }
    } else {
      for (const g of found) if (sameFinding(g.finding, f)) { group = g; break; }
      if (!group) {
        group = { finding: f, dialects: [] };
        found.push(group);
        groups.push(group);
      }
    }
    if (!group.dialects.includes(f.dialect)) group.dialects.push(f.dialect);
  }
  const out: SourcedFinding[] = [];
  for (const { finding, dialects } of groups) {
    if (dialects.includes(undefined) || dialects.length >= dialectCount) out.push({ finding: withDialect(finding, undefined), source: finding.source });
    else for (const d of dialects.sort()) out.push({ finding: withDialect(finding, d), source: finding.source });
  }
  return out;
}

/**
 * The finding with `dialect` set last, or left out. Written out field by
 * field: object rest (`{ dialect, ...rest }`) goes through a slow runtime
 * path, about 3 µs a finding.
 */
function withDialect(f: RawFinding, dialect: DialectName | undefined): Finding {
  const out: { -readonly [K in keyof Finding]: Finding[K] } = { rule: f.rule, severity: f.severity } as Finding;
  if (f.revision !== undefined) out.revision = f.revision;
  out.file = f.file;
  out.line = f.line;
  out.column = f.column;
  if (f.op !== undefined) out.op = f.op;
  out.message = f.message;
  if (f.help !== undefined) out.help = f.help;
  if (dialect !== undefined) out.dialect = dialect;
  return out;
}
