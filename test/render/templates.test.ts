/**
 * The bundled templates run as functions generated at build time
 * (scripts/build-templates.mjs). They must be Handlebars, byte for byte: each
 * generated function is compared with Handlebars' own compile of the same
 * source on generated views, including the values it declines (MISS) and
 * hands back to Handlebars.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/package-root.js';
import { BUILT_IN_TEMPLATES, MISS } from '../../src/render/generated/templates.js';
import { Templates } from '../../src/render/templates.js';
import { SqlrevError } from '../../src/errors.js';
import { prng } from '../../bench/chain.js';

const root = packageRoot();
type Entry = { source: string; render: (c: unknown) => string };
const builtIn = BUILT_IN_TEMPLATES as Record<string, Entry>;
const hbs = Handlebars.create();

interface Generator {
  generateTemplatesSource(): string;
  compileTemplate(text: string): string;
  bundledTemplates(): [string, string][];
  OUTPUT: string;
}
const generator = (await import(pathToFileURL(join(root, 'scripts/build-templates.mjs')).href)) as Generator;

test('the generated module is up to date with templates/', () => {
  assert.ok(readFileSync(join(root, generator.OUTPUT), 'utf8') === generator.generateTemplatesSource(), `${generator.OUTPUT} is stale: run node scripts/build-templates.mjs`);
  assert.equal(Object.keys(builtIn).sort(), generator.bundledTemplates().map(([n]) => n).sort());
});

const ODD_TEXT = ['', 'x', "it's", '{{x}}', '$sqlrev$', 'a\nb', '\\', '\u2028', 'é', '   '];

/** A view for the fields a template names: strings, booleans, arrays of sub-views, and sometimes an awkward value. */
function makeView(rnd: () => number, awkward: boolean, depth = 0): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const text = () => pick(ODD_TEXT) + String(Math.floor(rnd() * 100));
  const odd = (): unknown => pick([null, undefined, 0, 1, 'false', [], ['a'], { a: 1 }, true, () => 'fn']);
  const v: Record<string, unknown> = {};
  for (const f of ['marker', 'comment', 'sql', 'condition', 'message', 'text', 'title', 'source', 'runHint', 'blocks', 'fkCheck', 'deployed', 'usage', 'name', 'runScript', 'dialectList']) {
    v[f] = awkward && rnd() < 0.05 ? odd() : text();
  }
  for (const f of ['transactional', 'foreignKeysOff']) v[f] = awkward && rnd() < 0.1 ? odd() : rnd() < 0.5;
  for (const f of ['lockTimeout', 'createVersionTable', 'dropVersionTable']) v[f] = rnd() < 0.4 ? null : awkward && rnd() < 0.1 ? odd() : text();
  for (const f of ['segments', 'items', 'dialects']) {
    if (depth >= 2) continue;
    const n = Math.floor(rnd() * 4);
    v[f] = Array.from({ length: n }, () => makeView(rnd, awkward, depth + 1));
  }
  if (awkward && rnd() < 0.05) delete v[pick(Object.keys(v))];
  return v;
}

const compiled = new Map<string, (view: unknown) => string>();
function viaHandlebars(source: string, view: unknown): string {
  let fn = compiled.get(source);
  if (!fn) compiled.set(source, (fn = hbs.compile(source, { noEscape: true, strict: true })));
  try {
    return fn(view);
  } catch (e) {
    return `ERROR ${(e as Error).message}`;
  }
}

function viaTemplates(t: Templates, name: string, view: unknown): string {
  try {
    return t.render(name, view);
  } catch (e) {
    assert.instance(e, SqlrevError);
    return `ERROR ${(e as SqlrevError).diagnostics[0]!.message.replace(/^template failed: /, '')}`;
  }
}

test('every bundled template renders what Handlebars renders, on 3,000 views each', () => {
  const warn = console.warn;
  const log = console.log;
  // Handlebars warns on the console about inherited properties; both sides are quiet here.
  console.warn = () => {};
  console.log = () => {};
  try {
    const templates = new Templates();
    let declined = 0;
    for (const [name, entry] of Object.entries(builtIn)) {
      const rnd = prng(name.length * 7919);
      for (let i = 0; i < 3000; i++) {
        const view = makeView(rnd, i % 3 === 0);
        let direct: string | typeof MISS;
        try {
          direct = entry.render(view);
        } catch (e) {
          if (e !== MISS) throw e;
          direct = MISS;
          declined++;
        }
        const expected = viaHandlebars(entry.source, view);
        if (direct !== MISS) assert.is(direct, expected, `${name}, view ${i}`);
        // Through the Templates class, declined calls go to Handlebars: same output, or the same error.
        assert.is(viaTemplates(templates, name, view), expected, `${name} via Templates, view ${i}`);
      }
    }
    // The awkward views must actually exercise the fallback.
    assert.ok(declined > 100, `only ${declined} calls were declined`);
  } finally {
    console.warn = warn;
    console.log = log;
  }
});

test('whitespace control: standalone block lines vanish exactly as in Handlebars', () => {
  const sources = [
    '{{#each xs}}\n  {{#if @first}}\nfirst\n  {{else}}\nother {{@index}}\n  {{/if}}\n{{#if @last}}last{{/if}}\n{{/each}}\n',
    '{{#each xs}}{{this}}{{else}}none{{/each}}',
    '{{#unless a}}no a{{else}}a={{a}}{{/unless}}\n',
    'x {{! a comment }}\n{{#each xs}}{{#each ../ys}}[{{this}}{{../../a}}]{{/each}}{{/each}}',
  ];
  const views = [{ xs: ['p', 'q', 'r'], ys: ['1', '2'], a: 'A' }, { xs: [], ys: [], a: '' }, { xs: ['only'], ys: ['z'], a: 'yes' }];
  for (const source of sources) {
    const fn = new Function('own', 'str', 'truthy', 'list', 'miss', `return ${generator.compileTemplate(source)};`)(
      (o: Record<string, unknown>, k: string) => { if (o !== null && typeof o === 'object' && Object.hasOwn(o, k)) return o[k]; throw MISS; },
      (v: unknown) => { if (typeof v === 'string') return v; throw MISS; },
      (v: unknown) => { if (typeof v === 'function' || v === undefined) throw MISS; return Array.isArray(v) ? v.length > 0 : !!v; },
      (v: unknown) => { if (Array.isArray(v)) return v; throw MISS; },
      () => { throw MISS; },
    ) as (c: unknown) => string;
    for (const view of views) assert.is(fn(view), viaHandlebars(source, view), `${JSON.stringify(source)} on ${JSON.stringify(view)}`);
  }
});

test('templates the generator cannot compile fail the build with the reason', () => {
  for (const [source, what] of [['{{lookup a b}}', 'helper call'], ['{{#with a}}x{{/with}}', '{{#with}}'], ['{{> partial}}', 'PartialStatement']] as const) {
    assert.throws(() => generator.compileTemplate(source), (e: Error) => e.message.includes(what));
  }
});

test.run();
