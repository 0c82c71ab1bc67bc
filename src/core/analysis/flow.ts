import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { awaitedParent, alwaysExits, contains, enclosingFunction, isFunction, propertyName, transparentParent } from './nodes.js';

/**
 * How the result of a check reaches decisions: the expression itself, the variables it is stored in, or the
 * parameters of its callback.
 */
export function resultUses(file: FileContext, check: TSESTree.CallExpression): TSESTree.Node[] {
  const uses: TSESTree.Node[] = [];
  const { node: value, parent } = awaitedParent(check);
  uses.push(value);
  const target =
    parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value
      ? parent.id
      : parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.operator === '='
        ? parent.left
        : undefined;
  if (target) uses.push(...readsOfPattern(file, target));
  const callback = check.arguments[check.arguments.length - 1];
  if (callback && isFunction(callback)) for (const param of callback.params) uses.push(...readsOfPattern(file, param));
  return uses;
}

/** Later reads of every variable bound by a declaration or assignment pattern. */
function readsOfPattern(file: FileContext, pattern: TSESTree.Node): TSESTree.Node[] {
  const reads: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = ASTUtils.findVariable(file.sourceCode.getScope(node), node);
        for (const reference of variable?.references ?? []) {
          if (reference.isRead() && reference.identifier.range[0] > node.range[1]) reads.push(reference.identifier);
        }
        break;
      }
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of node.properties) visit(property.type === AST_NODE_TYPES.Property ? property.value : property.argument);
        break;
      case AST_NODE_TYPES.ArrayPattern:
        for (const element of node.elements) if (element) visit(element);
        break;
      case AST_NODE_TYPES.AssignmentPattern:
        visit(node.left);
        break;
      case AST_NODE_TYPES.RestElement:
        visit(node.argument);
        break;
      default:
        break;
    }
  };
  visit(pattern);
  return reads;
}

/**
 * True when the outcome of `check` decides whether `act` runs: `act` sits in a branch chosen by the check's
 * result (`if`, `?:`, `&&`/`||`), after an early exit taken on it, in a `.then`/`.catch` of the check, or,
 * for checks that throw when the resource is missing (`access`, `stat`), after the check in the same `try`
 * block or in its `catch`. A check whose result only feeds a message or a log decides nothing.
 */
export function checkControls(
  file: FileContext,
  check: TSESTree.CallExpression,
  act: TSESTree.Node,
  options: { readonly throwsWhenMissing: boolean },
): boolean {
  for (const use of resultUses(file, check)) {
    if (decisionControls(use, act)) return true;
  }
  if (promiseHandlerContains(check, act)) return true;
  return options.throwsWhenMissing && tryControls(check, act);
}

/** Walks up from a use of the result through operators that keep it a condition, to the branch it picks. */
function decisionControls(use: TSESTree.Node, act: TSESTree.Node): boolean {
  let current: TSESTree.Node = use;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
        if (parent.test !== current) return false;
        if (contains(parent.consequent, act) || (parent.alternate && contains(parent.alternate, act))) return true;
        return exitsBefore(parent, act);
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test !== current) return false;
        return contains(parent.consequent, act) || contains(parent.alternate, act);
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.left === current && contains(parent.right, act)) return true;
        continue; // `a && check` is still a condition of whatever contains it
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator !== '!') return false;
        continue;
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        continue;
      case AST_NODE_TYPES.MemberExpression:
        // `stats.size`, `stats.isFile()`: a property of the result is still the result
        if (parent.object !== current) return false;
        continue;
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee !== current) return false;
        continue;
      default:
        return false;
    }
  }
  return false;
}

/** `if (cond) return;` (or throw) and then `act` later in the same block, in the same function. */
function exitsBefore(ifStatement: TSESTree.IfStatement, act: TSESTree.Node): boolean {
  const exits = alwaysExits(ifStatement.consequent) || (ifStatement.alternate !== null && alwaysExits(ifStatement.alternate));
  const block = ifStatement.parent;
  return (
    exits &&
    act.range[0] > ifStatement.range[1] &&
    contains(block, act) &&
    enclosingFunction(act) === enclosingFunction(ifStatement)
  );
}

/** `check(p).then(() => act)` or `.catch(() => act)`. */
function promiseHandlerContains(check: TSESTree.CallExpression, act: TSESTree.Node): boolean {
  const { parent } = transparentParent(check);
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== transparentParent(check).node) return false;
  const name = propertyName(parent);
  const call = parent.parent;
  return (
    (name === 'then' || name === 'catch') &&
    call?.type === AST_NODE_TYPES.CallExpression &&
    call.arguments.some((handler) => isFunction(handler) && contains(handler, act))
  );
}

/**
 * A throwing check as a statement of a `try` block: what follows it in the block runs only when the resource
 * exists, and the `catch` (or what follows an exiting `catch`) runs only when it does not.
 */
function tryControls(check: TSESTree.CallExpression, act: TSESTree.Node): boolean {
  let statement: TSESTree.Node = check;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (isFunction(statement.parent)) return false;
    statement = statement.parent;
  }
  const block = statement.parent;
  const tryStatement = block?.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement || tryStatement?.type !== AST_NODE_TYPES.TryStatement || tryStatement.block !== block) {
    return false;
  }
  if (contains(block, act) && act.range[0] > statement.range[1]) return true;
  const handler = tryStatement.handler;
  if (!handler) return false;
  if (contains(handler.body, act)) return true;
  return alwaysExits(handler.body) && act.range[0] > tryStatement.range[1] && contains(tryStatement.parent, act);
}
