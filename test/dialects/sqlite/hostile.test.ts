/** Hostile names and values go through every kind of statement unharmed. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Op } from '../../../src/ops/types.js';
import { columnNames, foreignKeys, indexColumns, indexNames, Model, newDb, rows, runRevision, scalar, tableNames } from './support.js';

const EVIL = 'x"; DROP TABLE y; --';
const NAMES = [EVIL, 'select', 'Order', '名前', "it's", 'a b'];
const EVIL_TEXT = "'); DROP TABLE y; --";

for (const name of NAMES) {
  test(`table and column named ${JSON.stringify(name)}: create, index, alter (rebuild), rename, drop`, () => {
    const m = new Model();
    const db = newDb();
    db.run('PRAGMA foreign_keys = ON');
    db.run('CREATE TABLE y (keep INTEGER)');
    const run = (...ops: Op[]) => runRevision(db, m.render(...ops));
    run(
      { op: 'createTable', table: name, columns: [
        { name: 'id', type: 'integer', primaryKey: true },
        { name, type: 'text', default: EVIL_TEXT, unique: true },
      ] },
      { op: 'createTable', table: `${name}_child`, columns: [
        { name: 'id', type: 'integer', primaryKey: true },
        { name: `${name}_ref`, type: 'integer', references: { table: name, column: 'id', onDelete: 'cascade', name: `fk ${name}` } },
      ] },
      { op: 'createIndex', name: `ix ${name}`, table: name, columns: [name], where: `"id" > 0` },
      { op: 'insert', table: name, rows: [{ id: 1 }, { id: 2, [name]: EVIL_TEXT + '2' }] },
      { op: 'insert', table: `${name}_child`, rows: [{ id: 1, [`${name}_ref`]: 1 }] },
    );
    assert.equal(tableNames(db).sort(), [name, `${name}_child`, 'y'].sort());
    assert.equal(columnNames(db, name), ['id', name]);
    assert.equal(indexColumns(db, `ix ${name}`), [name]);
    assert.equal(rows(db, `SELECT * FROM "${name.replaceAll('"', '""')}" ORDER BY id`), [{ id: 1, [name]: EVIL_TEXT }, { id: 2, [name]: EVIL_TEXT + '2' }]);
    // A rebuild of the hostile table (the work table name embeds it).
    run({ op: 'alterColumn', table: name, column: name, nullable: false });
    assert.equal(indexNames(db), [`ix ${name}`]);
    assert.equal(foreignKeys(db, `${name}_child`).map((f) => f.table), [name]);
    assert.is(scalar(db, `SELECT count(*) FROM "${(name + '_child').replaceAll('"', '""')}"`), 1);
    // Rename the column, then the table, then drop everything.
    run({ op: 'renameColumn', table: name, column: name, to: `${name}2` });
    run({ op: 'renameTable', table: name, to: `${name} renamed` });
    assert.equal(columnNames(db, `${name} renamed`), ['id', `${name}2`]);
    assert.equal(foreignKeys(db, `${name}_child`).map((f) => f.table), [`${name} renamed`]);
    run({ op: 'addColumn', table: `${name} renamed`, column: { name: 'select', type: 'text', default: EVIL_TEXT } });
    assert.is(scalar(db, `SELECT "select" FROM "${(name + ' renamed').replaceAll('"', '""')}" WHERE id = 1`), EVIL_TEXT);
    run({ op: 'dropColumn', table: `${name} renamed`, column: 'select' });
    run({ op: 'dropIndex', name: `ix ${name}` });
    run({ op: 'deleteRows', table: `${name}_child`, keys: [{ id: 1 }] });
    run({ op: 'dropTable', table: `${name}_child` }, { op: 'dropTable', table: `${name} renamed` });
    assert.equal(tableNames(db), ['y']);
    assert.equal(indexNames(db), []);
  });
}

test.run();
