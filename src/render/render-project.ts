/** The library entry for rendering: a loaded project -> the out/ tree in memory. */
import type { Dialect } from '../dialects/dialect.js';
import { DIALECTS } from '../dialects/registry.js';
import type { Project } from '../project.js';
import { compileTogether, sharesOneReplay, type CompiledRevision } from './compile.js';
import { buildOutTree, type OutTree, type TreeSink } from './out-tree.js';
import { Templates } from './templates.js';

export function renderProject(project: Project, dialects?: readonly Dialect[], sink?: TreeSink): OutTree {
  const all = project.config.dialects.map((d) => DIALECTS[d]);
  const chosen = dialects ?? all;
  const templates = new Templates(project.config.templates ? project.path(project.config.templates) : undefined);
  const builds = chosen.map((dialect) => ({ dialect, stream: (visit: Parameters<Project['compileEach']>[1]) => project.compileEach(dialect, visit) }));
  // One replay for every dialect when their models cannot differ (no op has `only`).
  const together = chosen.length > 1 && sharesOneReplay(project.graph.order)
    ? (visit: (k: number, c: CompiledRevision) => void) => compileTogether(project.graph.order, chosen, project.applyContext, visit)
    : undefined;
  return buildOutTree(project.config, project.view, builds, templates, all, sink, together);
}
