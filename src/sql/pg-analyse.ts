/**
 * PostgreSQL raw SQL through libpg_query, PostgreSQL's own parser (WASM).
 * The whole text is parsed first; when that fails, it is split into
 * statements the way psql splits them and each is parsed on its own, so one
 * bad statement neither hides the others' syntax errors nor their DDL.
 */
import type { Node, RawStmt } from 'libpg-query';
import { bookkeepingNames, isBookkeeping } from './bookkeeping.js';
import type { StatementDraft, SyntaxErrorDraft } from './draft.js';
import { tokenize, type Lexed, type Token } from './lexer.js';
import { postgresqlLex } from './lex-rules.js';
import { classifyPg, pgTargetTable } from './pg-classify.js';
import { PgNameSpace } from './pg-default-names.js';
import { asNode, qualifiedName, stringList } from './pg-nodes.js';
import { PgTranslator, type PgTranslateState } from './pg-to-ops.js';
import { postgresqlSplit, splitStatements } from './split.js';
import { tokenAt } from './token-spans.js';
import { BOOKKEEPING_KIND } from './types.js';
import { codePointsToChar, Utf8Offsets } from './utf8-offsets.js';

type LibPgQuery = typeof import('libpg-query');

/** A statement found by the parser, with the means to map its locations back into the text. */
interface ParsedStatement {
  readonly stmt: Node;
  readonly start: number;
  readonly end: number;
  readonly at: (location: number | undefined) => number | undefined;
}

export interface PgAnalysisParts {
  readonly lexed: Lexed;
  readonly drafts: StatementDraft[];
  readonly errors: SyntaxErrorDraft[];
}

interface SqlErrorLike { message: string; sqlDetails?: { cursorPosition?: number } }

/** Parse `unit` (the text at `unitStart` of the whole text) into statements, or report its syntax error. */
async function parseUnit(
  pg: LibPgQuery, unit: string, unitStart: number,
): Promise<{ statements: ParsedStatement[] } | { error: SyntaxErrorDraft }> {
  let result;
  try {
    result = await pg.parse(unit);
  } catch (e) {
    const err = e as SqlErrorLike;
    const cursor = err.sqlDetails?.cursorPosition ?? 0;
    return { error: { offset: unitStart + codePointsToChar(unit, cursor), message: err.message } };
  }
  const bytes = new Utf8Offsets(unit);
  const at = (location: number | undefined) => (location === undefined || location < 0 ? undefined : unitStart + bytes.toChar(location));
  const statements = (result.stmts ?? []).map((raw: RawStmt) => {
    const loc = raw.stmt_location ?? 0;
    const start = unitStart + bytes.toChar(loc);
    // stmt_len 0 means "to the end of the text".
    const end = raw.stmt_len ? unitStart + bytes.toChar(loc + raw.stmt_len) : unitStart + unit.length;
    return { stmt: raw.stmt as Node, start, end, at };
  });
  return { statements };
}

/** The tokens in [start, end), without the terminating `;`. */
function tokensIn(tokens: readonly Token[], start: number, end: number): Token[] {
  const out = tokens.slice(tokenAt(tokens, start), tokenAt(tokens, end));
  while (out.length && out[out.length - 1]!.kind === 'punct' && out[out.length - 1]!.text === ';') out.pop();
  return out;
}

/**
 * Parse statement by statement. After a syntax error, parsing resumes after
 * the first `;` at or past the error even when psql would not have split
 * there (a `;` inside an unclosed parenthesis), so an unbalanced statement
 * does not swallow the ones after it.
 */
async function parsePieces(
  pg: LibPgQuery, text: string, tokens: readonly Token[], parsed: ParsedStatement[], errors: SyntaxErrorDraft[],
): Promise<void> {
  let from = 0;
  while (from < tokens.length) {
    let resume: number | undefined;
    for (const piece of splitStatements(text, tokens.slice(from), postgresqlSplit)) {
      // With its `;`, so messages read as when the whole text is parsed ("at or near \";\"").
      const r = await parseUnit(pg, text.slice(piece.start, piece.terminatorEnd ?? piece.end), piece.start);
      if ('statements' in r) { parsed.push(...r.statements); continue; }
      errors.push(r.error);
      const semi = piece.tokens.findIndex((t) => t.kind === 'punct' && t.text === ';' && t.start >= r.error.offset);
      if (semi >= 0) {
        resume = tokenAt(tokens, piece.tokens[semi]!.end);
        break;
      }
    }
    if (resume === undefined) break;
    from = resume;
  }
}

export async function analysePostgresql(text: string, versionTables: readonly string[] | undefined): Promise<PgAnalysisParts> {
  const lexed = tokenize(text, postgresqlLex);
  const drafts: StatementDraft[] = [];
  const errors: SyntaxErrorDraft[] = [];
  if (lexed.tokens.length === 0) return { lexed, drafts, errors };
  // Lazily: only commands that read raw SQL load the WASM parser.
  const pg: LibPgQuery = await import('libpg-query');

  const parsed: ParsedStatement[] = [];
  const whole = await parseUnit(pg, text, 0);
  if ('statements' in whole) {
    parsed.push(...whole.statements);
  } else {
    await parsePieces(pg, text, lexed.tokens, parsed, errors);
  }

  const enums = new Set<string>();
  for (const p of parsed) {
    const e = asNode<{ typeName?: Node[] }>(p.stmt, 'CreateEnumStmt');
    if (e) enums.add(qualifiedName(stringList(e.typeName)));
  }
  const state: PgTranslateState = { names: new PgNameSpace(), enums, primaryKeys: new Map(), indexes: new Map() };
  const translator = new PgTranslator(state);
  const bookkeeping = bookkeepingNames(versionTables);

  for (const p of parsed) {
    const tokens = tokensIn(lexed.tokens, p.start, p.end);
    if (tokens.length === 0) continue;
    const start = tokens[0]!.start;
    const end = tokens[tokens.length - 1]!.end;
    const cls = classifyPg(p.stmt);
    if (isBookkeeping(pgTargetTable(p.stmt), bookkeeping)) {
      drafts.push({ start, end, kind: BOOKKEEPING_KIND, dml: false, ops: [], untranslated: [] });
      continue;
    }
    const t = translator.translate(p.stmt, { text, tokens, at: p.at, start });
    drafts.push({
      start, end, kind: cls.kind, dml: cls.dml, ops: t.ops, untranslated: t.untranslated,
      ...(cls.concurrently ? { concurrently: true } : {}),
      ...(cls.transactionControl ? { transactionControl: true } : {}),
      ...(cls.outsideTransaction ? { outsideTransaction: true } : {}),
      ...(t.ifExists ? { ifExists: true } : {}),
      ...(t.ifNotExists ? { ifNotExists: true } : {}),
      ...(t.usingIndex !== undefined ? { usingIndex: t.usingIndex } : {}),
    });
  }
  return { lexed, drafts, errors };
}
