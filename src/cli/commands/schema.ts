import { SqlrevError } from '../../errors.js';
import { loadProject } from '../../project.js';
import { compileDialect } from '../../render/compile.js';
import { schemaScript } from '../../render/schema-script.js';
import { resolveTarget } from '../../revisions/targets.js';
import { str, strs, type Command } from '../command.js';
import { selectOneDialect } from '../dialect-flag.js';

export const schema: Command = {
  name: 'schema',
  summary: 'print the CREATE statements of the schema at a revision',
  help: `Usage: sqlrev schema [--at ID] [--dialect D]

Prints the schema model at a revision (default: head) as CREATE statements for
one dialect, with a comment wherever the dialect will report a column type
differently from how it was declared (float is reported as double precision
on PostgreSQL, for example) — what a schema diff will read back.

Options:
  --at ID           a revision id, prefix or head (default: head)
  --dialect, -d D   postgresql or sqlite (needed when several are configured)

Examples:
  sqlrev schema -d postgresql
  sqlrev schema --at 2ed6 -d sqlite
`,
  flags: { at: { type: 'string' }, dialect: { type: 'string', shortFlag: 'd', isMultiple: true } },
  async run(args, io) {
    if (args.input.length) throw new SqlrevError({ message: `schema takes no arguments (got "${args.input[0]}")`, hint: 'use --at ID' });
    const project = await loadProject(io.cwd);
    const dialect = selectOneDialect(project.config, strs(args.flags, 'dialect'));
    const at = str(args.flags, 'at') ?? 'heads';
    const ids = resolveTarget(project.graph, at);
    const keep = project.graph.ancestors(ids);
    const order = project.graph.order.filter((r) => keep.has(r.id));
    const { state } = compileDialect(order, dialect, project.applyContext);
    const label = ids.length ? ids.join(' + ') : 'base';
    io.stdout.write(schemaScript(state, dialect, project.applyContext, `sqlrev schema for ${dialect.displayName} at ${label}`));
    return 0;
  },
};
