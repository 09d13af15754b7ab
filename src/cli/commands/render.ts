import { existsSync, statSync } from 'node:fs';
import { SqlrevError } from '../../errors.js';
import { loadProject } from '../../project.js';
import { renderProject } from '../../render/render-project.js';
import { foreignEntries, TreeChecker, TreeWriter } from '../../render/write.js';
import { isDialectName } from '../../dialects/registry.js';
import { strs, type Command } from '../command.js';
import { selectDialects } from '../dialect-flag.js';

/** Revisions from which out/ is written on a worker thread (see render/file-worker.ts). */
const BACKGROUND_FROM = 100;

export const render: Command = {
  name: 'render',
  summary: 'write out/: migration.sql, rollback.sql and per-revision scripts for each dialect',
  help: `Usage: sqlrev render [--dialect D]... [--check]

Renders every revision to out/ (config "out"):
  out/<dialect>/migration.sql                      base -> head, with version-table bookkeeping
  out/<dialect>/rollback.sql                       head -> config "deployed" (or base)
  out/<dialect>/revisions/<id>_<slug>.upgrade.sql  one revision, standalone
  out/<dialect>/revisions/<id>_<slug>.downgrade.sql
  out/rollback.sh                                  applies rollback.sql with psql / sqlite3

Output is byte-for-byte deterministic; out/ is replaced atomically.

Options:
  --dialect, -d D   only this dialect (repeatable; default: every configured dialect)
  --check           write nothing; exit 1 and list the files that are stale

Examples:
  sqlrev render
  sqlrev render --check          # in CI: fail when out/ was not re-rendered
`,
  flags: { dialect: { type: 'string', shortFlag: 'd', isMultiple: true }, check: { type: 'boolean' } },
  async run(args, io) {
    if (args.input.length) throw new SqlrevError({ message: `render takes no arguments (got "${args.input[0]}")`, hint: 'see sqlrev render --help' });
    const project = await loadProject(io.cwd);
    const dialects = selectDialects(project.config, strs(args.flags, 'dialect'));
    const outDir = project.path(project.config.out);
    // With --dialect, the other dialects' files are left as they are.
    const mine = new Set(dialects.map((d) => d.name));
    const owns = (rel: string) => !rel.includes('/') || mine.has(rel.slice(0, rel.indexOf('/')) as never);
    let count = 0;
    const where = project.config.file ? { file: project.config.file, path: 'out' } : {};
    if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
      throw new SqlrevError({ ...where, message: `"${project.config.out}" is a file, not a directory`, hint: 'point "out" at a directory of its own (the default is "out")' });
    }
    if (args.flags.check) {
      const checker = new TreeChecker(outDir, owns);
      renderProject(project, dialects, {
        file: (rel, content) => { count++; checker.file(rel, content); },
        stream: (rel) => { count++; return checker.stream(rel); },
      });
      const stale = checker.result();
      if (stale.length === 0) {
        io.stdout.write(`${project.config.out}/ is up to date (${count} files)\n`);
        return 0;
      }
      for (const s of stale) io.stdout.write(`stale: ${project.config.out}/${s.path} (${s.why})\n`);
      io.stdout.write(`${stale.length} file${stale.length === 1 ? '' : 's'} in ${project.config.out}/ out of date; run sqlrev render\n`);
      return 1;
    }
    // render replaces out/ as a whole: refuse when it holds anything sqlrev did not write.
    const foreign = foreignEntries(outDir, (name, isDir) => (isDir ? isDialectName(name) : name === 'rollback.sh'));
    if (foreign.length) {
      throw new SqlrevError({
        ...where,
        message: `"${project.config.out}" holds ${foreign.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}, which sqlrev did not write; render replaces that whole directory, so it refuses`,
        hint: 'point "out" at a directory of its own (the default is "out"), or move those files away',
      });
    }
    // Files stream into a fresh directory that replaces out/ only once
    // everything rendered: an error or a kill leaves out/ as it was.
    // A file system refusal (a name too long, no space, no permission) is the user's to fix: one line, not an internal error.
    const cannotWrite = (e: unknown): never => {
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      if (e instanceof SqlrevError || typeof code !== 'string') throw e;
      throw new SqlrevError({ ...where, message: `cannot write "${project.config.out}" (${code})`, hint: 'check the path, the free space and the permissions' });
    };
    let writer: TreeWriter;
    try {
      // Writing on a second core pays for the worker's start only past a few hundred files.
      writer = new TreeWriter(outDir, { background: project.graph.order.length >= BACKGROUND_FROM });
    } catch (e) {
      return cannotWrite(e);
    }
    let tree;
    try {
      tree = renderProject(project, dialects, {
        file: (rel, content) => { count++; writer.file(rel, content); },
        stream: (rel) => { count++; return writer.stream(rel); },
        spillWrites: writer.spillWrites,
      });
      writer.carryOver((rel) => !owns(rel), (dir) => !mine.has(dir.split('/')[0] as never));
      await writer.commit();
    } catch (e) {
      await writer.abort();
      return cannotWrite(e);
    }
    for (const w of tree.warnings) io.stderr.write(`warning: ${w}\n`);
    io.stdout.write(`rendered ${project.graph.order.length} revisions for ${dialects.map((d) => d.name).join(', ')} to ${project.config.out}/ (${count} files)\n`);
    return 0;
  },
};
