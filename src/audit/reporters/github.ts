/**
 * `--format github`: GitHub Actions workflow commands, one per finding, so
 * the findings show as annotations on the pull request's files.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
 * Escaping follows the runner's own (actions/toolkit command.ts): in the
 * message `%`, CR and LF; in property values also `:` and `,`.
 */
import type { AuditResult } from '../engine.js';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: AuditResult): string {
  let out = '';
  for (const f of result.findings) {
    const title = f.dialect ? `${f.rule} (${f.dialect})` : f.rule;
    const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(title)}`;
    const text = f.help ? `${f.message}\nhelp: ${f.help}` : f.message;
    out += `::${f.severity} ${props}::${escapeData(text)}\n`;
  }
  return out;
}
