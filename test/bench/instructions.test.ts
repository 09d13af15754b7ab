/**
 * bench/instructions.ts reads callgrind's total off its stderr and compares
 * two builds; valgrind itself is not needed for these.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { change, collectedInstructions } from '../../bench/instructions.js';

test('the total is read from callgrind\'s "Collected" line, not from its other counts', () => {
  const stderr = [
    '==4242== Callgrind, a call-graph generating cache profiler',
    '==4242== For interactive control, run \'callgrind_control -h\'.',
    '==4242== ',
    '==4242== Events    : Ir',
    '==4242== Collected : 1697913514',
    '==4242== ',
    '==4242== I   refs:      1,697,913,514',
  ].join('\n');
  assert.is(collectedInstructions(stderr), 1697913514);
});

test('no "Collected" line (valgrind failed to start the program) gives undefined', () => {
  assert.is(collectedInstructions('valgrind: execve failed: No such file or directory\n'), undefined);
  assert.is(collectedInstructions(''), undefined);
});

test('a change is signed, in percent of the base, to two decimals', () => {
  assert.is(change(750, 703), '-6.27%');
  assert.is(change(1000, 1012), '+1.20%');
  assert.is(change(1000, 1000), '+0.00%');
});

test.run();
