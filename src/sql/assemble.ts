/**
 * Offsets inside, line/column at the edge: statement drafts, markers and
 * syntax errors become the SqlAnalysis with positions in the text, grouped
 * into one segment per revision marker.
 */
import { LineIndex } from '../revisions/line-index.js';
import type { StatementDraft, SyntaxErrorDraft } from './draft.js';
import type { LocatedMarker } from './markers.js';
import type { SqlAnalysis, SqlSegment, SqlStatement } from './types.js';

function statementsOf(text: string, d: StatementDraft, lines: LineIndex): SqlStatement[] {
  const pos = lines.position(d.start);
  const base: SqlStatement = {
    sql: text.slice(d.start, d.end),
    line: pos.line,
    column: pos.column,
    offset: d.start,
    endOffset: d.end,
    kind: d.kind,
    dml: d.dml,
    ...(d.concurrently ? { concurrently: true } : {}),
    ...(d.transactionControl ? { transactionControl: true } : {}),
    ...(d.outsideTransaction ? { outsideTransaction: true } : {}),
    ...(d.ifExists ? { ifExists: true } : {}),
    ...(d.ifNotExists ? { ifNotExists: true } : {}),
    ...(d.untranslated.length ? { untranslated: [...d.untranslated] } : {}),
    ...(d.usingIndex !== undefined ? { usingIndex: d.usingIndex } : {}),
  };
  if (d.ops.length === 0) return [base];
  if (d.ops.length === 1) {
    const o = d.ops[0]!;
    return [{ ...base, op: o.op, ...(o.usingIndex !== undefined ? { usingIndex: o.usingIndex } : {}) }];
  }
  return d.ops.map((o, index) => {
    const at = lines.position(o.at);
    const { ifExists: _e, ifNotExists: _n, ...rest } = base;
    return {
      ...rest,
      op: o.op,
      ...(o.ifExists ? { ifExists: true } : {}),
      ...(o.ifNotExists ? { ifNotExists: true } : {}),
      ...(o.usingIndex !== undefined ? { usingIndex: o.usingIndex } : {}),
      part: { index, count: d.ops.length, line: at.line, column: at.column, offset: o.at },
    };
  });
}

export function assemble(
  text: string, drafts: readonly StatementDraft[], markers: readonly LocatedMarker[], errors: readonly SyntaxErrorDraft[],
): SqlAnalysis {
  const lines = new LineIndex(text);
  const segments: SqlSegment[] = [{ statements: [] }];
  const sortedMarkers = [...markers].sort((a, b) => a.offset - b.offset);
  for (const m of sortedMarkers) {
    const p = lines.position(m.offset);
    segments.push({
      marker: {
        from: [...m.marker.from], to: [...m.marker.to], direction: m.marker.direction,
        line: p.line, column: p.column, offset: m.offset,
        ...(m.marker.message !== undefined ? { message: m.marker.message } : {}),
        ...(m.marker.file !== undefined ? { file: m.marker.file } : {}),
      },
      statements: [],
    });
  }
  // A statement belongs to the last marker before it.
  let seg = 0;
  for (const d of [...drafts].sort((a, b) => a.start - b.start)) {
    while (seg + 1 < segments.length && segments[seg + 1]!.marker!.offset < d.start) seg++;
    segments[seg]!.statements.push(...statementsOf(text, d, lines));
  }
  // The leading segment exists only when something precedes the first marker (or there is none).
  if (segments.length > 1 && segments[0]!.statements.length === 0) segments.shift();
  const syntaxErrors = [...errors].sort((a, b) => a.offset - b.offset).map((e) => {
    const p = lines.position(e.offset);
    return { line: p.line, column: p.column, offset: e.offset, message: e.message };
  });
  return { segments, syntaxErrors };
}
