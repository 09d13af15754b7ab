/**
 * Loads `.ts` revisions: `export default defineRevision({...})`.
 *
 * Imported by load.ts only when a `.ts` revision exists, so a project of
 * JSON revisions never pays for the module hooks or sucrase.
 */
import { statSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { REVISION_MARK, type TsHooksData } from './ts-hooks.js';

export type TsImport =
  | { ok: true; value: unknown }
  | { ok: false; message: string; hint: string; line?: number; column?: number };

let registered = false;

/** Whether the module hooks are in place (they are only once a .ts revision was loaded). */
export function hooksRegistered(): boolean {
  return registered;
}

function ensureHooks(): void {
  if (registered) return;
  registered = true;
  // `import ... from 'sqlrev'` in a revision gets the running sqlrev (so no
  // local install is needed), and only its revision-authoring module: the
  // package entry point would load the whole library (~100 ms) for the one
  // function a revision calls at run time. Types are erased anyway.
  const target = new URL('./define.js', import.meta.url);
  register<TsHooksData>(new URL('./ts-hooks.js', import.meta.url), { data: { sqlrevUrl: target.href } });
}

/** Imports a `.ts` revision file and returns its default export. */
export async function importTsRevision(absPath: string): Promise<TsImport> {
  // module.register exists from Node 20.6 (https://nodejs.org/api/module.html#moduleregisterspecifier-parenturl-options).
  if (typeof register !== 'function') {
    return { ok: false, message: `TypeScript revisions need Node 20.6 or later (this is ${process.version})`, hint: 'upgrade Node, or write the revision as JSON' };
  }
  ensureHooks();
  const base = pathToFileURL(absPath);
  // The modification time in the URL makes a changed file load anew in a
  // long-lived process (ES modules are cached by URL).
  const url = `${base.href}?${REVISION_MARK}=${Math.trunc(statSync(absPath).mtimeMs)}`;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    return failure(e, absPath, base.href);
  }
  if (mod.default === undefined) {
    return {
      ok: false,
      message: 'the file has no default export',
      hint: "write export default defineRevision({ id, parent, message, upgrade: [...] }) with defineRevision from 'sqlrev'",
    };
  }
  return { ok: true, value: mod.default };
}

function failure(e: unknown, absPath: string, fileUrl: string): TsImport {
  const err = e instanceof Error ? e : new Error(String(e));
  const clean = (s: string): string => s
    .replace(`Error transforming ${absPath}: `, '')
    .split(fileUrl).join('this file')
    .split(absPath).join('this file')
    .replace(new RegExp(`\\?${REVISION_MARK}=\\d+`, 'g'), '');
  const message = clean(err.message.split('\n')[0] ?? '');
  // Where in the file: sucrase's "(line:column)" for a syntax error, else
  // the line of the first stack frame in the file. sucrase keeps lines but
  // not columns (types are removed), so a runtime error gets column 1.
  const syntax = err.name === 'SyntaxError' ? /\((\d+):(\d+)\)\s*$/.exec(err.message) : null;
  const esc = fileUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = syntax ? null : new RegExp(`${esc}(?:\\?[^:\\s)]*)?:(\\d+):\\d+`).exec(err.stack ?? '');
  const pos = syntax ? { line: Number(syntax[1]), column: Number(syntax[2]) } : frame ? { line: Number(frame[1]), column: 1 } : {};
  const code = (err as { code?: string }).code;
  if (err.name === 'SyntaxError' || code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT') {
    return { ok: false, message: `cannot load this TypeScript revision: ${message}`, hint: 'fix the code so the file runs on its own', ...pos };
  }
  return {
    ok: false,
    message: `the revision threw while loading: ${err.name}: ${message}`,
    hint: 'a .ts revision runs when sqlrev loads it; it should only build and export its definition',
    ...pos,
  };
}
