import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { memoize, type FileContext } from '../file-context.js';
import { propertyName, skipTransparent } from '../analysis/nodes.js';
import { entryOf } from '../catalogue/model.js';
import { redisCommands, redisLibraries, upstashExpiryOptions, type RedisCommand, type RedisLibrary } from '../catalogue/redis.js';
import { callsIn } from './modules.js';
import { findInstanceCreations, originOf, recognizeInstance, typeDeclaredBy } from './instances.js';
import { importsProjectModule, type ExportSource } from './module-exports.js';
import { receiverSource } from './receivers.js';
import { typeOf } from './types.js';

/** A call of a catalogued Redis command on a recognised client, cluster, pipeline or transaction. */
export interface RedisCall {
  readonly node: TSESTree.CallExpression;
  readonly client: TSESTree.Expression;
  /** The method as written (`incrBy`, `SET`). */
  readonly method: string;
  /** The command, lower-cased (`incrby`, `set`). */
  readonly command: string;
  readonly spec: RedisCommand;
  readonly library: RedisLibrary;
}

/** Methods that open a transaction or pipeline on a client: their result takes commands too. */
const BATCH_METHODS = new Set(['multi', 'pipeline', 'MULTI']);

/** The recognised Redis client library of `node`, if it is a client (or a pipeline/transaction of one). */
export function redisClientLibrary(file: FileContext, node: TSESTree.Node): RedisLibrary | undefined {
  // One answer per node: a batch's receiver is asked again for each command chained on it.
  const cache = memoize(file, 'redis-client-libraries', () => new Map<TSESTree.Node, RedisLibrary | null>());
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  cache.set(node, null); // guards recursion through a variable initialised from itself
  const library = clientLibraryOf(file, node);
  cache.set(node, library ?? null);
  return library;
}

function clientLibraryOf(file: FileContext, node: TSESTree.Node): RedisLibrary | undefined {
  const found = recognizeInstance(file, node, (type) => libraryOfType(file, type), () => creations(file));
  if (found) return found;
  // A client imported from a module of the application or declared with a type, when the checker cannot tell.
  if (!file.types || !typeOf(file.types, node)) {
    const source = receiverSource(file, node);
    const library = source && libraryOfSource(source);
    if (library) return library;
  }
  // `client.multi().set(...)`, `const tx = client.multi(); tx.set(...)`: a batch of a known client.
  const origin = originOf(file, node);
  if (origin.type === AST_NODE_TYPES.CallExpression && origin.callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(origin.callee);
    if (name && BATCH_METHODS.has(name)) return redisClientLibrary(file, origin.callee.object);
  }
  // Chained batch calls: `client.multi().get(a).set(b)` — each link returns the batch.
  if (origin.type === AST_NODE_TYPES.CallExpression) {
    const inner = redisCall(file, origin);
    if (inner && isBatchReceiver(file, inner.client)) return inner.library;
  }
  return undefined;
}

/** The client library whose constructor or factory made a value, by its module and export path. */
function libraryOfSource(source: ExportSource): RedisLibrary | undefined {
  if (source.made === 'class') return undefined;
  const [first, second, ...rest] = source.path;
  if (rest.length > 0) return undefined;
  return redisLibraries.find((library) => {
    if (!library.modules.includes(source.module)) return false;
    if (source.made === 'call') {
      return second === undefined ? first !== undefined && library.factories.includes(first) : library.staticFactories.some(([owner, method]) => owner === first && method === second);
    }
    return second === undefined && library.constructors.includes(first ?? 'default');
  });
}

/** The expressions of the file that create a client: constructed, called, or made by a static factory. */
function creations(file: FileContext): ReadonlyMap<TSESTree.Node, RedisLibrary> {
  return findInstanceCreations(
    file,
    'redis-clients',
    redisLibraries.map((library) => ({ ...library, tag: library })),
  );
}

/**
 * The client library that declares `type`. A type object belongs to one checker, so the answer holds for every
 * file linted with it: one client type is matched against the catalogue once, not once per call.
 */
