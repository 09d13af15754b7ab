import assert from 'node:assert/strict';
import { test } from 'uvu';
import { compareFindings, sortFindings, type Finding, type SourcedFinding } from '../../src/audit/finding.js';

test('sortFindings gives exactly the compareFindings order (ties kept in input order, one path from two sources ranked together)', () => {
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
  const sources = ['b.json', 'a.json', 'revisions/x.json', 'b.json', 'a.sql'].map((file) => ({ file }));
  const items: SourcedFinding[] = [];
  for (let i = 0; i < 2000; i++) {
    const source = sources[rnd(sources.length)]!;
    const finding: Finding = {
      rule: ['rename', 'destructive', 'sql-syntax'][rnd(3)]!,
      severity: rnd(2) ? 'error' : 'warning',
      file: source.file,
      line: 1 + rnd(4),
      column: 1 + rnd(3),
      ...(rnd(2) ? { dialect: rnd(2) ? 'postgresql' : 'sqlite' } as const : {}),
      message: `m${rnd(3)}`,
      ...(rnd(2) ? { op: i } : {}),
    };
    items.push({ finding, source });
  }
  const expected = items.map((i) => i.finding).sort(compareFindings);
  const actual = sortFindings(items);
  assert.equal(actual.length, expected.length);
  actual.forEach((f, i) => assert.equal(f, expected[i], `position ${i}`));
});

test.run();
