import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_DEPTH, parseJsonWithSource } from '../../src/revisions/json-source.js';

function ok(text: string): ReturnType<typeof parseJsonWithSource> & { ok: true } {
  const r = parseJsonWithSource(text);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.message} at ${r.error.position.line}:${r.error.position.column}`);
  return r;
}

/** The message alone of a parse failure. */
function message(text: string): string {
  const r = parseJsonWithSource(text);
  if (r.ok) throw new Error(`expected a failure for ${JSON.stringify(text).slice(0, 80)}`);
  return r.error.message;
}

/** "line:column: message; hint" of a parse failure. */
function fail(text: string): string {
  const r = parseJsonWithSource(text);
  if (r.ok) throw new Error(`expected a failure for ${JSON.stringify(text).slice(0, 80)}`);
  const { position, message, hint } = r.error;
  return `${position.line}:${position.column}: ${message}${hint ? `; ${hint}` : ''}`;
}

test('values are the same as JSON.parse gives', () => {
  const docs = [
    '{}', '[]', '"x"', '0', '-1.5e+3', 'true', 'false', 'null',
    '{"a": [1, 2, {"b": null}], "c": "d\\"e\\\\f\\/g\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00", "e": -0.25E-2}',
    '  \n\t{ "nested": { "deeper": { "deepest": [ [ [ ] ] ] } } }  \r\n',
    '{"__proto__": {"polluted": true}, "constructor": 1}',
    '{"unicode key é": "ü", "": "empty key"}',
  ];
  for (const d of docs) assert.equal(ok(d).value, JSON.parse(d), d);
  const proto = ok('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype, '__proto__ is an own property, not the prototype');
  assert.equal(Object.keys(proto), ['__proto__']);
});

test('a UTF-8 byte order mark is accepted', () => {
  assert.equal(ok('\ufeff{"a": 1}').value, { a: 1 });
});

test('locate gives the line and column of values and keys deep in the document', () => {
  const text = [
    '{',                                    // 1
    '  "id": "x",',                         // 2
    '  "upgrade": [',                       // 3
    '    { "op": "dropTable", "table": "a" },', // 4
    '    {',                                // 5
    '      "op": "addColumn",',             // 6
    '      "table": "b",',                  // 7
    '      "column": { "name": "c", "type": "text" }', // 8
    '    }',                                // 9
    '  ]',                                  // 10
    '}',                                    // 11
  ].join('\n');
  const { source } = ok(text);
  const at = (p: (string | number)[]): string => { const x = source.locate(p); return `${x.line}:${x.column}`; };
  const key = (p: (string | number)[]): string => { const x = source.locateKey(p); return `${x.line}:${x.column}`; };
  assert.is(at([]), '1:1');
  assert.is(at(['id']), '2:9');
  assert.is(key(['id']), '2:3');
  assert.is(at(['upgrade', 0, 'table']), '4:35');
  assert.is(at(['upgrade', 1]), '5:5');
  assert.is(at(['upgrade', 1, 'table']), '7:16');
  assert.is(key(['upgrade', 1, 'column', 'type']), '8:32');
  assert.is(at(['upgrade', 1, 'column', 'type']), '8:40');
  // A path that does not exist falls back to its nearest existing ancestor.
  assert.is(at(['upgrade', 1, 'column', 'nope']), '8:17');
  assert.is(at(['upgrade', 7, 'table']), '3:14');
  assert.is(key(['upgrade', 1, 'nope']), '5:5');
  assert.is(source.locate(['upgrade', 1, 'table']).offset, text.indexOf('"b"'));
});

test('keys with escapes are located by their decoded name', () => {
  const { source } = ok('{"a\\u0062": 1, "c\\"d": [true]}');
  assert.is(source.locate(['ab']).column, 13);
  assert.is(source.locate(['c"d', 0]).column, 25);
});

test('trailing commas', () => {
  assert.is(fail('{"a": 1,\n}'), '1:8: trailing comma; JSON allows no "," before "}"; remove it');
  assert.is(fail('[1, 2, ]'), '1:6: trailing comma; JSON allows no "," before "]"; remove it');
});

test('duplicate keys, also when spelt with escapes', () => {
  assert.is(fail('{\n  "a": 1,\n  "b": {"x": 1, "x": 2}\n}'),
    '3:17: duplicate key "x"; it is already set at line 3:9; keep one of them');
  assert.is(fail('{"a": 1, "\\u0061": 2}'), '1:10: duplicate key "a"; it is already set at line 1:2; keep one of them');
  // The same key in different objects is fine.
  assert.equal(ok('[{"a": 1}, {"a": 2}, {"b": {"a": 3}, "a": 4}]').value, [{ a: 1 }, { a: 2 }, { b: { a: 3 }, a: 4 }]);
});

test('duplicate keys next to colons in keys and strings (the fast path counts colons)', () => {
  assert.equal(ok('{"k:1": "v:2:3", "n": [{"a:": ":"}, "::"], "e": ""}').value, { 'k:1': 'v:2:3', n: [{ 'a:': ':' }, '::'], e: '' });
  // The pair JSON.parse drops takes colons with it from its key, its value and what it nests.
  assert.is(message('{"a": {"x:y": "1:2"}, "a": 3}'), 'duplicate key "a"');
  assert.is(message('{"a": 3, "a": {"x:y": "1:2"}}'), 'duplicate key "a"');
  assert.is(message('[{"q": [1, {"z": ":", "z": ":"}]}]'), 'duplicate key "z"');
  // A colon written as an escape is one the text does not show: those texts take the scan.
  assert.equal(ok('{"a": "\\u003a", "b": "x:y"}').value, { a: ':', b: 'x:y' });
  assert.is(message('{"a": "\\u003a", "a": 1}'), 'duplicate key "a"');
  assert.equal(ok('{"__proto__": {"a": ":"}, "b": 1}').value, JSON.parse('{"__proto__": {"a": ":"}, "b": 1}'));
  assert.is(message('{"__proto__": 1, "__proto__": 2}'), 'duplicate key "__proto__"');
});

test('duplicate keys in a large object (the scan switches to a Set)', () => {
  const keys = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`);
  assert.ok(parseJsonWithSource(`{${keys.join(', ')}}`).ok);
  assert.is(message(`{${keys.join(', ')}, "k3": 0}`), 'duplicate key "k3"');
});

