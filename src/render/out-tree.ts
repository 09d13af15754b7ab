/**
 * The whole out/ tree (CONTRACT section 4) as a map of relative path ->
 * content. Nothing is written here (see write.ts), so a failure leaves out/
 * untouched and `render --check` can compare without writing.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Config } from '../config/types.js';
import type { CompiledRevision } from './compile.js';
import { isIrreversibleDowngrade } from './compile.js';
import type { GraphView } from './graph-view.js';
import { downgradeBlock, renderBlock, renderScript, streamScript, trimTrailingNewlines, upgradeBlock, type PlanContext, type ScriptOptions } from './plan.js';
import { BlockSpill, type SpillWrites } from './block-spill.js';
import { flatten } from './script-stream.js';
import type { Templates } from './templates.js';
import type { FileStream } from './write.js';

/**
 * One dialect's compiled revisions, either as a list or as a stream (each
 * revision handed over once, in topological order, and then dropped).
 */
export interface DialectBuild {
  readonly dialect: Dialect;
  readonly compiled?: readonly CompiledRevision[];
  readonly stream?: (visit: (c: CompiledRevision) => void) => void;
}

/** Where buildOutTree puts each file as soon as it is rendered. */
export interface TreeSink {
  file(rel: string, content: string): void;
  /**
   * Optional: take a file in pieces. migration.sql then goes out block by
   * block as revisions compile, and rollback.sql in chunks, so neither is
   * ever one string (at 10,000 revisions they are 40 MB each, per dialect).
   */
  stream?(rel: string): FileStream;
  /** Optional: where the rollback spill's writes go (the writer's worker), instead of write calls on this thread. */
  spillWrites?: SpillWrites;
}

