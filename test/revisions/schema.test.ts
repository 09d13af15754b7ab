import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OP_KINDS, type OpKind, type OpOf } from '../../src/ops/types.js';
import { parseJsonWithSource } from '../../src/revisions/json-source.js';
import { validateRevisionDocument } from '../../src/revisions/validate.js';
import { root } from './support.js';

type FileOpKind = Exclude<OpKind, 'deleteRows'>;
/** Fields only derived ops carry; never written in revision files. */
type InternalField = 'generated';

/**
 * One op of every kind with every optional field given. `Required<...>`
 * makes the compiler insist on each field of src/ops/types.ts, and the test
 * below makes schema.json accept each: the two cannot drift apart.
 */
const EVERY_FIELD: { [K in FileOpKind]: Required<Omit<OpOf<K>, InternalField>> } = {
  createTable: {
    op: 'createTable', table: 't', comment: 'c', only: ['postgresql'], audit: { allow: ['destructive'], reason: 'r' },
    columns: [{
      name: 'id', type: 'bigint', primaryKey: true, autoincrement: true, nullable: false, default: 0, unique: true, comment: 'c',
      references: { table: 'u', column: 'id', onDelete: 'cascade', onUpdate: 'restrict', name: 'fk' },
    }],
    primaryKey: { name: 'pk', columns: ['id'] },
    foreignKeys: [{ name: 'fk2', columns: ['id'], references: { table: 'u', columns: ['id'] }, onDelete: 'set null', onUpdate: 'no action' }],
    uniques: [{ name: 'uq', columns: ['id'] }],
    checks: [{ name: 'ck', expression: 'id > 0' }],
  },
  dropTable: { op: 'dropTable', table: 't', only: ['sqlite'], audit: { allow: ['destructive'], reason: 'r' } },
  renameTable: { op: 'renameTable', table: 't', to: 'u', only: ['sqlite'], audit: { allow: ['rename'], reason: 'r' } },
  addColumn: { op: 'addColumn', table: 't', column: { name: 'c', type: { postgresql: 'tsvector', sqlite: 'TEXT' } }, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  dropColumn: { op: 'dropColumn', table: 't', column: 'c', only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  renameColumn: { op: 'renameColumn', table: 't', column: 'c', to: 'd', only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  alterColumn: {
    op: 'alterColumn', table: 't', column: 'c', type: 'timestamp', using: { postgresql: 'to_timestamp(c)' }, downgradeUsing: 'extract(epoch from c)',
    nullable: false, default: { sql: 'CURRENT_TIMESTAMP' }, comment: null, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' },
  },
  createIndex: {
    op: 'createIndex', name: 'ix', table: 't', columns: ['a', { expression: 'lower(b)' }], unique: true, where: 'a IS NOT NULL',
    concurrently: true, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' },
  },
  dropIndex: { op: 'dropIndex', name: 'ix', table: 't', concurrently: true, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  addForeignKey: {
    op: 'addForeignKey', name: 'fk', table: 't', columns: ['u_id'], references: { table: 'u', columns: ['id'] },
    onDelete: 'set default', onUpdate: 'cascade', notValid: true, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' },
  },
  addUnique: { op: 'addUnique', name: 'uq', table: 't', columns: ['a'], only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  addCheck: { op: 'addCheck', name: 'ck', table: 't', expression: 'a > 0', notValid: true, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  addPrimaryKey: { op: 'addPrimaryKey', name: 'pk', table: 't', columns: ['a'], only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  dropConstraint: { op: 'dropConstraint', name: 'ck', table: 't', only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  createSequence: { op: 'createSequence', name: 's', start: 1, increment: 2, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  dropSequence: { op: 'dropSequence', name: 's', start: 1, increment: 2, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  createEnum: { op: 'createEnum', name: 'E', values: ['a', 'b'], only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  dropEnum: { op: 'dropEnum', name: 'E', values: ['a', 'b'], only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  insert: { op: 'insert', table: 't', rows: [{ a: 1, b: 'x', c: true, d: null }], only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
  sql: { op: 'sql', sql: 'SELECT 1', downgrade: { postgresql: 'SELECT 2', sqlite: 'SELECT 3' }, only: ['postgresql'], audit: { allow: ['x'], reason: 'r' } },
};

const schema = JSON.parse(readFileSync(join(root, 'schema.json'), 'utf8')) as {
  $schema: string;
  $defs: Record<string, { additionalProperties?: unknown; properties?: Record<string, unknown>; oneOf?: { $ref: string }[] }>;
};

test('the generated validator is up to date with schema.json', async () => {
  const url = pathToFileURL(join(root, 'scripts/build-validator.mjs')).href;
  const { generateValidatorSource, OUTPUT } = (await import(url)) as { generateValidatorSource(s: string): string; OUTPUT: string };
  const expected = generateValidatorSource(readFileSync(join(root, 'schema.json'), 'utf8'));
  assert.ok(readFileSync(join(root, OUTPUT), 'utf8') === expected, `${OUTPUT} is stale: run node scripts/build-validator.mjs`);
});

test('schema.json is draft 2020-12 and accepts exactly the op kinds of src/ops/types.ts, less the internal deleteRows', () => {
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const kinds = schema.$defs.op!.oneOf!.map((r) => r.$ref.replace('#/$defs/', ''));
  assert.equal(kinds, OP_KINDS.filter((k) => k !== 'deleteRows'));
  for (const kind of kinds) {
    const def = schema.$defs[kind]!;
    assert.is(def.additionalProperties, false, kind);
    assert.ok(def.properties?.only && def.properties.audit, `${kind} takes only and audit`);
  }
});

test('every field of every op kind is accepted, and nothing beyond', () => {
  const kinds = Object.keys(EVERY_FIELD) as FileOpKind[];
  assert.equal(kinds, OP_KINDS.filter((k) => k !== 'deleteRows'));
  for (const kind of kinds) {
    const op = EVERY_FIELD[kind];
    const properties = Object.keys(schema.$defs[kind]!.properties!).sort();
    assert.equal(Object.keys(op).sort(), properties, `${kind}: schema properties and type fields`);
    const text = JSON.stringify({ id: 'r', parent: null, message: 'm', upgrade: [op], downgrade: [op] }, null, 2);
    const parsed = parseJsonWithSource(text);
    assert.ok(parsed.ok);
    if (parsed.ok) assert.equal(validateRevisionDocument(parsed.value, { file: 'f.json', source: parsed.source }), [], kind);
  }
});

test.run();
