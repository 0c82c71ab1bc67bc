import { getStaticValue } from '@eslint-community/eslint-utils';
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import type ts from 'typescript';
import { memoize, type FileContext } from '../file-context.js';
import { alwaysExits, awaitedParent, contains, enclosingFunction, isFunction, keyName, propertyName, skipTransparent, transparentParent, type FunctionNode } from '../analysis/nodes.js';
import { checkControls, resultUses } from '../analysis/flow.js';
import { sameResource } from '../analysis/resource.js';
import { entryOf } from '../catalogue/model.js';
import {
  componentRefHooks,
  connectionPools,
  deferringCalls,
  lockLibraries,
  poolCheckoutMethods,
  redisCounterLocks,
  sqlLockFunctions,
  sqlQueryMethods,
  type ConnectionPool,
  type CounterLockCommand,
  type LockLibrary,
  type SqlLockEffect,
} from '../catalogue/locks.js';
import { redisCommands, type RedisLibrary } from '../catalogue/redis.js';
import { callsIn, findNodes, nodesOfType } from './modules.js';
import { findInstanceCreations, originOf, recognizeInstance, singleInitializer, typeDeclaredBy } from './instances.js';
import { importedRedisHelper, mayImportRedisHelper, type ImportedRedisHelper } from './imported-helpers.js';
import { commandCallOf, constantToken, redisCall, redisCommandCalls, redisKeys, setOptions, type RedisCall, type RedisCommandCall } from './redis.js';

/**
 * Locks found in a file: taken by a call and released by a later one (`SET key token NX PX` … `DEL key`,
 * `redlock.acquire` … `lock.release()`, `mutex.acquire()` … `release()`, `pg_advisory_lock` …
 * `pg_advisory_unlock`, `busy = true` … `busy = false`), or held for the length of a routine
 * (`redlock.using`, `mutex.runExclusive`). Rules ask whether code runs under a lock, and whether a release is
 * safe.
 */

export type LockKind = 'redis' | 'redlock' | 'async-mutex' | 'sql' | 'flag';

export interface LockRelease {
  /** The releasing call (or `busy = false` assignment). */
  readonly node: TSESTree.Node;
  /** For Redis: a plain `DEL`/`UNLINK` of the key, with no comparison of the owner's token. */
  readonly plainDelete: TSESTree.CallExpression | undefined;
  /** The release names the same variable as the acquire, but the variable was reassigned in between. */
  readonly keyChanged: boolean;
  /**
   * The release runs only when a promise fulfils: `work().then(release)`, `work().then(() => lock.release())`.
   * The `.then` call.
   */
  readonly onFulfilment?: TSESTree.CallExpression;
}

export interface HeldLock {
  readonly kind: LockKind;
  /** The call (or assignment) that takes the lock. */
  readonly acquire: TSESTree.Node;
  /** The resource: a Redis key, a SQL connection, a lock object, a flag. */
  readonly key: TSESTree.Node | undefined;
  /** Redis: the value stored in the key, the owner's token when it is unique. */
  readonly token: TSESTree.Node | undefined;
  /** The variable the acquire's result is stored in (a redlock `Lock`, an async-mutex release function). */
  readonly handle: TSESTree.Identifier | undefined;
  /** Taken only when the result says so (`SET NX`, `pg_try_advisory_lock`): held where the result decides. */
  readonly conditional: boolean;
  /** Held until the transaction ends (`pg_advisory_xact_lock`). */
  readonly untilTransactionEnd: boolean;
  /** The handle leaves the function (returned, stored, passed on): someone else releases it. */
  readonly handedOff: boolean;
  /** Later releases of the same lock in the same function, in source order. */
  readonly releases: readonly LockRelease[];
  readonly library: LockLibrary | undefined;
  readonly redisLibrary: RedisLibrary | undefined;
  /** SQL: the lock function called. */
  readonly sqlEffect: SqlLockEffect | undefined;
  /** When `acquire` calls a helper function of the file: the Redis call inside it that takes the lock. */
  readonly via: RedisCall | undefined;
  /**
   * When the acquire is a helper call: the key the helper builds, its parameters written `#0`, `#1`
   * (`lock:${#0}`). A release helper frees the same lock only when it builds the same shape.
   */
  readonly keyShape?: string;
  /** A Redis counter taken as a lock (`INCR key`, then `if (n > 1) throw`): the catalogue entry of its command. */
  readonly counter?: CounterLockCommand;
  /** The session lock is taken through a pool whose queries may each run on another connection. */
  readonly pool?: ConnectionPool;
  /**
   * A flag held in a React `useRef` (`busyRef.current = true`): state of one mounted component, guarding a
   * double click, not a resource shared by requests or processes.
   */
  readonly componentRef?: boolean;
}

export interface ScopedLock {
  readonly call: TSESTree.CallExpression;
  readonly routine: FunctionNode;
  readonly library: LockLibrary;
}

export interface FileLocks {
  readonly held: readonly HeldLock[];
  readonly scoped: readonly ScopedLock[];
  /**
   * Helper functions of the file that take a Redis lock and helpers that free the same key (built the same
   * way from their parameters), whether or not this file calls them: `acquireLock(name)` / `releaseLock(name)`.
   */
  readonly helperPairs: readonly { readonly acquire: RedisCall; readonly release: RedisCall }[];
}

/** A lock taken inside a helper function, seen from its call sites (`await acquireLock(key, token)`). */
interface RedisHelper {
  readonly fn: FunctionNode;
  /** The key it builds, parameters written by position (`lock:${#0}`). */
  readonly shape: string;
  readonly inner: RedisCall;
  /** Which parameter the key comes from, or undefined when the helper's key is its own expression. */
  readonly keyParam: number | undefined;
  readonly tokenParam: number | undefined;
  /** The helper throws or retries until the lock is taken: its callers hold the lock when it returns. */
  readonly blocking: boolean;
}

const TEXT_HINTS = ['NX', 'nx', 'setnx', 'setNX', 'SETNX', 'acquire', 'using', 'runExclusive', 'advisory', 'GET_LOCK', 'get_lock', 'true', 'incr', 'INCR', 'IncrBy'];

