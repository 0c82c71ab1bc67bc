import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import type { ModuleLibrary } from '../catalogue/model.js';
import { findModuleCalls } from '../recognize/modules.js';
import { keyName, propertyName, skipTransparent } from './nodes.js';

/** `path` functions are pure: two calls with the same arguments name the same file. */
const PATH_FUNCTIONS = { effect: 'read', resourceArgs: [], form: 'sync' } as const;
const pathLibrary: ModuleLibrary = {
  id: 'path',
  modules: ['path', 'node:path', 'path/posix', 'node:path/posix'],
  exports: {
    join: PATH_FUNCTIONS,
    resolve: PATH_FUNCTIONS,
    normalize: PATH_FUNCTIONS,
    dirname: PATH_FUNCTIONS,
    basename: PATH_FUNCTIONS,
    relative: PATH_FUNCTIONS,
    posix: { join: PATH_FUNCTIONS, resolve: PATH_FUNCTIONS, normalize: PATH_FUNCTIONS },
  },
};
const pathLibraries: readonly ModuleLibrary[] = [pathLibrary];

/**
 * True when expressions `a` (earlier) and `b` (later) name the same resource: the same constant, the same
 * variable not reassigned between them, the same property path, or structurally equal template literals,
 * concatenations and `path.join(...)`-like pure calls over such parts. Anything else (a call to an unknown
 * function, `Date.now()`) is assumed to differ: a miss costs less than a false report.
 */
export function sameResource(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const between: readonly [number, number] = [Math.min(a.range[1], b.range[1]), Math.max(a.range[0], b.range[0])];
  return equal(file, skipTransparent(a), skipTransparent(b), between);
}

function equal(file: FileContext, a: TSESTree.Node, b: TSESTree.Node, between: readonly [number, number]): boolean {
  a = skipTransparent(a);
  b = skipTransparent(b);
  const aValue = constantString(file, a);
  if (aValue !== undefined) return aValue === constantString(file, b);
  if (a.type !== b.type) return false;
  switch (a.type) {
    case AST_NODE_TYPES.Identifier:
      return sameStableVariable(file, a, b as TSESTree.Identifier, between);
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression: {
      const other = b as TSESTree.MemberExpression;
      const name = propertyName(a);
      const sameProperty =
        name !== undefined ? name === propertyName(other) : a.computed && other.computed && equal(file, a.property, other.property, between);
      return sameProperty && equal(file, a.object, other.object, between) && !assignedBetween(file, a, between);
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      const other = b as TSESTree.TemplateLiteral;
      return (
        a.quasis.length === other.quasis.length &&
        a.quasis.every((quasi, i) => quasi.value.cooked === other.quasis[i]!.value.cooked) &&
        a.expressions.every((expression, i) => equal(file, expression, other.expressions[i]!, between))
      );
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const other = b as TSESTree.BinaryExpression;
      return a.operator === other.operator && equal(file, a.left, other.left, between) && equal(file, a.right, other.right, between);
    }
    case AST_NODE_TYPES.CallExpression: {
      const other = b as TSESTree.CallExpression;
      if (isNormalisation(a) && isNormalisation(other)) {
        return (
          propertyName(a.callee) === propertyName(other.callee) &&
          equal(file, a.callee.object, other.callee.object, between) &&
          a.arguments.length === other.arguments.length &&
          a.arguments.every((argument, i) => equal(file, argument, other.arguments[i]!, between))
        );
      }
      const pathCalls = findModuleCalls(file, 'path', pathLibraries);
      const first = pathCalls.get(a);
      const second = pathCalls.get(other);
      return (
        first !== undefined &&
        second !== undefined &&
        first.path.join('.') === second.path.join('.') &&
        a.arguments.length === other.arguments.length &&
        a.arguments.every((argument, i) => equal(file, argument, other.arguments[i]!, between))
      );
    }
    default:
      return false;
  }
}

