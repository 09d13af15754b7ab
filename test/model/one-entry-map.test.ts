/**
 * Most deltas hold a OneEntryMap (src/model/one-entry-map.ts) where they
 * held a Map: callers that read delta.tables as a ReadonlyMap must see what
 * a one-entry Map would show them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { OneEntryMap } from '../../src/model/one-entry-map.js';

const test = suite('one-entry map');

test('reads like a Map of the same entry', () => {
  for (const [k, v] of [['t', { name: 't' }], ['t', null], [Number.NaN, 1], [0, 'zero']] as [unknown, unknown][]) {
    const m = new Map([[k, v]]);
    const o = new OneEntryMap(k, v);
    assert.is(o.size, m.size);
    for (const probe of [k, 'other', -0, Number.NaN, undefined]) {
      assert.is(o.get(probe), m.get(probe), `get ${String(probe)}`);
      assert.is(o.has(probe), m.has(probe), `has ${String(probe)}`);
    }
    assert.equal([...o], [...m]);
    assert.equal([...o.entries()], [...m.entries()]);
    assert.equal([...o.keys()], [...m.keys()]);
    assert.equal([...o.values()], [...m.values()]);
    const seen: unknown[] = [];
    const self = {};
    o.forEach(function (this: unknown, value, key, map) { seen.push([value, key, map === o, this === self]); }, self);
    assert.equal(seen, [[v, k, true, true]]);
    assert.equal(new Map(o), m);
  }
});

test.run();
