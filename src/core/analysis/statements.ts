import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipTransparent } from './nodes.js';

/** Statement shapes the step analyses share. */

/** The call a statement awaits: `await x(...)`, `const y = await x(...)`. */
export function awaitedCall(statement: TSESTree.Statement): TSESTree.CallExpression | undefined {
  const expression =
    statement.type === AST_NODE_TYPES.ExpressionStatement
      ? statement.expression
      : statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1
        ? statement.declarations[0]!.init
        : null;
  const awaited = expression && skipTransparent(expression);
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
  const call = skipTransparent(awaited.argument);
  return call.type === AST_NODE_TYPES.CallExpression ? call : undefined;
}

/** The statement always returns or throws: the function does not go on after it (a `break` would). */
export function alwaysExitsStatement(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) return statement.body.some(alwaysExitsStatement);
  return false;
}
