/**
 * Finds and validates sqlrev.config.json in the working directory. Every key
 * is optional; unknown keys and wrong types are one clear line each.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SqlrevError, type Diagnostic } from '../errors.js';
import { DEFAULT_NAMING, type NamingConvention } from '../model/naming.js';
import { DIALECT_NAMES, isDialectName } from '../dialects/registry.js';
import type { DialectName } from '../ops/types.js';
import { parseJsonWithSource } from '../revisions/json-source.js';
import type { SourceMap } from '../revisions/types.js';
import type { Config, Severity } from './types.js';

export const CONFIG_FILE = 'sqlrev.config.json';

const KEYS = ['$schema', 'revisions', 'out', 'templates', 'dialects', 'versionTable', 'tablePrefix', 'naming', 'deployed', 'audit', 'lockTimeout'];

export function defaultConfig(root: string): Config {
  return {
    root,
    revisions: 'revisions',
    out: 'out',
    dialects: ['postgresql', 'sqlite'],
    versionTable: 'sqlrev_version',
    tablePrefix: '',
    naming: DEFAULT_NAMING,
    deployed: 'base',
    audit: { rules: {}, failOn: 'error' },
  };
}

/** Where a top-level key sits in the file, for messages. */
function lineOf(source: SourceMap, key: string): { line: number; column: number } {
  const { line, column } = source.locateKey([key]);
  return { line, column };
}

export function loadConfig(cwd: string): Config {
  const path = join(cwd, CONFIG_FILE);
  const config = defaultConfig(cwd);
  if (!existsSync(path)) return config;
  const file = relative(cwd, path) || CONFIG_FILE;
  const text = readFileSync(path, 'utf8');
  // The same strict parser as revision files: positions, duplicate keys, trailing commas.
  const parsed = parseJsonWithSource(text);
  if (!parsed.ok) {
    const { message, position } = parsed.error;
    // The parser's hints speak of revision files; only keep those that fit a config.
    const hint = parsed.error.hint && !/revision/.test(parsed.error.hint) ? parsed.error.hint : 'fix the syntax';
    throw new SqlrevError({ file, line: position.line, column: position.column, message, hint });
  }
  const raw: unknown = parsed.value;
  const source = parsed.source;
  const problems: Diagnostic[] = [];
  const bad = (key: string, message: string, hint?: string) =>
    problems.push({ file, ...lineOf(source, key), path: key, message, ...(hint ? { hint } : {}) });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SqlrevError({ file, line: 1, column: 1, message: 'the config must be a JSON object' });
  }
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!KEYS.includes(k)) bad(k, `unknown key "${k}"`, `known keys: ${KEYS.slice(1).join(', ')}`);
  const str = (k: 'revisions' | 'out' | 'templates' | 'versionTable' | 'tablePrefix' | 'deployed' | 'lockTimeout') => {
    const v = obj[k];
    if (v === undefined) return;
    if (typeof v !== 'string' || (v === '' && k !== 'tablePrefix')) { bad(k, 'must be a non-empty string'); return; }
    (config as unknown as Record<string, unknown>)[k] = v;
  };
  (['revisions', 'out', 'templates', 'versionTable', 'tablePrefix', 'deployed', 'lockTimeout'] as const).forEach(str);
  if (obj.versionTable !== undefined && typeof obj.versionTable === 'string' && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(obj.versionTable)) {
    bad('versionTable', 'must be a plain identifier (letters, digits, _; at most 63)');
  }
  if (typeof obj.lockTimeout === 'string' && !/^\d+(ms|s|min|h)?$/.test(obj.lockTimeout)) {
    bad('lockTimeout', `"${obj.lockTimeout}" is not a duration`, 'write it like "5s", "500ms" or "1min"');
  }
  if (obj.dialects !== undefined) {
    if (!Array.isArray(obj.dialects) || obj.dialects.length === 0) {
      bad('dialects', 'must be a non-empty array', `choose from ${DIALECT_NAMES.join(', ')}`);
    } else {
      const list: DialectName[] = [];
      for (const d of obj.dialects) {
        if (typeof d !== 'string' || !isDialectName(d)) bad('dialects', `unknown dialect ${JSON.stringify(d)}`, `choose from ${DIALECT_NAMES.join(', ')}`);
        else if (!list.includes(d)) list.push(d);
      }
      config.dialects = list;
    }
  }
  if (obj.naming !== undefined) {
    if (typeof obj.naming !== 'object' || obj.naming === null || Array.isArray(obj.naming)) bad('naming', 'must be an object like {"ix": "ix_{table}_{columns}"}');
    else {
      const naming: NamingConvention = { ...DEFAULT_NAMING };
      for (const [k, v] of Object.entries(obj.naming)) {
        if (!(k in DEFAULT_NAMING)) bad('naming', `unknown naming key "${k}"`, 'known keys: pk, uq, fk, ix, ck');
        else if (typeof v !== 'string' || v === '') bad('naming', `naming.${k} must be a non-empty string`);
        else naming[k as keyof NamingConvention] = v;
      }
      config.naming = naming;
    }
  }
  if (obj.audit !== undefined) {
    const a = obj.audit as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) bad('audit', 'must be an object with "rules" and "failOn"');
    else {
      for (const k of Object.keys(a)) if (k !== 'rules' && k !== 'failOn') bad('audit', `unknown key "audit.${k}"`, 'known keys: rules, failOn');
      if (a.failOn !== undefined) {
        if (a.failOn !== 'error' && a.failOn !== 'warning') bad('audit', 'audit.failOn must be "error" or "warning"');
        else config.audit.failOn = a.failOn;
      }
      if (a.rules !== undefined) {
        if (typeof a.rules !== 'object' || a.rules === null || Array.isArray(a.rules)) bad('audit', 'audit.rules must be an object of rule id -> "error" | "warning" | "off"');
        else {
          for (const [id, sev] of Object.entries(a.rules as Record<string, unknown>)) {
            if (sev !== 'error' && sev !== 'warning' && sev !== 'off') bad('audit', `audit.rules.${id} must be "error", "warning" or "off"`);
            else config.audit.rules[id] = sev as Severity;
          }
        }
      }
    }
  }
  if (problems.length) throw new SqlrevError(problems);
  return { ...config, file };
}
