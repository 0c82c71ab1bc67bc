import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export const isFunction = (node: TSESTree.Node): node is FunctionNode =>
  node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
  node.type === AST_NODE_TYPES.FunctionDeclaration ||
  node.type === AST_NODE_TYPES.FunctionExpression;

/** Strips what does not change a value at run time: `as`, `!`, `satisfies`, `<T>x`, optional chains. */
export function skipTransparent(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The nearest ancestor that is not a transparent wrapper: the node whose value `node` becomes. */
export function transparentParent(node: TSESTree.Node): { node: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      current.parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    current = current.parent;
  }
  return { node: current, parent: current.parent };
}

/** Like `transparentParent`, and through one `await`: the node whose value an (awaited) call becomes. */
export function awaitedParent(node: TSESTree.Node): { node: TSESTree.Node; parent: TSESTree.Node | undefined } {
  const found = transparentParent(node);
  return found.parent?.type === AST_NODE_TYPES.AwaitExpression ? transparentParent(found.parent) : found;
}

/** The innermost function containing `node`, or the Program for top-level code. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  let current = node.parent;
  while (current) {
    if (isFunction(current) || current.type === AST_NODE_TYPES.Program) return current;
    current = current.parent;
  }
  throw new Error('node is not attached to a Program');
}

export const isAncestor = (ancestor: TSESTree.Node, node: TSESTree.Node): boolean =>
  ancestor.range[0] <= node.range[0] && node.range[1] <= ancestor.range[1] && ancestor !== node;

export const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/** The callee's property name for `a.b()` / `a['b']()` / `b()`, when it is static. */
export function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return undefined;
}

/** The name of a non-computed key of a class member or object property: `prisma` of `prisma: PrismaService`. */
export const keyName = (key: TSESTree.Node): string | undefined =>
  key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.Literal ? String(key.value) : undefined;

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string') return member.property.value;
  if (member.property.type === AST_NODE_TYPES.TemplateLiteral && member.property.expressions.length === 0) {
    return member.property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** True when the statement can never complete normally: it always returns, throws, breaks or continues. */
export function alwaysExits(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some(alwaysExits);
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    default:
      return false;
  }
}

export type LoopNode = TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement;

const LOOP_TYPES: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

export const isLoop = (node: TSESTree.Node): node is LoopNode => LOOP_TYPES.has(node.type);
