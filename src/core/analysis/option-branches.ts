import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { keyName, skipTransparent, type FunctionNode } from './nodes.js';
import { positiveOperands } from './positive-tests.js';

/** Branches of a function that a call cannot reach: guarded by an option the call does not pass. */

/**
 * `effect` runs only in `if (option ...)`, where `option` is a property of a parameter of `fn` (`fn({ history })`,
 * or `const { history } = options` of parameter `options`) that `call` passes as an object literal without it
 * (and without a spread): the branch cannot run for this call (trigger.dev's `executeQuery` without `history`).
 */
export function behindOptionNotPassed(file: FileContext, fn: FunctionNode, effect: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && parent !== fn; current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.IfStatement || parent.consequent !== current) continue;
    for (const operand of positiveOperands(parent.test)) {
      const option = parameterOption(file, fn, operand);
      const argument = option && call.arguments[option.index];
      const object = argument && skipTransparent(argument);
      if (
        option &&
        object?.type === AST_NODE_TYPES.ObjectExpression &&
        object.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed && keyName(property.key) !== option.key)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Which parameter (by index) and which of its properties a variable holds: `({ history })`, `const { history } = options`. */
function parameterOption(file: FileContext, fn: FunctionNode, identifier: TSESTree.Identifier): { index: number; key: string } | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition || variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  const keyOf = (pattern: TSESTree.Node): string | undefined => {
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    const property = pattern.properties.find(
      (candidate): candidate is TSESTree.Property =>
        candidate.type === AST_NODE_TYPES.Property &&
        !candidate.computed &&
        (candidate.value === definition.name ||
          // `{ history = false }`: left out, the option is still off; a truthy default turns it on.
          (candidate.value.type === AST_NODE_TYPES.AssignmentPattern && candidate.value.left === definition.name && isFalsyLiteral(candidate.value.right))),
    );
    return property && keyName(property.key);
  };
  if (definition.type === 'Parameter') {
    const index = fn.params.findIndex((param) => param.range[0] <= definition.name.range[0] && definition.name.range[1] <= param.range[1]);
    const key = index >= 0 ? keyOf(fn.params[index]!) : undefined;
    return key === undefined ? undefined : { index, key };
  }
  const init = definition.type === 'Variable' && definition.node.init ? skipTransparent(definition.node.init) : undefined;
  if (definition.type !== 'Variable' || init?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const source = ASTUtils.findVariable(file.sourceCode.getScope(init), init);
  const param = source?.defs.length === 1 && source.defs[0]!.type === 'Parameter' ? source.defs[0]!.name : undefined;
  const index = param ? fn.params.indexOf(param as TSESTree.Parameter) : -1;
  const key = index >= 0 && !source!.references.some((reference) => reference.isWrite() && !reference.init) ? keyOf(definition.node.id) : undefined;
  return key === undefined ? undefined : { index, key };
}

const isFalsyLiteral = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Literal && !node.value && !('regex' in node && node.regex)) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
