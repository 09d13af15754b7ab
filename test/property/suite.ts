/**
 * The round-trip property as a uvu suite over a range of seeds, sharing one
 * PGlite and one sql.js database (reset before every seed). Each test file
 * in this folder runs one range, so the ranges run as separate processes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DIALECT_NAMES } from '../../src/dialects/registry.js';
import { closeSessions, describeFailure, openSessions, runSeed, seedRange, type Sessions } from './runner.js';

export function propertySuite(first: number, count: number): void {
  const seeds = seedRange(first, count);
  const test = suite(`property: generated chains round-trip on both engines, seeds ${seeds[0]}..${seeds[seeds.length - 1]}`);
  let sessions: Sessions;
  test.before(async () => { sessions = await openSessions(); });
  test.after(async () => { await closeSessions(sessions); });

  for (const seed of seeds) {
    test(`seed ${seed}`, async () => {
      const o = await runSeed(seed, sessions);
      if (o.problems.length) {
        const text = describeFailure(o);
        console.log(text);
        assert.unreachable(text);
      }
      // Not vacuous: the chain has revisions, and every one ran on every engine.
      assert.ok(o.chain.revisions.length > 0, 'the generator made a chain');
      for (const d of DIALECT_NAMES) {
        const r = o.report!.dialects[d]!;
        assert.is(r.revisions.length, o.chain.revisions.length, `${d} ran every revision`);
        assert.is(r.base, 'empty', `${d} reached an empty base`);
      }
    });
  }
  test.run();
}
