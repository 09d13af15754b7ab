import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FlagSpec } from '../../src/cli/command.js';
import { parseArgs } from '../../src/cli/parse-args.js';
import { SqlrevError } from '../../src/errors.js';

const SPECS: Record<string, FlagSpec> = {
  dialect: { type: 'string', shortFlag: 'd', isMultiple: true },
  sql: { type: 'boolean' },
  failOn: { type: 'string' },
  verbose: { type: 'boolean', shortFlag: 'v' },
  runs: { type: 'number' },
};

const parse = (...argv: string[]) => parseArgs('x', SPECS, argv);

function fails(argv: string[], message: string): void {
  try {
    parse(...argv);
  } catch (e) {
    assert.instance(e, SqlrevError);
    const d = (e as SqlrevError).diagnostics[0]!;
    assert.is(d.message, message);
    assert.is(d.hint, 'see sqlrev x --help');
    return;
  }
  assert.unreachable(`${argv.join(' ')} parsed`);
}

test('defaults: booleans false, repeatable flags empty, strings absent', () => {
  assert.equal(parse(), { input: [], flags: { dialect: [], sql: false, verbose: false } });
});

test('long, short, attached and repeated forms', () => {
  const r = parse('head', '--sql', '-d', 'postgresql', '--dialect=sqlite', '-dmysql', '-d=x', '--fail-on', 'warning', '--runs', '3');
  assert.equal(r.input, ['head']);
  assert.equal(r.flags, { dialect: ['postgresql', 'sqlite', 'mysql', 'x'], sql: true, verbose: false, failOn: 'warning', runs: 3 });
});

test('camelCase spelling and boolean values', () => {
  assert.is(parse('--failOn', 'error').flags.failOn, 'error');
  assert.is(parse('--sql=false').flags.sql, false);
  assert.is(parse('--sql', '--no-sql').flags.sql, false);
  assert.is(parse('-v').flags.verbose, true);
});

test('a plain flag keeps its last value; values may be "-" or attached negatives', () => {
  assert.is(parse('--fail-on', 'error', '--fail-on', 'warning').flags.failOn, 'warning');
  assert.is(parse('--fail-on', '-').flags.failOn, '-');
  assert.is(parse('--fail-on=-1').flags.failOn, '-1');
});

test('-- ends the options', () => {
  assert.equal(parse('a', '--', '--sql', '-d').input, ['a', '--sql', '-d']);
  assert.is(parse('a', '--', '--sql').flags.sql, false);
});

test('errors: unknown options (all of them), missing values, bad switches and numbers', () => {
  fails(['--frobnicate', '-z', '--no-dialect'], 'unknown option --frobnicate, -z, --no-dialect');
  fails(['--fail-on'], 'option --fail-on needs a value');
  fails(['-d', '--sql'], 'option -d needs a value');
  fails(['--sql=yes'], 'option --sql is a switch: it takes no value (got "yes")');
  fails(['--runs', 'many'], 'option --runs needs a number (got "many")');
});

test.run();
