/**
 * Checks the generated revision documents against the package's schema.json
 * (JSON Schema 2020-12), so the bench never times sqlrev rejecting its input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Chain } from './chain.js';
import { revisionDocument, revisionFileName } from './generate.js';

export interface SchemaCheck {
  status: 'valid' | 'invalid' | 'skipped';
  documents: number;
  /** Up to 5 problems, "<file>: <path> <message>". */
  problems: string[];
  note?: string;
}

export function validateChain(chain: Chain, root: string): SchemaCheck {
  const file = join(root, 'schema.json');
  if (!existsSync(file)) return { status: 'skipped', documents: 0, problems: [], note: 'schema.json not found' };
  let validate;
  try {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  } catch (e) {
    return { status: 'skipped', documents: 0, problems: [], note: `schema.json does not compile: ${(e as Error).message}` };
  }
  const problems: string[] = [];
  let bad = 0;
  for (const r of chain.revisions) {
    if (validate(revisionDocument(r))) continue;
    bad++;
    if (problems.length < 5) {
      const e = validate.errors?.[0];
      problems.push(`${revisionFileName(r)}: ${e?.instancePath || '/'} ${e?.message ?? 'invalid'}`);
    }
  }
  return { status: bad === 0 ? 'valid' : 'invalid', documents: chain.revisions.length, problems, ...(bad ? { note: `${bad} invalid` } : {}) };
}