/** Every lock of the file, computed once. */
export function findLocks(file: FileContext): FileLocks {
  return memoize(file, 'locks', () => {
    const text = file.sourceCode.text;
    if (!TEXT_HINTS.some((hint) => text.includes(hint)) && !mayImportRedisHelper(file)) return { held: [], scoped: [], helperPairs: [] };
    const held: HeldLock[] = [];
    const scoped: ScopedLock[] = [];
    const calls = callsIn(file); // in tree order: by start position
    const acquireHelpers = findRedisHelpers(file, 'acquire');
    // Release helpers matter only once a Redis lock is taken: found on first need.
    const releaseHelpers = () => findRedisHelpers(file, 'release');
    for (const call of calls) {
      // A Redis command call is no other kind of lock: asked about its receiver only when that decides something.
      const command = commandCallOf(file, call);
      const isRedis = (): boolean => command !== undefined && redisCall(file, call) !== undefined;
      if (command && takesRedisLock(command)) {
        const redis = redisCall(file, call);
        if (redis) {
          held.push(withRedisReleases(file, redisAcquire(redis), calls, releaseHelpers));
          continue;
        }
      }
      const counter = command && entryOf(redisCounterLocks, command.command);
      if (counter && counterContention(file, command, counter)) {
        const redis = redisCall(file, call);
        if (redis) {
          const lock = counterLock(file, redis, counter, calls, releaseHelpers);
          if (lock) held.push(lock);
          continue;
        }
      }
      const helper = acquireHelpers.size > 0 ? localFunction(file, call) : undefined;
      const acquireHelper = helper && acquireHelpers.get(helper);
      if (acquireHelper) {
        if (isRedis()) continue;
        held.push(withRedisReleases(file, helperAcquire(file, call, acquireHelper), calls, releaseHelpers));
        continue;
      }
      const imported = importedRedisHelper(file, call);
      if (imported?.role === 'acquire') {
        if (isRedis()) continue;
        held.push(withRedisReleases(file, importedAcquire(call, imported), calls, releaseHelpers));
        continue;
      }
      const library = lockLibraryMethod(file, call);
      if (library) {
        if (isRedis()) continue;
        const { method, object, lib } = library;
        if (entryOf(lib.acquire, method)) held.push(libraryAcquire(file, call, lib, object, calls));
        const routineAt = entryOf(lib.scoped, method);
        if (routineAt) {
          const routine = routineAt === 'first' ? call.arguments[0] : call.arguments[call.arguments.length - 1];
          if (routine && isFunction(routine)) scoped.push({ call, routine, library: lib });
        }
        continue;
      }
      const sql = sqlLockCall(call);
      if (sql && sql.effect !== 'unlock' && sql.effect !== 'unlock-all' && !isRedis()) held.push(sqlAcquire(file, call, sql.effect, calls));
    }
    held.push(...taggedSqlLocks(file, calls));
    held.push(...findFlagLocks(file));
    return { held, scoped, helperPairs: acquireHelpers.size > 0 ? pairHelpers(file, acquireHelpers, releaseHelpers()) : [] };
  });
}

function pairHelpers(
  file: FileContext,
  acquireHelpers: ReadonlyMap<FunctionNode, RedisHelper>,
  releaseHelpers: ReadonlyMap<FunctionNode, RedisHelper>,
): { acquire: RedisCall; release: RedisCall }[] {
  const pairs: { acquire: RedisCall; release: RedisCall }[] = [];
  for (const acquire of acquireHelpers.values()) {
    const acquireKey = redisKeys(acquire.inner)[0];
    if (!acquireKey) continue;
    for (const release of releaseHelpers.values()) {
      const releaseKey = redisKeys(release.inner)[0];
      if (releaseKey && release.fn !== acquire.fn && keyShape(file, acquire.fn, acquireKey) === keyShape(file, release.fn, releaseKey)) {
        pairs.push({ acquire: acquire.inner, release: release.inner });
      }
    }
  }
  return pairs;
}

/** A key's source text with each parameter named by its position: `lock:${name}` in `(name)` is `lock:${#0}`. */
function keyShape(file: FileContext, fn: FunctionNode, key: TSESTree.Node): string {
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : undefined));
  const start = key.range[0];
  let text = file.sourceCode.getText(key);
  const identifiers = (key.type === AST_NODE_TYPES.Identifier ? [key] : findNodes(file, key, AST_NODE_TYPES.Identifier)).sort((a, b) => b.range[0] - a.range[0]);
  for (const identifier of identifiers) {
    const index = names.indexOf(identifier.name);
    if (index < 0) continue;
    text = `${text.slice(0, identifier.range[0] - start)}#${index}${text.slice(identifier.range[1] - start)}`;
  }
  return text.replace(/\s+/g, '');
}

/**
 * True when `node` runs while a lock is held: inside a `redlock.using` / `runExclusive` routine, or after an
 * acquire and before its release in the same function (after the check of a conditional acquire, such as
 * `if (!(await redis.set(key, token, 'PX', ttl, 'NX'))) return;`). Locks whose release is missing are held
 * to the end of the function (until their TTL, or the transaction's end).
 */
export function isInsideHeldLock(file: FileContext, node: TSESTree.Node, options: HeldLockOptions = {}): boolean {
  const locks = heldLocksAt(file, node);
  return options.acrossProcesses ? locks.some(holdsAcrossProcesses) : locks.length > 0;
}

export interface HeldLockOptions {
  /**
   * Count only locks that exclude other processes and hosts (Redis locks, redlock, SQL advisory locks), not
   * in-process ones (async-mutex, flags): what guards a database row or a Redis key shared by many instances.
   */
  readonly acrossProcesses?: boolean;
}

/** Whether a lock excludes other processes too. */
export function holdsAcrossProcesses(lock: HeldLock | ScopedLock): boolean {
  if ('routine' in lock) return lock.library.id === 'redlock';
  return lock.kind === 'redis' || lock.kind === 'redlock' || lock.kind === 'sql';
}

/** The locks held where `node` runs, held or scoped. */
export function heldLocksAt(file: FileContext, node: TSESTree.Node): (HeldLock | ScopedLock)[] {
  const { held, scoped } = findLocks(file);
  const out: (HeldLock | ScopedLock)[] = [];
  for (const lock of scoped) if (contains(lock.routine.body, node) && !deferredBetween(lock.routine, node)) out.push(lock);
  for (const lock of held) if (holdsAt(file, lock, node)) out.push(lock);
  return out;
}

function holdsAt(file: FileContext, lock: HeldLock, node: TSESTree.Node): boolean {
  if (node.range[0] < lock.acquire.range[1]) return false;
  const fn = enclosingFunction(lock.acquire);
  if (!contains(fn, node) || deferredBetween(fn, node)) return false;
  const release = lock.releases.find((candidate) => candidate.node.range[0] >= lock.acquire.range[1]);
  const end = release ? release.node.range[0] : fn.range[1];
  if (node.range[1] > end) return false;
  return !lock.conditional || checkControls(file, lock.acquire as TSESTree.CallExpression, node, { throwsWhenMissing: false });
}

