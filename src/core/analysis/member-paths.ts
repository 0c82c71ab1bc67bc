import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { propertyName, skipTransparent } from './nodes.js';

/** Dotted paths of member expressions: `process.env.NODE_ENV`, `crypto.randomUUID`. */

export function memberPath(node: TSESTree.Node): string[] | undefined {
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return [expression.name];
  if (expression.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(expression);
    const object = memberPath(expression.object);
    return name !== undefined && object ? [...object, name] : undefined;
  }
  return undefined;
}

export function rootIdentifier(member: TSESTree.MemberExpression): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = member;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTransparent(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}
