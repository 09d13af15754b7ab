import { ModelError } from '../../../errors.js';
import type { Renderer } from '../../dialect.js';

/** The op's SQL for SQLite, verbatim (a trailing `;` is left to the script). */
export const sql: Renderer<'sql'> = (op) => {
  const text = typeof op.sql === 'string' ? op.sql : op.sql['sqlite'];
  if (text === undefined) {
    throw new ModelError('sql has no sqlite entry; add one or set only', 'add "sqlite": "..." to the op\'s sql, or give the op "only" without "sqlite"', 'sql');
  }
  let body = text.trim().replace(/;\s*$/, '').trimEnd();
  if (body === '') return [];
  // The script appends `;` to the text: after a `-- comment` on the last line
  // it would be commented out and glue this statement to the next one.
  if ((body.split('\n').pop() ?? '').includes('--')) body += '\n';
  return [{ sql: body }];
};
