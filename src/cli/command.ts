/**
 * A CLI command: its help, its flags (parsed by parse-args.ts), and a run function
 * that returns the exit code. Commands never call process.exit and never
 * print stacks; main.ts maps errors to exit codes in one place.
 */
import type { Io } from './io.js';

export type FlagSpec = {
  type: 'string' | 'boolean' | 'number';
  shortFlag?: string;
  isMultiple?: boolean;
};

export interface ParsedArgs {
  input: string[];
  flags: Record<string, unknown>;
}

export interface Command {
  readonly name: string;
  /** One line for `sqlrev --help`. */
  readonly summary: string;
  /** Full `sqlrev <name> --help` text: usage, flags, examples. */
  readonly help: string;
  readonly flags: Record<string, FlagSpec>;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export function str(flags: Record<string, unknown>, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function strs(flags: Record<string, unknown>, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}
