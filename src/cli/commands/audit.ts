import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { failsGate, runAudit, type SqlFile } from '../../audit/engine.js';
import { FORMATS, formatFindings, isFormat } from '../../audit/reporters/index.js';
import { useColor } from '../../audit/reporters/text.js';
import { loadConfig } from '../../config/load.js';
import { isDialectName, DIALECT_NAMES } from '../../dialects/registry.js';
import { SqlrevError } from '../../errors.js';
import { loadGraph } from '../../project.js';
import { str, strs, type Command } from '../command.js';

export const audit: Command = {
  name: 'audit',
  summary: 'audit the revisions (or .sql files) for what will fail or hurt in production',
  help: `Usage: sqlrev audit [PATH...] [--format text|json|sarif|github] [--fail-on error|warning] [--dialect D]

Without PATH: replays every revision into the schema model and runs every
rule on each op, knowing the exact schema before it (so a table created in the
same revision is not "existing", and a type change knows the old type).
With PATH (.sql files, e.g. Alembic --sql output): builds the model from the
files' own statements, split at "-- Running upgrade A -> B" markers.

Options:
  --format F        text (default), json, sarif (SARIF 2.1.0), github (workflow annotations)
  --fail-on S       error (default: config audit.failOn) or warning
  --dialect, -d D   audit only this dialect (repeatable); for .sql files, their dialect

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad input.
Rules and how to fix each finding: docs/rules/<rule-id>.md. Suppress one on an
op with "audit": {"allow": ["rule-id"], "reason": "why it is fine here"}.

Examples:
  sqlrev audit
  sqlrev audit --format sarif > sqlrev.sarif
  sqlrev audit --format github --fail-on warning
  sqlrev audit migrations/offline.sql -d postgresql
`,
  flags: {
    format: { type: 'string' },
    failOn: { type: 'string' },
    dialect: { type: 'string', shortFlag: 'd', isMultiple: true },
  },
  async run(args, io) {
    const format = str(args.flags, 'format') ?? 'text';
    if (!isFormat(format)) throw new SqlrevError({ message: `unknown format "${format}"`, hint: `choose from ${FORMATS.join(', ')}` });
    const failOnFlag = str(args.flags, 'failOn');
    if (failOnFlag !== undefined && failOnFlag !== 'error' && failOnFlag !== 'warning') {
      throw new SqlrevError({ message: `--fail-on must be "error" or "warning", not "${failOnFlag}"` });
    }
    const dialects = strs(args.flags, 'dialect');
    for (const d of dialects) if (!isDialectName(d)) throw new SqlrevError({ message: `unknown dialect "${d}"`, hint: `choose from ${DIALECT_NAMES.join(', ')}` });
    const config = loadConfig(io.cwd);
    const failOn = failOnFlag ?? config.audit.failOn;
    let result;
    if (args.input.length > 0) {
      const sqlFiles: SqlFile[] = args.input.map((p) => {
        const abs = resolve(io.cwd, p);
        const file = relative(io.cwd, abs).split('\\').join('/') || p;
        try {
          if (!statSync(abs).isFile()) throw new Error('not a file');
          return { file, text: readFileSync(abs, 'utf8') };
        } catch {
          throw new SqlrevError({ file, message: 'cannot read this file', hint: 'give the path of a .sql file' });
        }
      });
      if (dialects.length > 1) throw new SqlrevError({ message: '.sql files are in one dialect', hint: 'give one --dialect' });
      result = await runAudit({ config, sqlFiles, ...(dialects[0] ? { sqlDialect: dialects[0] as never } : {}) });
    } else {
      const graph = await loadGraph(io.cwd, config);
      result = await runAudit({ config, revisions: graph.order, heads: graph.heads, ...(dialects.length ? { dialects: dialects as never } : {}) });
    }
    io.stdout.write(formatFindings(result, format, { color: format === 'text' && useColor(io.stdout, io.env) }));
    return failsGate(result, failOn) ? 1 : 0;
  },
};