/** A function between `outer` and `node` that runs later (a timer, an event handler): not under the lock. */
function deferredBetween(outer: TSESTree.Node, node: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== outer; current = current.parent) {
    if (!isFunction(current)) continue;
    const call = current.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return true; // stored for later: unknown when it runs
    const callee = skipTransparent(call.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
    if (name === undefined || deferringCalls.includes(name)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Redis locks written by hand

/** `SETNX`, `HSETNX`, `SET … NX`: a call that takes a Redis lock if its receiver is a client (syntax only). */
function takesRedisLock(call: RedisCommandCall): boolean {
  return call.command === 'setnx' || call.command === 'hsetnx' || (call.command === 'set' && setOptions(call)?.nx === true);
}

/** Deletes a key or runs a script on keys: a call that can free a Redis lock (syntax only). */
function freesRedisKey(call: RedisCommandCall): boolean {
  return call.spec.effect === 'delete' || (call.spec.keys === 'script' && redisKeys(call).length > 0);
}

/** The commands `takesRedisLock` and `freesRedisKey` can accept. */
const LOCK_COMMANDS = ['set', 'setnx', 'hsetnx'];
const FREEING_COMMANDS = Object.entries(redisCommands).flatMap(([command, spec]) => (spec.effect === 'delete' || spec.keys === 'script' ? [command] : []));

/** The lock a Redis call takes; `call` passed `takesRedisLock`. */
function redisAcquire(call: RedisCall): Omit<HeldLock, 'releases'> {
  return {
    kind: 'redis',
    acquire: call.node,
    key: redisKeys(call)[0],
    token: call.node.arguments[call.command === 'hsetnx' ? 2 : 1],
    handle: undefined,
    conditional: !retriesUntilTaken(call.node),
    untilTransactionEnd: false,
    handedOff: false,
    library: undefined,
    redisLibrary: call.library,
    sqlEffect: undefined,
    via: undefined,
  };
}

/**
 * The TTL a `SET … NX` gives its key, in milliseconds, when its value is constant: ioredis `'EX', 600` /
 * `'PX', 600_000`, node-redis `{ EX: 600 }` / `{ expiration: { type: 'PX', value } }`, Upstash `{ ex: 600 }`.
 * Absolute expiries (`EXAT`, `PXAT`) and values the file does not fix are unknown.
 */
export function lockTtlMs(file: FileContext, call: RedisCall): number | undefined {
  const rest = call.node.arguments.slice(2);
  const first = rest[0] && skipTransparent(rest[0]);
  const inMs = (unit: string | undefined, value: TSESTree.Node | undefined): number | undefined => {
    const amount = value && getStaticValue(value as never, file.sourceCode.getScope(value) as unknown as Scope.Scope)?.value;
    const number = typeof amount === 'string' && /^\d+$/.test(amount) ? Number(amount) : amount;
    if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return undefined;
    return unit === 'EX' ? number * 1000 : unit === 'PX' ? number : undefined;
  };
  if (first?.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of first.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
      const name = keyName(property.key)?.toUpperCase();
      if (name === 'EX' || name === 'PX') return inMs(name, property.value);
      const expiration = skipTransparent(property.value);
      if (name === 'EXPIRATION' && expiration.type === AST_NODE_TYPES.ObjectExpression) {
        const field = (wanted: string) =>
          expiration.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && keyName(p.key) === wanted)?.value;
        return inMs(constantToken(field('type')), field('value'));
      }
    }
    return undefined;
  }
  const index = rest.findIndex((arg) => ['EX', 'PX'].includes(constantToken(arg) ?? ''));
  return index < 0 ? undefined : inMs(constantToken(rest[index]), rest[index + 1]);
}

/** `while (!(await redis.set(key, token, 'NX', 'PX', ttl))) await sleep(50);`: the lock is held after the loop. */
function retriesUntilTaken(call: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = call; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunction(parent)) return false;
    if ((parent.type === AST_NODE_TYPES.WhileStatement || parent.type === AST_NODE_TYPES.DoWhileStatement) && parent.test === current) return true;
  }
  return false;
}

/** Helper functions of the file that take a Redis lock (`SET NX`) or delete a key, one call deep. */
function findRedisHelpers(file: FileContext, role: 'acquire' | 'release'): Map<FunctionNode, RedisHelper> {
  return memoize(file, `redis-lock-helpers:${role}`, () => {
    const helpers = new Map<FunctionNode, RedisHelper>();
    const candidates = role === 'acquire'
      ? redisCommandCalls(file, LOCK_COMMANDS).filter(takesRedisLock)
      : redisCommandCalls(file, FREEING_COMMANDS).filter(freesRedisKey);
    for (const candidate of candidates) {
      // The first such call of a function makes it a helper: the checker is asked about no later one.
      const fn = enclosingFunction(candidate.node);
      if (fn.type === AST_NODE_TYPES.Program || helpers.has(fn)) continue;
      const call = redisCall(file, candidate.node);
      if (!call) continue;
      const key = redisKeys(call)[0];
      const token = call.node.arguments[1];
      helpers.set(fn, {
        fn,
        inner: call,
        shape: key ? keyShape(file, fn, key) : '',
        keyParam: key ? parameterFeeding(file, fn, key) : undefined,
        tokenParam: token ? parameterFeeding(file, fn, token) : undefined,
        blocking: role === 'acquire' && (retriesUntilTaken(call.node) || throwsUnlessTaken(file, fn, call.node)),
      });
    }
    return helpers;
  });
}

/** The index of the parameter an expression is built from (`lock:${id}` from `id`). */
function parameterFeeding(file: FileContext, fn: FunctionNode, expression: TSESTree.Node): number | undefined {
  const identifiers = expression.type === AST_NODE_TYPES.Identifier ? [expression] : findNodes(file, expression, AST_NODE_TYPES.Identifier);
  for (const identifier of identifiers) {
    const index = fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === identifier.name);
    if (index >= 0) return index;
  }
  return undefined;
}

function throwsUnlessTaken(file: FileContext, fn: FunctionNode, call: TSESTree.CallExpression): boolean {
  return findNodes(file, fn.body, AST_NODE_TYPES.ThrowStatement).some(
    (statement) => enclosingFunction(statement) === fn && checkControls(file, call, statement, { throwsWhenMissing: false }),
  );
}

/** The function a call runs when it is declared in this file: `acquireLock(...)`, `this.acquireLock(...)`. */
export function localFunction(file: FileContext, call: TSESTree.CallExpression): FunctionNode | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'FunctionName' && isFunction(definition.node)) return definition.node;
    if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init && isFunction(definition.node.init)) {
      return definition.node.init;
    }
    return undefined;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) {
    const name = propertyName(callee);
    let classBody: TSESTree.Node | undefined = callee.parent;
    while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
    if (!name || !classBody) return undefined;
    for (const element of classBody.body) {
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name) {
        return element.value.type === AST_NODE_TYPES.FunctionExpression ? element.value : undefined;
      }
      if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name && element.value && isFunction(element.value)) {
        return element.value;
      }
    }
  }
  return undefined;
}

