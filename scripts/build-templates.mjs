#!/usr/bin/env node
// Compiles the bundled Handlebars templates (templates/**/*.hbs) into plain
// JavaScript functions in src/render/generated/templates.ts, so that no run
// of sqlrev loads Handlebars for them.
//
// Why: loading Handlebars and compiling the templates cost ~40 ms of every
// start, and its runtime cost ~5 µs per block: at 10,000 revisions, render
// calls block and guard templates 80,000 times. The generated functions are
// string concatenation, about ten times faster.
//
// Exactness: the real Handlebars parser (with its whitespace control, which
// removes "standalone" block lines) produces the AST compiled here, and the
// functions implement only a subset whose meaning is simple: text, {{path}}
// and {{{path}}} (sqlrev renders with noEscape, so both are the same),
// #if / #unless / #each with {{else}}, ../ paths and @index/@first/@last/@key.
// A template using anything else fails the build. At run time a function
// throws MISS on any value outside the easy cases (a missing field, a
// non-string value in a mustache, a function, a sparse array...), and the
// caller then renders that call with real Handlebars from the same source,
// so output and errors are always Handlebars' own. test/render/templates.test.ts
// compares the two on generated views.
//
// Usage: node scripts/build-templates.mjs          (writes the file when it changed)
//        node scripts/build-templates.mjs --check  (exit 1 when the file is stale)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { updateGenerated } from './generated-file.mjs';
import Handlebars from 'handlebars';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = 'src/render/generated/templates.ts';

/** The bundled templates: name (relative to templates/, `/` separators) -> text with \n line ends. */
export function bundledTemplates(dir = join(root, 'templates')) {
  const out = [];
  (function walk(d) {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.hbs')) out.push([relative(dir, p).split(sep).join('/'), readFileSync(p, 'utf8').replace(/\r\n/g, '\n')]);
    }
  })(dir);
  return out;
}

class Unsupported extends Error {}

