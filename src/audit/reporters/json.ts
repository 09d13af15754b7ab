/**
 * `--format json`: CONTRACT section 5's object, plus each finding's `help`.
 * Keys in the contract's order; absent fields are left out, not null.
 */
import type { AuditResult } from '../engine.js';

export function formatJson(result: AuditResult): string {
  // JSON.stringify leaves out undefined values, so every finding can be one
  // literal of one shape (spreading the optional fields in made several
  // objects per finding, 27,000 findings at 10k revisions).
  const findings = result.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    revision: f.revision,
    file: f.file,
    line: f.line,
    column: f.column,
    op: f.op,
    dialect: f.dialect,
    message: f.message,
    help: f.help,
  }));
  return `${JSON.stringify({ findings, summary: { error: result.summary.error, warning: result.summary.warning } }, null, 2)}\n`;
}