test('truncated documents say what is left open', () => {
  assert.is(fail('{\n  "a": [1, 2'), '2:13: unexpected end of file; the array opened at line 2:8 is never closed (the file may be cut short)');
  assert.is(fail('{"a": {"b": 1}'), '1:15: unexpected end of file; the object opened at line 1:1 is never closed (the file may be cut short)');
  assert.is(fail('{"a": "unterminated'), '1:7: unterminated string; close it with a double quote (the file may be cut short)');
  assert.is(fail('{"a": '), '1:7: unexpected end of file; the file is cut short: a value is missing');
  assert.is(fail('{"a"'), '1:5: unexpected end of file; the object opened at line 1:1 is never closed (the file may be cut short)');
  assert.is(fail('{"a": tru'), '1:7: unexpected "tru"; expected a value: a string in double quotes, a number, true, false, null, an object or an array');
});

test('NUL bytes are reported where they are', () => {
  assert.is(fail('{\n  "a": "x\u0000y"\n}'), '2:10: NUL byte in the file; the file is binary or not UTF-8 (UTF-16 has NUL bytes); save it as UTF-8 text');
  assert.is(fail('\u0000'), '1:1: NUL byte in the file; the file is binary or not UTF-8 (UTF-16 has NUL bytes); save it as UTF-8 text');
});

test(`nesting is bounded at ${MAX_DEPTH} levels`, () => {
  const nest = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  assert.ok(parseJsonWithSource(nest(MAX_DEPTH)).ok);
  assert.is(fail(nest(MAX_DEPTH + 1)), `1:${MAX_DEPTH + 1}: nesting deeper than ${MAX_DEPTH} levels; a revision never needs this; the file is probably generated wrong or corrupt`);
  assert.is(message('{"a":'.repeat(MAX_DEPTH + 1) + '1' + '}'.repeat(MAX_DEPTH + 1)), `nesting deeper than ${MAX_DEPTH} levels`);
  // Far deeper than any stack: still one clear error, no RangeError.
  assert.is(message(nest(200_000)), `nesting deeper than ${MAX_DEPTH} levels`);
  assert.is(message('['.repeat(200_000)), `nesting deeper than ${MAX_DEPTH} levels`);
});

