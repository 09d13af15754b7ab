import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isUnsupported } from '../../../src/dialects/dialect.js';
import { endsInLineComment } from '../../../src/dialects/postgresql/verbatim.js';
import { OP_KINDS } from '../../../src/ops/types.js';
import { postgresql } from './harness.js';

const test = suite('postgresql: the dialect object');

test('identity and capabilities', () => {
  assert.is(postgresql.name, 'postgresql');
  assert.is(postgresql.displayName, 'PostgreSQL');
  assert.is(postgresql.identifierLimit, 63);
  assert.is(postgresql.transactionalDdl, true);
  assert.is(postgresql.client.name, 'psql');
  assert.match(postgresql.client.runScript, /ON_ERROR_STOP=1/);
  assert.match(postgresql.client.runScript, /"\$SQL_FILE"/);
});

test('every op kind has a renderer (none unsupported)', () => {
  assert.equal(Object.keys(postgresql.renderers).sort(), [...OP_KINDS].sort());
  for (const k of OP_KINDS) {
    const r = postgresql.renderers[k];
    assert.ok(!isUnsupported(r) && typeof r === 'function', k);
  }
});

test('endsInLineComment follows PostgreSQL lexical rules', () => {
  const cases: [string, boolean][] = [
    ['now()', false],
    ['now() -- the time', true],
    ['now() -- a\n+ 1', false],
    ["'--'", false],
    ["'it''s -- x'", false],
    ["'a\\' -- x", true], // standard string: the backslash is an ordinary character
    ["E'\\' -- x'", false], // E'' string: \' is an escaped quote
    ["e'\\\\' -- x", true],
    ['"a--b"', false],
    ['"a""--b"', false],
    ['/* -- */ 1', false],
    ['/* /* */ -- */ 1', false], // block comments nest
    ['$$ -- $$', false],
    ['$tag$ -- $x$ $tag$ -- y', true],
    ['a$b -- c', true],
    ['$1 -- x', true],
    ['1 - -1', false],
  ];
  for (const [sql, expected] of cases) assert.is(endsInLineComment(sql), expected, JSON.stringify(sql));
});

test.run();
