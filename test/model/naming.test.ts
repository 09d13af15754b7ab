/**
 * Namer fills its templates from a split made once (src/model/naming.ts);
 * these cases hold it to the rule it replaced, a String.replace of each
 * {placeholder} by its value ('' when the name has none), for the default
 * convention and for odd templates a config could give.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_NAMING, Namer, hash8, type NamingConvention } from '../../src/model/naming.js';
import type { IndexColumn } from '../../src/ops/types.js';

const test = suite('naming');

function byReplace(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(table|columns|refTable|hash)\}/g, (_, k: string) => vars[k] ?? '');
}

function token(c: IndexColumn): string {
  if (typeof c === 'string') return c;
  const t = c.expression.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return t || `expr_${hash8(c.expression)}`;
}

const TEMPLATES = [
  '', 'plain', '{table}', '{table}{table}', '{{table}}', '{nope}_{table}', 'x_{columns}_{refTable}_{hash}_y',
  '{hash}{refTable}{columns}{table}', '{table', 'table}', '$&_{table}_$1', '{Table}_{columns}',
];

test('every kind of name fills like String.replace over the template', () => {
  for (const tpl of TEMPLATES) {
    const convention: NamingConvention = { pk: tpl, uq: tpl, fk: tpl, ix: tpl, ck: tpl };
    const namer = new Namer(convention);
    const cols = ['a', 'b_c'];
    const ixCols: IndexColumn[] = ['a', { expression: 'LOWER(email)' }, { expression: '((  ))' }];
    assert.is(namer.pk('t1'), byReplace(tpl, { table: 't1' }), `pk ${tpl}`);
    assert.is(namer.unique('t1', cols), byReplace(tpl, { table: 't1', columns: 'a_b_c' }), `uq ${tpl}`);
    assert.is(namer.foreignKey('t1', cols, 'p'), byReplace(tpl, { table: 't1', columns: 'a_b_c', refTable: 'p' }), `fk ${tpl}`);
    assert.is(namer.index('t1', ixCols), byReplace(tpl, { table: 't1', columns: ixCols.map(token).join('_') }), `ix ${tpl}`);
    assert.is(namer.check('t1', 'x > 0'), byReplace(tpl, { table: 't1', hash: hash8('x > 0') }), `ck ${tpl}`);
  }
});

test('the default convention', () => {
  const namer = new Namer();
  assert.equal(
    [namer.pk('task'), namer.unique('task', ['a', 'b']), namer.foreignKey('task', ['owner_id'], 'person'), namer.index('task', ['due_at']), namer.check('task', 'x > 0')],
    ['pk_task', 'uq_task_a_b', 'fk_task_owner_id_person', 'ix_task_due_at', `ck_task_${hash8('x > 0')}`],
  );
  assert.equal(DEFAULT_NAMING.ix, 'ix_{table}_{columns}');
});

test.run();