test('what JSON does not allow, in plain words', () => {
  const cases: [string, string][] = [
    ['', '1:1: the file is empty; a revision is one JSON object: {"id": ..., "parent": ..., "message": ..., "upgrade": [...]}'],
    ['  \n ', '2:2: the file is empty; a revision is one JSON object: {"id": ..., "parent": ..., "message": ..., "upgrade": [...]}'],
    ['{"a": 1} {"b": 2}', '1:10: unexpected "{" after the end of the JSON value; a revision file holds exactly one JSON object; remove what follows it'],
    ['{"a": 1 // note\n}', '1:9: expected "," or "}" after the value of "a", found "/"; is a "," missing?'],
    ['{\n  // note\n  "a": 1}', '2:3: comments are not allowed in JSON; remove the comment, or write the revision as a .ts file'],
    ["{'a': 1}", "1:2: property names must be in double quotes; write \"name\" instead of 'name'"],
    ["{\"a\": 'x'}", "1:7: strings must be in double quotes; write \"...\" instead of '...'"],
    ['{a: 1}', '1:2: property name a must be in double quotes; write "a"'],
    ['{"a" 1}', '1:6: expected ":" after the property name "a"; write "a": <value>'],
    ['{"a": 1\n "b": 2}', '2:2: expected "," or "}" after the value of "a", found "\\""; is a "," missing?'],
    ['[1 2]', '1:4: expected "," or "]" after an array item, found "2"; is a "," missing?'],
    ['{"a": 01}', '1:7: invalid number 01; JSON numbers have no leading zeros, no trailing dot, no hex, NaN or Infinity; write the value as a string if it is not a plain number'],
    ['{"a": 1.}', '1:7: invalid number 1.; JSON numbers have no leading zeros, no trailing dot, no hex, NaN or Infinity; write the value as a string if it is not a plain number'],
    ['{"a": NaN}', '1:7: unexpected "NaN"; expected a value: a string in double quotes, a number, true, false, null, an object or an array'],
    ['{"a": "x\ny"}', '1:9: line break inside a string; write \\n for a line break, or close the string with a double quote'],
    ['{"a": "x\ty"}', '1:9: control character U+0009 inside a string; write it as \\u0009'],
    ['{"a": "\\x"}', '1:8: invalid escape "\\x"; valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; write \\\\ for a backslash'],
    ['{"a": "\\u12"}', '1:8: invalid escape "\\u12"; a \\u escape takes exactly 4 hex digits, e.g. \\u00e9'],
    ['{"a":\u00a01}', '1:6: unexpected character U+00A0; expected a value: a string in double quotes, a number, true, false, null, an object or an array'],
  ];
  for (const [text, expected] of cases) assert.is(fail(text), expected, JSON.stringify(text));
});

test('generated documents round-trip through both parse paths', () => {
  // Deterministic pseudo-random documents; a duplicate key forces the slow path on the same text.
  let seed = 42;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const gen = (depth: number): unknown => {
    const r = rnd();
    if (depth > 4 || r < 0.3) {
      const s = rnd();
      if (s < 0.25) return Math.round(rnd() * 1e6) / 100 - 5000;
      if (s < 0.5) return String.fromCharCode(...Array.from({ length: Math.floor(rnd() * 12) }, () => 32 + Math.floor(rnd() * 200)));
      if (s < 0.75) return rnd() < 0.5;
      return null;
    }
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => [`k${i}\\"${Math.floor(rnd() * 3)}`, gen(depth + 1)]));
  };
  for (let i = 0; i < 300; i++) {
    const value = { doc: gen(0) };
    const text = JSON.stringify(value, null, i % 2 ? 2 : undefined);
    assert.equal(ok(text).value, value);
    const withDuplicate = text.replace(/^\{/, '{"dup": 1, "dup": 2, ');
    assert.ok(fail(withDuplicate).includes('duplicate key "dup"'));
  }
});

test.run();
