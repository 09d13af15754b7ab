/**
 * Test helpers for the auditor: Revision objects from plain documents (the
 * text is the pretty-printed JSON, with a real source map, so line/column
 * assertions mean what they say), a config, and a one-call audit.
 */
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { runAudit, type AuditInput, type AuditResult, type SqlFile } from '../../src/audit/engine.js';
import type { Finding } from '../../src/audit/finding.js';
import type { SqlAnalyzer } from '../../src/audit/sql-analysis.js';
import type { DialectName, Op } from '../../src/ops/types.js';
import { parseJsonWithSource } from '../../src/revisions/json-source.js';
import type { Revision, RevisionDocument } from '../../src/revisions/types.js';

export type Doc = Omit<RevisionDocument, 'parent' | 'message'> & { parent?: RevisionDocument['parent']; message?: string };

/** A Revision as the loader would make it from `text` (default: `doc` pretty-printed). */
export function revisionFrom(doc: Doc, opts: { file?: string; text?: string } = {}): Revision {
  const full: RevisionDocument = { message: doc.id, parent: null, ...doc } as RevisionDocument;
  const text = opts.text ?? `${JSON.stringify(full, null, 2)}\n`;
  const parsed = parseJsonWithSource(text);
  if (!parsed.ok) throw new Error(`test revision ${doc.id} is not JSON: ${parsed.error.message}`);
  const value = parsed.value as RevisionDocument;
  const slug = value.message.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
  const parents = value.parent === null ? [] : Array.isArray(value.parent) ? value.parent : [value.parent];
  return {
    id: value.id,
    parents,
    message: value.message,
    transactional: value.transactional ?? true,
    upgrade: value.upgrade,
    ...(value.downgrade !== undefined ? { downgrade: value.downgrade } : {}),
    file: opts.file ?? `revisions/${value.id}_${slug}.json`,
    stem: `${value.id}_${slug}`,
    slug,
    format: 'json',
    text,
    source: parsed.source,
  };
}

/** A chain of revisions: each document's parent defaults to the one before it. */
export function chain(...docs: Doc[]): Revision[] {
  return docs.map((d, i) => revisionFrom({ ...d, parent: d.parent !== undefined ? d.parent : i === 0 ? null : docs[i - 1]!.id }));
}

export function config(patch: Partial<Omit<Config, 'audit'>> & { rules?: Config['audit']['rules'] } = {}): Config {
  const { rules, ...rest } = patch;
  const c = defaultConfig('/tmp/sqlrev-audit-test');
  return { ...c, ...rest, audit: { rules: rules ?? {}, failOn: 'error' } };
}

export interface AuditOptions {
  dialects?: DialectName[];
  rules?: Config['audit']['rules'];
  sqlFiles?: SqlFile[];
  sqlDialect?: DialectName;
  analyzeSql?: SqlAnalyzer;
  heads?: string[];
}

export function audit(revisions: Revision[], opts: AuditOptions = {}): Promise<AuditResult> {
  const input: AuditInput = {
    config: config({ ...(opts.dialects ? { dialects: opts.dialects } : {}), ...(opts.rules ? { rules: opts.rules } : {}) }),
    revisions,
    ...(opts.sqlFiles ? { sqlFiles: opts.sqlFiles } : {}),
    ...(opts.sqlDialect ? { sqlDialect: opts.sqlDialect } : {}),
    ...(opts.analyzeSql ? { analyzeSql: opts.analyzeSql } : {}),
    ...(opts.heads ? { heads: opts.heads } : {}),
  };
  return runAudit(input);
}

/** Audit two revisions: `base` (creates what exists) then `ops` in a revision of their own. */
export async function auditOps(base: Op[], ops: Op[], opts: AuditOptions = {}): Promise<{ result: AuditResult; revisions: Revision[] }> {
  const revisions = chain(
    ...(base.length ? [{ id: 'r1base', upgrade: base }] : []),
    { id: 'r2change', upgrade: ops },
  );
  return { result: await audit(revisions, opts), revisions };
}

export function byRule(result: AuditResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

/** Exactly one finding of `rule` (fails listing every finding otherwise). */
export function one(result: AuditResult, rule: string): Finding {
  const list = byRule(result, rule);
  assert.equal(list.length, 1, `expected one ${rule} finding, got ${list.length}:\n${JSON.stringify(result.findings, null, 2)}`);
  return list[0]!;
}

export function none(result: AuditResult, rule: string): void {
  const list = byRule(result, rule);
  assert.equal(list.length, 0, `expected no ${rule} finding, got:\n${JSON.stringify(list, null, 2)}`);
}

/** 1-based line and column of the first occurrence of `needle` in the revision's text (after `from`). */
export function posOf(rev: Revision, needle: string, from = ''): { line: number; column: number } {
  const start = from ? rev.text.indexOf(from) : 0;
  assert.ok(start >= 0, `"${from}" not in ${rev.file}`);
  const i = rev.text.indexOf(needle, start);
  assert.ok(i >= 0, `"${needle}" not in ${rev.file}`);
  const before = rev.text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The position of upgrade op `index` (its opening brace). */
export function opPos(rev: Revision, index: number): { line: number; column: number } {
  const p = rev.source.locate(['upgrade', index]);
  return { line: p.line, column: p.column };
}

export const TASK: Op = {
  op: 'createTable',
  table: 'task',
  columns: [
    { name: 'id', type: 'bigint', primaryKey: true },
    { name: 'title', type: 'text', nullable: false },
    { name: 'note', type: 'text' },
  ],
};
