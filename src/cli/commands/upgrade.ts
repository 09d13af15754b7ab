import { SqlrevError } from '../../errors.js';
import { loadProject } from '../../project.js';
import { downgradeScript, upgradeScript } from '../../render/range-script.js';
import { Templates } from '../../render/templates.js';
import { planDowngrade, planUpgrade, resolveTarget } from '../../revisions/targets.js';
import { stampScript } from '../../render/range-script.js';
import { strs, type Command, type ParsedArgs } from '../command.js';
import { selectOneDialect } from '../dialect-flag.js';
import type { Io } from '../io.js';

function needSql(args: ParsedArgs, name: string): void {
  if (!args.flags.sql) {
    throw new SqlrevError({
      message: `${name} only prints SQL (offline mode): add --sql`,
      hint: 'sqlrev never connects to a database; pipe the output to psql / sqlite3 yourself',
    });
  }
}

function oneArg(args: ParsedArgs, name: string, what: string): string {
  if (args.input.length !== 1) throw new SqlrevError({ message: `${name} takes one ${what}`, hint: `see sqlrev ${name} --help` });
  return args.input[0]!;
}

async function prepare(args: ParsedArgs, io: Io) {
  const project = await loadProject(io.cwd);
  const dialect = selectOneDialect(project.config, strs(args.flags, 'dialect'));
  const templates = new Templates(project.config.templates ? project.path(project.config.templates) : undefined);
  return { project, dialect, templates };
}

const dialectFlag = { dialect: { type: 'string' as const, shortFlag: 'd', isMultiple: true }, sql: { type: 'boolean' as const } };

export const upgrade: Command = {
  name: 'upgrade',
  summary: 'print the upgrade SQL for [FROM:]TO (--sql)',
  help: `Usage: sqlrev upgrade [FROM:]TO --sql [--dialect D]

Prints the SQL that takes a database from FROM (default: base) to TO, with
version-table bookkeeping and a guard per revision that stops the script when
the database is not where it expects.

Targets: base, head, heads, a revision id, a unique id prefix, +N (relative
to FROM), or <target>+N / <target>-N.

Options:
  --sql             required: print SQL (sqlrev never connects to a database)
  --dialect, -d D   postgresql or sqlite (needed when several are configured)

Examples:
  sqlrev upgrade head --sql --dialect postgresql > migration.sql
  sqlrev upgrade 2ed6bf9f1690:head --sql -d sqlite
  sqlrev upgrade 2ed6:+1 --sql -d postgresql
`,
  flags: dialectFlag,
  async run(args, io) {
    needSql(args, 'upgrade');
    const range = oneArg(args, 'upgrade', 'target ([FROM:]TO)');
    const { project, dialect, templates } = await prepare(args, io);
    upgradeScript(project, dialect, planUpgrade(project.graph, range), templates, (chunk) => io.stdout.write(chunk));
    return 0;
  },
};

export const downgrade: Command = {
  name: 'downgrade',
  summary: 'print the downgrade SQL for FROM:TO (--sql)',
  help: `Usage: sqlrev downgrade FROM:TO --sql [--dialect D]

Prints the SQL that takes a database from FROM down to TO. Downgrades not
written in a revision are derived by inverting its upgrade against the schema
model (a dropped column comes back with its full definition, not its data).
A revision whose downgrade cannot be derived stops the command (exit 2).

Targets: base, head, heads, a revision id, a unique id prefix, -N (relative
to FROM), or <target>-N.

Options:
  --sql             required: print SQL
  --dialect, -d D   postgresql or sqlite (needed when several are configured)

Examples:
  sqlrev downgrade head:base --sql -d postgresql
  sqlrev downgrade head:-1 --sql -d sqlite
`,
  flags: dialectFlag,
  async run(args, io) {
    needSql(args, 'downgrade');
    const range = oneArg(args, 'downgrade', 'range (FROM:TO)');
    const { project, dialect, templates } = await prepare(args, io);
    downgradeScript(project, dialect, planDowngrade(project.graph, range), templates, (chunk) => io.stdout.write(chunk));
    return 0;
  },
};

export const stamp: Command = {
  name: 'stamp',
  summary: 'print SQL that only sets the version table (--sql)',
  help: `Usage: sqlrev stamp ID --sql [--dialect D]

Prints SQL that records the database as being at ID (a revision, a prefix,
head, heads or base) without changing its schema: for a database created
another way, or taken over from Alembic ("versionTable": "alembic_version").

Examples:
  sqlrev stamp head --sql -d postgresql | psql -X -v ON_ERROR_STOP=1 -d app
`,
  flags: dialectFlag,
  async run(args, io) {
    needSql(args, 'stamp');
    const target = oneArg(args, 'stamp', 'revision');
    const { project, dialect } = await prepare(args, io);
    io.stdout.write(stampScript(project, dialect, resolveTarget(project.graph, target)));
    return 0;
  },
};
