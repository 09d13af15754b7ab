/** `--dialect D` (repeatable): defaults to the configured dialects; must be known and configured. */
import { SqlrevError } from '../errors.js';
import type { Config } from '../config/types.js';
import { DIALECTS, DIALECT_NAMES, isDialectName } from '../dialects/registry.js';
import type { Dialect } from '../dialects/dialect.js';

export function selectDialects(config: Config, requested: string[]): Dialect[] {
  if (requested.length === 0) return config.dialects.map((d) => DIALECTS[d]);
  const out: Dialect[] = [];
  for (const r of requested) {
    if (!isDialectName(r)) throw new SqlrevError({ message: `unknown dialect "${r}"`, hint: `choose from ${DIALECT_NAMES.join(', ')}` });
    if (!config.dialects.includes(r)) {
      throw new SqlrevError({ message: `dialect "${r}" is not configured`, hint: `add it to "dialects" in sqlrev.config.json (now: ${config.dialects.join(', ')})` });
    }
    if (!out.includes(DIALECTS[r])) out.push(DIALECTS[r]);
  }
  return out;
}

/** Commands that print one script need exactly one dialect. */
export function selectOneDialect(config: Config, requested: string[]): Dialect {
  const list = selectDialects(config, requested);
  if (list.length !== 1) {
    throw new SqlrevError(requested.length > 1
      ? { message: `this command prints one script, for one dialect (got --dialect ${list.map((d) => d.name).join(', ')})`, hint: 'give --dialect once' }
      : { message: `several dialects are configured (${config.dialects.join(', ')})`, hint: 'pick one with --dialect' });
  }
  return list[0]!;
}
