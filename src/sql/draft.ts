/**
 * What a dialect's analyser finds in one statement, in offsets; assemble.ts
 * turns drafts into the SqlAnalysis the auditor reads.
 */
import type { Op } from '../ops/types.js';

export interface OpDraft {
  readonly op: Op;
  /** Offset of the subcommand (or the statement) the op comes from. */
  readonly at: number;
  readonly ifExists?: boolean;
  readonly ifNotExists?: boolean;
  readonly usingIndex?: string;
}

export interface StatementDraft {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
  readonly dml: boolean;
  readonly ops: readonly OpDraft[];
  readonly untranslated: readonly string[];
  readonly concurrently?: boolean;
  readonly transactionControl?: boolean;
  readonly outsideTransaction?: boolean;
  readonly ifExists?: boolean;
  readonly ifNotExists?: boolean;
  readonly usingIndex?: string;
}

export interface SyntaxErrorDraft {
  readonly offset: number;
  readonly message: string;
}

/** Collects ops and notes while one statement is translated. */
export class Translation {
  readonly ops: OpDraft[] = [];
  readonly untranslated: string[] = [];
  ifExists = false;
  ifNotExists = false;
  usingIndex: string | undefined;

  add(op: Op, at: number, flags: { ifExists?: boolean; ifNotExists?: boolean; usingIndex?: string } = {}): void {
    this.ops.push({
      op, at,
      ...(flags.ifExists ? { ifExists: true } : {}),
      ...(flags.ifNotExists ? { ifNotExists: true } : {}),
      ...(flags.usingIndex !== undefined ? { usingIndex: flags.usingIndex } : {}),
    });
  }

  note(what: string): void {
    if (!this.untranslated.includes(what)) this.untranslated.push(what);
  }
}
