/**
 * Scripts for `upgrade [FROM:]TO --sql`, `downgrade FROM:TO --sql` and
 * `stamp ID --sql`: the same blocks as out/, for the revisions a plan names.
 */
import { SqlrevError } from '../errors.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Project } from '../project.js';
import type { Plan } from '../revisions/targets.js';
import { isIrreversibleDowngrade, type CompiledRevision } from './compile.js';
import { commentSafe } from './comment.js';
import { planContext } from './out-tree.js';
import { downgradeBlock, renderBlock, renderScript, upgradeBlock } from './plan.js';
import type { Templates } from './templates.js';
import { createVersionTable, stampStatements } from './version-table.js';
import { diagnosticAt } from './locate.js';

const label = (ids: readonly string[]) => (ids.length ? ids.join(' + ') : 'base');

export function upgradeScript(project: Project, dialect: Dialect, plan: Plan, templates: Templates): string {
  const ctx = planContext(project.config, dialect, project.view, templates);
  const wanted = new Set(plan.revisions.map((r) => r.id));
  const byId = new Map<string, string>();
  project.compileEach(dialect, (c) => {
    if (wanted.has(c.revision.id)) byId.set(c.revision.id, renderBlock(ctx, upgradeBlock(ctx, c)));
  }, { downgrades: false });
  const blocks = plan.revisions.map((r) => byId.get(r.id)!);
  return renderScript(ctx, blocks, {
    title: `sqlrev upgrade for ${dialect.displayName}: ${label(plan.from)} -> ${label(plan.to)}`,
    source: `${project.config.revisions}/`, path: 'upgrade.sql',
    createVersionTable: plan.from.length === 0, dropVersionTable: false,
  });
}

export function downgradeScript(project: Project, dialect: Dialect, plan: Plan, templates: Templates): string {
  const ctx = planContext(project.config, dialect, project.view, templates);
  const wanted = new Set(plan.revisions.map((r) => r.id));
  const byId = new Map<string, CompiledRevision>();
  project.compileEach(dialect, (c) => { if (wanted.has(c.revision.id)) byId.set(c.revision.id, c); });
  const blocks = plan.revisions.map((r) => {
    const c = byId.get(r.id)!;
    if (isIrreversibleDowngrade(c.downgrade)) {
      // On stdout the user asked for this downgrade: refuse with the reason instead of printing a script.
      const d = diagnosticAt(r, ['upgrade', c.downgrade.index], `cannot derive the ${dialect.displayName} downgrade of ${r.id}: ${c.downgrade.reason}`, c.downgrade.hint);
      throw new SqlrevError(d);
    }
    return renderBlock(ctx, downgradeBlock(ctx, c));
  });
  return renderScript(ctx, blocks, {
    title: `sqlrev downgrade for ${dialect.displayName}: ${label(plan.from)} -> ${label(plan.to)}`,
    source: `${project.config.revisions}/`, path: 'downgrade.sql',
    createVersionTable: false, dropVersionTable: plan.to.length === 0,
  });
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
