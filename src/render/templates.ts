/**
 * The templates scripts are rendered with. Semantics are Handlebars' with
 * noEscape (HTML escaping would turn ' into &#x27; and corrupt SQL) and strict
 * (a misspelt field is an error, not an empty string). Templates receive
 * values already quoted by the dialect; quoting never happens here.
 *
 * The bundled templates are compiled to plain functions at build time
 * (scripts/build-templates.mjs -> generated/templates.ts), so a run that uses
 * only them never loads Handlebars. Config `templates` points at a directory
 * whose files override the bundled ones file by file (same relative names);
 * those, and any call a generated function declines (MISS), are rendered by
 * a private Handlebars instance, loaded on first need. Each template is
 * compiled at most once per run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SqlrevError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { BUILT_IN_TEMPLATES, MISS } from './generated/templates.js';

type Compiled = (context: unknown) => string;
type HandlebarsModule = typeof import('handlebars');

const builtIn = BUILT_IN_TEMPLATES as Record<string, { source: string; render: Compiled }>;

let handlebars: HandlebarsModule | undefined;
/** A private Handlebars instance (helpers registered by anything else in the process don't reach it). */
function loadHandlebars(): HandlebarsModule {
  // Handlebars is CommonJS: require() loads it synchronously, inside render().
  return (handlebars ??= (createRequire(import.meta.url)('handlebars') as HandlebarsModule).create() as unknown as HandlebarsModule);
}

export class Templates {
  private readonly cache = new Map<string, Compiled>();

  constructor(private readonly userDir?: string) {}

  /** `name` is relative to the templates directory, e.g. `postgresql/script.sql.hbs`. */
  render(name: string, context: unknown): string {
    let fn = this.cache.get(name);
    if (!fn) {
      fn = this.compile(name);
      this.cache.set(name, fn);
    }
    try {
      return fn(context);
    } catch (e) {
      if (e instanceof RangeError && /Invalid string length/.test(e.message)) {
        // Not the template's fault: the script is over the largest string V8 can hold (about 512 MB).
        throw new SqlrevError({ message: `the rendered script would be over 512 MB (${name})`, hint: 'look for a huge value in the revisions or the config (a 10 MB name repeated in every statement, say)' });
      }
      throw new SqlrevError({ file: this.pathOf(name), message: `template failed: ${(e as Error).message}`, hint: 'fix the template (fields available are those of the bundled template)' });
    }
  }

  /** Is `name` the bundled template (no user override)? Then its shape is known. */
  isBundled(name: string): boolean {
    return builtIn[name] !== undefined && this.userPath(name) === undefined;
  }

  private userPath(name: string): string | undefined {
    if (!this.userDir) return undefined;
    const p = join(this.userDir, name);
    return existsSync(p) ? p : undefined;
  }

  private pathOf(name: string): string {
    return this.userPath(name) ?? join(packageRoot(), 'templates', name);
  }

  private compile(name: string): Compiled {
    const user = this.userPath(name);
    const bundled = builtIn[name];
    if (user === undefined && bundled) {
      let slow: Compiled | undefined;
      return (ctx) => {
        try {
          return bundled.render(ctx);
        } catch (e) {
          if (e !== MISS) throw e;
          // A value the generated code does not handle: Handlebars decides, from the same source.
          return (slow ??= this.handlebars(bundled.source, this.pathOf(name)))(ctx);
        }
      };
    }
    const path = user ?? this.pathOf(name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new SqlrevError({ file: path, message: 'template not found', hint: 'restore it or point config "templates" at a directory that has it' });
    }
    return this.handlebars(text.replace(/\r\n/g, '\n'), path);
  }

  private handlebars(text: string, path: string): Compiled {
    try {
      const fn = loadHandlebars().compile(text, { noEscape: true, strict: true });
      return (ctx: unknown) => fn(ctx);
    } catch (e) {
      throw new SqlrevError({ file: path, message: `template does not compile: ${(e as Error).message.split('\n')[0]}` });
    }
  }
}
