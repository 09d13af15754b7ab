/**
 * Positions in a `.ts` revision, best effort: the code is not JSON, so paths
 * are found by scanning for the property names. `upgrade[i]` is the i-th
 * `op: '...'` after `upgrade: [`; a top-level field is its `name:`; anything
 * else falls back to the nearest of those, then to line 1.
 */
import { LineIndex } from './line-index.js';
import type { JsonPath, SourceMap, SourcePosition } from './types.js';

const OP = /\bop\s*:\s*(['"`])\w+\1/g;

export class TsSourceMap implements SourceMap {
  private readonly lines: LineIndex;
  private ops: { upgrade: number[]; downgrade: number[] } | undefined;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  locate(path: JsonPath): SourcePosition {
    return this.lines.position(this.offset(path));
  }

  locateKey(path: JsonPath): SourcePosition {
    return this.locate(path);
  }

  private offset(path: JsonPath): number {
    const [section, index] = path;
    if ((section === 'upgrade' || section === 'downgrade') && typeof index === 'number') {
      const at = this.opOffsets()[section][index];
      if (at !== undefined) return at;
    }
    if (typeof section === 'string') {
      const m = new RegExp(`(^|[\\s{,])(${escapeRegExp(section)}|'${escapeRegExp(section)}'|"${escapeRegExp(section)}")\\s*:`).exec(this.text);
      if (m) return m.index + m[1]!.length;
    }
    return 0;
  }

  private opOffsets(): { upgrade: number[]; downgrade: number[] } {
    if (this.ops) return this.ops;
    const text = this.text;
    // `downgrade: [` (an array) is the revision's; a sql op's `downgrade:` is a string.
    const up = /\bupgrade\s*:\s*\[/.exec(text)?.index ?? -1;
    const down = /\bdowngrade\s*:\s*\[/.exec(text)?.index ?? -1;
    const ops = { upgrade: [] as number[], downgrade: [] as number[] };
    for (const m of text.matchAll(OP)) {
      const at = m.index;
      const inUp = up !== -1 && at > up && (down < up || at < down);
      const inDown = down !== -1 && at > down && (up < down || at < up);
      if (inUp) ops.upgrade.push(at);
      else if (inDown) ops.downgrade.push(at);
    }
    return (this.ops = ops);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
