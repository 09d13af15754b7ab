/**
 * `--format json`: CONTRACT section 5's object, plus each finding's `help`.
 * Keys in the contract's order; absent fields are left out, not null.
 */
import type { AuditResult } from '../engine.js';

export function formatJson(result: AuditResult): string {
  const findings = result.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    ...(f.revision !== undefined ? { revision: f.revision } : {}),
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.op !== undefined ? { op: f.op } : {}),
    ...(f.dialect !== undefined ? { dialect: f.dialect } : {}),
    message: f.message,
    ...(f.help !== undefined ? { help: f.help } : {}),
  }));
  return `${JSON.stringify({ findings, summary: { error: result.summary.error, warning: result.summary.warning } }, null, 2)}\n`;
}
