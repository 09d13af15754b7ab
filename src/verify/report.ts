/**
 * `sqlrev verify` output: a table per dialect for people (text), one JSON
 * object for CI (json). Both are deterministic: no timings, no paths that
 * depend on the machine.
 */
import type { DialectResult, Finding, Phase, RevisionResult, ScriptError, StepStatus, VerifyReport } from './run.js';

export type VerifyFormat = 'text' | 'json';
export const VERIFY_FORMATS: readonly VerifyFormat[] = ['text', 'json'];

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function status(s: StepStatus | 'not run' | undefined): string {
  switch (s) {
    case 'ok': return 'ok';
    case 'mismatch': return 'MISMATCH';
    case 'error': return 'ERROR';
    case 'not run': case undefined: return '-';
  }
}

const AFTER: Record<Phase, string> = { upgrade: 'after upgrade', downgrade: 'after downgrade', 'upgrade again': 'after upgrading again' };

function findingLine(f: Finding): string {
  return `${AFTER[f.phase]}: ${f.object}: expected ${f.expected}, actual ${f.actual}`;
}

function errorLine(e: ScriptError): string {
  return `${e.phase} script failed: ${e.message}${e.statement ? ` (at: ${e.statement})` : ''}`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
}

function dialectText(d: DialectResult): string[] {
  const again = d.revisions.some((r) => r.upgradeAgain !== undefined);
  const header = ['revision', 'up', 'down', ...(again ? ['up again'] : []), 'downgrade', ''];
  const rows = d.revisions.map((r: RevisionResult) => [
    r.id, status(r.upgrade), status(r.downgradeRun), ...(again ? [status(r.upgradeAgain)] : []), r.downgrade,
    r.message + (r.because.length && r.downgrade !== 'exact' ? ` (${r.because.join('; ')})` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const lines = [`${d.dialect} on ${d.engine}`, `  ${pad(header, widths)}`];
  d.revisions.forEach((r, i) => {
    lines.push(`  ${pad(rows[i]!, widths)}`);
    for (const e of r.errors) lines.push(`      ${errorLine(e)}`);
    for (const f of r.mismatches) lines.push(`      ${findingLine(f)}`);
  });
  if (d.stopped) lines.push(`  stopped at ${d.stopped.id} (${d.stopped.phase}): ${d.stopped.reason}`);
  const base = d.base === 'empty' ? 'empty (only the version table is left)' : d.base;
  lines.push(`  base: ${base}`);
  return lines;
}

export function formatVerifyText(report: VerifyReport): string {
  const lines: string[] = [];
  for (const d of Object.values(report.dialects)) lines.push(...dialectText(d), '');
  for (const s of report.skipped) lines.push(`${s.dialect}: not verified (${s.reason})`, '');
  const s = report.summary;
  const names = Object.keys(report.dialects);
  const problems = s.ok ? 'no mismatch, no error' : `${plural(s.mismatches, 'mismatch', 'mismatches')}, ${plural(s.errors, 'error')}`;
  lines.push(
    `verify ${s.ok ? 'passed' : 'FAILED'}: ${plural(s.revisions, 'revision')} on ${names.length ? names.join(', ') : 'no dialect'}: ${problems}; ` +
    `downgrades: ${s.exact} exact, ${s.structureOnly} structure-only, ${s.impossible} impossible`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatVerifyJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatVerify(report: VerifyReport, format: VerifyFormat): string {
  switch (format) {
    case 'text': return formatVerifyText(report);
    case 'json': return formatVerifyJson(report);
  }
}
