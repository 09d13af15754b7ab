import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqlrevError } from '../../errors.js';
import { CONFIG_FILE } from '../../config/load.js';
import type { Command } from '../command.js';
import { newRevisionId, schemaRef } from '../new-revision.js';

export const init: Command = {
  name: 'init',
  summary: 'write a config, revisions/ and an example revision',
  help: `Usage: sqlrev init

Creates, in the current directory:
  sqlrev.config.json   every key at its default (see README, "Config")
  revisions/           where revisions live
  revisions/<id>_create_example.json   a first revision to edit or delete

Refuses (exit 2) when sqlrev.config.json already exists; nothing is overwritten.

Example:
  mkdir myapp-db && cd myapp-db && sqlrev init && sqlrev render
`,
  flags: {},
  async run(_args, io) {
    const cfg = join(io.cwd, CONFIG_FILE);
    if (existsSync(cfg)) {
      throw new SqlrevError({ file: CONFIG_FILE, message: 'already exists; nothing was written', hint: 'edit it, or remove it to start over' });
    }
    const config = {
      revisions: 'revisions', out: 'out', dialects: ['postgresql', 'sqlite'], versionTable: 'sqlrev_version',
      deployed: 'base', audit: { rules: {}, failOn: 'error' },
    };
    mkdirSync(join(io.cwd, 'revisions'), { recursive: true });
    const id = newRevisionId();
    const doc = {
      $schema: schemaRef(io.cwd, join(io.cwd, 'revisions')),
      id, parent: null, message: 'create example', transactional: true,
      upgrade: [{
        op: 'createTable', table: 'example',
        columns: [
          { name: 'id', type: 'bigint', primaryKey: true, autoincrement: true },
          { name: 'name', type: 'varchar(100)', nullable: false },
          { name: 'created_at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
        ],
      }],
    };
    const file = join('revisions', `${id}_create_example.json`);
    writeFileSync(join(io.cwd, file), `${JSON.stringify(doc, null, 2)}\n`);
    writeFileSync(cfg, `${JSON.stringify(config, null, 2)}\n`);
    io.stdout.write(`wrote ${CONFIG_FILE}\nwrote ${file.replace(/\\/g, '/')}\nnext: edit the revision, then run sqlrev render\n`);
    return 0;
  },
};
