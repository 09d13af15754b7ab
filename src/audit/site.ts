/**
 * Where a finding lands, worked out only when a rule reports, and once for
 * every dialect that reports at the same place. The engine once located
 * every op up front: 100,000 locates for a 10k-revision chain, and every
 * file's JSON indexed (src/revisions/json-source.ts) whether or not
 * anything was found in it.
 */
import type { Op } from '../ops/types.js';
import type { JsonPath, Revision } from '../revisions/types.js';

export interface Site {
  /**
   * What `file` is the text of (the Revision, or the `.sql` file): findings
   * are grouped and ordered by it, as object identity hashes far faster
   * than the path string (10x for the 29,000 reports of a 10k audit).
   */
  readonly source: object;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly revision?: string;
  readonly op?: number;
}

/** The findings about one thing: the op whose `audit.allow` can silence them, and their site, located on demand. */
export interface Placement {
  readonly allowOn: Op | undefined;
  /** `at` is relative to the thing (an op field), where the placement has such paths. */
  site(at?: JsonPath): Site;
}

/** The site of `path` in a revision file; `op` is the upgrade index the finding is about. */
export function revisionSite(rev: Revision, path: JsonPath, op?: number): Site {
  const pos = rev.source.locate(path);
  return op === undefined
    ? { source: rev, file: rev.file, line: pos.line, column: pos.column, revision: rev.id }
    : { source: rev, file: rev.file, line: pos.line, column: pos.column, revision: rev.id, op };
}

/** One site, computed on first use. */
export class FixedPlacement implements Placement {
  private cached: Site | undefined;
  constructor(private readonly locate: () => Site, readonly allowOn: Op | undefined = undefined) {}
  site(): Site {
    return (this.cached ??= this.locate());
  }
}

/**
 * The op `upgrade[index]` of a revision: its own position, or that of one of
 * its fields. Shared by every audited dialect, so a finding reported on
 * each is located once.
 */
export class UpgradeOpPlacement implements Placement {
  private whole: Site | undefined;
  constructor(private readonly rev: Revision, private readonly index: number, readonly allowOn: Op) {}
  site(at?: JsonPath): Site {
    if (at && at.length) return revisionSite(this.rev, ['upgrade', this.index, ...at], this.index);
    return (this.whole ??= revisionSite(this.rev, ['upgrade', this.index], this.index));
  }
}
