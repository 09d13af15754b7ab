/**
 * index-not-concurrent: a plain CREATE INDEX holds a SHARE lock on the table
 * for the whole build, so every INSERT, UPDATE and DELETE waits; CREATE INDEX
 * CONCURRENTLY takes SHARE UPDATE EXCLUSIVE and lets writes continue
 * (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 */
import { defineRule } from '../rule.js';

export const indexNotConcurrent = defineRule({
  meta: {
    id: 'index-not-concurrent',
    description: 'PostgreSQL createIndex on an existing table without concurrently blocks writes for the whole build',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
  },
  create() {
    return {
      createIndex(e) {
        if (e.op.concurrently || !e.isExistingTable(e.op.table)) return;
        e.report({
          message: `createIndex on ${e.op.table} takes a SHARE lock for the whole index build: every insert, update and delete on ${e.op.table} waits until it ends`,
          help: e.origin === 'sql'
            ? 'write CREATE INDEX CONCURRENTLY, outside any transaction block'
            : 'add "concurrently": true (sqlrev runs it outside the transaction; if it fails, drop the INVALID index it leaves and run again)',
        });
      },
    };
  },
});
