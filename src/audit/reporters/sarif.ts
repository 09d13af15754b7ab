/**
 * `--format sarif`: SARIF 2.1.0
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
 * format GitHub code scanning uploads, so findings show on the revision
 * file's line in pull requests. Every rule that ran is listed with its
 * description, its doc page (helpUri, and the page itself as help.markdown)
 * and its configured level. Validated against the OASIS schema in
 * test/audit/reporters.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import type { AuditResult } from '../engine.js';

export interface SarifOptions {
  /** Tool version (default: package.json's). */
  readonly version?: string;
  /** Where the tool's home page is (default: package.json's homepage, else its npm page). */
  readonly informationUri?: string;
  /** Base URL under which `docs/rules/<id>.md` is served (default: the published package on unpkg). */
  readonly docsBaseUri?: string;
}

interface PackageInfo { version: string; homepage?: string }

function packageInfo(): PackageInfo {
  try {
    const pj = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string; homepage?: string };
    return { version: pj.version ?? '0.0.0', ...(pj.homepage ? { homepage: pj.homepage } : {}) };
  } catch {
    return { version: '0.0.0' };
  }
}

function docMarkdown(path: string): string | undefined {
  try {
    const file = join(packageRoot(), path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** A relative file path as a URI reference: forward slashes, each segment percent-encoded. */
export function fileUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map((s) => encodeURIComponent(s)).join('/');
}

export function formatSarif(result: AuditResult, opts: SarifOptions = {}): string {
  const pkg = packageInfo();
  const version = opts.version ?? pkg.version;
  const informationUri = opts.informationUri ?? pkg.homepage ?? 'https://www.npmjs.com/package/sqlrev';
  // The docs ship in the package ("files" in package.json), so the published
  // version's pages are at a stable address.
  const docsBase = (opts.docsBaseUri ?? `https://unpkg.com/sqlrev@${version}`).replace(/\/+$/, '');
  const rules = [...result.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  const used = new Set(result.findings.map((f) => f.rule));
  for (const id of used) {
    if (!rules.some((r) => r.meta.id === id)) throw new Error(`finding for rule ${id}, which did not run`);
  }
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  // Findings come sorted by file: encode each file's URI once, not per finding.
  let lastFile: string | undefined;
  let lastUri = '';
  const uriOf = (file: string): string => {
    if (file !== lastFile) {
      lastFile = file;
      lastUri = fileUri(file);
    }
    return lastUri;
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'sqlrev',
          version,
          semanticVersion: version,
          informationUri,
          rules: rules.map((r) => {
            const markdown = docMarkdown(r.meta.docs);
            return {
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)([a-z])/g, (_, _d: string, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.meta.description },
              fullDescription: { text: `${r.meta.description} (${r.meta.dialects === 'all' ? 'every dialect' : r.meta.dialects.join(', ')})` },
              helpUri: `${docsBase}/${r.meta.docs}`,
              ...(markdown ? { help: { text: `See ${docsBase}/${r.meta.docs}`, markdown } } : {}),
              defaultConfiguration: { level: r.severity },
              properties: { tags: ['migration', 'sql'], defaultSeverity: r.meta.defaultSeverity },
            };
          }),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: result.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule)!,
        level: f.severity,
        message: { text: f.help ? `${f.message}\nhelp: ${f.help}` : f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: uriOf(f.file) },
            region: { startLine: f.line, startColumn: f.column },
          },
        }],
        properties: {
          ...(f.revision !== undefined ? { revision: f.revision } : {}),
          ...(f.op !== undefined ? { op: f.op } : {}),
          ...(f.dialect !== undefined ? { dialect: f.dialect } : {}),
        },
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
