import assert from 'node:assert/strict';
import { test } from 'uvu';
import { DIALECTS } from '../../../src/dialects/registry.js';
import { mayRunOutsideTransaction } from '../../../src/audit/rules/non-transactional.js';
import { audit, auditOps, chain, none, one, posOf, TASK } from '../helpers.js';
import { kindsOf, renderedOps } from '../rendered-ops.js';

test('createIndex concurrently runs outside the transaction on PostgreSQL', async () => {
  const { result, revisions } = await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'], concurrently: true }]);
  const f = one(result, 'non-transactional');
  assert.equal(f.severity, 'warning');
  assert.equal(f.dialect, 'postgresql');
  assert.deepEqual([f.line, f.column], Object.values(posOf(revisions[1]!, 'true', '"concurrently"')));
  assert.match(f.message, /createIndex .* cannot run inside a transaction on PostgreSQL: sqlrev runs it on its own/);
  assert.match(f.help!, /keep it in a revision of its own/);
});

test('"transactional": false is reported at that key, on every dialect', async () => {
  const revs = chain({ id: 'a', transactional: false, upgrade: [TASK] });
  const f = one(await audit(revs), 'non-transactional');
  assert.equal(f.dialect, undefined);
  assert.equal(f.op, undefined);
  assert.deepEqual([f.line, f.column], Object.values(posOf(revs[0]!, 'false', '"transactional"')));
  assert.match(f.message, /revision a is "transactional": false/);
});

test('COMMIT inside a sql op, and CONCURRENTLY in raw SQL', async () => {
  const { result } = await auditOps([TASK], [{ op: 'sql', sql: 'COMMIT', downgrade: 'SELECT 1' }], { dialects: ['postgresql'] });
  assert.match(one(result, 'non-transactional').message, /COMMIT in a "sql" op ends or nests the transaction/);
  const r2 = await auditOps([TASK], [{ op: 'sql', sql: 'CREATE INDEX CONCURRENTLY ix ON task (title)', downgrade: 'DROP INDEX ix' }], { dialects: ['postgresql'] });
  assert.match(one(r2.result, 'non-transactional').message, /CREATE \.\.\. CONCURRENTLY cannot run inside a transaction block/);
  none(r2.result, 'index-not-concurrent');
});

test('an ordinary revision: nothing', async () => {
  none((await auditOps([TASK], [{ op: 'createIndex', table: 'task', columns: ['title'] }])).result, 'non-transactional');
});

test('the rule renders every op that can run outside the transaction (held against the renderers on generated chains)', () => {
  let outside = 0;
  for (const dialect of Object.values(DIALECTS)) {
    const ops = renderedOps(dialect, 60);
    assert.ok(kindsOf(ops).size >= 18, `few op kinds covered on ${dialect.name}: ${[...kindsOf(ops)].join(', ')}`);
    for (const { op, statements } of ops) {
      if (!statements.some((s) => s.transactional === false)) continue;
      outside++;
      // A raw sql op's statements are reported by the statement handler (the test above), not by the op's.
      if (op.op === 'sql') continue;
      assert.ok(mayRunOutsideTransaction(op, dialect), `${dialect.name} renders ${JSON.stringify(op)} outside the transaction, but the rule would not look`);
    }
  }
  assert.ok(outside > 0, 'no op rendered outside a transaction: the check above proved nothing');
});

test.run();
