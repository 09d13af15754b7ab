/**
 * FigureColnameInternal (src/backend/parser/parse_target.c), as PostgreSQL
 * uses it to name an expression index key: a column's name, a function's
 * name, `expr` for anything else. Only the forms that matter for index
 * names are covered.
 */
import { asNode, nodeType, stringList } from './pg-nodes.js';

interface Named { name: string; strength: number }

const SVF: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

function figure(node: unknown): Named | undefined {
  switch (nodeType(node)) {
    case 'ColumnRef': {
      const fields = stringList(asNode<{ fields?: never[] }>(node, 'ColumnRef')?.fields);
      const last = fields[fields.length - 1];
      return last === undefined ? undefined : { name: last, strength: 2 };
    }
    case 'FuncCall': {
      const names = stringList(asNode<{ funcname?: never[] }>(node, 'FuncCall')?.funcname);
      const last = names[names.length - 1];
      return last === undefined ? undefined : { name: last, strength: 2 };
    }
    case 'A_Expr':
      return asNode<{ kind?: string }>(node, 'A_Expr')?.kind === 'AEXPR_NULLIF' ? { name: 'nullif', strength: 2 } : undefined;
    case 'TypeCast': {
      const tc = asNode<{ arg?: unknown; typeName?: { names?: never[] } }>(node, 'TypeCast')!;
      const inner = figure(tc.arg);
      if (inner && inner.strength > 1) return inner;
      const names = stringList(tc.typeName?.names);
      const last = names[names.length - 1];
      return last === undefined ? inner : { name: last, strength: 1 };
    }
    case 'CollateClause':
      return figure(asNode<{ arg?: unknown }>(node, 'CollateClause')?.arg);
    case 'CaseExpr': {
      const inner = figure(asNode<{ defresult?: unknown }>(node, 'CaseExpr')?.defresult);
      return inner && inner.strength > 1 ? inner : { name: 'case', strength: 1 };
    }
    case 'A_ArrayExpr': return { name: 'array', strength: 2 };
    case 'RowExpr': return { name: 'row', strength: 2 };
    case 'CoalesceExpr': return { name: 'coalesce', strength: 2 };
    case 'MinMaxExpr':
      return { name: asNode<{ op?: string }>(node, 'MinMaxExpr')?.op === 'IS_LEAST' ? 'least' : 'greatest', strength: 2 };
    case 'SQLValueFunction': {
      const op = asNode<{ op?: string }>(node, 'SQLValueFunction')?.op ?? '';
      const name = SVF[op];
      return name === undefined ? undefined : { name, strength: 2 };
    }
    default:
      return undefined;
  }
}

/** The name PostgreSQL derives for an index expression (`expr` when none). */
export function indexExpressionName(node: unknown): string {
  return figure(node)?.name ?? 'expr';
}

/** The distinct columns an expression references (for CHECK constraint names). */
export function referencedColumns(node: unknown): string[] {
  const out = new Set<string>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) { n.forEach(visit); return; }
    if (n === null || typeof n !== 'object') return;
    const cr = asNode<{ fields?: never[] }>(n, 'ColumnRef');
    if (cr) {
      const f = stringList(cr.fields);
      const last = f[f.length - 1];
      if (last !== undefined) out.add(last);
      return;
    }
    for (const v of Object.values(n as Record<string, unknown>)) visit(v);
  };
  visit(node);
  return [...out];
}