/** JavaScript source of `function (c0) { ... }` for one template, or throws Unsupported. */
export function compileTemplate(text) {
  const ast = Handlebars.parse(text);
  let vars = 0;
  const lines = [];
  const emit = (indent, line) => lines.push(`${'  '.repeat(indent)}${line}`);

  // scopes: the contexts `#each` pushed, innermost last; each knows its loop variables.
  const value = (path, scopes) => {
    if (path.type !== 'PathExpression') throw new Unsupported(`${path.type} as a value`);
    const scope = scopes[scopes.length - 1];
    if (path.data) {
      if (path.parts.length !== 1 || path.depth !== 0) throw new Unsupported(`@${path.original}`);
      const name = path.parts[0];
      if (!scope.loop) return { code: 'miss()', kind: 'data' };
      if (name === 'index' || name === 'key') return { code: scope.loop.i, kind: 'number' };
      if (name === 'first') return { code: `(${scope.loop.i} === 0)`, kind: 'boolean' };
      if (name === 'last') return { code: `(${scope.loop.i} === ${scope.loop.n} - 1)`, kind: 'boolean' };
      throw new Unsupported(`@${name}`);
    }
    const target = scopes.length - 1 - path.depth;
    if (target < 0) throw new Unsupported(`${path.original} above the root`);
    let code = scopes[target].ctx;
    for (const part of path.parts) code = `own(${code}, ${JSON.stringify(part)})`;
    return { code, kind: 'any' };
  };

  const mustache = (v) => {
    if (v.kind === 'number') return `"" + ${v.code}`;
    if (v.kind === 'boolean') return `(${v.code} ? "true" : "false")`;
    return `str(${v.code})`;
  };
  const condition = (v) => (v.kind === 'number' || v.kind === 'boolean' ? `!!${v.code}` : `truthy(${v.code})`);

  const program = (node, scopes, indent) => {
    for (const s of node.body) statement(s, scopes, indent);
  };

  const statement = (s, scopes, indent) => {
    switch (s.type) {
      case 'ContentStatement':
        if (s.value !== '') emit(indent, `o += ${JSON.stringify(s.value)};`);
        return;
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        if (s.params.length || s.hash) throw new Unsupported(`helper call {{${s.path.original} ...}}`);
        emit(indent, `o += ${mustache(value(s.path, scopes))};`);
        return;
      }
      case 'BlockStatement': {
        const helper = s.path.original;
        if (s.hash || s.params.length !== 1 || s.program.blockParams) throw new Unsupported(`{{#${helper}}} with these arguments`);
        const arg = value(s.params[0], scopes);
        if (helper === 'if' || helper === 'unless') {
          emit(indent, `if (${helper === 'unless' ? '!' : ''}${condition(arg)}) {`);
          program(s.program, scopes, indent + 1);
          if (s.inverse) {
            emit(indent, '} else {');
            program(s.inverse, scopes, indent + 1);
          }
          emit(indent, '}');
          return;
        }
        if (helper === 'each') {
          const k = ++vars;
          const a = `a${k}`, i = `i${k}`, n = `n${k}`, c = `c${k}`;
          const parent = scopes[scopes.length - 1].ctx;
          emit(indent, `const ${a} = list(${arg.code}), ${n} = ${a}.length;`);
          emit(indent, `for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
          // Handlebars skips holes and only enters a new depth when the item differs (loosely, `!=`) from its parent.
          emit(indent + 1, `if (!(${i} in ${a}) || ${a}[${i}] == ${parent}) miss();`);
          emit(indent + 1, `const ${c} = ${a}[${i}];`);
          program(s.program, [...scopes, { ctx: c, loop: { i, n } }], indent + 1);
          emit(indent, '}');
          if (s.inverse) {
            emit(indent, `if (${n} === 0) {`);
            program(s.inverse, scopes, indent + 1);
            emit(indent, '}');
          }
          return;
        }
        throw new Unsupported(`{{#${helper}}}`);
      }
      default:
        throw new Unsupported(s.type);
    }
  };

  program(ast, [{ ctx: 'c0' }], 2);
  return ['function (c0) {', '    let o = "";', ...lines, '    return o;', '  }'].join('\n');
}

/** The source of the generated module. */
export function generateTemplatesSource(templates = bundledTemplates()) {
  const entries = templates.map(([name, text]) => {
    let fn;
    try {
      fn = compileTemplate(text);
    } catch (e) {
      if (e instanceof Unsupported) throw new Error(`build-templates: templates/${name} uses ${e.message}, which scripts/build-templates.mjs does not compile; extend it`);
      throw e;
    }
    return `  ${JSON.stringify(name)}: {\n    source: ${JSON.stringify(text)},\n    render: ${fn.replace(/\n/g, '\n  ')},\n  },`;
  });
  return [
    '// @ts-nocheck',
    '// Generated by scripts/build-templates.mjs from templates/**/*.hbs. Do not edit:',
    '// change the templates and run `npm run build` (or `node scripts/build-templates.mjs`).',
    '',
    '/** Thrown when a value is outside what the generated code handles: render that call with Handlebars. */',
    'export const MISS = { miss: true };',
    'const hasOwn = Object.prototype.hasOwnProperty;',
    'function miss() { throw MISS; }',
    'function own(o, k) { if (o !== null && typeof o === "object" && hasOwn.call(o, k)) return o[k]; throw MISS; }',
    'function str(v) { if (typeof v === "string") return v; throw MISS; }',
    'function truthy(v) { if (typeof v === "function" || v === undefined) throw MISS; return Array.isArray(v) ? v.length > 0 : !!v; }',
    'function list(v) { if (Array.isArray(v)) return v; throw MISS; }',
    '',
    'export const BUILT_IN_TEMPLATES = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) updateGenerated(root, OUTPUT, generateTemplatesSource(), 'build-templates.mjs');
