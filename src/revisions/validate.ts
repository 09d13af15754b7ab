/**
 * Validates a revision document against schema.json and turns ajv's errors
 * into Diagnostics in plain words, each pointing at the offending value.
 *
 * The validator is ajv standalone code generated at build time
 * (scripts/build-validator.mjs), so no start of sqlrev compiles the schema.
 * schema.json itself is only read when there is something to report (for
 * "did you mean" and for hints taken from the schema's descriptions).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { validate as generatedValidate } from './generated/validate-revision.js';
import { formatJsonPath, pointerToPath } from './json-path.js';
import { didYouMean, nearest } from './nearest.js';
import type { JsonPath, SourceMap, SourcePosition } from './types.js';

/** More than this many problems in one file are summarised in one line. */
export const MAX_DIAGNOSTICS_PER_FILE = 5;

type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validateSchema = generatedValidate as unknown as ValidateFunction;

export interface ValidationTarget {
  /** The file, as shown to the user. */
  file: string;
  source: SourceMap;
}

/** Problems of one revision document; empty when it is valid. */
export function validateRevisionDocument(data: unknown, target: ValidationTarget): Diagnostic[] {
  if (validateSchema(data)) return [];
  const errors = validateSchema.errors ?? [];
  return capPerFile(explain(errors, data, target), target.file);
}

/** Sorts by position and keeps the first few, with a line saying how many more there are. */
export function capPerFile(list: Located[], file: string): Diagnostic[] {
  list.sort((a, b) => a.offset - b.offset);
  const shown: Diagnostic[] = list.slice(0, MAX_DIAGNOSTICS_PER_FILE).map((x) => x.diagnostic);
  const more = list.length - shown.length;
  if (more > 0) {
    shown.push({ file, message: `and ${more} more problem${more === 1 ? '' : 's'} in this file`, hint: 'fix the ones above and run again' });
  }
  return shown;
}

export interface Located {
  offset: number;
  diagnostic: Diagnostic;
}

// ---------------------------------------------------------------------------

interface Schema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  discriminator?: { propertyName: string };
  const?: unknown;
  enum?: unknown[];
  $defs?: Record<string, Schema>;
}

let cachedSchema: Schema | undefined;
function schemaJson(): Schema {
  return (cachedSchema ??= JSON.parse(readFileSync(join(packageRoot(), 'schema.json'), 'utf8')) as Schema);
}

function deref(s: Schema | undefined): Schema | undefined {
  const root = schemaJson();
  for (let i = 0; s?.$ref !== undefined && i < 16; i++) {
    const name = /^#\/\$defs\/(.+)$/.exec(s.$ref)?.[1];
    s = name === undefined ? undefined : root.$defs?.[name];
  }
  return s;
}

/** The op kinds the schema accepts, in its order. */
function opKinds(): string[] {
  const op = schemaJson().$defs?.op;
  return (op?.oneOf ?? []).map((s) => deref(s)?.properties?.op?.const).filter((k): k is string => typeof k === 'string');
}

/**
 * The schema that applies at `path` of `data`: follows properties, items and
 * additionalProperties, and picks an op's shape by its "op" field.
 * `described` is the nearest description on the way (a $ref's siblings first).
 */
function schemaAt(data: unknown, path: JsonPath): { schema?: Schema; described?: string } {
  let s: Schema | undefined = schemaJson();
  let node: unknown = data;
  let described: string | undefined = s.description;
  const step = (next: Schema | undefined): Schema | undefined => {
    described = next?.description ?? deref(next)?.description;
    return pick(deref(next), node);
  };
  s = pick(s, node);
  for (const seg of path) {
    if (!s) return {};
    let next: Schema | undefined;
    if (typeof seg === 'number') next = s.items;
    else next = s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
    s = step(next);
  }
  return { schema: s, described };
}

/** Resolves a discriminated oneOf to the branch named by the data's tag. */
function pick(s: Schema | undefined, node: unknown): Schema | undefined {
  if (!s?.discriminator || !s.oneOf || node === null || typeof node !== 'object') return s;
  const tag = (node as Record<string, unknown>)[s.discriminator.propertyName];
  for (const branch of s.oneOf) {
    const b = deref(branch);
    if (b?.properties?.[s.discriminator.propertyName]?.const === tag) return b;
  }
  return s;
}