function helperAcquire(_file: FileContext, call: TSESTree.CallExpression, helper: RedisHelper): Omit<HeldLock, 'releases'> {
  const argument = (index: number | undefined): TSESTree.Node | undefined => {
    const value = index === undefined ? undefined : call.arguments[index];
    return value && value.type !== AST_NODE_TYPES.SpreadElement ? value : undefined;
  };
  return {
    kind: 'redis',
    acquire: call,
    key: helper.keyParam === undefined ? redisKeys(helper.inner)[0] : argument(helper.keyParam),
    token: argument(helper.tokenParam),
    handle: undefined,
    conditional: !helper.blocking && !retriesUntilTaken(call),
    untilTransactionEnd: false,
    handedOff: false,
    library: undefined,
    redisLibrary: helper.inner.library,
    sqlEffect: undefined,
    via: helper.inner,
    keyShape: helper.shape,
  };
}

/**
 * A release helper builds the lock's key: the same shape as the acquire helper's (`lock:${#0}` both), or, for
 * a key passed as it is to a plain acquire, a helper that frees exactly its parameter.
 */
function sameShape(lock: Omit<HeldLock, 'releases'>, releaseShape: string, keyParam: number): boolean {
  return lock.keyShape === undefined ? releaseShape === `#${keyParam}` : lock.keyShape === releaseShape;
}

function importedAcquire(call: TSESTree.CallExpression, helper: ImportedRedisHelper): Omit<HeldLock, 'releases'> {
  const argument = (index: number | undefined): TSESTree.Node | undefined => {
    const value = index === undefined ? undefined : call.arguments[index];
    return value && value.type !== AST_NODE_TYPES.SpreadElement ? value : undefined;
  };
  return {
    kind: 'redis',
    acquire: call,
    key: argument(helper.keyParam),
    token: argument(helper.tokenParam),
    handle: undefined,
    conditional: !helper.blocking && !retriesUntilTaken(call),
    untilTransactionEnd: false,
    handedOff: false,
    library: undefined,
    redisLibrary: helper.library,
    sqlEffect: undefined,
    via: undefined,
    keyShape: helper.shape,
  };
}

function withRedisReleases(
  file: FileContext,
  lock: Omit<HeldLock, 'releases'>,
  calls: readonly TSESTree.CallExpression[],
  findReleaseHelpers: () => ReadonlyMap<FunctionNode, RedisHelper>,
): HeldLock {
  const fn = enclosingFunction(lock.acquire);
  const releases: LockRelease[] = [];
  const key = lock.key;
  if (key) {
    const releaseHelpers = findReleaseHelpers();
    const later = calls.filter((call) => call.range[0] > lock.acquire.range[1] && (enclosingFunction(call) === fn || fulfilmentHandlerOf(fn, call)));
    for (const call of later) {
      const command = commandCallOf(file, call);
      // A Redis command call frees the lock or nothing: its receiver is asked about only when that decides.
      const isRedis = (): boolean => command !== undefined && redisCall(file, call) !== undefined;
      if (command) {
        const releaseKey = releasingKeys(file, command, lock).find(
          (candidate) => sameVariableChanged(file, key, candidate) || sameLockKey(file, key, candidate),
        );
        if (releaseKey && isRedis()) {
          const changed = sameVariableChanged(file, key, releaseKey);
          releases.push({ node: call, plainDelete: command.spec.effect === 'delete' ? call : undefined, keyChanged: changed });
          continue;
        }
      }
      const helperFn = releaseHelpers.size > 0 ? localFunction(file, call) : undefined;
      const helper = helperFn && releaseHelpers.get(helperFn);
      if (!helper) {
        // A release helper imported from another module: its own plain DEL is reported there.
        const imported = importedRedisHelper(file, call);
        if (imported?.role !== 'release') continue;
        const importedKey = call.arguments[imported.keyParam];
        if (!importedKey || !sameShape(lock, imported.shape, imported.keyParam)) continue;
        const changed = sameVariableChanged(file, key, importedKey);
        if ((changed || sameLockKey(file, key, importedKey)) && !isRedis()) releases.push({ node: call, plainDelete: undefined, keyChanged: changed });
        continue;
      }
      if (helper.keyParam !== undefined && !sameShape(lock, helper.shape, helper.keyParam)) continue;
      const releaseKey = helper.keyParam === undefined ? redisKeys(helper.inner)[0] : call.arguments[helper.keyParam];
      if (!releaseKey) continue;
      const changed = sameVariableChanged(file, key, releaseKey);
      if (!changed && !sameLockKey(file, key, releaseKey)) continue;
      if (isRedis()) continue;
      releases.push({ node: call, plainDelete: helper.inner.spec.effect === 'delete' ? helper.inner.node : undefined, keyChanged: changed });
    }
  }
  return { ...lock, releases: releases.map((release) => withFulfilment(fn, release)) };
}

/**
 * The same lock key: `sameResource`, or two calls of one key builder of this file with the same arguments
 * (`lockKey(projectId)` at the acquire and at the release, `const lockKey = (id: string) => \`lock:${id}\``).
 */
function sameLockKey(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  if (sameResource(file, a, b)) return true;
  const first = skipTransparent(a);
  const second = skipTransparent(b);
  if (first.type !== AST_NODE_TYPES.CallExpression || second.type !== AST_NODE_TYPES.CallExpression) return false;
  const builder = localFunction(file, first);
  if (!builder || builder !== localFunction(file, second) || !buildsKeyFromParameters(file, builder)) return false;
  return (
    first.arguments.length === second.arguments.length &&
    first.arguments.every((argument, i) => argument.type !== AST_NODE_TYPES.SpreadElement && sameResource(file, argument, second.arguments[i]!))
  );
}

/**
 * A function that only joins its parameters and constants into a string (`(id) => \`lock:${id}\``, `return
 * PREFIX + id;`): the same arguments give the same key. A call, an `await` or a variable that can change inside
 * it (`Date.now()`, a counter) makes each key its own.
 */
function buildsKeyFromParameters(file: FileContext, fn: FunctionNode): boolean {
  return memoize(file, 'key-builders', () => new Map<FunctionNode, boolean>()).get(fn) ?? computeKeyBuilder(file, fn);
}

const KEY_PARTS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.TemplateElement,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
]);

function computeKeyBuilder(file: FileContext, fn: FunctionNode): boolean {
  const body = fn.body;
  const statement = body.type === AST_NODE_TYPES.BlockStatement && body.body.length === 1 ? body.body[0] : undefined;
  const returned = body.type === AST_NODE_TYPES.BlockStatement ? (statement?.type === AST_NODE_TYPES.ReturnStatement ? statement.argument : null) : body;
  const parameters = new Set(fn.params.flatMap((param) => (param.type === AST_NODE_TYPES.Identifier ? [param.name] : [])));
  let pure = returned !== null && returned !== undefined && fn.params.length === parameters.size && !fn.async && !fn.generator;
  if (pure) {
    const nodes = [returned!, ...findNodes(file, returned!, AST_NODE_TYPES.Identifier)];
    const parts = [returned!, ...allNodes(returned!)];
    pure = parts.every((node) => KEY_PARTS.has(node.type)) && nodes.every((node) => node.type !== AST_NODE_TYPES.Identifier || isStableName(file, fn, node));
  }
  memoize(file, 'key-builders', () => new Map<FunctionNode, boolean>()).set(fn, pure);
  return pure;
}

