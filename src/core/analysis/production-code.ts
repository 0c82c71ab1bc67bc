import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { PRODUCTION_ENVIRONMENT } from '../catalogue/http.js';
import { memberPath } from './member-paths.js';
import { isFunction, skipTransparent } from './nodes.js';
import { alwaysExitsStatement } from './statements.js';

/** Code a production deployment never runs: behind a test of the environment that exits or skips in production. */

/**
 * Code that cannot run in production: after `if (process.env.NODE_ENV === 'production') throw ...` (or
 * `return`), or inside `if (process.env.NODE_ENV !== 'production')`. A development convenience (seeding test
 * data) that no production client retries.
 */
export function refusedInProduction(effect: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== current && holdsInProduction(parent.test) === (parent.alternate === current)) return true;
    if (parent.type !== AST_NODE_TYPES.BlockStatement) continue;
    for (const statement of parent.body) {
      if (statement.range[0] >= current.range[0]) break;
      if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && alwaysExitsStatement(statement.consequent) && holdsInProduction(statement.test) === true) return true;
    }
  }
  return false;
}

/** Whether a test of the environment (`process.env.NODE_ENV === 'production'`, `!==`) holds in production; undefined for any other test. */
function holdsInProduction(test: TSESTree.Node): boolean | undefined {
  const expression = skipTransparent(test);
  if (expression.type !== AST_NODE_TYPES.BinaryExpression || !['===', '==', '!==', '!='].includes(expression.operator)) return undefined;
  const isVariable = (node: TSESTree.Node): boolean => memberPath(node)?.join('.') === PRODUCTION_ENVIRONMENT.variable.join('.');
  const value = isVariable(expression.left) ? expression.right : expression.left.type !== AST_NODE_TYPES.PrivateIdentifier && isVariable(expression.right) ? expression.left : undefined;
  if (value?.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'string') return undefined;
  return (value.value === PRODUCTION_ENVIRONMENT.value) === (expression.operator === '===' || expression.operator === '==');
}
