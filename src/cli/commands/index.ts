/**
 * Every CLI command, in the order `sqlrev --help` lists them. Modules load
 * only when their command runs: `sqlrev --help` and `sqlrev history` must not
 * pay for the auditor's cast tables or the verify engines.
 */
import type { Command } from '../command.js';

export interface CommandEntry {
  readonly name: string;
  /** One line for `sqlrev --help`. */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', summary: 'write a config, revisions/ and an example revision', load: async () => (await import('./init.js')).init },
  { name: 'new', summary: 'create a revision on the current head', load: async () => (await import('./new.js')).newRevision },
  { name: 'merge', summary: 'create a merge revision joining heads', load: async () => (await import('./new.js')).merge },
  { name: 'render', summary: 'write out/: migration.sql, rollback.sql and per-revision scripts for each dialect', load: async () => (await import('./render.js')).render },
  { name: 'upgrade', summary: 'print the upgrade SQL for [FROM:]TO (--sql)', load: async () => (await import('./upgrade.js')).upgrade },
  { name: 'downgrade', summary: 'print the downgrade SQL for FROM:TO (--sql)', load: async () => (await import('./upgrade.js')).downgrade },
  { name: 'stamp', summary: 'print SQL that only sets the version table (--sql)', load: async () => (await import('./upgrade.js')).stamp },
  { name: 'history', summary: 'list revisions, newest first', load: async () => (await import('./history.js')).history },
  { name: 'heads', summary: 'list the current heads', load: async () => (await import('./history.js')).heads },
  { name: 'show', summary: 'show one revision', load: async () => (await import('./history.js')).show },
  { name: 'audit', summary: 'audit the revisions (or .sql files) for what will fail or hurt in production', load: async () => (await import('./audit.js')).audit },
  { name: 'schema', summary: 'print the CREATE statements of the schema at a revision', load: async () => (await import('./schema.js')).schema },
  { name: 'verify', summary: 'apply every revision up and down on embedded PostgreSQL and SQLite, comparing catalogs', load: async () => (await import('./verify.js')).verify },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
