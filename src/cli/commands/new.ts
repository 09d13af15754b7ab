import { join } from 'node:path';
import { SqlrevError } from '../../errors.js';
import { loadConfig } from '../../config/load.js';
import { resolveTarget } from '../../revisions/targets.js';
import { str, type Command } from '../command.js';
import { writeRevision } from '../new-revision.js';
import { graphOf } from './history.js';

export const newRevision: Command = {
  name: 'new',
  summary: 'create a revision on the current head',
  help: `Usage: sqlrev new -m MESSAGE [--ts] [--parent ID]

Writes revisions/<id>_<slug>.json (or .ts with --ts) with a new 12-hex-digit
id, its parent set to the current single head.

Options:
  --message, -m MSG   what the revision does (required)
  --ts                write a TypeScript revision (export default defineRevision({...}))
  --parent ID         parent revision (needed when there are several heads)

Examples:
  sqlrev new -m "add tasks"
  sqlrev new -m "backfill" --ts --parent 2ed6bf9f1690
`,
  flags: { message: { type: 'string', shortFlag: 'm' }, ts: { type: 'boolean' }, parent: { type: 'string' } },
  async run(args, io) {
    const message = str(args.flags, 'message');
    if (!message) throw new SqlrevError({ message: 'a message is required', hint: 'sqlrev new -m "what it does"' });
    const config = loadConfig(io.cwd);
    const g = await graphOf(io);
    let parent: string | null;
    const p = str(args.flags, 'parent');
    if (p !== undefined) {
      const ids = resolveTarget(g, p);
      if (ids.length > 1) throw new SqlrevError({ message: `--parent ${p} names several revisions (${ids.join(', ')})`, hint: 'name one, or use sqlrev merge' });
      parent = ids[0] ?? null;
    } else if (g.heads.length > 1) {
      throw new SqlrevError({ message: `there are several heads (${g.heads.join(', ')})`, hint: 'pick one with --parent, or join them first with sqlrev merge' });
    } else {
      parent = g.heads[0] ?? null;
    }
    const file = writeRevision(io.cwd, join(io.cwd, config.revisions), { parent, message, ts: args.flags.ts === true });
    io.stdout.write(`wrote ${file}\n`);
    return 0;
  },
};

export const merge: Command = {
  name: 'merge',
  summary: 'create a merge revision joining heads',
  help: `Usage: sqlrev merge ID ID... -m MESSAGE

Writes a revision whose parents are the given revisions (ids, prefixes, or
"heads" for every current head); it usually has no ops.

Example:
  sqlrev merge heads -m "merge feature branches"
  sqlrev merge 7c3d 8d4e -m "merge"
`,
  flags: { message: { type: 'string', shortFlag: 'm' }, ts: { type: 'boolean' } },
  async run(args, io) {
    const message = str(args.flags, 'message');
    if (!message) throw new SqlrevError({ message: 'a message is required', hint: 'sqlrev merge ID ID -m "merge"' });
    const config = loadConfig(io.cwd);
    const g = await graphOf(io);
    const parents = [...new Set(args.input.flatMap((t) => resolveTarget(g, t)))].sort();
    if (parents.length < 2) throw new SqlrevError({ message: 'a merge needs at least two revisions', hint: 'e.g. sqlrev merge heads -m "merge"' });
    const file = writeRevision(io.cwd, join(io.cwd, config.revisions), { parent: parents, message, ts: args.flags.ts === true });
    io.stdout.write(`wrote ${file}\n`);
    return 0;
  },
};