/** A parameter of `fn`, a `const` of the file, or a property name (`id` in `job.id`). */
function isStableName(file: FileContext, fn: FunctionNode, identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) return true;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === 'Parameter') return definition.node === fn;
  return definition?.type === 'Variable' && definition.parent.kind === 'const';
}

/** Every node below `root` (no nested function can occur in a key expression that passed `KEY_PARTS`). */
function allNodes(root: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'typeAnnotation') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') {
          out.push(child as TSESTree.Node);
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
  return out;
}

/**
 * `work().then(() => release())`: the `.then` call whose only handler (no rejection handler) holds `call`, when
 * that chain is written in `fn` itself.
 */
function fulfilmentHandlerOf(fn: FunctionNode | TSESTree.Program, call: TSESTree.Node): TSESTree.CallExpression | undefined {
  const handler = enclosingFunction(call);
  if (handler === fn || handler.type === AST_NODE_TYPES.Program) return undefined;
  const then = handler.parent;
  return then?.type === AST_NODE_TYPES.CallExpression && then.arguments.length === 1 && then.arguments[0] === handler && isThenCall(then) && enclosingFunction(then) === fn
    ? then
    : undefined;
}

const isThenCall = (call: TSESTree.CallExpression): boolean => {
  const callee = skipTransparent(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'then';
};

function withFulfilment(fn: FunctionNode | TSESTree.Program, release: LockRelease): LockRelease {
  const then = fulfilmentHandlerOf(fn, release.node);
  return then ? { ...release, onFulfilment: then } : release;
}

/**
 * The keys a later Redis call frees, when it is a delete or a script: every key of a `DEL k1 k2`, the first
 * key of a script; for a hash-field lock (`HSETNX`), an `HDEL` of the same hash and field.
 */
function releasingKeys(file: FileContext, call: RedisCommandCall, lock: Omit<HeldLock, 'releases'>): TSESTree.Node[] {
  if (lock.counter) return releasesCounter(file, call, lock, lock.counter);
  if (redisCommandOf(lock) === 'hsetnx') {
    const lockField = (lock.acquire as TSESTree.CallExpression).arguments[1];
    const fields = call.node.arguments.slice(1);
    const sameField = lockField !== undefined && fields.some((field) => sameResource(file, lockField, field));
    return call.command === 'hdel' && sameField ? redisKeys(call).slice(0, 1) : [];
  }
  if (call.spec.effect === 'delete' && call.command !== 'hdel') return redisKeys(call);
  if (call.spec.keys === 'script') return redisKeys(call).slice(0, 1);
  return [];
}

const redisCommandOf = (lock: Omit<HeldLock, 'releases'>): string | undefined => {
  const callee = lock.acquire.type === AST_NODE_TYPES.CallExpression ? skipTransparent(lock.acquire.callee) : undefined;
  return callee?.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee)?.toLowerCase() : undefined;
};

