import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import type { DatabaseCall } from '../recognize/database.js';
import { findNodes } from '../recognize/modules.js';
import { isClockReading } from './clock.js';
import { objectEntries } from './db-results.js';
import { alwaysExits, contains, enclosingFunction, isFunction, skipTransparent } from './nodes.js';

/**
 * Check-then-write pairs whose race changes nothing a reviewer would fix: the write sets fixed values and is
 * the last thing the function does, or the check compares a field with the clock.
 */

/**
 * A value fixed before the request reads anything: a literal, `null`, `undefined`, a template without
 * expressions, a member of an enum or constant object (`Status.DONE`), or the current time. Two callers that
 * write it write the same thing (the time differs by the interleaving only).
 */
export function isFixedValue(node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return !('regex' in value && value.regex);
    case AST_NODE_TYPES.Identifier:
      return value.name === 'undefined';
    case AST_NODE_TYPES.TemplateLiteral:
      return value.expressions.length === 0;
    case AST_NODE_TYPES.UnaryExpression:
      return value.operator === '-' && value.argument.type === AST_NODE_TYPES.Literal;
    case AST_NODE_TYPES.MemberExpression: {
      const object = skipTransparent(value.object);
      return !value.computed && object.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(object.name) && value.property.type === AST_NODE_TYPES.Identifier;
    }
    default:
      return isClockReading(value);
  }
}

/**
 * The write sets fixed values only (`data: { status: 'ABORTED', abortedAt: new Date() }`, a delete), and
 * nothing else runs after the check on the way to the write or after it: no other call, no `await`, except in
 * branches that exit before the write. A second caller that passes the same check then repeats the same write
 * and nothing more: the end state is what one caller makes. A job enqueued, an email sent, a ledger entry or
 * an event appended after the check would be repeated too, so any other call keeps the pair reported.
 */
export function isSettledWrite(file: FileContext, check: DatabaseCall, act: DatabaseCall): boolean {
  if (act.helper || check.helper) return false;
  if (act.effect === 'write') {
    const data = act.data && skipTransparent(act.data);
    if (data?.type !== AST_NODE_TYPES.ObjectExpression) return false;
    const entries = objectEntries(data);
    if (entries.length === 0 || entries.length !== data.properties.length || !entries.every(({ value }) => isFixedValue(value))) return false;
  } else if (act.effect !== 'delete') {
    return false;
  }
  const fn = enclosingFunction(check.node);
  if (fn.type === AST_NODE_TYPES.Program || enclosingFunction(act.node) !== fn) return false;
  const unreachable = unreachableAfter(act.node, fn);
  const after = (node: TSESTree.Node): boolean =>
    node.range[0] > check.node.range[1] && !contains(act.node, node) && !unreachable.some(([start, end]) => node.range[0] >= start && node.range[1] <= end);
  const calls = [...findNodes(file, fn.body, AST_NODE_TYPES.CallExpression), ...findNodes(file, fn.body, AST_NODE_TYPES.AwaitExpression)];
  return calls.every(
    (node) =>
      !after(node) ||
      isClockReading(node) ||
      isConsoleCall(file, node) ||
      isPureBuiltinCall(file, node) ||
      isResponseBuilt(file, node) ||
      exitsBeforeWrite(node, act.node, fn) ||
      (node.type === AST_NODE_TYPES.AwaitExpression && contains(node, act.node)),
  );
}

/**
 * `NextResponse.json(…)` (imported from `next/server`) or `Response.json(…)` (the global): the answer to the
 * request is built, nothing is done that a second caller would repeat.
 */
function isResponseBuilt(file: FileContext, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.computed) return false;
  const method = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : undefined;
  const object = skipTransparent(node.callee.object);
  if ((method !== 'json' && method !== 'redirect') || object.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(object), object);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length === 0) return object.name === 'Response';
  return (
    variable.defs.length === 1 &&
    definition?.type === 'ImportBinding' &&
    definition.parent.type === AST_NODE_TYPES.ImportDeclaration &&
    definition.parent.source.value === 'next/server' &&
    definition.node.type === AST_NODE_TYPES.ImportSpecifier &&
    definition.node.imported.type === AST_NODE_TYPES.Identifier &&
    definition.node.imported.name === 'NextResponse'
  );
}

/** `console.log(…)`, through the global `console`: a log line is no effect a second caller would repeat harmfully. */
function isConsoleCall(file: FileContext, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTransparent(node.callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'console') return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(object), object);
  return !variable || variable.defs.length === 0;
}

/** Global functions that compute a value and change nothing. */
const PURE_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent']);

/** Methods of globals that compute a value and change nothing (`undefined`: every method of that global). */
const PURE_METHODS: ReadonlyMap<string, ReadonlySet<string> | undefined> = new Map([
  ['JSON', new Set(['parse', 'stringify'])],
  ['Math', undefined],
  ['Object', new Set(['keys', 'values', 'entries', 'is'])],
  ['Array', new Set(['isArray'])],
  ['Number', new Set(['isInteger', 'isFinite', 'isNaN', 'parseInt', 'parseFloat'])],
]);

/**
 * A call of a global built-in that only computes a value (`JSON.stringify(error)`, `Math.max(…)`, `String(e)`),
 * through the global itself (not a local of the same name): a second caller repeats no effect by it.
 */
function isPureBuiltinCall(file: FileContext, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTransparent(node.callee);
  let global: TSESTree.Identifier;
  if (callee.type === AST_NODE_TYPES.Identifier && PURE_FUNCTIONS.has(callee.name)) {
    global = callee;
  } else if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    const object = skipTransparent(callee.object);
    if (object.type !== AST_NODE_TYPES.Identifier || !PURE_METHODS.has(object.name)) return false;
    global = object;
    const methods = PURE_METHODS.get(global.name);
    if (methods && !methods.has(callee.property.name)) return false;
  } else {
    return false;
  }
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(global), global);
  return !variable || variable.defs.length === 0;
}

/** `node` lies in a branch of an `if` that always exits and does not hold the write. */
function exitsBeforeWrite(node: TSESTree.Node, write: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== fn && !isFunction(current); current = current.parent) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.IfStatement && parent.test !== current && !contains(current, write) && alwaysExits(current as TSESTree.Statement)) {
      return parent.range[1] < write.range[0];
    }
  }
  return false;
}

/**
 * The source ranges after `node` that control cannot reach from it: what follows a statement that always exits
 * in one of its enclosing blocks (and everything after that block), and the other branch of an `if` it is in.
 */
function unreachableAfter(node: TSESTree.Node, fn: TSESTree.Node): [number, number][] {
  const ranges: [number, number][] = [];
  for (let current: TSESTree.Node = node, parent = node.parent; parent && current !== fn && !isFunction(current); current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === current && parent.alternate) ranges.push([parent.alternate.range[0], parent.alternate.range[1]]);
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      const body = parent.body as TSESTree.Node[];
      const exit = body.slice(body.indexOf(current) + 1).find((statement) => alwaysExits(statement as TSESTree.Statement));
      if (exit) {
        ranges.push([exit.range[1], fn.range[1]]);
        break;
      }
    }
  }
  return ranges;
}
