/**
 * The sqlrev invocations the bench times, by the ids used in results.json
 * (shared by run.ts and profile.ts).
 */
export const SQLREV_COMMANDS = {
  'help': ['--help'],
  'upgrade-postgresql': ['upgrade', 'base:head', '--sql', '--dialect', 'postgresql'],
  'upgrade-sqlite': ['upgrade', 'base:head', '--sql', '--dialect', 'sqlite'],
  'render': ['render'],
  'render-check': ['render', '--check'],
  'audit': ['audit', '--format', 'json'],
  'history': ['history'],
} as const satisfies Record<string, readonly string[]>;

export type SqlrevCommand = keyof typeof SQLREV_COMMANDS;

export function isSqlrevCommand(s: string): s is SqlrevCommand {
  return Object.prototype.hasOwnProperty.call(SQLREV_COMMANDS, s);
}
