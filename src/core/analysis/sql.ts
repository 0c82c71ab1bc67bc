import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { skipTransparent } from './nodes.js';

/**
 * A light reading of one SQL statement: enough to know what it does to which table, whether it locks, and
 * which columns it assigns from which parameters. It never claims more than it parsed: anything it does not
 * understand is `other`, and rules stay silent on it.
 */
export interface SqlStatement {
  readonly kind: 'select' | 'insert' | 'update' | 'delete' | 'begin' | 'set-transaction' | 'commit' | 'rollback' | 'other';
  /** The table named after FROM / INTO / UPDATE, lower-cased, without schema quotes. */
  readonly table: string | undefined;
  /** `FOR UPDATE` / `FOR NO KEY UPDATE`: the rows read stay locked until the transaction ends. */
  readonly forUpdate: boolean;
  /** `INSERT ... ON CONFLICT` / `ON DUPLICATE KEY UPDATE`: the database resolves the race itself. */
  readonly onConflict: boolean;
  /** `BEGIN ISOLATION LEVEL ...` / `SET TRANSACTION ISOLATION LEVEL ...`, lower-cased. */
  readonly isolation: string | undefined;
  /** `SELECT count(*)` / `SELECT EXISTS`: a check rather than a read of values. */
  readonly aggregate: boolean;
  /** `pg_advisory_xact_lock(...)` / `pg_advisory_lock(...)`: a lock taken in SQL. */
  readonly advisoryLock: boolean;
  /** UPDATE's `SET column = expression` parts. */
  readonly assignments: readonly SqlAssignment[];
  /** The WHERE clause's text (empty when there is none). */
  readonly where: string;
  /** Parameters (`$1`) the WHERE clause uses. */
  readonly whereParams: readonly number[];
}

export interface SqlAssignment {
  readonly column: string;
  readonly expression: string;
  /** Offset of `expression` in the statement text. */
  readonly offset: number;
  /** The parameter number when the expression is exactly one parameter (`$2`). */
  readonly param: number | undefined;
}

const identifier = String.raw`"?([A-Za-z_][\w$]*)"?(?:\s*\.\s*"?([A-Za-z_][\w$]*)"?)?`;

export function parseSql(text: string): SqlStatement {
  const sql = text.trim();
  const lower = sql.toLowerCase();
  const keyword = /^\s*(\w+)/.exec(lower)?.[1];
  const base: SqlStatement = {
    kind: 'other',
    table: undefined,
    forUpdate: /\bfor\s+(?:no\s+key\s+)?update\b/.test(lower),
    onConflict: /\bon\s+conflict\b|\bon\s+duplicate\s+key\s+update\b/.test(lower),
    isolation: /\bisolation\s+level\s+(serializable|repeatable\s+read|read\s+committed|read\s+uncommitted)/.exec(lower)?.[1]?.replace(/\s+/g, ' '),
    aggregate: /^\s*select\s+(?:count\s*\(|exists\s*\()/.test(lower),
    advisoryLock: /\bpg_(?:try_)?advisory(?:_xact)?_lock\s*\(/.test(lower),
    assignments: [],
    where: whereClause(sql),
    whereParams: [],
  };
  const withParams = { ...base, whereParams: [...base.where.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])) };
  const tableAfter = (pattern: string): string | undefined => {
    const match = new RegExp(`\\b${pattern}\\s+${identifier}`, 'i').exec(sql);
    return (match?.[2] ?? match?.[1])?.toLowerCase();
  };
  switch (keyword) {
    case 'select':
      return { ...withParams, kind: 'select', table: tableAfter('from') };
    case 'insert':
      return { ...withParams, kind: 'insert', table: tableAfter('into') };
    case 'update':
      return { ...withParams, kind: 'update', table: tableAfter('update'), assignments: assignmentsOf(sql) };
    case 'delete':
      return { ...withParams, kind: 'delete', table: tableAfter('from') };
    case 'begin':
    case 'start':
      return { ...withParams, kind: 'begin' };
    case 'set':
      return { ...withParams, kind: /^\s*set\s+(?:session\s+characteristics\s+as\s+)?transaction\b/.test(lower) ? 'set-transaction' : 'other' };
    case 'commit':
    case 'end':
      return { ...withParams, kind: 'commit' };
    case 'rollback':
      return { ...withParams, kind: 'rollback' };
    default:
      return withParams;
  }
}

function whereClause(sql: string): string {
  const match = /\bwhere\b([\s\S]*?)(?:\breturning\b|\border\s+by\b|\blimit\b|\bfor\s+(?:no\s+key\s+)?update\b|\bfor\s+share\b|;|$)/i.exec(sql);
  return match?.[1]?.trim() ?? '';
}

/** `SET a = $1, b = b + 1` → each column with its expression and where that expression starts. */
function assignmentsOf(sql: string): SqlAssignment[] {
  const set = /\bset\b/i.exec(sql);
  if (!set) return [];
  const start = set.index + set[0].length;
  const end = /\b(?:where|returning|from)\b/i.exec(sql.slice(start));
  const clause = sql.slice(start, end ? start + end.index : sql.length);
  const out: SqlAssignment[] = [];
  let depth = 0;
  let partStart = 0;
  const parts: { text: string; offset: number }[] = [];
  for (let i = 0; i <= clause.length; i++) {
    const char = clause[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if ((char === ',' && depth === 0) || i === clause.length) {
      parts.push({ text: clause.slice(partStart, i), offset: start + partStart });
      partStart = i + 1;
    }
  }
  for (const part of parts) {
    const match = /^(\s*)"?([A-Za-z_][\w$]*)"?\s*=\s*/.exec(part.text);
    if (!match) continue;
    const expression = part.text.slice(match[0].length).trimEnd();
    const param = /^\$(\d+)$/.exec(expression)?.[1];
    out.push({ column: match[2]!.toLowerCase(), expression, offset: part.offset + match[0].length, param: param === undefined ? undefined : Number(param) });
  }
  return out;
}

/** SQL text found in source, and how to map an offset in the text back to the source. */
export interface SqlText {
  readonly text: string;
  readonly node: TSESTree.Node;
  /** Source position of a text offset, when the literal has no escapes or interpolations (else undefined). */
  readonly sourceOffset: ((offset: number) => number) | undefined;
}

/**
 * The SQL of a string literal, a template literal (interpolations read as `$?`), or a `const` bound to one.
 * Strings built at run time from unknown parts give undefined.
 */
export function sqlTextOf(file: FileContext, node: TSESTree.Node | undefined, depth = 0): SqlText | undefined {
  if (!node || depth > 2) return undefined;
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') {
    const raw = file.sourceCode.getText(value).slice(1, -1);
    const start = value.range[0] + 1;
    return { text: value.value, node: value, sourceOffset: raw === value.value ? (offset) => start + offset : undefined };
  }
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    const text = value.quasis.map((quasi) => quasi.value.cooked ?? '').join('$?');
    const only = value.quasis.length === 1 ? value.quasis[0] : undefined;
    const start = value.range[0] + 1;
    return { text, node: value, sourceOffset: only && only.value.raw === only.value.cooked ? (offset) => start + offset : undefined };
  }
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    // `query({ text: '...', values: [...] })`
    for (const property of value.properties) {
      if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'text') {
        return sqlTextOf(file, property.value, depth + 1);
      }
    }
    return undefined;
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init) {
      return sqlTextOf(file, definition.node.init, depth + 1);
    }
  }
  return undefined;
}