const librariesByType = new WeakMap<ts.Type, RedisLibrary | null>();

function libraryOfType(file: FileContext, type: ts.Type): RedisLibrary | undefined {
  let library = librariesByType.get(type);
  if (library === undefined) {
    library =
      redisLibraries.find((candidate) => typeDeclaredBy(file, type, candidate.types, typeNames(candidate), candidate.declarationPackage)) ?? null;
    librariesByType.set(type, library);
  }
  return library ?? undefined;
}

const typeNames = (library: RedisLibrary): string[] =>
  library.types.flatMap((specifier) => (typeof specifier === 'object' && 'name' in specifier ? [specifier.name].flat() : []));

function isBatchReceiver(file: FileContext, node: TSESTree.Node): boolean {
  const origin = originOf(file, node);
  if (origin.type !== AST_NODE_TYPES.CallExpression || origin.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = propertyName(origin.callee);
  if (name && BATCH_METHODS.has(name)) return true;
  const inner = redisCall(file, origin);
  return inner !== undefined && isBatchReceiver(file, inner.client);
}

/** The Redis command `node` calls, when its receiver is a recognised client. Cheap name test first. */
export function redisCall(file: FileContext, node: TSESTree.CallExpression): RedisCall | undefined {
  const callee = skipTransparent(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (!method) return undefined;
  const command = method.toLowerCase();
  const spec = entryOf(redisCommands, command);
  if (!spec) return undefined;
  const cache = memoize(file, 'redis-calls', () => new Map<TSESTree.CallExpression, RedisCall | null>());
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  cache.set(node, null); // guards recursion through chained batches
  const library = redisClientLibrary(file, callee.object);
  const call = library ? { node, client: callee.object, method, command, spec, library } : undefined;
  cache.set(node, call ?? null);
  return call;
}

/** A call whose method names a catalogued command: what syntax tells before the receiver is known to be a client. */
export type RedisCommandCall = Pick<RedisCall, 'node' | 'command' | 'spec'>;

/** The command a call's method names (`incrBy` → `incrby`), from syntax alone: a candidate, not yet a Redis call. */
export function redisCommandCall(node: TSESTree.CallExpression): RedisCommandCall | undefined {
  const callee = skipTransparent(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const command = propertyName(callee)?.toLowerCase();
  const spec = command === undefined ? undefined : entryOf(redisCommands, command);
  return command !== undefined && spec ? { node, command, spec } : undefined;
}

/**
 * Whether a file that calls methods named like commands can call Redis at all: it names a client module, or
 * (with types) the program loads a client package, or (without) it imports a module of the application, which
 * may hand out a client (`getRedisCache()`). Asked after the syntax (`commandCalls`): resolving imports costs more.
 */
function mayCallRedis(file: FileContext): boolean {
  return memoize(file, 'redis-calls:possible', () => {
    const text = file.sourceCode.text;
    const mentioned = redisLibraries.some((library) => library.modules.some((specifier) => text.includes(specifier)));
    if (mentioned) return true;
    // With types, a client can come from another module; but only a program that loads a client package has one.
    return file.types !== undefined ? programLoadsRedis(file.types.program) : importsProjectModule(file);
  });
}

interface CommandCalls {
  readonly byCommand: ReadonlyMap<string, readonly RedisCommandCall[]>;
  readonly byNode: ReadonlyMap<TSESTree.CallExpression, RedisCommandCall>;
}

/** The calls whose method names a catalogued command, by command and by node. None when the file cannot call Redis. */
function commandCalls(file: FileContext): CommandCalls {
  return memoize(file, 'redis-calls:by-command', () => {
    const byCommand = new Map<string, RedisCommandCall[]>();
    const byNode = new Map<TSESTree.CallExpression, RedisCommandCall>();
    for (const node of callsIn(file)) {
      const call = redisCommandCall(node);
      if (!call) continue;
      byNode.set(node, call);
      const calls = byCommand.get(call.command);
      if (calls) calls.push(call);
      else byCommand.set(call.command, [call]);
    }
    return byNode.size > 0 && mayCallRedis(file) ? { byCommand, byNode } : { byCommand: new Map(), byNode: new Map() };
  });
}

/** The command `node` calls if its receiver is a Redis client (`redisCommandCall`, when the file can call Redis at all). */
export function commandCallOf(file: FileContext, node: TSESTree.CallExpression): RedisCommandCall | undefined {
  return commandCalls(file).byNode.get(node);
}

/**
 * The calls of `commands` (lower-cased) that could be Redis calls, in source order: syntax only, for patterns
 * that narrow them further before asking the checker about a receiver (`redisCall`).
 */
export function redisCommandCalls(file: FileContext, commands: Iterable<string>): RedisCommandCall[] {
  const { byCommand } = commandCalls(file);
  const out: RedisCommandCall[] = [];
  for (const command of new Set(commands)) out.push(...(byCommand.get(command) ?? []));
  return out.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * The recognised Redis command calls of the file, in source order: every one, or only those of `commands` that
 * `candidate` (a test of syntax, run before any type query) keeps. Each call is classified once per file.
 */
export function findRedisCalls(
  file: FileContext,
  commands?: Iterable<string>,
  candidate?: (call: RedisCommandCall) => boolean,
): readonly RedisCall[] {
  if (commands === undefined && candidate === undefined) {
    return memoize(file, 'redis-calls:all', () => classify(file, redisCommandCalls(file, commandCalls(file).byCommand.keys())));
  }
  const calls = redisCommandCalls(file, commands ?? commandCalls(file).byCommand.keys());
  return classify(file, candidate ? calls.filter(candidate) : calls);
}

function classify(file: FileContext, calls: readonly RedisCommandCall[]): RedisCall[] {
  return calls.map((call) => redisCall(file, call.node)).filter((call): call is RedisCall => call !== undefined);
}

const loadsRedis = new WeakMap<ts.Program, boolean>();

/** Whether the program includes the declarations of a Redis client package (computed once per program). */
export function programLoadsRedis(program: ts.Program): boolean {
  let loads = loadsRedis.get(program);
  if (loads === undefined) {
    loads = program.getSourceFiles().some((source) => /[\\/]node_modules[\\/](?:ioredis|@redis[\\/]client|@upstash[\\/]redis)[\\/]/.test(source.fileName));
    loadsRedis.set(program, loads);
  }
  return loads;
}

/** The key arguments of a command call (spread arrays are left out: their elements are unknown). */
export function redisKeys(call: Pick<RedisCall, 'node' | 'spec'>): TSESTree.Node[] {
  const args = call.node.arguments;
  switch (call.spec.keys) {
    case 'first':
      return args[0] && args[0].type !== AST_NODE_TYPES.SpreadElement ? [args[0]] : [];
    case 'all':
      return args.flatMap((arg) =>
        arg.type === AST_NODE_TYPES.SpreadElement
          ? []
          : arg.type === AST_NODE_TYPES.ArrayExpression
            ? arg.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement)
            : isFunctionLike(arg)
              ? []
              : [arg],
      );
    case 'script':
      return scriptParts(call).keys;
  }
}

const isFunctionLike = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;

/**
 * The keys and arguments of `eval`: ioredis `(script, numKeys, ...keys, ...args)`, node-redis
 * `(script, { keys, arguments })`, Upstash `(script, [...keys], [...args])`.
 */
export function scriptParts(call: Pick<RedisCall, 'node'>): { script: TSESTree.Node | undefined; keys: TSESTree.Node[]; args: TSESTree.Node[] } {
  const [script, second, ...rest] = call.node.arguments;
  if (!second) return { script, keys: [], args: [] };
  const options = skipTransparent(second);
  if (options.type === AST_NODE_TYPES.ArrayExpression) {
    const third = rest[0] && skipTransparent(rest[0]);
    return { script, keys: arrayElements(options), args: third?.type === AST_NODE_TYPES.ArrayExpression ? arrayElements(third) : [] };
  }
  if (options.type === AST_NODE_TYPES.ObjectExpression) {
    const elements = (name: string): TSESTree.Node[] => {
      const property = options.properties.find(
        (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === name,
      );
      const value = property && skipTransparent(property.value);
      return value?.type === AST_NODE_TYPES.ArrayExpression ? arrayElements(value) : [];
    };
    return { script, keys: elements('keys'), args: elements('arguments') };
  }
  const count = options.type === AST_NODE_TYPES.Literal && typeof options.value === 'number' ? options.value : undefined;
  if (count === undefined || rest.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return { script, keys: [], args: [] };
  const flat = rest.filter((arg) => !isFunctionLike(arg));
  return { script, keys: flat.slice(0, count), args: flat.slice(count) };
}

/** The elements of an array literal that are expressions (holes and spreads left out). */
function arrayElements(array: TSESTree.ArrayExpression): TSESTree.Node[] {
  return array.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement);
}

/** The text of a string argument, when constant (a literal or a template without expressions), upper-cased. */
export function constantToken(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') return value.value.toUpperCase();
  if (value.type === AST_NODE_TYPES.TemplateLiteral && value.expressions.length === 0) return value.quasis[0]?.value.cooked?.toUpperCase();
  return undefined;
}

export interface SetOptions {
  /** Only when the key is free (`NX`, `{ NX: true }`, `{ condition: 'NX' }`, Upstash `{ nx: true }`). */
  readonly nx: boolean;
  /** Whether the call gives the key a TTL; `undefined` when it cannot be told (spread or variable options). */
  readonly ttl: boolean | undefined;
  /** ioredis-style positional tokens, or an options object (node-redis upper case, Upstash lower case). */
  readonly style: 'positional' | 'object' | 'none';
  /** The argument holding `NX` (positional) or the options object. */
  readonly carrier: TSESTree.Node | undefined;
}

/** Reads the condition and expiry options of a `SET` call in either client's style. */
export function setOptions(call: Pick<RedisCall, 'node'>): SetOptions | undefined {
  const rest = call.node.arguments.slice(2);
  const first = rest[0] && skipTransparent(rest[0]);
  if (!first) return { nx: false, ttl: false, style: 'none', carrier: undefined };
  if (first.type === AST_NODE_TYPES.ObjectExpression) {
    let nx = false;
    let ttl: boolean | undefined = false;
    for (const property of first.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) {
        ttl = ttl || undefined;
        continue;
      }
      const name = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : constantToken(property.key);
      const value = skipTransparent(property.value);
      const off = value.type === AST_NODE_TYPES.Literal && value.value === false;
      if ((name === 'NX' || name === 'nx') && !off) nx = true;
      if (name === 'condition' && constantToken(value) === 'NX') nx = true;
      if (name === 'expiration' && !(value.type === AST_NODE_TYPES.Literal && value.value === 'KEEPTTL')) ttl = true;
      if (name && (['EX', 'PX', 'EXAT', 'PXAT'].includes(name) || upstashExpiryOptions.includes(name))) ttl = true;
    }
    return { nx, ttl, style: 'object', carrier: first };
  }
  const tokens = rest.map((arg) => constantToken(arg));
  if (rest.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return { nx: false, ttl: undefined, style: 'positional', carrier: undefined };
  const nxIndex = tokens.indexOf('NX');
  const ttl = tokens.some((token) => token !== undefined && ['EX', 'PX', 'EXAT', 'PXAT'].includes(token));
  // A positional option that is not a constant could be anything, `'PX'` included.
  const unknown = rest.some((arg, i) => tokens[i] === undefined && !isFunctionLike(arg) && (i === 0 || !['EX', 'PX', 'EXAT', 'PXAT'].includes(tokens[i - 1] ?? '')));
  return {
    nx: nxIndex >= 0,
    ttl: ttl ? true : unknown ? undefined : false,
    style: 'positional',
    carrier: nxIndex >= 0 ? rest[nxIndex] : undefined,
  };
}
