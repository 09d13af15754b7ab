/**
 * Scripts for `upgrade [FROM:]TO --sql`, `downgrade FROM:TO --sql` and
 * `stamp ID --sql`: the same blocks as out/, for the revisions a plan names.
 */
import { SqlrevError, type Diagnostic } from '../errors.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Project } from '../project.js';
import type { Plan } from '../revisions/targets.js';
import { isIrreversibleDowngrade } from './compile.js';
import { commentSafe } from './comment.js';
import { planContext } from './out-tree.js';
import { downgradeBlock, renderBlock, renderScript, streamScript, upgradeBlock } from './plan.js';
import { flatten } from './script-stream.js';
import type { Templates } from './templates.js';
import { createVersionTable, stampStatements } from './version-table.js';
import { diagnosticAt } from './locate.js';

const label = (ids: readonly string[]) => (ids.length ? ids.join(' + ') : 'base');

/**
 * Gives the script to `out` in chunks, only once every revision compiled: a
 * model error in revision 500 must not leave 499 blocks on stdout. Blocks are
 * rendered in topological order as the replay reaches them; with the bundled
 * script template each goes into the stream at once (the plan applies them in
 * that order), so what waits is a few flat megabyte chunks, not 10,000 ropes.
 */
export function upgradeScript(project: Project, dialect: Dialect, plan: Plan, templates: Templates, out: (chunk: string) => void): void {
  const ctx = planContext(project.config, dialect, project.view, templates);
  const options = {
    title: `sqlrev upgrade for ${dialect.displayName}: ${label(plan.from)} -> ${label(plan.to)}`,
    source: `${project.config.revisions}/`, path: 'upgrade.sql',
    createVersionTable: plan.from.length === 0, dropVersionTable: false,
  };
  const chunks: string[] = [];
  const stream = streamScript(ctx, options, (chunk) => chunks.push(chunk));
  const order = plan.revisions.map((r) => r.id);
  const wanted = new Set(order);
  // Blocks that arrive before their turn wait here (none when the plan follows the replay's order).
  const early = new Map<string, string>();
  let next = 0;
  project.compileEach(dialect, (c) => {
    const id = c.revision.id;
    if (!wanted.has(id)) return;
    const block = renderBlock(ctx, upgradeBlock(ctx, c));
    if (!stream || id !== order[next]) {
      early.set(id, flatten(block));
      return;
    }
    stream.block(block);
    next++;
    for (let b = early.get(order[next]!); b !== undefined; b = early.get(order[next]!)) {
      early.delete(order[next]!);
      stream.block(b);
      next++;
    }
  }, { downgrades: false });
  if (stream) {
    stream.end();
    for (const chunk of chunks) out(chunk);
    return;
  }
  out(renderScript(ctx, order.map((id) => early.get(id)!), options));
}

export function downgradeScript(project: Project, dialect: Dialect, plan: Plan, templates: Templates, out: (chunk: string) => void): void {
  const ctx = planContext(project.config, dialect, project.view, templates);
  const wanted = new Set(plan.revisions.map((r) => r.id));
  // A downgrade undoes children first, the reverse of the replay: blocks wait (flat, see flatten) until all are made.
  const byId = new Map<string, string>();
  const refused = new Map<string, Diagnostic>();
  project.compileEach(dialect, (c) => {
    const r = c.revision;
    if (!wanted.has(r.id)) return;
    if (isIrreversibleDowngrade(c.downgrade)) {
      // On stdout the user asked for this downgrade: refuse with the reason instead of printing a script.
      refused.set(r.id, diagnosticAt(r, ['upgrade', c.downgrade.index], `cannot derive the ${dialect.displayName} downgrade of ${r.id}: ${c.downgrade.reason}`, c.downgrade.hint));
      return;
    }
    byId.set(r.id, flatten(renderBlock(ctx, downgradeBlock(ctx, c))));
  });
  // The first refusal in the order the script would undo them.
  for (const r of plan.revisions) {
    const d = refused.get(r.id);
    if (d) throw new SqlrevError(d);
  }
  const options = {
    title: `sqlrev downgrade for ${dialect.displayName}: ${label(plan.from)} -> ${label(plan.to)}`,
    source: `${project.config.revisions}/`, path: 'downgrade.sql',
    createVersionTable: false, dropVersionTable: plan.to.length === 0,
  };
  const blocks = plan.revisions.map((r) => byId.get(r.id)!);
  const stream = streamScript(ctx, options, out);
  if (!stream) {
    out(renderScript(ctx, blocks, options));
    return;
  }
  for (const b of blocks) stream.block(b);
  stream.end();
}

export function stampScript(project: Project, dialect: Dialect, heads: readonly string[]): string {
  const table = project.config.versionTable;
  const lines = [
    `-- sqlrev stamp for ${dialect.displayName}: set the version table to ${commentSafe(label(heads))}; no schema change`,
    '',
    'BEGIN;',
    '',
    `${createVersionTable(dialect, table)};`,
    '',
    ...stampStatements(dialect, table, heads).map((s) => `${s};`),
    '',
    'COMMIT;',
  ];
  return `${lines.join('\n')}\n`;
}
