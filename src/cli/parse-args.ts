/**
 * argv -> { input, flags } for one command, from its FlagSpec table.
 *
 * This replaced meow (the stack's first choice) for a measured reason: meow
 * 14 ships its dependencies as one 245 KB module (read-pkg-up,
 * normalize-package-data, spdx tables...) whose import cost 25-40 ms of every
 * `sqlrev` start, about a fifth of the whole budget for rendering 1,000
 * revisions. sqlrev's flags are a dozen strings and booleans; this is what
 * meow (yargs-parser) did with them:
 *
 * - `--name value`, `--name=value`; `-n value`, `-nvalue`, `-n=value`;
 * - `--kebab-case` sets `kebabCase` (`--kebabCase` works too);
 * - booleans: `--name` is true, `--no-name` false, `--name=true|false`;
 * - a repeatable flag collects an array; a plain one keeps the last value;
 * - `--` ends the options: everything after it is input;
 * - a flag the command does not know is an error (one line, exit 2).
 */
import { SqlrevError } from '../errors.js';
import type { FlagSpec, ParsedArgs } from './command.js';

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function parseArgs(command: string, specs: Readonly<Record<string, FlagSpec>>, argv: readonly string[]): ParsedArgs {
  const hint = `see sqlrev ${command} --help`;
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.shortFlag) byShort.set(spec.shortFlag, name);

  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.isMultiple) flags[name] = [];
    else if (spec.type === 'boolean') flags[name] = false;
  }
  const input: string[] = [];
  const unknown: string[] = [];

  const set = (name: string, spec: FlagSpec, shown: string, raw: string | undefined, next: () => string | undefined): void => {
    let value: unknown;
    if (spec.type === 'boolean') {
      if (raw === undefined || raw === 'true') value = true;
      else if (raw === 'false') value = false;
      else throw new SqlrevError({ message: `option ${shown} is a switch: it takes no value (got "${raw}")`, hint });
    } else {
      const text = raw ?? next();
      if (text === undefined) throw new SqlrevError({ message: `option ${shown} needs a value`, hint });
      if (spec.type === 'number') {
        value = Number(text);
        if (text.trim() === '' || !Number.isFinite(value)) throw new SqlrevError({ message: `option ${shown} needs a number (got "${text}")`, hint });
      } else {
        value = text;
      }
    }
    if (spec.isMultiple) (flags[name] as unknown[]).push(value);
    else flags[name] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // A value may start with "-" only when it is attached (--at=-1) or is a lone "-".
    const next = (): string | undefined => {
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-')) return undefined;
      i++;
      return v;
    };
    if (arg === '--') {
      input.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const written = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const raw = eq === -1 ? undefined : arg.slice(eq + 1);
      const name = camel(written);
      const spec = specs[name];
      if (spec) {
        set(name, spec, `--${written}`, raw, next);
        continue;
      }
      const negated = written.startsWith('no-') ? camel(written.slice(3)) : undefined;
      if (negated !== undefined && specs[negated]?.type === 'boolean' && raw === undefined) {
        if (specs[negated]!.isMultiple) (flags[negated] as unknown[]).push(false);
        else flags[negated] = false;
        continue;
      }
      unknown.push(`--${written}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const letter = arg[1]!;
      const name = byShort.get(letter);
      if (name === undefined) {
        unknown.push(`-${letter}`);
        continue;
      }
      const rest = arg.slice(2);
      const raw = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
      set(name, specs[name]!, `-${letter}`, raw, next);
      continue;
    }
    input.push(arg);
  }
  if (unknown.length) throw new SqlrevError({ message: `unknown option ${unknown.join(', ')}`, hint });
  return { input, flags };
}
