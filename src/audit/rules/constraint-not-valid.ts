/**
 * constraint-not-valid: adding a FOREIGN KEY or CHECK checks every existing
 * row while holding the lock the ALTER TABLE takes (SHARE ROW EXCLUSIVE for a
 * foreign key, on both tables; ACCESS EXCLUSIVE for a check). NOT VALID skips
 * the check of existing rows; a later VALIDATE CONSTRAINT checks them under
 * SHARE UPDATE EXCLUSIVE, which lets reads and writes continue
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 */
import type { AddCheckOp, AddForeignKeyOp } from '../../ops/types.js';
import { defineRule, type AnyOpEvent } from '../rule.js';

function validateHelp(e: AnyOpEvent & { readonly op: AddForeignKeyOp | AddCheckOp }, kind: string): string {
  if (e.origin === 'sql') {
    return `add the ${kind} with NOT VALID, then run ALTER TABLE ${e.op.table} VALIDATE CONSTRAINT <name> separately (it lets reads and writes continue)`;
  }
  const name = e.op.name ?? '<name>';
  return `add "notValid": true (and a "name"), then in a later revision a "sql" op ALTER TABLE ${e.op.table} VALIDATE CONSTRAINT ${name}, `
    + 'which checks the rows under SHARE UPDATE EXCLUSIVE: reads and writes continue';
}

export const constraintNotValid = defineRule({
  meta: {
    id: 'constraint-not-valid',
    description: 'PostgreSQL foreign key or check added to an existing table without notValid checks every row under a lock',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
  },
  create() {
    return {
      addForeignKey(e) {
        if (e.op.notValid || !e.isExistingTable(e.op.table)) return;
        e.report({
          message: `addForeignKey on ${e.op.table} checks every existing row while holding SHARE ROW EXCLUSIVE locks on ${e.op.table} and ${e.op.references.table}: writes to both wait until the check ends`,
          help: validateHelp(e, 'foreign key'),
        });
      },
      addCheck(e) {
        if (e.op.notValid || !e.isExistingTable(e.op.table)) return;
        e.report({
          message: `addCheck on ${e.op.table} checks every existing row under an ACCESS EXCLUSIVE lock: reads and writes of ${e.op.table} wait until the check ends`,
          help: validateHelp(e, 'check'),
        });
      },
    };
  },
});
