/**
 * Node module hooks (node:module `register`, https://nodejs.org/api/module.html#customization-hooks)
 * that let `.ts` revisions load without a build step: they are transpiled
 * with sucrase (types removed, ES modules kept), and `import ... from 'sqlrev'`
 * in them resolves to the running sqlrev's define.js (defineRevision), even
 * when the project has no local install. Registered by ts-loader.ts only when a `.ts` revision
 * exists; the hooks run on Node's loader thread.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { InitializeHook, LoadHook, ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface TsHooksData {
  /** URL of the module `import 'sqlrev'` resolves to from a .ts file. */
  sqlrevUrl: string;
}

/** Query parameter ts-loader.ts puts on the URL of each revision file it imports. */
export const REVISION_MARK = 'sqlrev-revision';

let sqlrevUrl = '';

export const initialize: InitializeHook<TsHooksData> = (data) => {
  sqlrevUrl = data.sqlrevUrl;
};

function isTypeScript(url: string): boolean {
  if (!url.startsWith('file:')) return false;
  const { pathname } = new URL(url);
  return /\.m?ts$/.test(pathname) && !pathname.endsWith('.d.ts') && !pathname.includes('/node_modules/');
}

export const resolve: ResolveHook = async (specifier, context, next) => {
  const parent = context.parentURL;
  if (parent !== undefined && isTypeScript(parent)) {
    if (specifier === 'sqlrev') return { url: sqlrevUrl, format: 'module', shortCircuit: true };
    // TypeScript's NodeNext convention: `import './helpers.js'` names helpers.ts.
    if (/^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
      const js = new URL(specifier, parent);
      if (!existsSync(fileURLToPath(js))) {
        const ts = new URL(specifier.slice(0, -3) + '.ts', parent);
        if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
      }
    }
  }
  return next(specifier, context);
};

export const load: LoadHook = async (url, context, next) => {
  if (!isTypeScript(url)) return next(url, context);
  // Revision files are always transpiled here, so they behave the same on
  // every Node version. Other .ts files they import go to the next loader
  // first (a newer Node strips types itself, another hook may own them).
  if (!new URL(url).searchParams.has(REVISION_MARK)) {
    try {
      return await next(url, context);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    }
  }
  const path = fileURLToPath(url);
  const text = await readFile(path, 'utf8');
  // sucrase keeps line numbers, so stack traces point at the user's lines.
  const { transform } = await import('sucrase');
  const source = transform(text, { transforms: ['typescript'], filePath: path, disableESTransforms: true }).code;
  return { format: 'module', source, shortCircuit: true };
};
