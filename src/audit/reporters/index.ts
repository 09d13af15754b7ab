/**
 * The reporters, by `--format` name.
 */
import { assertNever } from '../../ops/types.js';
import type { AuditResult } from '../engine.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatText, type TextOptions } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(x: string): x is Format {
  return (FORMATS as readonly string[]).includes(x);
}

export type FormatOptions = TextOptions & SarifOptions;

export function formatFindings(result: AuditResult, format: Format, opts: FormatOptions = {}): string {
  switch (format) {
    case 'text': return formatText(result, opts);
    case 'json': return formatJson(result);
    case 'sarif': return formatSarif(result, opts);
    case 'github': return formatGithub(result);
    default: return assertNever(format, 'format');
  }
}