/** Both name one variable, written between them: the release frees whatever the variable holds now. */
function sameVariableChanged(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const first = skipTransparent(a);
  const second = skipTransparent(b);
  if (first.type !== AST_NODE_TYPES.Identifier || second.type !== AST_NODE_TYPES.Identifier || first.name !== second.name) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(first), first);
  if (!variable || variable !== ASTUtils.findVariable(file.sourceCode.getScope(second), second)) return false;
  return variable.references.some(
    (reference) => reference.isWrite() && !reference.init && reference.identifier.range[0] > first.range[1] && reference.identifier.range[0] < second.range[0],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Redis counters taken as locks: `const n = await redis.incr(key); if (n > 1) throw …; … await redis.del(key);`

/** How a comparison of a counter's value reads: someone else holds the lock, or this caller took it. */
export type CounterOutcome = 'contended' | 'taken';

/**
 * `n > 1`, `n >= 2`, `n !== 1` (contended) and `n === 1`, `n <= 1`, `n < 2` (taken), either side; a threshold
 * other than one is a limit (a semaphore, a rate limit), not a lock.
 */
export function counterOutcome(binary: TSESTree.BinaryExpression, use: TSESTree.Node): CounterOutcome | undefined {
  const left = skipTransparent(binary.left);
  const right = skipTransparent(binary.right);
  const value = skipTransparent(use);
  const onLeft = left === value || contains(binary.left, use);
  const other = onLeft ? right : left;
  if (other.type !== AST_NODE_TYPES.Literal || typeof other.value !== 'number') return undefined;
  // Written as `n OP k`: mirror `k OP n`.
  const mirrored: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
  const operator = onLeft ? binary.operator : (mirrored[binary.operator] ?? binary.operator);
  const k = other.value;
  if ((operator === '>' && k === 1) || (operator === '>=' && k === 2) || ((operator === '!==' || operator === '!=') && k === 1)) return 'contended';
  if (((operator === '===' || operator === '==') && k === 1) || (operator === '<=' && k === 1) || (operator === '<' && k === 2)) return 'taken';
  return undefined;
}

/**
 * The `if` whose test compares the counter's value as a lock, and how: an exit when contended
 * (`if (n > 1) throw …`), or a branch when taken (`if (n === 1) { … }`). Syntax only.
 */
function counterContention(
  file: FileContext,
  call: RedisCommandCall,
  counter: CounterLockCommand,
): { branch: TSESTree.IfStatement; outcome: CounterOutcome } | undefined {
  if (counter.amountArg !== undefined) {
    const amount = call.node.arguments[counter.amountArg];
    const value = amount && skipTransparent(amount);
    if (value?.type !== AST_NODE_TYPES.Literal || (value.value !== 1 && value.value !== '1')) return undefined;
  }
  for (const use of resultUses(file, call.node)) {
    const { node, parent } = transparentParent(use);
    if (parent?.type !== AST_NODE_TYPES.BinaryExpression) continue;
    const outcome = counterOutcome(parent, node);
    const test = transparentParent(parent);
    const branch = test.parent;
    if (!outcome || branch?.type !== AST_NODE_TYPES.IfStatement || branch.test !== test.node) continue;
    if (outcome === 'contended' ? alwaysExits(branch.consequent) && !branch.alternate : branch.consequent.type === AST_NODE_TYPES.BlockStatement) {
      return { branch, outcome };
    }
  }
  return undefined;
}

/**
 * A counter taken as a lock, with its releases: a `DECR`/`DEL` of the key (an `HDEL` or negative `HINCRBY` of
 * the same field), except those on the contended path, which take back the contender's own increment. Without
 * a release it is a lock only when its key says so (`lock:…`): otherwise it is a limit or a marker.
 */
function counterLock(
  file: FileContext,
  call: RedisCall,
  counter: CounterLockCommand,
  calls: readonly TSESTree.CallExpression[],
  findReleaseHelpers: () => ReadonlyMap<FunctionNode, RedisHelper>,
): HeldLock | undefined {
  const { branch, outcome } = counterContention(file, call, counter)!;
  const contendedPath = outcome === 'contended' ? branch.consequent : (branch.alternate ?? undefined);
  const acquire: Omit<HeldLock, 'releases'> = { ...redisAcquire(call), token: undefined, conditional: true, counter };
  const lock = withRedisReleases(file, acquire, calls, findReleaseHelpers);
  const releases = lock.releases.filter((release) => !contendedPath || !contains(contendedPath, release.node));
  const key = redisKeys(call)[0];
  const field = counter.fieldArg === undefined ? undefined : call.node.arguments[counter.fieldArg];
  if (releases.length === 0 && ![key, field].some((node) => node !== undefined && namedAsLock(file, node))) return undefined;
  return { ...lock, releases };
}

/** A later call frees the counter: a release command of its catalogue entry, or a decrement by a negative amount. */
function releasesCounter(file: FileContext, call: RedisCommandCall, lock: Omit<HeldLock, 'releases'>, counter: CounterLockCommand): TSESTree.Node[] {
  let frees = counter.release.includes(call.command);
  if (!frees && counter.decrement.includes(call.command)) {
    const amount = call.node.arguments[counter.amountArg ?? 1];
    const value = amount && skipTransparent(amount);
    const negative = value?.type === AST_NODE_TYPES.UnaryExpression && value.operator === '-' && value.argument.type === AST_NODE_TYPES.Literal;
    frees = call.command.startsWith('decr') ? value !== undefined : negative;
  }
  if (!frees) return [];
  if (counter.fieldArg !== undefined) {
    const lockField = (lock.acquire as TSESTree.CallExpression).arguments[counter.fieldArg];
    const field = call.node.arguments[counter.fieldArg];
    if (!lockField || !field || !sameResource(file, lockField, field)) return [];
  }
  return redisKeys(call).slice(0, call.spec.keys === 'all' ? undefined : 1);
}

/** A word in a key or field that says it is a lock (`lock:job`, `job-lock`; not `leaderboard`, `blocked`). */
const LOCK_WORDS = /(?:^|[^a-z])(?:locks?|mutex|leader|semaphore|lease)(?:[^a-z]|$)/i;

/** The constant text of a key or field names it a lock. */
export function namedAsLock(file: FileContext, node: TSESTree.Node): boolean {
  return constantParts(file, node).some((text) => LOCK_WORDS.test(text));
}

/** The constant text inside a key expression: literals, template parts, and `const` strings it refers to. */
function constantParts(file: FileContext, node: TSESTree.Node): string[] {
  const value = skipTransparent(node);
  const parts: string[] = [];
  for (const literal of [value, ...findNodes(file, value, AST_NODE_TYPES.Literal)]) {
    if (literal.type === AST_NODE_TYPES.Literal && typeof literal.value === 'string') parts.push(literal.value);
  }
  for (const template of [value, ...findNodes(file, value, AST_NODE_TYPES.TemplateLiteral)]) {
    if (template.type === AST_NODE_TYPES.TemplateLiteral) parts.push(...template.quasis.map((quasi) => quasi.value.cooked ?? ''));
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
    const definition = variable?.defs[0];
    if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init && definition.node.init !== node) {
      parts.push(...constantParts(file, definition.node.init));
    }
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------
// Lock libraries (redlock, async-mutex)

function lockLibraryMethod(file: FileContext, call: TSESTree.CallExpression): { method: string; object: TSESTree.Expression; lib: LockLibrary } | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (!method) return undefined;
  const candidates = lockLibraries.filter((lib) => entryOf(lib.acquire, method) !== undefined || entryOf(lib.scoped, method) !== undefined);
  if (candidates.length === 0) return undefined;
  const lib = lockObjectLibrary(file, callee.object);
  return lib && candidates.includes(lib) ? { method, object: callee.object, lib } : undefined;
}

/** The lock library whose lock object `node` is (a `Redlock`, a `Mutex`, a `Semaphore`). */
export function lockObjectLibrary(file: FileContext, node: TSESTree.Node): LockLibrary | undefined {
  const creations = () =>
    findInstanceCreations(
      file,
      'lock-objects',
      lockLibraries.map((lib) => ({ modules: lib.modules, constructors: lib.constructors, factories: lib.wrappers, tag: lib })),
    );
  return recognizeInstance(file, node, (type) => lockLibraryOfType(file, type), creations);
}

/** A type object belongs to one checker: its library is matched against the catalogue once for every file linted with it. */
const lockLibrariesByType = new WeakMap<ts.Type, LockLibrary | null>();

function lockLibraryOfType(file: FileContext, type: ts.Type): LockLibrary | undefined {
  let library = lockLibrariesByType.get(type);
  if (library === undefined) {
    library = lockLibraries.find((lib) => typeDeclaredBy(file, type, lib.types, lib.typeNames, lib.declarationPackage)) ?? null;
    lockLibrariesByType.set(type, library);
  }
  return library ?? undefined;
}

function libraryAcquire(
  file: FileContext,
  call: TSESTree.CallExpression,
  lib: LockLibrary,
  object: TSESTree.Expression,
  calls: readonly TSESTree.CallExpression[],
): HeldLock {
  const handle = resultBinding(call);
  const fn = enclosingFunction(call);
  const releases: LockRelease[] = [];
  for (const later of calls) {
    if (later.range[0] <= call.range[1] || (enclosingFunction(later) !== fn && !fulfilmentHandlerOf(fn, later))) continue;
    const callee = skipTransparent(later.callee);
    // `work().then(release)`: the release function as the only handler.
    const handler = later.arguments.length === 1 ? skipTransparent(later.arguments[0]!) : undefined;
    if (handle && handler?.type === AST_NODE_TYPES.Identifier && isThenCall(later) && isSameBinding(file, handler, handle)) {
      releases.push({ node: later, plainDelete: undefined, keyChanged: false, onFulfilment: later });
      continue;
    }
    // `release()`: the release function the acquire resolved to.
    if (handle && callee.type === AST_NODE_TYPES.Identifier && isSameBinding(file, callee, handle)) {
      releases.push({ node: later, plainDelete: undefined, keyChanged: false });
      continue;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = propertyName(callee);
    if (!method) continue;
    // `lock.release()`
    if (handle && lib.handleRelease.includes(method) && skipTransparent(callee.object).type === AST_NODE_TYPES.Identifier && isSameBinding(file, skipTransparent(callee.object) as TSESTree.Identifier, handle)) {
      releases.push({ node: later, plainDelete: undefined, keyChanged: false });
      continue;
    }
    // `mutex.release()`, `redlock.release(lock)`
    if (lib.release.includes(method) && sameResource(file, object, callee.object)) {
      const argument = later.arguments[0] && skipTransparent(later.arguments[0]);
      const releasesHandle = lib.handleRelease.length === 0 || (handle !== undefined && argument?.type === AST_NODE_TYPES.Identifier && isSameBinding(file, argument, handle));
      if (releasesHandle) releases.push({ node: later, plainDelete: undefined, keyChanged: false });
    }
  }
  const fulfilled = releases.map((release) => (release.onFulfilment ? release : withFulfilment(fn, release)));
  return {
    kind: lib.id === 'redlock' ? 'redlock' : 'async-mutex',
    acquire: call,
    key: object,
    token: undefined,
    handle,
    conditional: false,
    untilTransactionEnd: false,
    handedOff: handle !== undefined && handedOff(file, handle, fulfilled),
    releases: fulfilled,
    library: lib,
    redisLibrary: undefined,
    sqlEffect: undefined,
    via: undefined,
  };
}

/** The variable an awaited call's result is stored in; for `const [, release] = await semaphore.acquire()`, the release function. */
function resultBinding(call: TSESTree.CallExpression): TSESTree.Identifier | undefined {
  const { node: value, parent } = awaitedParent(call);
  const target =
    parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value
      ? parent.id
      : parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value
        ? parent.left
        : undefined;
  if (target?.type === AST_NODE_TYPES.Identifier) return target;
  if (target?.type === AST_NODE_TYPES.ArrayPattern) {
    const releaser = target.elements[1];
    return releaser?.type === AST_NODE_TYPES.Identifier ? releaser : undefined;
  }
  return undefined;
}

function isSameBinding(file: FileContext, use: TSESTree.Identifier, binding: TSESTree.Identifier): boolean {
  if (use.name !== binding.name) return false;
  return ASTUtils.findVariable(file.sourceCode.getScope(use), use) === ASTUtils.findVariable(file.sourceCode.getScope(binding), binding);
}

/**
 * The handle leaves the function: returned, stored in a field or structure, or passed to a call other than
 * its own release. The lease is then someone else's to release.
 */
function handedOff(file: FileContext, handle: TSESTree.Identifier, releases: readonly LockRelease[]): boolean {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(handle), handle);
  if (!variable) return true;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const { node, parent } = transparentParent(reference.identifier);
    if (releases.some((release) => contains(release.node, node))) continue;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) continue; // lock.expiration, lock.extend()
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node) continue;
    if (
      parent?.type === AST_NODE_TYPES.ReturnStatement ||
      parent?.type === AST_NODE_TYPES.CallExpression ||
      parent?.type === AST_NODE_TYPES.NewExpression ||
      parent?.type === AST_NODE_TYPES.AssignmentExpression ||
      parent?.type === AST_NODE_TYPES.Property ||
      parent?.type === AST_NODE_TYPES.ArrayExpression ||
      parent?.type === AST_NODE_TYPES.VariableDeclarator ||
      parent?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      parent?.type === AST_NODE_TYPES.YieldExpression
    ) {
      return true;
    }
    if (enclosingFunction(node) !== enclosingFunction(handle)) return true; // captured by a closure
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// SQL session locks

