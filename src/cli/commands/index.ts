/** Every CLI command, in the order `sqlrev --help` lists them. */
import type { Command } from '../command.js';
import { init } from './init.js';
import { merge, newRevision } from './new.js';
import { render } from './render.js';
import { downgrade, stamp, upgrade } from './upgrade.js';
import { heads, history, show } from './history.js';
import { schema } from './schema.js';
import { audit } from './audit.js';
import { verify } from './verify.js';

export const COMMANDS: readonly Command[] = [init, newRevision, merge, render, upgrade, downgrade, stamp, history, heads, show, audit, schema, verify];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
