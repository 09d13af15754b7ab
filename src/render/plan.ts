/**
 * From compiled revisions to the views the script templates render: one
 * block per revision (guard, statements grouped into transaction segments,
 * version-table bookkeeping), and the script around the blocks.
 */
import type { Dialect, Statement } from '../dialects/dialect.js';
import type { Revision } from '../revisions/types.js';
import { commentSafe } from './comment.js';
import type { CompiledRevision, RenderedOp } from './compile.js';
import { isIrreversibleDowngrade } from './compile.js';
import { ScriptStream } from './script-stream.js';
import type { Templates } from './templates.js';
import {
  createVersionTable, downgradeBookkeeping, dropVersionTable, upgradeBookkeeping, type GraphLike, type Guard,
} from './version-table.js';

export interface ItemView { comment: string; sql: string }
export interface SegmentView { transactional: boolean; items: ItemView[] }
export interface BlockView {
  marker: string;
  foreignKeysOff: boolean;
  fkCheck: string;
  segments: SegmentView[];
}
export interface ScriptView {
  title: string;
  source: string;
  runHint: string;
  lockTimeout: string | null;
  createVersionTable: string | null;
  dropVersionTable: string | null;
  /** The blocks, already rendered (block.sql.hbs) and joined. */
  blocks: string;
}

export interface PlanContext {
  readonly dialect: Dialect;
  readonly graph: GraphLike;
  readonly versionTable: string;
  readonly templates: Templates;
  readonly lockTimeout?: string;
}

/** `upgrade[2] createIndex on t -- lock: ...`; commentSafe works character by character, so the op's part is made safe once for all its statements. */
function statementComment(head: string, s: Statement): string {
  const extra = s.lock ? (s.note ? `lock: ${s.lock}; ${s.note}` : `lock: ${s.lock}`) : (s.note ?? '');
  return extra ? `${head} -- ${commentSafe(extra)}` : head;
}

function guardItem(ctx: PlanContext, g: Guard): ItemView {
  return { comment: 'guard: stop unless the database is at the revision this block expects', sql: guardSql(ctx, g) };
}

function guardSql(ctx: PlanContext, g: Guard): string {
  // trimEnd, then one optional ';': a regex like /;?\s*$/ backtracks on every whitespace run.
  const text = ctx.templates.render(`${ctx.dialect.name}/guard.sql.hbs`, g).trimEnd();
  return text.endsWith(';') ? text.slice(0, -1).trimEnd() : text;
}

function marker(dir: 'upgrade' | 'downgrade', rev: Revision, from: string, to: string): string {
  // Same shape as Alembic's offline marker, so `sqlrev audit file.sql` and
  // people used to Alembic read it alike.
  return commentSafe(`Running ${dir} ${from} -> ${to}${rev.message ? ` (${rev.message})` : ''}, ${rev.file}`);
}

function segmentsOf(ctx: PlanContext, rev: Revision, items: { item: ItemView; transactional: boolean }[], guard: Guard, bookkeeping: string[]): SegmentView[] {
  const canWrap = ctx.dialect.transactionalDdl && rev.transactional;
  const segments: SegmentView[] = [];
  const push = (transactional: boolean, item: ItemView) => {
    const last = segments[segments.length - 1];
    // In a transactional revision, each statement that cannot run in a
    // transaction (CONCURRENTLY) stands alone between two transactions.
    if (last && last.transactional === transactional && (transactional || !canWrap)) last.items.push(item);
    else segments.push({ transactional, items: [item] });
  };
  push(canWrap && (items[0]?.transactional ?? true), guardItem(ctx, guard));
  for (const { item, transactional } of items) push(canWrap && transactional, item);
  const book = bookkeeping.map((sql) => ({ comment: 'version table', sql }));
  for (const b of book) push(canWrap, b);
  return segments;
}

function opItems(dir: 'upgrade' | 'downgrade', ops: readonly RenderedOp[], derived: boolean) {
  const out: { item: ItemView; transactional: boolean; fkOff: boolean }[] = [];
  for (const r of ops) {
    // commentSafe works character by character and the prefix is plain ASCII: the description is safe already (compile.ts).
    const head = `${derived ? `undo upgrade[${r.index}]` : `${dir}[${r.index}]`} ${r.description}`;
    for (const s of r.statements) {
      out.push({ item: { comment: statementComment(head, s), sql: s.sql }, transactional: s.transactional !== false, fkOff: s.needsForeignKeysOff === true });
    }
  }
  return out;
}

const fkChecks = new WeakMap<PlanContext, string>();

/** The same for every block of a dialect: rendered once per plan context. */
function fkCheck(ctx: PlanContext): string {
  let sql = fkChecks.get(ctx);
  if (sql === undefined) fkChecks.set(ctx, (sql = fkCheckSql(ctx)));
  return sql;
}

function fkCheckSql(ctx: PlanContext): string {
  return guardSql(ctx, {
    condition: 'NOT EXISTS (SELECT 1 FROM pragma_foreign_key_check)',
    message: ctx.dialect.quoteLiteral('sqlrev: the table rebuild left rows that reference missing parents (see PRAGMA foreign_key_check above)'),
    text: '',
  });
}

