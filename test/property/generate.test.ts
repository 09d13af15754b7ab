/**
 * The generator itself: reproducible from a seed, always valid for sqlrev's
 * model and loader, and broad enough (over the seeds npm test runs) that the
 * round-trip property cannot pass by generating little.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PORTABLE_TYPE_NAMES, parseType } from '../../src/model/column-type.js';
import { DIALECTS } from '../../src/dialects/registry.js';
import type { ColumnDef, Op, OpKind } from '../../src/ops/types.js';
import { loadProject } from '../../src/project.js';
import { generateChain } from './generate.js';
import { Rng } from './rng.js';
import { CHAIN, writeProject } from './runner.js';

test('the PRNG is deterministic and spreads', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.equal(xs, Array.from({ length: 1000 }, () => b.next()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const buckets = new Array(10).fill(0);
  for (const x of xs) buckets[Math.floor(x * 10)]++;
  assert.ok(buckets.every((n) => n > 60 && n < 140), `uneven: ${buckets}`);
  assert.not.equal(new Rng(43).next(), new Rng(42).next());
});

test('the same seed makes the same chain', () => {
  for (const seed of [1, 77, 123456]) assert.equal(generateChain(seed, CHAIN), generateChain(seed, CHAIN));
  assert.not.equal(JSON.stringify(generateChain(1, CHAIN)), JSON.stringify(generateChain(2, CHAIN)));
});

test('chains load and compile for both dialects (40 seeds)', async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const dir = mkdtempSync(join(tmpdir(), 'sqlrev-gen-'));
    try {
      writeProject(dir, generateChain(seed, CHAIN));
      const project = await loadProject(dir);
      for (const d of Object.values(DIALECTS)) assert.ok(project.compile(d).revisions.length > 0, `seed ${seed} ${d.name}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('over the 300 seeds of npm test: every op kind, every portable type, hostile names', () => {
  const ops = new Set<string>();
  const types = new Set<string>();
  const features = new Set<string>();
  const names: string[] = [];
  const column = (c: ColumnDef) => {
    names.push(c.name);
    const t = parseType(c.type);
    if (typeof t !== 'string') {
      types.add(t.kind === 'float' && t.precision !== undefined ? 'float(p)' : t.kind === 'numeric' ? 'numeric(p,s)' : t.kind === 'varchar' ? 'varchar(n)' : t.kind === 'char' ? 'char(n)' : t.kind === 'enum' ? 'enum:<Name>' : t.kind);
    }
    if (c.default !== undefined) features.add(typeof c.default === 'object' && c.default !== null ? 'sql default' : 'literal default');
    if (c.nullable === false) features.add('not null');
    if (c.autoincrement) features.add('autoincrement');
    if (c.references) features.add('inline reference');
    if (c.unique) features.add('inline unique');
  };
  const visit = (op: Op) => {
    ops.add(op.op);
    switch (op.op) {
      case 'createTable':
        names.push(op.table);
        op.columns.forEach(column);
        if (op.primaryKey && op.primaryKey.columns.length > 1) features.add('composite key');
        if (op.foreignKeys?.length) features.add('table foreign key');
        if (op.checks?.length) features.add('table check');
        break;
      case 'addColumn': column(op.column); break;
      case 'alterColumn':
        if (op.type !== undefined) features.add(op.using !== undefined ? 'type change with using' : 'type change');
        if (op.nullable !== undefined) features.add('nullability change');
        if (op.default === null) features.add('default dropped');
        break;
      case 'createIndex':
        if (op.unique) features.add('unique index');
        if (op.where) features.add('partial index');
        if (op.columns.some((c) => typeof c !== 'string')) features.add('expression index');
        if (op.concurrently) features.add('concurrent index');
        break;
      case 'createSequence': if (op.only?.join() === 'postgresql') features.add('postgresql-only sequence'); break;
      default: break;
    }
  };
  for (let seed = 1; seed <= 300; seed++) {
    for (const r of generateChain(seed, CHAIN).revisions) {
      r.upgrade.forEach(visit);
      if (Array.isArray(r.parent)) features.add('merge');
      if (r.transactional === false) features.add('non-transactional revision');
    }
  }

  const expectedOps: OpKind[] = [
    'createTable', 'dropTable', 'renameTable', 'addColumn', 'dropColumn', 'renameColumn', 'alterColumn', 'createIndex', 'dropIndex',
    'addForeignKey', 'addUnique', 'addCheck', 'addPrimaryKey', 'dropConstraint', 'createSequence', 'dropSequence', 'createEnum', 'dropEnum',
  ];
  assert.equal([...expectedOps].filter((k) => !ops.has(k)), [], 'op kinds never generated');
  const portable = PORTABLE_TYPE_NAMES.filter((t) => t !== 'decimal(p,s)'); // the alias of numeric(p,s)
  assert.equal(portable.filter((t) => !types.has(t)), [], 'types never generated');
  assert.equal([
    'sql default', 'literal default', 'not null', 'autoincrement', 'inline reference', 'inline unique', 'composite key',
    'table foreign key', 'table check', 'type change', 'type change with using', 'nullability change', 'default dropped', 'unique index',
    'partial index', 'expression index', 'concurrent index', 'postgresql-only sequence', 'merge', 'non-transactional revision',
  ].filter((f) => !features.has(f)), [], 'features never generated');
  for (const hostile of ['"', "'", ' ', '名前', 'select', 'Order']) {
    assert.ok(names.some((n) => n.includes(hostile)), `no name with ${hostile}`);
  }
  assert.ok(names.some((n) => Buffer.byteLength(n) === 63), 'no 63-byte name');
  assert.ok(names.every((n) => Buffer.byteLength(n) <= 63), 'a name over 63 bytes');
});

test.run();
