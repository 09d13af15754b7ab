import { SqlrevError } from '../../errors.js';
import { loadConfig } from '../../config/load.js';
import { loadGraph } from '../../project.js';
import type { RevisionGraph } from '../../revisions/graph.js';
import { resolveTarget } from '../../revisions/targets.js';
import type { Revision } from '../../revisions/types.js';
import { defOf } from '../../ops/registry.js';
// Messages are the user's text: a newline or NUL in one must not break the one-line-per-revision listing.
import { commentSafe } from '../../render/comment.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';

async function graphOf(io: Io): Promise<RevisionGraph> {
  return loadGraph(io.cwd, loadConfig(io.cwd));
}

function tags(g: RevisionGraph, r: Revision): string {
  const t: string[] = [];
  if (g.heads.includes(r.id)) t.push('head');
  if (g.branchPoints.includes(r.id)) t.push('branchpoint');
  if (g.merges.includes(r.id)) t.push('mergepoint');
  return t.length ? ` (${t.join(', ')})` : '';
}

/** Alembic's shape: `<parents> -> <id> (head), message`. */
function line(g: RevisionGraph, r: Revision): string {
  const from = r.parents.length ? r.parents.join(', ') : '<base>';
  return `${from} -> ${r.id}${tags(g, r)}, ${commentSafe(r.message)}`;
}

function detail(g: RevisionGraph, r: Revision): string {
  const out = [
    `Revision: ${r.id}${tags(g, r)}`,
    `Parent: ${r.parents.length ? r.parents.join(', ') : '<base>'}`,
    `Children: ${g.children(r.id).join(', ') || '<none>'}`,
    `File: ${r.file}`,
    `Transactional: ${r.transactional}`,
    '',
    `    ${commentSafe(r.message)}`,
    '',
    'Upgrade:',
    ...r.upgrade.map((op, i) => `  [${i}] ${commentSafe(defOf(op).describe(op))}${op.only ? ` (only ${op.only.join(', ')})` : ''}`),
    `Downgrade: ${r.downgrade ? '' : 'derived from the upgrade'}`,
    ...(r.downgrade ?? []).map((op, i) => `  [${i}] ${commentSafe(defOf(op).describe(op))}`),
  ];
  return `${out.join('\n')}\n`;
}

export const history: Command = {
  name: 'history',
  summary: 'list revisions, newest first',
  help: `Usage: sqlrev history [-v]

Lists the revisions, newest first, as "<parents> -> <id> (tags), message".
Tags: head, branchpoint, mergepoint.

Options:
  --verbose, -v   every revision in full (file, children, ops)

Example:
  sqlrev history -v
`,
  flags: { verbose: { type: 'boolean', shortFlag: 'v' } },
  async run(args, io) {
    const g = await graphOf(io);
    const order = [...g.order].reverse();
    const text = args.flags.verbose ? order.map((r) => detail(g, r)).join('\n') : order.map((r) => `${line(g, r)}\n`).join('');
    io.stdout.write(text);
    return 0;
  },
};

export const heads: Command = {
  name: 'heads',
  summary: 'list the current heads',
  help: `Usage: sqlrev heads

Prints each head (a revision with no child), one per line. More than one head
means an unmerged branch: sqlrev merge joins them.

Example:
  sqlrev heads
`,
  flags: {},
  async run(_args, io) {
    const g = await graphOf(io);
    io.stdout.write(g.heads.map((h) => `${line(g, g.get(h)!)}\n`).join(''));
    return 0;
  },
};

export const show: Command = {
  name: 'show',
  summary: 'show one revision',
  help: `Usage: sqlrev show ID

Shows a revision (an id, a unique prefix, or head): parents, children, file,
and its ops.

Example:
  sqlrev show 2ed6
`,
  flags: {},
  async run(args, io) {
    if (args.input.length !== 1) throw new SqlrevError({ message: 'show takes one revision', hint: 'e.g. sqlrev show head' });
    const g = await graphOf(io);
    const ids = resolveTarget(g, args.input[0]!);
    if (ids.length === 0) throw new SqlrevError({ message: '"base" is not a revision', hint: 'name a revision' });
    io.stdout.write(ids.map((id) => detail(g, g.get(id)!)).join('\n'));
    return 0;
  },
};

export { graphOf };
