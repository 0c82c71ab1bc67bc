import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { FRESH_VALUE_CALLS } from '../catalogue/payments.js';
import type { FileContext } from '../file-context.js';
import { isOneOf, moduleExportOf } from '../recognize/bindings.js';
import { databaseCallOf } from '../recognize/database.js';
import { resolveProjectModule } from '../recognize/module-exports.js';
import { findNodes } from '../recognize/modules.js';
import { memberPath, rootIdentifier } from './member-paths.js';
import { keyName, propertyName, skipTransparent } from './nodes.js';

/**
 * Values new on every run (`nanoid()`, `Date.now()`, `new Date()`) and values the same on every attempt of one
 * request (its input, literals, rows read, package functions of them): what a retry repeats or does not.
 */

/** The call (as written) that makes `node` new on every run, followed through `const` variables. */
export function freshSource(file: FileContext, node: TSESTree.Node, depth: number): string | undefined {
  if (depth > 3) return undefined;
  const expression = skipTransparent(node);
  switch (expression.type) {
    case AST_NODE_TYPES.CallExpression: {
      if (isFreshCall(file, expression)) return file.sourceCode.getText(expression);
      const callee = skipTransparent(expression.callee);
      // `String(Date.now())`, `Date.now().toString()`, `randomUUID().slice(0, 8)`.
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const inner = freshSource(file, callee.object, depth + 1);
        if (inner) return inner;
      }
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String') {
        return expression.arguments[0] ? freshSource(file, expression.arguments[0], depth + 1) : undefined;
      }
      return undefined;
    }
    case AST_NODE_TYPES.NewExpression:
      return expression.callee.type === AST_NODE_TYPES.Identifier && expression.callee.name === 'Date' && expression.arguments.length === 0
        ? file.sourceCode.getText(expression)
        : undefined;
    case AST_NODE_TYPES.MemberExpression:
      return expression.object.type === AST_NODE_TYPES.NewExpression ? freshSource(file, expression.object, depth + 1) : undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      for (const part of expression.expressions) {
        const fresh = freshSource(file, part, depth + 1);
        if (fresh) return fresh;
      }
      return undefined;
    case AST_NODE_TYPES.BinaryExpression:
      return (
        (expression.left.type !== AST_NODE_TYPES.PrivateIdentifier ? freshSource(file, expression.left, depth + 1) : undefined) ??
        freshSource(file, expression.right, depth + 1)
      );
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
      const definition = variable?.defs[0];
      if (definition?.type !== 'Variable' || variable!.defs.length !== 1 || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
      return freshSource(file, definition.node.init, depth + 1);
    }
    default:
      return undefined;
  }
}

function isFreshCall(file: FileContext, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparent(call.callee);
  const path = memberPath(callee);
  if (path && FRESH_VALUE_CALLS.globals.some((global) => global.join('.') === path.join('.'))) {
    const root = path[0]!;
    const variable = callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(callee) : undefined;
    const shadowed = variable ? ASTUtils.findVariable(file.sourceCode.getScope(variable), variable)?.defs.length : 0;
    if (!shadowed || root === 'crypto') return true;
  }
  return isOneOf(moduleExportOf(file, callee), FRESH_VALUE_CALLS.exports);
}

/** Built from the input, literals, rows read and package functions only: the same on every attempt of one request. */
export function isStableValue(file: FileContext, node: TSESTree.Node, depth: number): boolean {
  if (depth > 3 || freshSource(file, node, 0)) return false;
  for (const call of [...findNodes(file, node, AST_NODE_TYPES.CallExpression), ...findNodes(file, node, AST_NODE_TYPES.NewExpression)]) {
    if (call.type === AST_NODE_TYPES.CallExpression && isPureConversion(file, call)) continue;
    // A row read from the database (`const org = await prisma.organization.findFirst(...)`): the same on a retry.
    if (call.type === AST_NODE_TYPES.CallExpression && isRowRead(file, call)) continue;
    const source = moduleExportOf(file, call.callee);
    // `new Date()`, an unknown call, or one of the application's modules (`./ids`, `@/lib/ids`, `~/utils`).
    if (call.type === AST_NODE_TYPES.NewExpression || !source || isApplicationModule(file, source.module)) return false;
  }
  for (const identifier of findNodes(file, node, AST_NODE_TYPES.Identifier)) {
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) continue;
    if (parent?.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.computed && !parent.shorthand) continue;
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    // A local computed before the create: read through its one value (`const slug = \`${slugify(title)}-${id}\``).
    if (definition?.type === 'Variable' && definition.node.id === definition.name && definition.node.init) {
      const writes = variable!.references.filter((reference) => reference.isWrite() && !reference.init);
      if (writes.length > 0 || !isStableValue(file, definition.node.init, depth + 1)) return false;
    }
  }
  return true;
}

/**
 * One of the application's modules (`./ids`, `@/lib/ids`, `~/utils`), or a package of its workspace
 * (`@openpanel/db`, resolved to a file of the project): its functions may add a random suffix.
 */
function isApplicationModule(file: FileContext, module: string): boolean {
  if (/^[./~#]|^@\//u.test(module)) return true;
  try {
    return resolveProjectModule(file, file.filename, module) !== undefined;
  } catch {
    return false; // Without TypeScript (optional) nothing resolves.
  }
}

/**
 * A database read: by the catalogue, or by Prisma's API shape (`client.model.findFirst({ where })`), which is
 * enough here since it only lets a value read from a row count as the same on a retry.
 */
export function isRowRead(file: FileContext, call: TSESTree.CallExpression): boolean {
  const effect = databaseCallOf(file, call, [])?.effect;
  if (effect === 'read' || effect === 'check') return true;
  const callee = skipTransparent(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  const args = call.arguments[0] && skipTransparent(call.arguments[0]);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    skipTransparent(callee.object).type === AST_NODE_TYPES.MemberExpression &&
    ['findFirst', 'findUnique', 'findFirstOrThrow', 'findUniqueOrThrow'].includes(method ?? '') &&
    args?.type === AST_NODE_TYPES.ObjectExpression &&
    args.properties.some((property) => property.type === AST_NODE_TYPES.Property && keyName(property.key) === 'where')
  );
}

/** `String(x)`, `Number(x)`, `x.trim()`, `x.toLowerCase()`: the same output for the same input. */
function isPureConversion(file: FileContext, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return ['String', 'Number'].includes(callee.name) && !ASTUtils.findVariable(file.sourceCode.getScope(callee), callee)?.defs.length;
  }
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return method !== undefined && ['trim', 'toLowerCase', 'toUpperCase', 'normalize', 'toString'].includes(method);
}