/** The lock function a query calls, from the text of its SQL (a literal, a template, or a tagged template). */
export function sqlLockCall(call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): { effect: SqlLockEffect; name: string } | undefined {
  let sql: string | undefined;
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const tag = skipTransparent(call.tag);
    const method = tag.type === AST_NODE_TYPES.MemberExpression ? propertyName(tag) : undefined;
    if (!method || !sqlQueryMethods.includes(method)) return undefined;
    sql = call.quasi.quasis.map((quasi) => quasi.value.cooked ?? '').join('?');
  } else {
    const callee = skipTransparent(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
    if (!method || !sqlQueryMethods.includes(method)) return undefined;
    const first = call.arguments[0] && skipTransparent(call.arguments[0]);
    if (first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') sql = first.value;
    else if (first?.type === AST_NODE_TYPES.TemplateLiteral) sql = first.quasis.map((quasi) => quasi.value.cooked ?? '').join('?');
    else if (first?.type === AST_NODE_TYPES.ObjectExpression) {
      // pg's `query({ text, values })`
      const text = first.properties.find(
        (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'text',
      );
      const value = text && skipTransparent(text.value);
      if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') sql = value.value;
    }
  }
  if (!sql) return undefined;
  const lower = sql.toLowerCase();
  for (const match of lower.matchAll(/\b([a-z_]+)\s*\(/g)) {
    const name = match[1]!;
    const effect = sqlLockFunctions[name];
    if (effect) return { effect, name };
  }
  return undefined;
}

/** The connection a query runs on: the callee's object (`client` in `client.query(...)`, `tx` in ``tx.$executeRaw`…` ``). */
export function queryReceiver(call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): TSESTree.Expression | undefined {
  const callee = skipTransparent(call.type === AST_NODE_TYPES.CallExpression ? call.callee : call.tag);
  return callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : undefined;
}

/** Raw SQL sent as a tagged template (Prisma `$executeRaw`, `$queryRaw`): the waiting and transaction locks. */
function taggedSqlLocks(file: FileContext, calls: readonly TSESTree.CallExpression[]): HeldLock[] {
  const text = file.sourceCode.text;
  if (!/advisory|get_lock/i.test(text) || !text.includes('`')) return [];
  const tagged = nodesOfType(file, AST_NODE_TYPES.TaggedTemplateExpression);
  const queries = [...calls, ...tagged].sort((a, b) => a.range[0] - b.range[0]);
  const out: HeldLock[] = [];
  for (const node of tagged) {
    const sql = sqlLockCall(node);
    // A try-lock's result decides; its shape in a tagged template is left alone.
    if (sql && (sql.effect === 'lock' || sql.effect === 'xact-lock')) out.push(sqlAcquire(file, node, sql.effect, queries));
  }
  return out;
}

function sqlAcquire(
  file: FileContext,
  call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  effect: SqlLockEffect,
  calls: readonly (TSESTree.CallExpression | TSESTree.TaggedTemplateExpression)[],
): HeldLock {
  const receiver = queryReceiver(call);
  const fn = enclosingFunction(call);
  const releases: LockRelease[] = [];
  const transactional = effect === 'xact-lock' || effect === 'try-xact-lock';
  for (const later of calls) {
    if (later.range[0] <= call.range[1] || enclosingFunction(later) !== fn || !receiver) continue;
    const laterReceiver = queryReceiver(later);
    if (!laterReceiver || !sameResource(file, receiver, laterReceiver)) continue;
    const sql = sqlLockCall(later);
    const ends = transactional ? endsTransaction(later) : sql?.effect === 'unlock' || sql?.effect === 'unlock-all';
    if (ends) releases.push({ node: later, plainDelete: undefined, keyChanged: false });
  }
  const sessionLock = effect === 'lock' || effect === 'try-lock';
  return {
    kind: 'sql',
    acquire: call,
    pool: sessionLock && receiver ? connectionPoolOf(file, receiver) : undefined,
    key: receiver,
    token: undefined,
    handle: undefined,
    conditional: effect === 'try-lock' || effect === 'try-xact-lock',
    untilTransactionEnd: transactional,
    handedOff: false,
    releases,
    library: undefined,
    redisLibrary: undefined,
    sqlEffect: effect,
    via: undefined,
  };
}

/** The pool `node` is (pg `Pool`, a knex instance): by declared type, else by the call that made it. */
function connectionPoolOf(file: FileContext, node: TSESTree.Node): ConnectionPool | undefined {
  if (checkedOut(file, node)) return undefined;
  const creations = () =>
    findInstanceCreations(
      file,
      'connection-pools',
      connectionPools.map((pool) => ({ modules: pool.modules, constructors: pool.constructors, factories: pool.factories, tag: pool })),
    );
  return recognizeInstance(
    file,
    node,
    (type) => connectionPools.find((pool) => typeDeclaredBy(file, type, pool.types, pool.typeNames, pool.declarationPackage)),
    creations,
  );
}

/**
 * `const client = await pool.connect()`: one connection taken from a pool. Asked first, since instance
 * recognition without types follows `connect()` back to its receiver (`createClient().connect()` is the client).
 */
function checkedOut(file: FileContext, node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  const init = value.type === AST_NODE_TYPES.Identifier ? singleInitializer(file, value) : value;
  const made = init && skipTransparent(init);
  const call = made?.type === AST_NODE_TYPES.AwaitExpression ? skipTransparent(made.argument) : made;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTransparent(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return method !== undefined && poolCheckoutMethods.includes(method);
}

function endsTransaction(call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): boolean {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return /^\s*(commit|rollback|end)\b/i.test(call.quasi.quasis[0]?.value.cooked ?? '');
  const first = call.arguments[0] && skipTransparent(call.arguments[0]);
  return first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' && /^\s*(commit|rollback|end)\b/i.test(first.value);
}

// ---------------------------------------------------------------------------------------------------------
// In-process flag locks: `if (busy) return; busy = true; … busy = false;`

function findFlagLocks(file: FileContext): HeldLock[] {
  const out: HeldLock[] = [];
  if (!file.sourceCode.text.includes('true')) return out;
  for (const block of nodesOfType(file, AST_NODE_TYPES.BlockStatement)) {
    const body = block.body;
    body.forEach((statement, index) => {
      const flag = flagAssignment(statement, true);
      if (!flag) return;
      const guarded = body.slice(0, index).some((earlier) => exitsWhenSet(file, earlier, flag));
      if (!guarded) return;
      const fn = enclosingFunction(statement);
      const releases: LockRelease[] = findNodes(file, fn, AST_NODE_TYPES.AssignmentExpression)
        .filter((assignment) => assignment.range[0] > statement.range[1] && enclosingFunction(assignment) === fn)
        .filter((assignment) => {
          const released = flagAssignmentExpression(assignment, false);
          return released !== undefined && sameFlag(file, flag, released);
        })
        .sort((a, b) => a.range[0] - b.range[0])
        .map((node) => ({ node, plainDelete: undefined, keyChanged: false }));
      out.push({
        kind: 'flag',
        acquire: (statement as TSESTree.ExpressionStatement).expression,
        key: flag,
        token: undefined,
        handle: undefined,
        conditional: false,
        untilTransactionEnd: false,
        handedOff: false,
        releases,
        library: undefined,
        redisLibrary: undefined,
        sqlEffect: undefined,
        via: undefined,
        componentRef: isComponentRef(file, flag),
      });
    });
  }
  return out;
}

/** `busyRef.current` where `busyRef` is made by `useRef(…)` imported from React (or Preact's hooks), in any import style. */
function isComponentRef(file: FileContext, flag: TSESTree.Node): boolean {
  const member = skipTransparent(flag);
  if (member.type !== AST_NODE_TYPES.MemberExpression || propertyName(member) !== 'current') return false;
  const refs = findInstanceCreations(
    file,
    'component-refs',
    componentRefHooks.map((hook) => ({ modules: hook.modules, constructors: [], factories: [hook.name], tag: true })),
  );
  return refs.get(originOf(file, member.object)) === true;
}

function flagAssignment(statement: TSESTree.Statement, value: boolean): TSESTree.Node | undefined {
  return statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression
    ? flagAssignmentExpression(statement.expression, value)
    : undefined;
}

function flagAssignmentExpression(assignment: TSESTree.AssignmentExpression, value: boolean): TSESTree.Node | undefined {
  const right = skipTransparent(assignment.right);
  if (assignment.operator !== '=' || right.type !== AST_NODE_TYPES.Literal || right.value !== value) return undefined;
  const left = assignment.left;
  return left.type === AST_NODE_TYPES.Identifier || left.type === AST_NODE_TYPES.MemberExpression ? left : undefined;
}

/** `if (busy) return;` / `if (this.running) throw ...`: an exit taken when the flag is set. */
function exitsWhenSet(file: FileContext, statement: TSESTree.Statement, flag: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate) return false;
  const consequent = statement.consequent;
  const exits =
    consequent.type === AST_NODE_TYPES.BlockStatement
      ? consequent.body.some((s) => s.type === AST_NODE_TYPES.ReturnStatement || s.type === AST_NODE_TYPES.ThrowStatement)
      : consequent.type === AST_NODE_TYPES.ReturnStatement || consequent.type === AST_NODE_TYPES.ThrowStatement;
  if (!exits) return false;
  const test = skipTransparent(statement.test);
  const tested =
    test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '===' || test.operator === '==') && isTrue(skipTransparent(test.right))
      ? test.left
      : test;
  return sameFlag(file, tested, flag);
}

const isTrue = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Literal && node.value === true;

/**
 * The same flag: one variable (a module-level `let` written by many functions is still one flag), or the same
 * property path on `this` or on one variable.
 */
function sameFlag(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const first = skipTransparent(a);
  const second = skipTransparent(b);
  if (first.type === AST_NODE_TYPES.Identifier && second.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(first), first);
    return variable !== null && variable === ASTUtils.findVariable(file.sourceCode.getScope(second), second);
  }
  if (first.type === AST_NODE_TYPES.MemberExpression && second.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(first);
    return name !== undefined && name === propertyName(second) && (
      (first.object.type === AST_NODE_TYPES.ThisExpression && second.object.type === AST_NODE_TYPES.ThisExpression) ||
      sameFlag(file, first.object, second.object));
  }
  return false;
}