export function upgradeBlock(ctx: PlanContext, c: CompiledRevision): BlockView {
  const rev = c.revision;
  const bk = upgradeBookkeeping(ctx.graph, ctx.dialect, ctx.versionTable, rev.id);
  const items = opItems('upgrade', c.upgrade, false);
  const from = rev.parents.length ? rev.parents.join(', ') : '';
  return {
    marker: marker('upgrade', rev, from, rev.id),
    foreignKeysOff: items.some((i) => i.fkOff),
    fkCheck: fkCheck(ctx),
    segments: segmentsOf(ctx, rev, items, bk.guard, bk.statements),
  };
}

export function downgradeBlock(ctx: PlanContext, c: CompiledRevision): BlockView {
  const rev = c.revision;
  const to = rev.parents.length ? rev.parents.join(', ') : '';
  if (isIrreversibleDowngrade(c.downgrade)) {
    // Never a silent no-op: the block refuses to run, saying why.
    const text = `sqlrev: revision ${rev.id} cannot be downgraded: ${c.downgrade.reason}; ${c.downgrade.hint}`;
    const refuse: Guard = { condition: '1 = 0', message: ctx.dialect.quoteLiteral(text), text };
    return {
      marker: marker('downgrade', rev, rev.id, to),
      foreignKeysOff: false,
      fkCheck: fkCheck(ctx),
      segments: [{ transactional: false, items: [{ comment: commentSafe(`irreversible: upgrade[${c.downgrade.index}] -- ${c.downgrade.reason}`), sql: guardSql(ctx, refuse) }] }],
    };
  }
  const bk = downgradeBookkeeping(ctx.graph, ctx.dialect, ctx.versionTable, rev.id);
  const items = opItems('downgrade', c.downgrade, c.derived);
  return {
    marker: marker('downgrade', rev, rev.id, to),
    foreignKeysOff: items.some((i) => i.fkOff),
    fkCheck: fkCheck(ctx),
    segments: segmentsOf(ctx, rev, items, bk.guard, bk.statements),
  };
}

export interface ScriptOptions {
  title: string;
  source: string;
  /** The script's path as the user would pass it to the client. */
  path: string;
  createVersionTable: boolean;
  dropVersionTable: boolean;
}

/**
 * One revision block as text (templates/<dialect>/block.sql.hbs). Rendered
 * once per revision and reused by migration.sql, rollback.sql and the
 * per-revision files, so the views can be dropped right away.
 */
export function renderBlock(ctx: PlanContext, block: BlockView): string {
  return ctx.templates.render(`${ctx.dialect.name}/block.sql.hbs`, block);
}

function scriptView(ctx: PlanContext, body: string, o: ScriptOptions): ScriptView {
  return {
    title: commentSafe(o.title),
    source: commentSafe(o.source),
    runHint: commentSafe(runHint(ctx.dialect, o.path)),
    lockTimeout: ctx.lockTimeout ? ctx.dialect.quoteLiteral(ctx.lockTimeout) : null,
    createVersionTable: o.createVersionTable ? createVersionTable(ctx.dialect, ctx.versionTable) : null,
    dropVersionTable: o.dropVersionTable ? dropVersionTable(ctx.dialect, ctx.versionTable) : null,
    blocks: body,
  };
}

export function renderScript(ctx: PlanContext, blocks: readonly string[], o: ScriptOptions): string {
  let body = blocks.join('');
  if (body.endsWith('\n')) body = body.slice(0, -1);
  const text = ctx.templates.render(`${ctx.dialect.name}/script.sql.hbs`, scriptView(ctx, body, o));
  // Byte-stable output: exactly one final newline. Line endings are not
  // touched here: templates are read with \n endings (templates.ts), and a
  // \r\n in the SQL is inside a user's literal or name, where it is data.
  return `${trimTrailingNewlines(text)}\n`;
}

/** A stand-in for the blocks; NUL never reaches a script (names, literals and comments refuse or escape it). */
const BLOCKS = '\u0000sqlrev-blocks\u0000';

/**
 * renderScript as a stream (see script-stream.ts): the same bytes for the
 * blocks `block()` is then given. Only for the bundled script template, which
 * places {{{blocks}}} once and looks at it no other way; a user's template
 * might (`{{blocks.length}}`), so it gets undefined: use renderScript.
 */
export function streamScript(ctx: PlanContext, o: ScriptOptions, out: (chunk: string) => void): ScriptStream | undefined {
  const name = `${ctx.dialect.name}/script.sql.hbs`;
  if (!ctx.templates.isBundled(name)) return undefined;
  const text = ctx.templates.render(name, scriptView(ctx, BLOCKS, o));
  const at = text.indexOf(BLOCKS);
  if (at === -1 || text.indexOf(BLOCKS, at + 1) !== -1) return undefined;
  return new ScriptStream(out, text.slice(0, at), text.slice(at + BLOCKS.length));
}

/** text.replace(/\n+$/, ''), without a regex that retries at every newline of a 20 MB script. */
export function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length ? text : text.slice(0, end);
}

export function runHint(dialect: Dialect, path: string): string {
  return dialect.client.runScript.replace('"$@"', dialect.client.usage).replace('"$SQL_FILE"', path);
}
