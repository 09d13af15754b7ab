import { SqlrevError } from '../../errors.js';
import { loadProject } from '../../project.js';
import { resolveTarget } from '../../revisions/targets.js';
import { VERIFY_FORMATS, formatVerify, type VerifyFormat } from '../../verify/report.js';
import { str, strs, type Command } from '../command.js';
import { selectDialects } from '../dialect-flag.js';

export const verify: Command = {
  name: 'verify',
  summary: 'apply every revision up and down on embedded PostgreSQL and SQLite, comparing catalogs',
  help: `Usage: sqlrev verify [--dialect D]... [--to ID] [--format text|json]

Runs the rendered per-revision scripts (what out/<dialect>/revisions/ holds)
on a fresh in-process database for each configured dialect: PostgreSQL as
PGlite, SQLite as sql.js; no server is needed. For each dialect:
  1. applies each upgrade in order, then compares the engine's catalog
     (tables, columns with their reported types, nullability, defaults,
     primary/foreign/unique/check constraints, indexes, sequences, enums)
     and the version table with sqlrev's model at that revision;
  2. applies each downgrade back to base, comparing at every step, and
     checks that base holds nothing but the version table;
  3. applies the upgrades again, comparing again.
Each difference is reported with the revision, the object, what the model
expects and what the engine has; a script the engine refuses is reported
with the engine's message.

Every downgrade is classified:
  exact            the downgrade restores schema and data
  structure-only   the schema comes back, some data does not: the upgrade
                   drops a table or column, changes a type in a way that
                   changes values, converts with USING, deletes rows, or
                   drops a sequence (raw sql ops are taken at their word)
  impossible       no downgrade can be derived and none is given; going
                   down stops there

Options:
  --dialect, -d D   only this dialect (repeatable; default: every configured dialect)
  --to ID           stop after this revision (id, unique prefix, or head): the
                    revisions up to it in the order migration.sql applies them
  --format F        text (default) or json (one object, for CI)

Column order is compared on the way up only: a column a downgrade restores
comes back last (PostgreSQL's ADD COLUMN has no position).

Exit codes: 0 every step matched, 1 a mismatch or a failed script, 2 bad input.
Progress is shown on stderr when it is a terminal.

Examples:
  sqlrev verify
  sqlrev verify -d sqlite --to 2ed6bf9f1690
  sqlrev verify --format json > verify.json
`,
  flags: {
    dialect: { type: 'string', shortFlag: 'd', isMultiple: true },
    to: { type: 'string' },
    format: { type: 'string' },
  },
  async run(args, io) {
    if (args.input.length) throw new SqlrevError({ message: `verify takes no arguments (got "${args.input[0]}")`, hint: 'see sqlrev verify --help' });
    const format = (str(args.flags, 'format') ?? 'text') as VerifyFormat;
    if (!VERIFY_FORMATS.includes(format)) {
      throw new SqlrevError({ message: `unknown format "${format}"`, hint: `choose from ${VERIFY_FORMATS.join(', ')}` });
    }
    const project = await loadProject(io.cwd);
    const dialects = selectDialects(project.config, strs(args.flags, 'dialect'));
    let to: string | undefined;
    const toFlag = args.flags.to;
    if (toFlag !== undefined) {
      if (typeof toFlag !== 'string' || toFlag === '') throw new SqlrevError({ message: '--to needs a revision', hint: 'e.g. --to head or --to 2ed6bf9f1690' });
      const ids = resolveTarget(project.graph, toFlag);
      if (ids.length === 0) throw new SqlrevError({ message: `--to ${toFlag} leaves nothing to verify`, hint: 'name a revision, or leave --to out to verify them all' });
      // Several (heads): the one the topological order reaches last.
      const position = new Map(project.graph.order.map((r, i) => [r.id, i]));
      to = ids.reduce((a, b) => ((position.get(a) ?? -1) >= (position.get(b) ?? -1) ? a : b));
    }
    // The engines and the verify machinery load only here, so every other command stays fast.
    const { verifyProject } = await import('../../verify/run.js');
    const tty = io.stderr.isTTY === true;
    let shown = 0;
    const report = await verifyProject(project, {
      dialects,
      ...(to !== undefined ? { to } : {}),
      ...(tty ? {
        onProgress: (p) => {
          const line = `revision ${p.position}/${p.count} ${p.dialect} ${p.phase}`;
          io.stderr.write(`\r${line.padEnd(shown)}`);
          shown = line.length;
        },
      } : {}),
    }).finally(() => { if (shown) io.stderr.write(`\r${' '.repeat(shown)}\r`); });
    io.stdout.write(formatVerify(report, format));
    return report.summary.ok ? 0 : 1;
  },
};
