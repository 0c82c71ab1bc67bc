import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import type { FileContext } from '../file-context.js';
import { moduleExportOf } from '../recognize/bindings.js';
import { databaseCallsIn } from '../recognize/database.js';
import { typeOf } from '../recognize/types.js';
import { isFunction, propertyName, skipTransparent } from './nodes.js';

/**
 * What a lazy initialisation or a cache fill stores, as far as it decides whether concurrent first callers
 * race: a value they all compute alike (a parsed file, a translation table, a query's row), where the only
 * cost of computing it twice is duplicate work, or a resource each of them creates (a pool, a client, a
 * browser, a controller holding connections), where all but the last one stored are lost without being
 * closed. Read from the AST, following local constants and a function of the same file one step:
 * - `new C(…)` of a class that is not a plain value (Map, Date, URL…);
 * - a call of a package's export, or of a member of it, with a configuration object or a creating name
 *   (`samlJackson(opts)`, `chromium.launch({ … })`, `createClient({ url })`, `(await import('pkg')).controllers(opts)`);
 * - a function of the same file, or a method of the same class (`this.connect()`), that returns one of those.
 * Anything else is not known to create: a query (recognised database calls), a module load, a path, a fetch.
 * With types, a primitive value is never a resource.
 */

/** Built-in classes whose instances are values, holding nothing outside the process. */
const VALUE_CLASSES = new Set([
  'Array', 'ArrayBuffer', 'Blob', 'Buffer', 'DataView', 'Date', 'Error', 'FormData', 'Headers', 'Intl', 'Map', 'Object',
  'Promise', 'RangeError', 'RegExp', 'Request', 'Response', 'Set', 'SyntaxError', 'TextDecoder', 'TextEncoder',
  'TypeError', 'URL', 'URLSearchParams', 'WeakMap', 'WeakRef', 'WeakSet', 'Float32Array', 'Float64Array',
  'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint16Array', 'Uint32Array', 'Uint8ClampedArray',
  'BigInt64Array', 'BigUint64Array', 'AbortController', 'Event', 'EventTarget',
]);

/** Node's built-in modules whose exports create sockets, servers or processes; the others compute values. */
const CREATING_BUILTINS = new Set(['net', 'http', 'https', 'http2', 'tls', 'dgram', 'child_process', 'worker_threads', 'cluster']);
const BUILTIN_MODULES = new Set([
  'assert', 'buffer', 'crypto', 'dns', 'events', 'fs', 'fs/promises', 'os', 'path', 'path/posix', 'path/win32',
  'querystring', 'readline', 'stream', 'string_decoder', 'timers', 'timers/promises', 'url', 'util', 'v8', 'vm', 'zlib',
  ...CREATING_BUILTINS,
]);

/** Names that say an export makes a new thing: `createPool`, `connect`, `launch`, `open`, `spawn`. */
const CREATING_NAME = /^(?:create|connect|launch|open|spawn|fork|start|init)(?:[A-Z_]|$)/;

const MAX_DEPTH = 4;

/**
 * The call or construction that creates a resource stored by `value`, or undefined when `value` is not
 * known to create one (see above).
 */
export function createdResource(file: FileContext, value: TSESTree.Node): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  if (isPrimitiveTyped(file, value)) return undefined;
  return creationIn(file, value, 0, new Set());
}

function creationIn(
  file: FileContext,
  node: TSESTree.Node,
  depth: number,
  seen: Set<TSESTree.Node>,
): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const expression = skipTransparent(node);
  if (depth > MAX_DEPTH || seen.has(expression)) return undefined;
  seen.add(expression);
  const next = (child: TSESTree.Node | null | undefined) => (child ? creationIn(file, child, depth + 1, seen) : undefined);
  switch (expression.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return next(expression.argument);
    case AST_NODE_TYPES.MemberExpression:
      // `ret.connectionAPIController` of `const ret = await samlJackson(opts)`
      return next(expression.object);
    case AST_NODE_TYPES.ConditionalExpression:
      return next(expression.consequent) ?? next(expression.alternate);
    case AST_NODE_TYPES.LogicalExpression:
      return next(expression.left) ?? next(expression.right);
    case AST_NODE_TYPES.Identifier:
      return next(localInit(file, expression));
    case AST_NODE_TYPES.NewExpression:
      return isValueClass(file, expression.callee) ? undefined : expression;
    case AST_NODE_TYPES.CallExpression:
      return creatingCall(file, expression, depth, seen);
    default:
      return undefined;
  }
}

