import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { propertyName, skipTransparent } from './nodes.js';

/** The current time: `new Date()`, `Date.now()`, `performance.now()`, and `.getTime()`/`.valueOf()` of one. */
export function isClockReading(node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.NewExpression) {
    return value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name === 'Date' && value.arguments.length === 0;
  }
  if (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length === 0 && value.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = value.callee.computed ? undefined : propertyName(value.callee);
    const object = skipTransparent(value.callee.object);
    if (method === 'now') return object.type === AST_NODE_TYPES.Identifier && (object.name === 'Date' || object.name === 'performance');
    if (method === 'getTime' || method === 'valueOf') return isClockReading(object);
  }
  return false;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=']);

const isTimeMethodCall = (call: TSESTree.Node, callee: TSESTree.Node): boolean =>
  call.type === AST_NODE_TYPES.CallExpression &&
  call.callee === callee &&
  call.arguments.length === 0 &&
  callee.type === AST_NODE_TYPES.MemberExpression &&
  !callee.computed &&
  (propertyName(callee) === 'getTime' || propertyName(callee) === 'valueOf');

/**
 * The comparison a read of a time stands in: `read < other` (`row.expiresAt < new Date()`,
 * `cooldownUntil.getTime() > Date.now()`), or its age compared with a duration (`Date.now() - cachedAt < TTL`,
 * `aged`, where `clock` is what the read is subtracted from). Undefined when the read is not compared.
 */
export function timeComparison(read: TSESTree.Node): { readonly other: TSESTree.Node; readonly aged?: TSESTree.Node } | undefined {
  let node: TSESTree.Node = read;
  let aged: TSESTree.Node | undefined;
  for (;;) {
    const parent = node.parent;
    if (!parent) return undefined;
    // `(row.expires as Date)`, `row.expires!`, `row?.expires`
    if (parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.ChainExpression) {
      node = parent;
      continue;
    }
    // `row.expires.getTime()`, or the read is already the member `row.expires.getTime` (field reads stop at the
    // outermost member)
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && parent.parent && isTimeMethodCall(parent.parent, parent)) {
      node = parent.parent;
      continue;
    }
    if (isTimeMethodCall(parent, node)) {
      node = parent;
      continue;
    }
    if (aged === undefined && parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '-' && parent.right === node) {
      aged = parent.left;
      node = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(parent.operator)) {
      return { other: parent.left === node ? parent.right : parent.left, ...(aged ? { aged } : {}) };
    }
    return undefined;
  }
}

/**
 * `row.expiresAt < new Date()`, `Date.now() > row.expires.getTime()`: the field is compared with the clock. What
 * decides is time passing, not a concurrent write; a writer that moves the deadline between is not the race
 * the rules look for.
 */
export function comparedWithClock(read: TSESTree.Node): boolean {
  const comparison = timeComparison(read);
  return comparison !== undefined && comparison.aged === undefined && isClockReading(comparison.other);
}
