import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { memoize, type FileContext } from '../file-context.js';
import { skipTransparent } from '../analysis/nodes.js';
import { expiryTokens, redisCommands, redisLibraries, type RedisLibrary } from '../catalogue/redis.js';
import { typeDeclaredBy } from './instances.js';
import { programLoadsRedis } from './redis.js';

/**
 * Redis lock helpers imported from another module of the project (`import { acquireLock } from './locks.js'`),
 * read in their own source through the type checker: what the helper does to which of its parameters.
 * Only with type information; without it an imported function is opaque.
 */
export interface ImportedRedisHelper {
  readonly role: 'acquire' | 'release';
  /** The parameter the key is built from. */
  readonly keyParam: number;
  /** The key it builds, parameters written by position (`lock:${#0}`). */
  readonly shape: string;
  /** Acquire: the parameter holding the token stored in the key. */
  readonly tokenParam: number | undefined;
  /** Acquire: the `SET` gives the key a TTL. */
  readonly ttl: boolean;
  /** Acquire: the helper retries until the lock is taken, or throws when it is not. */
  readonly blocking: boolean;
  /** Release: a plain `DEL`/`UNLINK`, without comparing the token. */
  readonly plainDelete: boolean;
  readonly library: RedisLibrary;
}

/** The helper a call runs, when its callee is an import of a project function that takes or frees a Redis lock. */
export function importedRedisHelper(file: FileContext, call: TSESTree.CallExpression): ImportedRedisHelper | undefined {
  const types = file.types;
  const callee = skipTransparent(call.callee);
  if (!types || callee.type !== AST_NODE_TYPES.Identifier || !programLoadsRedis(types.program)) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  if (variable?.defs[0]?.type !== 'ImportBinding') return undefined;
  const fn = declaredFunction(types.checker, types.program, types.services.esTreeNodeToTSNodeMap.get(callee));
  if (!fn) return undefined;
  const cache = memoize(file, 'imported-redis-helpers', () => new Map<ts.Node, ImportedRedisHelper | null>());
  if (!cache.has(fn)) cache.set(fn, readHelper(file, types.checker, fn) ?? null);
  return cache.get(fn) ?? undefined;
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

function declaredFunction(checker: ts.TypeChecker, program: ts.Program, node: ts.Node): FunctionLike | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration) return undefined;
  const source = declaration.getSourceFile();
  if (source.isDeclarationFile || program.isSourceFileFromExternalLibrary(source)) return undefined;
  if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = declaration.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

function readHelper(file: FileContext, checker: ts.TypeChecker, fn: FunctionLike): ImportedRedisHelper | undefined {
  const params = fn.parameters.map((param) => (ts.isIdentifier(param.name) ? param.name.text : undefined));
  let found: ImportedRedisHelper | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node !== fn && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) found = readCall(file, checker, node, fn, params);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

function readCall(
  file: FileContext,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  fn: FunctionLike,
  params: readonly (string | undefined)[],
): ImportedRedisHelper | undefined {
  const access = call.expression as ts.PropertyAccessExpression;
  const command = access.name.text.toLowerCase();
  const spec = redisCommands[command];
  if (!spec) return undefined;
  const library = redisLibraries.find((lib) =>
    typeDeclaredBy(file, checker.getTypeAtLocation(access.expression), lib.types, typeNamesOf(lib), lib.id === 'ioredis' ? 'ioredis' : '@redis/client'),
  );
  if (!library) return undefined;
  const args = call.arguments;
  const isScript = spec.keys === 'script';
  const keyNode = isScript ? scriptKey(args) : args[0];
  const keyParam = keyNode ? parameterOf(keyNode, params) : undefined;
  if (keyParam === undefined || !keyNode) return undefined;
  const shape = shapeOf(keyNode, params);
  const tokens = args.slice(2).flatMap((arg) => (ts.isStringLiteralLike(arg) ? [arg.text.toUpperCase()] : []));
  const options = args[2] && ts.isObjectLiteralExpression(args[2]) ? args[2] : undefined;
  const optionNames = options
    ? options.properties.flatMap((property) => (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? [property.name.text] : []))
    : [];
  const conditionNx =
    options?.properties.some(
      (property) => ts.isPropertyAssignment(property) && property.name.getText() === 'condition' && ts.isStringLiteralLike(property.initializer) && property.initializer.text === 'NX',
    ) ?? false;
  if (command === 'setnx' || (command === 'set' && (tokens.includes('NX') || optionNames.includes('NX') || conditionNx))) {
    const ttl = command === 'set' && (tokens.some((token) => expiryTokens.includes(token)) || optionNames.some((name) => expiryTokens.includes(name) || name === 'expiration'));
    return {
      role: 'acquire',
      keyParam,
      shape,
      tokenParam: args[1] ? parameterOf(args[1], params) : undefined,
      ttl,
      blocking: insideLoopTest(call, fn) || throwsInHelper(fn),
      plainDelete: false,
      library,
    };
  }
  if (spec.effect === 'delete' && command !== 'hdel') return { role: 'release', keyParam, shape, tokenParam: undefined, ttl: false, blocking: false, plainDelete: true, library };
  if (isScript) return { role: 'release', keyParam, shape, tokenParam: undefined, ttl: false, blocking: false, plainDelete: false, library };
  return undefined;
}

const typeNamesOf = (library: RedisLibrary): string[] =>
  library.types.flatMap((specifier) => (typeof specifier === 'object' && 'name' in specifier ? [specifier.name].flat() : []));

/** ioredis `eval(script, 1, key, …)`, node-redis `eval(script, { keys: [key] })`. */
function scriptKey(args: ts.NodeArray<ts.Expression>): ts.Node | undefined {
  const second = args[1];
  if (!second) return undefined;
  if (ts.isObjectLiteralExpression(second)) {
    const keys = second.properties.find((property) => ts.isPropertyAssignment(property) && property.name.getText() === 'keys') as ts.PropertyAssignment | undefined;
    return keys && ts.isArrayLiteralExpression(keys.initializer) ? keys.initializer.elements[0] : undefined;
  }
  return args[2];
}

/** The key's text with each parameter written by its position, as `keyShape` in locks.ts does for this file. */
function shapeOf(node: ts.Node, params: readonly (string | undefined)[]): string {
  const source = node.getSourceFile();
  const start = node.getStart(source);
  const replacements: { from: number; to: number; text: string }[] = [];
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current)) {
      const at = params.indexOf(current.text);
      if (at >= 0) replacements.push({ from: current.getStart(source) - start, to: current.getEnd() - start, text: `#${at}` });
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  let text = node.getText(source);
  for (const { from, to, text: replacement } of replacements.sort((a, b) => b.from - a.from)) text = `${text.slice(0, from)}${replacement}${text.slice(to)}`;
  return text.replace(/\s+/g, '');
}

/** The parameter an expression is built from (`lock:${name}` from `name`). */
function parameterOf(node: ts.Node, params: readonly (string | undefined)[]): number | undefined {
  let index: number | undefined;
  const visit = (current: ts.Node): void => {
    if (index !== undefined) return;
    if (ts.isIdentifier(current)) {
      const at = params.indexOf(current.text);
      if (at >= 0) index = at;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return index;
}

function insideLoopTest(call: ts.Node, fn: ts.Node): boolean {
  for (let current: ts.Node = call; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if ((ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === current) return true;
  }
  return false;
}

/** A helper that throws (when the lock is taken by someone else): its callers hold the lock when it returns. */
function throwsInHelper(fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && ts.isFunctionLike(node))) return;
    if (ts.isThrowStatement(node)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