/**
 * Two key values are the same value: as `sameResource` says, or as the same property path once a name
 * destructured from an object is written back as its path (`const { user } = session` makes `user.id` the
 * `session.user.id` a later create writes). Only names never reassigned count.
 */
export function sameKeyValue(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  if (sameResource(file, a, b)) return true;
  const path = accessPath(file, a, 0);
  return path !== undefined && path === accessPath(file, b, 0);
}

function accessPath(file: FileContext, node: TSESTree.Node, depth: number): string | undefined {
  const value = skipTransparent(node);
  if (depth > 4) return undefined;
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const name = value.computed ? undefined : propertyName(value);
    const object = name === undefined ? undefined : accessPath(file, value.object, depth + 1);
    return object === undefined ? undefined : `${object}.${name}`;
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition || variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  const pattern = definition.name.parent;
  const declarator = pattern?.parent;
  if (
    definition.type === 'Variable' &&
    pattern?.type === AST_NODE_TYPES.Property &&
    !pattern.computed &&
    pattern.value === definition.name &&
    declarator?.type === AST_NODE_TYPES.ObjectPattern &&
    declarator.parent === definition.node &&
    definition.node.init
  ) {
    const key = keyName(pattern.key);
    const object = key === undefined ? undefined : accessPath(file, definition.node.init, depth + 1);
    if (object !== undefined) return `${object}.${key}`;
  }
  return `${value.name}@${definition.name.range[0]}`;
}

/** String methods that return a new string computed from the receiver alone: the same call on the same value is the same key. */
const NORMALISATIONS = new Set(['toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd', 'normalize']);

const isNormalisation = (call: TSESTree.CallExpression): call is TSESTree.CallExpression & { callee: TSESTree.MemberExpression } =>
  call.callee.type === AST_NODE_TYPES.MemberExpression && NORMALISATIONS.has(propertyName(call.callee) ?? '');

function constantString(file: FileContext, node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' ? node.value : undefined;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(node), node);
    const definition = variable?.defs[0];
    if (
      variable?.defs.length === 1 &&
      definition?.type === 'Variable' &&
      definition.parent.kind === 'const' &&
      definition.node.id.type === AST_NODE_TYPES.Identifier &&
      definition.node.init
    ) {
      const init = skipTransparent(definition.node.init);
      if (init.type === AST_NODE_TYPES.Literal && typeof init.value === 'string') return init.value;
    }
  }
  return undefined;
}

/** The same binding, with no write to it between the two uses (a `let` reassigned in a loop differs). */
function sameStableVariable(
  file: FileContext,
  a: TSESTree.Identifier,
  b: TSESTree.Identifier,
  between: readonly [number, number],
): boolean {
  if (a.name !== b.name) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(a), a);
  if (!variable) return true; // an undeclared global: the same name is the same binding
  if (variable !== ASTUtils.findVariable(file.sourceCode.getScope(b), b)) return false;
  return !variable.references.some(
    (reference) =>
      reference.isWrite() &&
      !reference.init &&
      // a write between the two uses, or inside a function that may run between them
      ((reference.identifier.range[0] > between[0] && reference.identifier.range[0] < between[1]) ||
        reference.from.variableScope !== variable.scope.variableScope),
  );
}

/** An assignment to the same property path between the two uses (`opts.path = other`). */
function assignedBetween(file: FileContext, member: TSESTree.MemberExpression, between: readonly [number, number]): boolean {
  const text = file.sourceCode.getText(member);
  const slice = file.sourceCode.text.slice(between[0], between[1]);
  // A cheap textual test first; only then compare structurally.
  if (!slice.includes(text)) return false;
  const pattern = new RegExp(`${escapeRegExp(text)}\\s*(?:[-+*/%&|^]|\\?\\?|&&|\\|\\|)?=(?!=)`);
  return pattern.test(slice);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The resource expression as shown in a message: its source text, shortened. */
export function describeResource(file: FileContext, node: TSESTree.Node): string {
  const text = file.sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
