import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { databaseLibraries } from '../catalogue/databases.js';
import type { FileContext } from '../file-context.js';
import { findNodes } from '../recognize/modules.js';
import { calleeOf, readableCalleeOf } from './callees.js';
import { constantValue } from './constant-values.js';
import { isFunction, isLoop, propertyName, skipTransparent } from './nodes.js';

/**
 * "A create whose failure on a unique key is handled": the call sits in a `try` whose `catch`, or before a
 * `.catch(handler)` (`.then(_, handler)`), tells a unique violation apart. The signs are the catalogue's, of
 * every library (the error is tested as caught, whatever threw it).
 */

const signs = databaseLibraries.flatMap((library) => (library.uniqueViolationSigns ? [library.uniqueViolationSigns] : []));
const CODES: ReadonlySet<string | number> = new Set(signs.flatMap((sign) => sign.codes));
/** Codes and message fragments a string holding one names the violation by (`'E11000 duplicate key error'`). */
const FRAGMENTS: readonly string[] = [...new Set(signs.flatMap((sign) => [...sign.codes.map(String), ...(sign.messages ?? [])]))];
const CLASSES: ReadonlySet<string> = new Set(signs.flatMap((sign) => sign.classes ?? []));

/** A value that names a unique violation: a code (`'P2002'`, `11000`), or a string holding a code or message fragment. */
export function namesUniqueViolation(value: unknown): boolean {
  if (typeof value === 'number') return CODES.has(value);
  return typeof value === 'string' && (CODES.has(value) || FRAGMENTS.some((fragment) => value.includes(fragment)));
}

/** The innermost `try` statement or `.catch(...)` call around `call`, in its function, that handles a unique violation. */
export function uniqueViolationHandler(file: FileContext, call: TSESTree.Node): TSESTree.TryStatement | TSESTree.CallExpression | undefined {
  for (let current: TSESTree.Node = call, parent: TSESTree.Node | undefined = call.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler && handlerTestsUniqueViolation(file, parent.handler.body)) return parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      const method = propertyName(parent);
      const handler = method === 'catch' ? parent.parent.arguments[0] : method === 'then' ? parent.parent.arguments[1] : undefined;
      if (handler && handlerTestsUniqueViolation(file, handlerFunction(file, handler) ?? handler)) return parent.parent;
    }
  }
  return undefined;
}

export const handlesUniqueViolation = (file: FileContext, call: TSESTree.Node): boolean => uniqueViolationHandler(file, call) !== undefined;

/** A handler passed by name (`.catch(ignoreDuplicate)`): the function of the file it names. */
function handlerFunction(file: FileContext, handler: TSESTree.Node): TSESTree.Node | undefined {
  const expression = skipTransparent(handler);
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression)?.defs[0];
  if (definition?.type === 'FunctionName') return definition.node;
  const init = definition?.type === 'Variable' ? definition.node.init : undefined;
  return init && isFunction(init) ? init : undefined;
}

/**
 * Code handling an error (a `catch` block, a `.catch` callback) that tells a unique violation apart: a violation
 * code or message anywhere in it (`error.code === 'P2002'`, `/duplicate key/`), an error class thrown only for
 * it (`instanceof UniqueConstraintError`), a constraint named in a test (`error.message.includes('unique_org_tag_name')`),
 * or a predicate called in a test whose body compares with a violation code (`isUniqueConstraintError(error)`,
 * in this file, in another file with types, or without types in a module of the application), through
 * constants and enum members.
 */
function handlerTestsUniqueViolation(file: FileContext, body: TSESTree.Node): boolean {
  const literals = findNodes(file, body, AST_NODE_TYPES.Literal);
  if (literals.some((literal) => namesUniqueViolation(literal.value) || ('regex' in literal && literal.regex !== undefined && namesUniqueViolation(literal.regex.pattern)))) return true;
  if (findNodes(file, body, AST_NODE_TYPES.TemplateElement).some((element) => namesUniqueViolation(element.value.cooked))) return true;
  if (findNodes(file, body, AST_NODE_TYPES.Identifier).some((identifier) => CLASSES.has(identifier.name))) return true;
  const tests = [
    ...findNodes(file, body, AST_NODE_TYPES.IfStatement).map((statement) => statement.test),
    ...findNodes(file, body, AST_NODE_TYPES.ConditionalExpression).map((expression) => expression.test),
  ];
  return tests.some(
    (test) =>
      findNodes(file, test, AST_NODE_TYPES.Literal).some((literal) => typeof literal.value === 'string' && /unique|duplicate/iu.test(literal.value)) ||
      findNodes(file, test, AST_NODE_TYPES.CallExpression).some((call) => isUniqueViolationPredicate(file, call, 0)),
  );
}

/**
 * A call of a function whose body compares with a unique violation code (`===`, or `!==` before an early
 * `return false`), directly or through another such call.
 */
function isUniqueViolationPredicate(file: FileContext, call: TSESTree.CallExpression, depth: number): boolean {
  if (depth > 1) return false;
  const callee = calleeOf(file, call);
  if (callee?.kind === 'remote') return file.types !== undefined && comparesWithUniqueCode(file.types, callee.declaration.body);
  const helper = readableCalleeOf(file, call);
  if (!helper) return false;
  const body = helper.function.body;
  const values = [
    ...findNodes(helper.file, body, AST_NODE_TYPES.BinaryExpression).flatMap((binary) => (['===', '==', '!==', '!='].includes(binary.operator) ? [binary.left, binary.right] : [])),
    ...findNodes(helper.file, body, AST_NODE_TYPES.CallExpression).flatMap((inner) => inner.arguments),
  ];
  return (
    values.some((value) => value.type !== AST_NODE_TYPES.PrivateIdentifier && CODES.has(constantValue(helper.file, value) as string | number)) ||
    findNodes(helper.file, body, AST_NODE_TYPES.CallExpression).some((inner) => isUniqueViolationPredicate(helper.file, inner, depth + 1))
  );
}

// Read when asked, not when the module loads: without the optional `typescript` package the plugin still loads.
const isEquality = (kind: ts.SyntaxKind): boolean =>
  kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
  kind === ts.SyntaxKind.EqualsEqualsToken ||
  kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
  kind === ts.SyntaxKind.ExclamationEqualsToken;

/** With types, in another file: a comparison or a call argument whose type is a violation code's literal (enum members too). */
function comparesWithUniqueCode(types: NonNullable<FileContext['types']>, body: ts.Node): boolean {
  let found = false;
  const isCode = (node: ts.Node): boolean => {
    const type = types.checker.getTypeAtLocation(node);
    return (type.isStringLiteral() || type.isNumberLiteral()) && CODES.has(type.value);
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind)) {
      found = isCode(node.left) || isCode(node.right);
    } else if (ts.isCallExpression(node)) {
      found = node.arguments.some(isCode);
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** `node` runs in a loop of its function, around it: a retry there tries again with another value. */
export function inLoopAround(node: TSESTree.Node): boolean {
  for (let outer: TSESTree.Node | undefined = node.parent; outer && !isFunction(outer); outer = outer.parent) {
    if (isLoop(outer)) return true;
  }
  return false;
}
