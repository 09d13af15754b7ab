/**
 * A loaded project: config, revisions and their graph, and per-dialect
 * compilation on demand (each dialect replays once per run).
 */
import { join } from 'node:path';
import { loadConfig } from './config/load.js';
import type { Config } from './config/types.js';
import type { Dialect } from './dialects/dialect.js';
import { SqlrevError } from './errors.js';
import { Namer } from './model/naming.js';
import type { ApplyContext } from './ops/definition.js';
import { compileDialect, type CompiledRevision, type CompileOptions, type CompileResult } from './render/compile.js';
import { GraphView } from './render/graph-view.js';
import { recoverOut } from './render/write.js';
import type { RevisionGraph } from './revisions/graph.js';
import { loadRevisionGraph } from './revisions/load.js';

export interface Project {
  readonly config: Config;
  readonly graph: RevisionGraph;
  readonly view: GraphView;
  readonly applyContext: ApplyContext;
  /** Compile every revision for a dialect (cached per run). */
  compile(dialect: Dialect, options?: CompileOptions): CompileResult;
  /** Compile every revision, handing each to `visit` and keeping none (not cached). */
  compileEach(dialect: Dialect, visit: (c: CompiledRevision) => void, options?: Omit<CompileOptions, 'onRevision'>): void;
  /** Absolute path of a config path. */
  path(rel: string): string;
}

/** The revision graph of the configured revisions folder (every problem of the files and graph thrown at once). */
export function loadGraph(cwd: string, config: Config): Promise<RevisionGraph> {
  return loadRevisionGraph(join(cwd, config.revisions), { cwd, ...(config.tablePrefix ? { tablePrefix: config.tablePrefix } : {}) });
}

export async function loadProject(cwd: string): Promise<Project> {
  const config = loadConfig(cwd);
  const graph = await loadGraph(cwd, config);
  if (config.deployed !== 'base' && !graph.has(config.deployed)) {
    throw new SqlrevError({ file: config.file ?? 'sqlrev.config.json', path: 'deployed', message: `"deployed" names revision "${config.deployed}", which does not exist`, hint: 'use a full revision id or "base"' });
  }
  // A render killed mid-swap leaves the old out/ beside it; put it back first.
  recoverOut(join(cwd, config.out));
  const view = new GraphView(graph.order);
  const applyContext: ApplyContext = { namer: new Namer(config.naming) };
  const cache = new Map<string, CompileResult>();
  return {
    config, graph, view, applyContext,
    compile(dialect, options = {}) {
      const key = `${dialect.name}:${options.downgrades !== false}`;
      let r = cache.get(key) ?? (options.downgrades === false ? cache.get(`${dialect.name}:true`) : undefined);
      if (!r) {
        r = compileDialect(graph.order, dialect, applyContext, undefined, options);
        cache.set(key, r);
      }
      return r;
    },
    compileEach(dialect, visit, options = {}) {
      compileDialect(graph.order, dialect, applyContext, undefined, { ...options, onRevision: visit });
    },
    path: (rel) => join(cwd, rel),
  };
}