// ---------------------------------------------------------------------------

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false',
  null: 'null', array: 'an array', object: 'an object',
};

const PATTERN_WORDS: Record<string, string> = {
  '^[A-Za-z0-9_]{1,32}$': 'must be 1 to 32 letters, digits or underscores',
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return TYPE_WORDS[typeof v] ?? typeof v;
}

function orList(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function quoteList(words: readonly string[]): string {
  return words.map((w) => JSON.stringify(w)).join(', ');
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** "The table to add the column to." -> "the table to add the column to" */
function asHint(description: string | undefined): string | undefined {
  if (!description) return undefined;
  return description.charAt(0).toLowerCase() + description.slice(1).replace(/\.$/, '');
}

/** The op kind when `path` is inside an op, for messages like `a createTable op needs ...`. */
function opKindAt(data: unknown, path: JsonPath): string | undefined {
  if (path.length < 2 || (path[0] !== 'upgrade' && path[0] !== 'downgrade') || typeof path[1] !== 'number') return undefined;
  const op = (valueAt(data, path.slice(0, 2)) as { op?: unknown } | undefined)?.op;
  return typeof op === 'string' && opKinds().includes(op) ? op : undefined;
}

function explain(errors: readonly ErrorObject[], data: unknown, target: ValidationTarget): Located[] {
  const out: Located[] = [];
  const seen = new Set<string>();
  const add = (path: JsonPath, position: SourcePosition, message: string, hint?: string): void => {
    const p = formatJsonPath(path);
    const key = `${p}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const diagnostic: Diagnostic = { file: target.file, line: position.line, column: position.column, message };
    if (p) diagnostic.path = p;
    if (hint) diagnostic.hint = hint;
    out.push({ offset: position.offset, diagnostic });
  };

  // Child errors that a parent error explains better are dropped.
  const skip = new Set<ErrorObject>();
  errors.forEach((e, i) => {
    if (e.keyword === 'anyOf') {
      for (const c of errors) {
        if (c !== e && c.instancePath.startsWith(e.instancePath) && c.schemaPath.startsWith(e.schemaPath + '/')) skip.add(c);
      }
    }
    if (e.keyword === 'propertyNames' && i > 0) {
      // ajv reports the failing name's own error (e.g. enum) just before.
      const prev = errors[i - 1]!;
      if (prev.instancePath === e.instancePath && prev.keyword !== 'propertyNames') skip.add(prev);
    }
    if (e.keyword === 'discriminator') {
      for (const c of errors) {
        if ((c.keyword === 'required' && c.instancePath === e.instancePath && c.params.missingProperty === e.params.tag)
          || (c.keyword === 'type' && c.instancePath === `${e.instancePath}/${e.params.tag}`)) skip.add(c);
      }
    }
  });

  // Missing required properties, grouped per object.
  const missing = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'required' && !skip.has(e)) {
      const list = missing.get(e.instancePath) ?? [];
      list.push(String(e.params.missingProperty));
      missing.set(e.instancePath, list);
    }
  }
  // An unknown property close to a missing one is the same typo: report it once.
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties' || skip.has(e)) continue;
    const path = pointerToPath(e.instancePath, data);
    const allowed = Object.keys(schemaAt(data, path).schema?.properties ?? {});
    const prop = String(e.params.additionalProperty);
    const list = missing.get(e.instancePath);
    const meant = list && nearest(prop, list);
    if (list && meant !== undefined) list.splice(list.indexOf(meant), 1);
    const hint = didYouMean(prop, meant !== undefined ? [meant] : allowed)
      ?? (allowed.length ? `allowed here: ${allowed.join(', ')}` : 'remove it');
    add([...path, prop], target.source.locateKey([...path, prop]), `unknown property ${JSON.stringify(prop)}`, hint);
  }
  for (const [pointer, props] of missing) {
    if (props.length === 0) continue;
    const path = pointerToPath(pointer, data);
    const kind = opKindAt(data, path);
    const required = schemaAt(data, path).schema?.required?.filter((r) => r !== 'op') ?? props;
    const what = kind && path.length === 2 ? `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind} op needs` : 'required here:';
    add(path, target.source.locate(path),
      `missing required propert${props.length === 1 ? 'y' : 'ies'} ${quoteList(props)}`,
      `${what} ${quoteList(required)}`);
  }

  for (const e of errors) {
    if (skip.has(e) || e.keyword === 'required' || e.keyword === 'additionalProperties') continue;
    const path = pointerToPath(e.instancePath, data);
    const value = valueAt(data, path);
    const at = target.source.locate(path);
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'type': {
        const types = Array.isArray(params.type) ? (params.type as string[]) : String(params.type).split(',');
        // For a choice of types, the shared definition explains the choice
        // ("a portable type ... or an object of dialect to native type");
        // for one type, the property's own description is more precise.
        const where = schemaAt(data, path);
        const hint = path.length === 0
          ? 'a revision is one JSON object: {"id": ..., "parent": ..., "message": ..., "upgrade": [...]}'
          : asHint(types.length > 1 ? where.schema?.description ?? where.described : where.described);
        const words = types.map((t) => (t === 'boolean' && types.length > 1 ? 'a boolean' : TYPE_WORDS[t] ?? t));
        add(path, at, `must be ${orList(words)}, not ${typeOf(value)}`, hint);
        break;
      }
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map(String);
        const near = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
        add(path, at, `must be one of ${quoteList(allowed)}`, near);
        break;
      }
      case 'const':
        add(path, at, `must be ${JSON.stringify(params.allowedValue)}`);
        break;
      case 'pattern': {
        const pattern = String(params.pattern);
        add(path, at, PATTERN_WORDS[pattern] ?? `must match the pattern ${pattern}`,
          path.length === 1 && path[0] === 'id' ? 'sqlrev new makes a 12-hex-digit id' : undefined);
        break;
      }
      case 'minLength':
      case 'minItems':
      case 'minProperties': {
        const limit = Number(params.limit);
        const unit = e.keyword === 'minLength' ? 'character' : e.keyword === 'minItems' ? 'item' : 'property';
        const message = limit === 1 ? 'must not be empty' : `must have at least ${limit} ${unit === 'property' ? 'properties' : unit + 's'}`;
        add(path, at, message, asHint(schemaAt(data, path).described));
        break;
      }
      case 'propertyNames': {
        const name = String(params.propertyName);
        const keyPath = [...path, name];
        const dialects = (schemaJson().$defs?.dialectName?.enum ?? []).map(String);
        add(keyPath, target.source.locateKey(keyPath), `unknown dialect ${JSON.stringify(name)}`,
          didYouMean(name, dialects) ?? `dialects are ${dialects.join(', ')}`);
        break;
      }
      case 'discriminator': {
        const tag = String(params.tag);
        const tagPath = [...path, tag];
        const kinds = opKinds();
        if (params.error === 'mapping') {
          const name = String(params.tagValue);
          add(tagPath, target.source.locate(tagPath), `unknown op ${JSON.stringify(name)}`,
            didYouMean(name, kinds) ?? `ops are ${kinds.join(', ')}`);
        } else if (params.tagValue === undefined) {
          add(path, at, `missing "${tag}"`, `each op names its kind, e.g. "${tag}": "createTable"; ops are ${kinds.join(', ')}`);
        } else {
          add(tagPath, target.source.locate(tagPath), `"${tag}" must be a string, not ${typeOf(params.tagValue)}`,
            `ops are ${kinds.join(', ')}`);
        }
        break;
      }
      case 'anyOf': {
        // Used by alterColumn: at least one change.
        const branches = (schemaAt(data, path).schema?.anyOf ?? []).flatMap((b) => b.required ?? []);
        const kind = opKindAt(data, path);
        add(path, at, kind ? `${kind} changes nothing` : 'none of the alternatives is given',
          `give at least one of ${quoteList(branches)}`);
        break;
      }
      case 'dependentRequired': {
        const prop = String(params.property);
        const need = String(params.missingProperty);
        const propPath = [...path, prop];
        add(propPath, target.source.locateKey(propPath), `${JSON.stringify(prop)} is given without ${JSON.stringify(need)}`,
          `add ${JSON.stringify(need)} or remove ${JSON.stringify(prop)}`);
        break;
      }
      default:
        add(path, at, e.message ?? `fails ${e.keyword}`);
    }
  }
  return out;
}
