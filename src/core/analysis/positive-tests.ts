import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipTransparent } from './nodes.js';

/** What a test requires of a count: positive (`if (count > 0)`), or not (`if (!count) return`). */

/** The identifiers a test finds not positive: `!count`, `count === 0`, `count < 1`, `count <= 0`, `count !== 1`, through `||`. */
export function nonPositiveOperands(test: TSESTree.Node): TSESTree.Identifier[] {
  const expression = skipTransparent(test);
  if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator === '||') return [...nonPositiveOperands(expression.left), ...nonPositiveOperands(expression.right)];
  if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!' && expression.argument.type === AST_NODE_TYPES.Identifier) return [expression.argument];
  if (expression.type !== AST_NODE_TYPES.BinaryExpression || expression.right.type !== AST_NODE_TYPES.Literal || expression.left.type !== AST_NODE_TYPES.Identifier) return [];
  const bound = expression.right.value;
  const zero =
    ((expression.operator === '===' || expression.operator === '==') && bound === 0) ||
    (expression.operator === '<' && bound === 1) ||
    (expression.operator === '<=' && bound === 0) ||
    ((expression.operator === '!==' || expression.operator === '!=') && bound === 1);
  return zero ? [expression.left] : [];
}

/** The identifiers a test requires to be positive: `count`, `count > 0`, `count >= 1`, `count !== 0`, through `&&`. */
export function positiveOperands(test: TSESTree.Node): TSESTree.Identifier[] {
  const expression = skipTransparent(test);
  if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator === '&&') return [...positiveOperands(expression.left), ...positiveOperands(expression.right)];
  if (expression.type === AST_NODE_TYPES.Identifier) return [expression];
  if (expression.type !== AST_NODE_TYPES.BinaryExpression || expression.right.type !== AST_NODE_TYPES.Literal || expression.left.type !== AST_NODE_TYPES.Identifier) return [];
  const bound = expression.right.value;
  const positive =
    (expression.operator === '>' && bound === 0) ||
    (expression.operator === '>=' && bound === 1) ||
    ((expression.operator === '!==' || expression.operator === '!=') && bound === 0);
  return positive ? [expression.left] : [];
}
