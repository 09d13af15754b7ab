/**
 * Every audit rule, and the rules a config turns on. A new rule is one file
 * in rules/, one line here, one page in docs/rules/ (test/audit/meta.test.ts
 * checks the three agree).
 */
import type { Config } from '../config/types.js';
import { SqlrevError } from '../errors.js';
import { didYouMean } from '../revisions/nearest.js';
import type { FindingSeverity } from './finding.js';
import type { Rule } from './rule.js';
import { addNotNullWithoutDefault } from './rules/add-not-null-without-default.js';
import { constraintNotValid } from './rules/constraint-not-valid.js';
import { dataMigration } from './rules/data-migration.js';
import { destructive } from './rules/destructive.js';
import { floatRealDrift } from './rules/float-real-drift.js';
import { identifierTooLong } from './rules/identifier-too-long.js';
import { indexNotConcurrent } from './rules/index-not-concurrent.js';
import { irreversibleDowngrade } from './rules/irreversible-downgrade.js';
import { lossyCast } from './rules/lossy-cast.js';
import { multipleHeads } from './rules/multiple-heads.js';
import { nonTransactional } from './rules/non-transactional.js';
import { rename } from './rules/rename.js';
import { setNotNull } from './rules/set-not-null.js';
import { sqlSyntax } from './rules/sql-syntax.js';
import { sqliteTableRebuild } from './rules/sqlite-table-rebuild.js';
import { suppression } from './rules/suppression.js';
import { tableRewrite } from './rules/table-rewrite.js';
import { uniqueConstraintLock } from './rules/unique-constraint-lock.js';
import { unknownReference } from './rules/unknown-reference.js';
import { unsafeCast } from './rules/unsafe-cast.js';
import { volatileDefault } from './rules/volatile-default.js';

/** Sorted by id. */
export const RULES: readonly Rule[] = [
  addNotNullWithoutDefault,
  constraintNotValid,
  dataMigration,
  destructive,
  floatRealDrift,
  identifierTooLong,
  indexNotConcurrent,
  irreversibleDowngrade,
  lossyCast,
  multipleHeads,
  nonTransactional,
  rename,
  setNotNull,
  sqlSyntax,
  sqliteTableRebuild,
  suppression,
  tableRewrite,
  uniqueConstraintLock,
  unknownReference,
  unsafeCast,
  volatileDefault,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

export interface EnabledRule {
  readonly rule: Rule;
  readonly severity: FindingSeverity;
}

/**
 * The rules `audit.rules` leaves on, with their severity (the default unless
 * the config sets one). An unknown rule id in the config is an error: a typo
 * there would silently keep a rule on (or off).
 */
export function enabledRules(config: Config): EnabledRule[] {
  const settings = config.audit.rules;
  const unknown = Object.keys(settings).filter((id) => !RULE_IDS.has(id));
  if (unknown.length) {
    throw new SqlrevError(unknown.map((id) => ({
      ...(config.file ? { file: config.file } : {}),
      path: `audit.rules.${id}`,
      message: `unknown audit rule "${id}"`,
      hint: didYouMean(id, RULE_IDS) ?? `known rules: ${[...RULE_IDS].join(', ')}`,
    })));
  }
  const out: EnabledRule[] = [];
  for (const rule of RULES) {
    const s = settings[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (s !== 'off') out.push({ rule, severity: s });
  }
  return out;
}
