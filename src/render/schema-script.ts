/**
 * `sqlrev schema`: the model at a revision as CREATE statements, rendered by
 * the same renderers as migrations (so what you see is what a migration
 * builds). Tables come in foreign-key order; keys in a cycle are added after.
 * Each table is preceded by the column types as the dialect will report them
 * back when they differ from what was declared (float -> double precision...).
 */
import type { Dialect } from '../dialects/dialect.js';
import { isUnsupported } from '../dialects/dialect.js';
import { recreateTable } from '../ops/drop-table.js';
import type { ApplyContext } from '../ops/definition.js';
import type { Op, OpKind } from '../ops/types.js';
import { replayOps } from '../model/replay.js';
import { MutableSchema } from '../model/state.js';
import type { SchemaState, TableModel } from '../model/types.js';
import { commentSafe } from './comment.js';
import { restoreName } from '../ops/support.js';

function fkOrder(state: SchemaState): { tables: TableModel[]; deferred: Set<string> } {
  const names = state.tableNames();
  const done = new Set<string>();
  const tables: TableModel[] = [];
  const deferred = new Set<string>(); // "table\0fk" keys added after every table
  let pending = names;
  while (pending.length) {
    const ready = pending.filter((n) => state.table(n)!.foreignKeys.every((f) => f.refTable === n || done.has(f.refTable)));
    const next = ready.length ? ready : [pending[0]!]; // a cycle: take the first, defer its open keys
    for (const n of next) {
      const t = state.table(n)!;
      for (const f of t.foreignKeys) if (f.refTable !== n && !done.has(f.refTable)) deferred.add(`${n}\u0000${f.name}`);
      tables.push(t);
      done.add(n);
    }
    pending = pending.filter((n) => !done.has(n));
  }
  return { tables, deferred };
}

/**
 * Types that are the same type spelled two ways (varchar / character
 * varying) are not worth a note; a note is for a real difference in what a
 * schema diff reads back (float -> double precision, BIGINT -> INTEGER).
 */
function spelling(type: string): string {
  return type.toLowerCase()
    .replace(/\bcharacter varying\b/g, 'varchar')
    .replace(/\bcharacter\b/g, 'char')
    .replace(/\btimestamp with time zone\b/g, 'timestamptz')
    .replace(/\btime with time zone\b/g, 'timetz')
    .replace(/ without time zone\b/g, '')
    .replace(/\s+/g, '');
}

export function schemaScript(state: SchemaState, dialect: Dialect, ctx: ApplyContext, title: string): string {
  const ops: Op[] = [];
  for (const n of state.enumNames()) ops.push({ op: 'createEnum', name: n, values: [...state.enumType(n)!.values] });
  for (const n of state.sequenceNames()) {
    const s = state.sequence(n)!;
    ops.push({ op: 'createSequence', name: n, ...(s.start !== undefined ? { start: s.start } : {}), ...(s.increment !== undefined ? { increment: s.increment } : {}) });
  }
  const { tables, deferred } = fkOrder(state);
  const later: Op[] = [];
  const notes = new Map<number, string>();
  for (const t of tables) {
    const keep = { ...t, foreignKeys: t.foreignKeys.filter((f) => !deferred.has(`${t.name}\u0000${f.name}`)) };
    const drift = t.columns
      .map((c) => ({ c, declared: dialect.typeSql(c.type, state), reported: dialect.reportedType(c.type, state) }))
      .filter((x) => spelling(x.declared) !== spelling(x.reported))
      .map((x) => `${x.c.name} ${x.declared} is reported as ${x.reported}`);
    if (drift.length) notes.set(ops.length, `${t.name}: ${drift.join('; ')}`);
    ops.push(...recreateTable(keep));
    for (const f of t.foreignKeys) {
      if (keep.foreignKeys.includes(f)) continue;
      later.push({
        op: 'addForeignKey', ...restoreName(f), table: t.name, columns: [...f.columns], references: { table: f.refTable, columns: [...f.refColumns] },
        ...(f.onDelete ? { onDelete: f.onDelete } : {}), ...(f.onUpdate ? { onUpdate: f.onUpdate } : {}),
      });
    }
  }
  ops.push(...later);
  const out: string[] = [`-- ${commentSafe(title)}`];
  replayOps(new MutableSchema(), ops, dialect.name, ctx, (step) => {
    const note = notes.get(step.index);
    if (note) out.push(`-- ${commentSafe(note)}`);
    const r = dialect.renderers[step.op.op as OpKind];
    if (isUnsupported(r)) {
      out.push(`-- ${commentSafe(`${step.op.op} ${'name' in step.op ? String(step.op.name) : ''}: not rendered for ${dialect.displayName} (${r.unsupported})`)}`);
      return;
    }
    const render = r as unknown as (op: Op, c: { dialect: Dialect; before: SchemaState; after: SchemaState }) => { sql: string }[];
    for (const s of render(step.op, { dialect, before: step.before, after: step.after })) out.push(`${s.sql};`);
  });
  return `${out.join('\n\n')}\n`;
}
