import { defineRevision } from 'sqlrev';

// A TS revision: the same fields as JSON, typed (editors complete op names and fields).
export default defineRevision({
  id: 'a1b2c3d4e5f6',
  parent: '9e5f7a1b3c4d',
  message: 'add task comments',
  upgrade: [
    {
      op: 'createTable',
      table: 'task_comments',
      columns: [
        { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
        { name: 'task_id', type: 'bigint', nullable: false, references: { table: 'tasks', column: 'id', onDelete: 'cascade' } },
        { name: 'author_id', type: 'bigint', references: { table: 'users', column: 'id', onDelete: 'set null' } },
        { name: 'body', type: 'text', nullable: false },
        { name: 'created_at', type: 'timestamptz', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      ],
    },
    { op: 'createIndex', table: 'task_comments', columns: ['task_id', 'created_at'] },
  ],
});