export interface OutTree {
  /** Relative path (with `/`) -> content, sorted by path (empty when a sink took the files). */
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

/**
 * `together`, when given, compiles every build's dialect in one replay
 * (compileTogether) and returns false when that did not work out; the tree is
 * then built dialect by dialect from each build's own stream.
 */
export function buildOutTree(
  config: Config, graph: GraphView, builds: readonly DialectBuild[], templates: Templates,
  scriptDialects: readonly Dialect[] = builds.map((b) => b.dialect), sink?: TreeSink,
  together?: (visit: (k: number, c: CompiledRevision) => void) => boolean,
): OutTree {
  const files = new Map<string, string>();
  // With a sink, files go out as they are made: 10,000 revisions are 300 MB of
  // SQL, which need not all be in memory at once.
  const put = sink ? (rel: string, content: string) => sink.file(rel, content) : (rel: string, content: string) => { files.set(rel, content); };
  const outRel = config.out.replace(/\\/g, '/').replace(/\/+$/, '');
  const source = `${config.revisions.replace(/\\/g, '/')}/ (${graph.order.length} revision${graph.order.length === 1 ? '' : 's'})`;
  const deployed = config.deployed;
  const keep = deployed === 'base' ? new Set<string>() : graph.ancestorsOrSelf(deployed);

  // Closed at the end whatever happened: a failed shared replay or a model error leaves spills unread.
  const spills: BlockSpill[] = [];

  /**
   * A script streamed to the sink as its blocks come, or undefined when the
   * sink cannot take pieces or the script template is a user's (streamScript).
   * The file opens with the first chunk, so nothing is opened for nothing.
   */
  const streamed = (ctx: PlanContext, rel: string, o: ScriptOptions) => {
    if (!sink?.stream) return undefined;
    let file: FileStream | undefined;
    const open = () => (file ??= sink.stream!(rel));
    const script = streamScript(ctx, o, (chunk) => open().write(chunk));
    if (!script) return undefined;
    return {
      block: (b: string) => script.block(b),
      end: () => {
        script.end();
        open().end();
      },
    };
  };
  const writeScript = (ctx: PlanContext, rel: string, blocks: Iterable<string>, o: ScriptOptions) => {
    const script = streamed(ctx, rel, o);
    if (!script) {
      put(rel, renderScript(ctx, [...blocks], o));
      return;
    }
    for (const b of blocks) script.block(b);
    script.end();
  };

  /** One dialect's files: per-revision scripts as revisions come, then migration.sql and rollback.sql. */
  const output = (dialect: Dialect) => {
    const ctx = planContext(config, dialect, graph, templates);
    const d = dialect.name;
    const migrationOptions = {
      title: `sqlrev migration for ${dialect.displayName}: base -> ${headsLabel(graph)}`,
      source, path: `${outRel}/${d}/migration.sql`, createVersionTable: true, dropVersionTable: false,
    };
    // migration.sql takes the blocks in the order they come: streamed when it can be, else kept for the end.
    const migration = streamed(ctx, `${d}/migration.sql`, migrationOptions);
    const up: string[] = [];
    // rollback.sql takes them in reverse, so they wait: in a spill file when
    // the sink takes pieces (a big render), else in memory, kept flat (see flatten).
    const back = new BlockSpill(sink?.stream !== undefined, sink?.spillWrites);
    const warnings: string[] = [];
    const visit = (c: CompiledRevision) => {
      const rev = c.revision;
      const upBlock = flatten(renderBlock(ctx, upgradeBlock(ctx, c)));
      const downBlock = flatten(renderBlock(ctx, downgradeBlock(ctx, c)));
      if (migration) migration.block(upBlock);
      else up.push(upBlock);
      if (!keep.has(rev.id)) back.push(downBlock);
      const stem = `${d}/revisions/${rev.stem}`;
      put(`${stem}.upgrade.sql`, renderScript(ctx, [upBlock], {
        title: `sqlrev upgrade for ${dialect.displayName}: ${rev.parents.join(' + ') || 'base'} -> ${rev.id}`,
        source: rev.file, path: `${outRel}/${stem}.upgrade.sql`, createVersionTable: rev.parents.length === 0, dropVersionTable: false,
      }));
      put(`${stem}.downgrade.sql`, renderScript(ctx, [downBlock], {
        title: `sqlrev downgrade for ${dialect.displayName}: ${rev.id} -> ${rev.parents.join(' + ') || 'base'}`,
        source: rev.file, path: `${outRel}/${stem}.downgrade.sql`, createVersionTable: false, dropVersionTable: false,
      }));
      if (isIrreversibleDowngrade(c.downgrade)) {
        warnings.push(`${rev.file}: the ${dialect.displayName} downgrade of ${rev.id} cannot be derived (${c.downgrade.reason}); its downgrade script refuses to run`);
      }
    };
    const finish = (): string[] => {
      if (migration) migration.end();
      else put(`${d}/migration.sql`, renderScript(ctx, up, migrationOptions));
      writeScript(ctx, `${d}/rollback.sql`, back.reversed(), {
        title: `sqlrev rollback for ${dialect.displayName}: ${headsLabel(graph)} -> ${deployed}`,
        source, path: `${outRel}/${d}/rollback.sql`, createVersionTable: false, dropVersionTable: deployed === 'base',
      });
      return warnings;
    };
    spills.push(back);
    return { visit, finish };
  };

  const warnings: string[] = [];
  try {
    const shared = together && builds.map((b) => output(b.dialect));
    if (shared && together((k, c) => shared[k]!.visit(c))) {
      for (const o of shared) warnings.push(...o.finish());
    } else {
      for (const build of builds) {
        const o = output(build.dialect);
        if (build.stream) build.stream(o.visit);
        else build.compiled?.forEach(o.visit);
        warnings.push(...o.finish());
      }
    }
  } finally {
    for (const s of spills) s.dispose();
  }
  put('rollback.sh', trimTrailingNewlines(templates.render('rollback.sh.hbs', {
    deployed,
    dialectList: scriptDialects.map((d) => d.name).join(', '),
    dialects: scriptDialects.map((d) => ({
      name: d.name,
      usage: `${outRel}/rollback.sh ${d.name} ${d.client.usage}`,
      runScript: `exec ${d.client.runScript}`,
    })),
  })) + '\n');
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), warnings: [...new Set(warnings)] };
}
