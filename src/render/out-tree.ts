/**
 * The whole out/ tree (CONTRACT section 4) as a map of relative path ->
 * content. Nothing is written here (see write.ts), so a failure leaves out/
 * untouched and `render --check` can compare without writing.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Config } from '../config/types.js';
import type { Revision } from '../revisions/types.js';
import type { CompiledRevision } from './compile.js';
import { isIrreversibleDowngrade } from './compile.js';
import type { GraphView } from './graph-view.js';
import { downgradeBlock, renderScript, upgradeBlock, type PlanContext } from './plan.js';
import type { Templates } from './templates.js';

export interface DialectBuild {
  readonly dialect: Dialect;
  readonly compiled: readonly CompiledRevision[];
}

export interface OutTree {
  /** Relative path (with `/`) -> content, sorted by path. */
  files: Map<string, string>;
  /** Things the user should know (e.g. an irreversible downgrade written as a refusing block). */
  warnings: string[];
}

function headsLabel(g: GraphView): string {
  const h = g.heads();
  return h.length === 0 ? 'base' : h.join(' + ');
}

export function planContext(config: Config, dialect: Dialect, graph: GraphView, templates: Templates): PlanContext {
  return {
    dialect, graph, templates, versionTable: config.versionTable,
    ...(config.lockTimeout ? { lockTimeout: config.lockTimeout } : {}),
  };
}

export function buildOutTree(config: Config, graph: GraphView, builds: readonly DialectBuild[], templates: Templates, scriptDialects: readonly Dialect[] = builds.map((b) => b.dialect)): OutTree {
  const files = new Map<string, string>();
  const warnings: string[] = [];
  const outRel = config.out.replace(/\\/g, '/').replace(/\/+$/, '');
  const source = `${config.revisions.replace(/\\/g, '/')}/ (${graph.order.length} revision${graph.order.length === 1 ? '' : 's'})`;
  const deployed = config.deployed;
  const keep = deployed === 'base' ? new Set<string>() : graph.ancestorsOrSelf(deployed);
  for (const { dialect, compiled } of builds) {
    const ctx = planContext(config, dialect, graph, templates);
    const d = dialect.name;
    const up = compiled.map((c) => upgradeBlock(ctx, c));
    files.set(`${d}/migration.sql`, renderScript(ctx, up, {
      title: `sqlrev migration for ${dialect.displayName}: base -> ${headsLabel(graph)}`,
      source, path: `${outRel}/${d}/migration.sql`, createVersionTable: true, dropVersionTable: false,
    }));
    const back = [...compiled].reverse().filter((c) => !keep.has(c.revision.id));
    files.set(`${d}/rollback.sql`, renderScript(ctx, back.map((c) => downgradeBlock(ctx, c)), {
      title: `sqlrev rollback for ${dialect.displayName}: ${headsLabel(graph)} -> ${deployed}`,
      source, path: `${outRel}/${d}/rollback.sql`, createVersionTable: false, dropVersionTable: deployed === 'base',
    }));
    compiled.forEach((c, i) => {
      const rev: Revision = c.revision;
      const stem = `${d}/revisions/${rev.stem}`;
      files.set(`${stem}.upgrade.sql`, renderScript(ctx, [up[i]!], {
        title: `sqlrev upgrade for ${dialect.displayName}: ${rev.parents.join(' + ') || 'base'} -> ${rev.id}`,
        source: rev.file, path: `${outRel}/${stem}.upgrade.sql`, createVersionTable: rev.parents.length === 0, dropVersionTable: false,
      }));
      files.set(`${stem}.downgrade.sql`, renderScript(ctx, [downgradeBlock(ctx, c)], {
        title: `sqlrev downgrade for ${dialect.displayName}: ${rev.id} -> ${rev.parents.join(' + ') || 'base'}`,
        source: rev.file, path: `${outRel}/${stem}.downgrade.sql`, createVersionTable: false, dropVersionTable: false,
      }));
      if (isIrreversibleDowngrade(c.downgrade)) {
        warnings.push(`${rev.file}: the ${dialect.displayName} downgrade of ${rev.id} cannot be derived (${c.downgrade.reason}); its downgrade script refuses to run`);
      }
    });
  }
  files.set('rollback.sh', templates.render('rollback.sh.hbs', {
    deployed,
    dialectList: scriptDialects.map((d) => d.name).join(', '),
    dialects: scriptDialects.map((d) => ({
      name: d.name,
      usage: `${outRel}/rollback.sh ${d.name} ${d.client.usage}`,
      runScript: `exec ${d.client.runScript}`,
    })),
  }).replace(/\n+$/, '') + '\n');
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), warnings: [...new Set(warnings)] };
}
