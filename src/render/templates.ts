/**
 * The Handlebars environment: a private instance with noEscape (HTML escaping
 * would turn ' into &#x27; and corrupt SQL) and strict (a misspelt field is an
 * error, not an empty string). Templates receive values already quoted by the
 * dialect; quoting never happens here. Each template is compiled once per run.
 * Config `templates` points at a directory whose files override the bundled
 * ones file by file (same relative names).
 */
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqlrevError } from '../errors.js';
import { packageRoot } from '../package-root.js';

type Compiled = (context: unknown) => string;

export class Templates {
  private readonly hbs = Handlebars.create();
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

  private pathOf(name: string): string {
    if (this.userDir) {
      const p = join(this.userDir, name);
      if (existsSync(p)) return p;
    }
    return join(packageRoot(), 'templates', name);
  }

  private compile(name: string): Compiled {
    const path = this.pathOf(name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new SqlrevError({ file: path, message: 'template not found', hint: 'restore it or point config "templates" at a directory that has it' });
    }
    try {
      const fn = this.hbs.compile(text.replace(/\r\n/g, '\n'), { noEscape: true, strict: true });
      return (ctx: unknown) => fn(ctx);
    } catch (e) {
      throw new SqlrevError({ file: path, message: `template does not compile: ${(e as Error).message.split('\n')[0]}` });
    }
  }
}
