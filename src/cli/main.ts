/**
 * argv -> command -> exit code. The one place that sets the exit code:
 * 0 ok, 1 audit findings at or above failOn / stale `render --check` /
 * verify mismatches, 2 bad input or usage (one clear line per problem,
 * never a stack trace).
 */
import { SqlrevError, formatDiagnostic } from '../errors.js';
import type { Command } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import type { Io } from './io.js';
import { commentSafe } from '../render/comment.js';
import { parseArgs } from './parse-args.js';

export const VERSION = '0.1.0';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'sqlrev — offline SQL migrations: declarative revisions in, reviewed PostgreSQL and SQLite SQL out.',
    '',
    'Usage: sqlrev <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `sqlrev <command> --help` for a command\'s options and examples.',
    'Exit codes: 0 ok, 1 audit findings / stale out/ / verify mismatch, 2 bad input or usage.',
    '',
  ].join('\n');
}

function parse(cmd: Command, argv: string[]) {
  return parseArgs(cmd.name, { ...cmd.flags, help: { type: 'boolean', shortFlag: 'h' } }, argv);
}

/**
 * Messages quote what the user wrote (commentSafe shows control characters
 * escaped, so a name cannot send escape sequences to the terminal), and a
 * revision may hold a 10 MB string:
 * a word longer than a screen is cut in the middle so the line stays readable.
 */
function clip(line: string): string {
  if (line.length <= 240) return line;
  // split, not a /\S{241,}/ replace: irregexp overflows its stack on a 10 MB word.
  return line.split(/(\s+)/).map((w) => {
    if (w.length <= 240) return w;
    let head = 160;
    let tail = w.length - 40;
    // Never split a surrogate pair.
    if (/[\udc00-\udfff]/.test(w.charAt(head))) head--;
    if (/[\udc00-\udfff]/.test(w.charAt(tail))) tail--;
    return `${w.slice(0, head)}…(${tail - head} more characters)…${w.slice(tail)}`;
  }).join('');
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      if (first === 'help' && rest[0]) {
        const c = findCommand(rest[0]);
        if (c) { io.stdout.write((await c.load()).help); return 0; }
      }
      io.stdout.write(mainHelp());
      return first === undefined ? 2 : 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const entry = findCommand(first);
    if (!entry) {
      throw new SqlrevError({ message: `unknown command "${first}"`, hint: `commands: ${COMMANDS.map((c) => c.name).join(', ')}` });
    }
    const cmd = await entry.load();
    const args = parse(cmd, rest);
    if (args.flags.help) {
      io.stdout.write(cmd.help);
      return 0;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof SqlrevError) {
      for (const d of e.diagnostics) io.stderr.write(`${d.file ? "" : "sqlrev: "}${clip(commentSafe(formatDiagnostic(d)))}\n`);
      return 2;
    }
    // A bug of ours: still one line, no stack, unless asked for.
    const err = e as Error;
    io.stderr.write(`sqlrev: internal error: ${clip(commentSafe(String(err?.message ?? e).split('\n')[0]!))} (set SQLREV_DEBUG=1 for details, and please report it)\n`);
    if (io.env.SQLREV_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
    return 2;
  }
}