function creatingCall(
  file: FileContext,
  call: TSESTree.CallExpression,
  depth: number,
  seen: Set<TSESTree.Node>,
): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const callee = skipTransparent(call.callee);
  // `load().then((m) => m.x)`: what the chain starts from.
  if (callee.type === AST_NODE_TYPES.MemberExpression && ['then', 'catch', 'finally'].includes(propertyName(callee) ?? '')) {
    return creationIn(file, callee.object, depth + 1, seen);
  }
  const module = calledModule(file, callee);
  if (module) {
    if (!module.creates || databaseCallsIn(file).some((candidate) => candidate.node === call)) return undefined;
    const name = module.name ?? '';
    return CREATING_NAME.test(name) || call.arguments.some((argument) => isConfiguration(file, argument)) ? call : undefined;
  }
  // A function of this file, or a method of this class (`this.connect()`): what it returns.
  const fn = callee.type === AST_NODE_TYPES.Identifier ? localFunction(file, callee) : ownMethod(callee);
  if (!fn || depth >= MAX_DEPTH) return undefined;
  for (const returned of returnedValues(fn)) {
    const found = creationIn(file, returned, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * The package a callee is an export of (or a member of one, one level deep), with whether that package can
 * create resources at all (not a computing built-in like `path` or `fs`), or undefined for any other callee.
 */
function calledModule(file: FileContext, callee: TSESTree.Node): { creates: boolean; name: string | undefined } | undefined {
  // `(await import('pkg')).controllers(opts)`
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTransparent(callee.object);
    const loaded = object.type === AST_NODE_TYPES.AwaitExpression ? skipTransparent(object.argument) : undefined;
    if (loaded?.type === AST_NODE_TYPES.ImportExpression && loaded.source.type === AST_NODE_TYPES.Literal && typeof loaded.source.value === 'string') {
      return { creates: isPackage(loaded.source.value) !== false, name: propertyName(callee) };
    }
  }
  const source = moduleExportOf(file, callee);
  if (!source || source.path.length > 2) return undefined;
  const isPackageModule = isPackage(source.module);
  if (isPackageModule === undefined) return undefined;
  return { creates: isPackageModule, name: source.path.at(-1) };
}

/** True for a package, false for a built-in module that only computes, undefined for a file of the project. */
function isPackage(specifier: string): boolean | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || /^[@~]\//.test(specifier)) return undefined;
  const bare = specifier.replace(/^node:/, '');
  if (BUILTIN_MODULES.has(bare)) return CREATING_BUILTINS.has(bare);
  return true;
}

/** An object literal, or a constant bound to one (`const opts = { db: { … } }`). */
function isConfiguration(file: FileContext, argument: TSESTree.Node): boolean {
  const value = skipTransparent(argument);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return true;
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const init = constInit(file, value);
  return init !== undefined && skipTransparent(init).type === AST_NODE_TYPES.ObjectExpression;
}

function isValueClass(file: FileContext, callee: TSESTree.Node): boolean {
  const expression = skipTransparent(callee);
  if (expression.type !== AST_NODE_TYPES.Identifier || !VALUE_CLASSES.has(expression.name)) return false;
  // A class of the file or an import that reuses a built-in name is not the built-in.
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
  return !variable || variable.defs.length === 0;
}

/** The initialiser of a `const` (or a `let` never assigned again) of the same file. */
function localInit(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return declarator.init;
}

function constInit(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  return definition?.type === 'Variable' && definition.parent.kind === 'const' ? (definition.node.init ?? undefined) : undefined;
}

/** A function declared in this file under `identifier`: a declaration, or a constant bound to a function. */
function localFunction(file: FileContext, identifier: TSESTree.Identifier): TSESTree.FunctionLike | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1) return undefined;
  if (definition?.type === 'FunctionName') return definition.node as TSESTree.FunctionLike;
  const init = definition?.type === 'Variable' && definition.parent.kind === 'const' ? definition.node.init : undefined;
  const fn = init && skipTransparent(init);
  return fn && isFunction(fn) ? fn : undefined;
}

/** `this.connect` in a class's method: that class's own method `connect`. */
function ownMethod(callee: TSESTree.Node): TSESTree.FunctionLike | undefined {
  if (callee.type !== AST_NODE_TYPES.MemberExpression || skipTransparent(callee.object).type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = propertyName(callee);
  let owner: TSESTree.Node | undefined = callee.parent;
  while (owner && owner.type !== AST_NODE_TYPES.ClassBody) owner = owner.parent;
  const method = owner?.body.find(
    (member): member is TSESTree.MethodDefinition =>
      member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && !member.computed && member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name,
  );
  return method?.value;
}

/** The expressions a function returns: an arrow's body, or its `return` arguments outside nested functions. */
function returnedValues(fn: TSESTree.FunctionLike): TSESTree.Node[] {
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) found.push(node.argument);
    for (const [key, child] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (Array.isArray(child)) for (const element of child) if (element && typeof element === 'object' && 'type' in element) visit(element as TSESTree.Node);
      if (child && typeof child === 'object' && !Array.isArray(child) && 'type' in child) visit(child as TSESTree.Node);
    }
  };
  visit(fn.body);
  return found;
}

/** With types: the value (awaited) is a string, number, boolean or the like, which holds nothing to close. */
function isPrimitiveTyped(file: FileContext, node: TSESTree.Node): boolean {
  const types = file.types;
  const type = types && typeOf(types, node);
  if (!types || !type) return false;
  const awaited = types.checker.getAwaitedType(type) ?? type;
  const parts = (awaited.isUnion() ? awaited.types : [awaited]).filter(
    (part) => (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0,
  );
  const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike;
  return parts.length > 0 && parts.every((part) => (part.flags & primitive) !== 0);
}
