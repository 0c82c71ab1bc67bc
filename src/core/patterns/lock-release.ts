import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { resultUses } from '../analysis/flow.js';
import {
  alwaysExits,
  calleeName,
  contains,
  enclosingFunction,
  isFunction,
  isLoop,
  propertyName,
  skipTransparent,
  transparentParent,
  type FunctionNode,
  type LoopNode,
} from '../analysis/nodes.js';
import { describeResource, sameResource } from '../analysis/resource.js';
import { compareAndDeleteScript } from '../catalogue/redis.js';
import { poolReleaseMethods } from '../catalogue/locks.js';
import { reportWithSteps, type StepNode } from '../report-steps.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { freshName, indentOf, indentUnit } from '../fix.js';
import { counterOutcome, findLocks, lockTtlMs, queryReceiver, sqlLockCall, type HeldLock, type LockRelease, type ScopedLock } from '../recognize/locks.js';
import { runLimitMs } from '../recognize/run-limits.js';
import { rowLockReleases } from './row-lock-release.js';
import { findNodes } from '../recognize/modules.js';
import { singleInitializer } from '../recognize/instances.js';
import { redisCall, redisKeys, setOptions, type RedisCall } from '../recognize/redis.js';
import { typeOf } from '../recognize/types.js';

export const lockReleaseMessages = {
  plainDeleteRelease:
    '`{{method}}` releases the lock {{key}} without checking that this process still owns it: when the lock expired and another worker took it, this deletes their lock. Delete the key only while it holds your token, in one atomic script.',
  rowLockReleasedByKey:
    '`{{method}}` frees the row lock `{{column}}` by the row\'s key only: when this run outlived the stale-lock timeout and another worker took the row, this frees their lock. Also compare `{{column}}` with the value this run set (or the owner column it set) in the filter.',
  releaseNotInFinally:
    'The lock taken by `{{acquire}}` is released outside `finally`: when the code in between throws{{exits}}, the lock stays held{{until}}. Release it in a `finally` block.',
  lockKeyChanged:
    '`{{key}}` is reassigned between taking the lock and releasing it: this releases another key, and the lock stays held.',
  uncheckedAbortSignal:
    'This `{{method}}` routine never checks its abort signal: when redlock cannot extend the lock during the work, the routine goes on without it. Check `signal.aborted` (and stop) before each write.',
  connectionReleasedWhileLocked:
    '`{{method}}` hands the connection back to the pool while it still holds `{{lockFunction}}`: the next user of the connection inherits the lock, and this code can no longer release it. Unlock first, in `finally`.',
  ignoredTryLock:
    'The result of `{{lockFunction}}` is ignored: the work that follows runs whether or not the lock was taken. Check the result, or take the lock with its waiting form.',
  sessionLockThroughPool:
    '`{{lockFunction}}` is taken through the pool `{{pool}}`: each query may run on another connection, so the unlock can run on one that holds nothing while the lock stays with a pooled connection. {{fix}}.',
  acquiredBeforeTry:
    '`{{second}}` takes another lock after `{{acquire}}` and before the `try` whose `finally` releases it: when this one fails ({{failure}}), that `finally` never runs and the first lock stays held{{until}}. Take it inside the `try`, or release the first lock on that path.',
  releaseOnFulfilmentOnly:
    'The lock taken by `{{acquire}}` is released in `.then(…)` only: when the promise before it rejects, the release never runs and the lock stays held{{until}}. Release it in `.finally(…)`.',
  suggestFinallyCallback: 'Release the lock in `.finally(…)`, which runs on rejection too.',
  suggestOneClient: 'Lock and unlock on one client `{{client}}` taken with `{{pool}}.connect()`, released to the pool in `finally`.',
  suggestCompareAndDelete: 'Delete the key only while it still holds `{{token}}` (an atomic compare-and-delete script).',
  suggestFinally: 'Release the lock in a `finally` block.',
  suggestRunExclusive: 'Run the work in `{{object}}.runExclusive(...)`, which releases the lock on every path.',
  abortSignalNotCheckedInLoop:
    '`{{signal}}.aborted` is checked before this loop but never inside it: when redlock cannot extend the lock while the loop runs, the loop goes on without it. Check the signal where the work continues, in each iteration.',
  suggestCheckSignalInLoop: 'Stop when the lock is lost: check `{{signal}}.aborted` at the start of each iteration.',
  suggestCheckSignal: 'Stop when the lock is lost: check `{{signal}}.aborted` before the last step.',
} as const;

type MessageId = keyof typeof lockReleaseMessages;
type Context = Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>;

/** The compare-and-delete script as a JavaScript string (single quotes: the script uses double quotes). */
const SCRIPT_LITERAL = `'${compareAndDeleteScript}'`;

/**
 * `race/no-unguarded-lock-release`: locks released in a way that can free someone else's lock, or not on every
 * path. The locks come from `findLocks` (hand-written Redis locks and their helpers, redlock, async-mutex,
 * SQL session locks, in-process flags); this module decides what to report and how to fix it.
 */
export function lockRelease(context: Context): TSESLint.RuleListener {
  const file = getFileContext(context);
  return {
    'Program:exit'() {
      const { held, scoped } = findLocks(file);
      const reported = new Set<TSESTree.Node>();
      const report: Report = (descriptor, steps) => {
        const key = `${descriptor.messageId}`;
        const marker = descriptor.node;
        if (reported.has(marker) && key === 'plainDeleteRelease') return;
        if (key === 'plainDeleteRelease') reported.add(marker);
        if (steps) reportWithSteps(context, descriptor, steps);
        else context.report(descriptor);
      };
      for (const lock of held) {
        // A component's re-entry flag left set blocks that component until it remounts: a UI bug, not a lock.
        if (lock.componentRef) continue;
        if (lock.kind === 'redis') reportPlainDeletes(file, lock, report);
        for (const release of lock.releases) {
          if (release.keyChanged) report({ node: release.node, messageId: 'lockKeyChanged', data: { key: describeResource(file, lock.key!) } });
        }
        if (lock.releases.some((release) => release.onFulfilment)) reportFulfilmentOnly(file, lock, report);
        else reportReleaseOutsideFinally(file, lock, report);
        if (lock.kind === 'sql') reportSqlMisuse(file, lock, report);
      }
      reportAcquiresBeforeTry(file, held, report);
      for (const lock of scoped) reportUncheckedSignal(file, lock, report);
      for (const release of rowLockReleases(file)) {
        const data = { method: release.method, column: release.column };
        report({ node: release.node, messageId: 'rowLockReleasedByKey', data }, {
          check: { node: release.acquire, label: `takes the row lock \`${release.column}\` where it is free` },
          act: { node: release.node, label: `sets \`${release.column}\` to null on the row, whoever holds it now` },
        });
      }
      // Helper pairs seen in their own file, whoever calls them.
      for (const { acquire, release } of findLocks(file).helperPairs) {
        if (release.spec.effect !== 'delete' || acquire.command !== 'set' || setOptions(acquire)?.ttl === false || outlivesHolder(file, acquire)) continue;
        const key = redisKeys(release)[0];
        const data = { method: release.method, key: key ? describeResource(file, key) : 'key', token: '' };
        report({ node: release.node, messageId: 'plainDeleteRelease', data }, plainDeleteSteps(acquire.node, release.node, data));
      }
    },
  };
}

type Report = (
  descriptor: TSESLint.ReportDescriptor<MessageId> & { node: TSESTree.Node },
  steps?: { readonly check: StepNode; readonly act: StepNode },
) => void;

/** A lock taken with a TTL, then deleted without checking its owner: the acquire and the delete. */
const plainDeleteSteps = (acquire: TSESTree.Node, release: TSESTree.Node, data: { method: string; key: string }) => ({
  check: { node: acquire, label: `takes the lock ${data.key}, which expires after its TTL` },
  act: { node: release, label: `\`${data.method}\` deletes ${data.key}, whoever holds it now` },
});

// ---------------------------------------------------------------------------------------------------------
// A plain DEL of a Redis lock key

function reportPlainDeletes(file: FileContext, lock: HeldLock, report: Report): void {
  // Without a TTL nobody else can hold the key while this process does: `require-lock-ttl` reports that lock.
  const taking = lock.via ?? redisCall(file, lock.acquire as TSESTree.CallExpression);
  if (!taking || taking.command !== 'set' || setOptions(taking)?.ttl === false || outlivesHolder(file, taking)) return;
  for (const release of lock.releases) {
    const del = release.plainDelete;
    if (!del || release.keyChanged) continue;
    const call = redisCall(file, del);
    if (!call) continue;
    const key = redisKeys(call)[0];
    const data = { method: call.method, key: key ? describeResource(file, key) : 'key', token: lock.token ? file.sourceCode.getText(lock.token) : '' };
    const rewrite = release.node === del ? compareAndDelete(file, lock, del) : undefined;
    report(
      {
        node: del,
        messageId: 'plainDeleteRelease',
        data,
        fix: rewrite?.automatic ? rewrite.fix : null,
        suggest: rewrite && !rewrite.automatic ? [{ messageId: 'suggestCompareAndDelete', data, fix: rewrite.fix }] : [],
      },
      plainDeleteSteps(lock.acquire, del, data),
    );
  }
}

/**
 * The platform stops every run of this module before the lock's TTL ends (a route's `maxDuration` no longer than
 * its `EX`): the lock cannot expire while its holder runs, so no one else holds the key when the holder's `DEL`
 * runs, and the plain delete frees only its own lock.
 */
function outlivesHolder(file: FileContext, acquire: RedisCall): boolean {
  const limit = runLimitMs(file);
  const ttl = limit === undefined ? undefined : lockTtlMs(file, acquire);
  return ttl !== undefined && ttl >= limit!;
}

interface Rewrite {
  readonly automatic: boolean;
  readonly fix: TSESLint.ReportFixFunction;
}

/**
 * `redis.del(key)` → `redis.eval(<compare-and-delete>, 1, key, token)` (node-redis: `{ keys, arguments }`,
 * Upstash: `[key], [token]`). In a run without another worker the key holds this token, so the script deletes
 * it as `DEL` did: automatic, when the result is not used (`EVAL` answers `unknown` where `DEL` answered a
 * count) and the token is the unchanged variable stored by the acquire. node-redis takes only strings as script
 * arguments, and Upstash serialises a non-string value itself: without a type proving the token a string, a
 * suggestion.
 */
function compareAndDelete(file: FileContext, lock: HeldLock, del: TSESTree.CallExpression): Rewrite | undefined {
  const call = redisCall(file, del);
  const token = lock.token && skipTransparent(lock.token);
  if (!call || !token || token.type !== AST_NODE_TYPES.Identifier || del.arguments.length !== 1) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(token), token);
  if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  if (ASTUtils.findVariable(file.sourceCode.getScope(del), token.name) !== variable) return undefined;
  const sourceCode = file.sourceCode;
  const keyText = sourceCode.getText(del.arguments[0]!);
  const callee = skipTransparent(del.callee) as TSESTree.MemberExpression;
  const method = call.method === call.method.toUpperCase() ? 'EVAL' : 'eval';
  const clientText = sourceCode.text.slice(callee.range[0], callee.property.range[0]);
  const closing = callee.computed ? ']' : '';
  const args =
    call.library.id === 'ioredis'
      ? `${SCRIPT_LITERAL}, 1, ${keyText}, ${token.name}`
      : call.library.id === 'upstash'
        ? `${SCRIPT_LITERAL}, [${keyText}], [${token.name}]`
        : `${SCRIPT_LITERAL}, { keys: [${keyText}], arguments: [${token.name}] }`;
  const text = `${clientText}${callee.computed ? `'${method}'` : method}${closing}(${args})`;
  const unused = resultUnused(del);
  const stringToken = call.library.id === 'ioredis' || isString(file, token);
  const keepsComments = sourceCode.getCommentsInside(del).length === 0;
  return { automatic: unused && stringToken && keepsComments, fix: (fixer) => fixer.replaceText(del, text) };
}

function resultUnused(call: TSESTree.CallExpression): boolean {
  let { parent } = transparentParent(call);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) parent = transparentParent(parent).parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** The token is a string: by type when the checker knows, else by the expression that made it. */
function isString(file: FileContext, token: TSESTree.Identifier): boolean {
  if (file.types) {
    const type = typeOf(file.types, token);
    if (type) return (type.flags & ts.TypeFlags.StringLike) !== 0;
  }
  const init = singleInitializer(file, token);
  const value = init && skipTransparent(init);
  if (!value) return false;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string';
  // `crypto.randomUUID()`, `randomUUID()` from node:crypto, `String(x)`: strings by definition.
  return value.type === AST_NODE_TYPES.CallExpression && ['randomUUID', 'String'].includes(calleeName(value) ?? '');
}

// ---------------------------------------------------------------------------------------------------------
// A release that is not on every path

interface Region {
  /** The statements the lock guards, between the acquire (or its check) and the release. */
  readonly block: TSESTree.BlockStatement | TSESTree.Program;
  readonly work: TSESTree.Statement[];
  readonly acquireStatement: TSESTree.Statement;
  readonly release: TSESTree.Statement;
  readonly releaseNode: TSESTree.Node;
}

function reportReleaseOutsideFinally(file: FileContext, lock: HeldLock, report: Report): void {
  // A session lock through a pool is reported as such: a `finally` would not make its unlock work.
  if (lock.handedOff || lock.releases.length === 0 || lock.untilTransactionEnd || lock.pool) return;
  if (lock.releases.some((release) => release.keyChanged)) return;
  if (lock.releases.some((release) => protectedRelease(lock, release))) return;
  const region = regionOf(file, lock);
  if (!region || !region.work.some(canThrowOrExit)) return;
  const exits = region.work.some(exitsEarly);
  const sourceCode = file.sourceCode;
  const acquireText = acquireLabel(file, lock);
  const data = {
    acquire: acquireText,
    exits: exits ? ' or returns early' : '',
    until: untilLabel(lock),
    object: lock.key ? sourceCode.getText(lock.key) : '',
  };
  const finallyFix = wrapInFinally(file, region);
  const suggestions: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
  if (finallyFix && (exits || !finallyFix.automatic)) suggestions.push({ messageId: 'suggestFinally', data, fix: finallyFix.fix });
  const runExclusive = lock.kind === 'async-mutex' ? runExclusiveFix(file, lock, region) : undefined;
  if (runExclusive) suggestions.push({ messageId: 'suggestRunExclusive', data, fix: runExclusive });
  report({
    node: region.releaseNode,
    messageId: 'releaseNotInFinally',
    data,
    fix: finallyFix && finallyFix.automatic && !exits ? finallyFix.fix : null,
    suggest: suggestions,
  });
}

function untilLabel(lock: HeldLock): string {
  if (lock.counter) return ' until its TTL ends, or forever without one';
  return lock.kind === 'redis' || lock.kind === 'redlock' ? ' until its TTL ends' : lock.kind === 'sql' ? ' until the connection closes' : ' forever';
}

/**
 * A second lock taken between a first lock and the `try` whose `finally` releases the first:
 * `const a = await redlock.acquire(['a'], ttl); const b = await redlock.acquire(['b'], ttl); try { … } finally
 * { … a.release(); }`. When the second acquire fails by leaving the block (redlock rejects when the lock stays
 * busy; a conditional lock's check returns or throws, a counter lock's `if (n > 1) throw`), the first lock is
 * never released. A failure path that releases the first lock itself is handled.
 */
function reportAcquiresBeforeTry(file: FileContext, held: readonly HeldLock[], report: Report): void {
  for (const first of held) {
    if (first.componentRef || first.handedOff || first.untilTransactionEnd || first.pool) continue;
    const guard = first.releases.map((release) => finallyAfter(first, release)).find((statement) => statement !== undefined);
    const firstStatement = statementOf(first.acquire);
    if (!guard || !firstStatement || firstStatement.parent !== guard.parent) continue;
    const body = (guard.parent as TSESTree.BlockStatement | TSESTree.Program).body as TSESTree.Statement[];
    const between = body.slice(body.indexOf(firstStatement) + 1, body.indexOf(guard));
    for (const second of held) {
      if (second === first || second.componentRef) continue;
      const secondStatement = statementOf(second.acquire);
      if (!secondStatement || !between.includes(secondStatement)) continue;
      const failure = failurePath(file, second, between.slice(between.indexOf(secondStatement)));
      if (!failure || first.releases.some((release) => contains(failure.path, release.node))) continue;
      report({
        node: second.acquire,
        messageId: 'acquiredBeforeTry',
        data: { second: acquireLabel(file, second), acquire: acquireLabel(file, first), failure: failure.label, until: untilLabel(first) },
      });
    }
  }
}

/** The `try` statement whose `finally` holds `release` and that starts after the lock was taken. */
function finallyAfter(lock: HeldLock, release: LockRelease): TSESTree.TryStatement | undefined {
  for (let current = release.node.parent; current; current = current.parent) {
    if (isFunction(current)) return undefined;
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return parent.range[0] > lock.acquire.range[1] ? parent : undefined;
  }
  return undefined;
}

/**
 * How a lock's acquire leaves the block when the lock is not taken, among the statements from its own to the
 * `try`: redlock's acquire rejects; a conditional lock's check (`if (!ok) return;`, `if (n > 1) throw …`) exits.
 */
function failurePath(file: FileContext, lock: HeldLock, statements: readonly TSESTree.Statement[]): { path: TSESTree.Node; label: string } | undefined {
  if (lock.library?.acquireRejectsWhenHeld) return { path: lock.acquire, label: 'it rejects while the lock is busy' };
  if (!lock.conditional || lock.acquire.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const uses = resultUses(file, lock.acquire);
  const check = statements.find(
    (statement): statement is TSESTree.IfStatement =>
      statement.type === AST_NODE_TYPES.IfStatement &&
      !statement.alternate &&
      alwaysExits(statement.consequent) &&
      (contains(statement.test, lock.acquire) ? isNegated(statement.test, lock.acquire) : uses.some((use) => contains(statement.test, use))),
  );
  if (!check) return undefined;
  return { path: check.consequent, label: exitsEarly(check.consequent) ? 'the check returns' : 'the check throws' };
}

/**
 * `work().then(release)` → `work().finally(release)`. Automatic when the chain's value is not used (`.then`
 * resolved to the release's result, `.finally` to the work's) and the release reads no argument: a handler
 * without parameters, or async-mutex's release function, which ignores what it is given. Otherwise a
 * suggestion: `.then(release)` passes the work's value to a function that may read it. A handler that declares a
 * parameter reads that value, which `.finally` does not pass: reported without a fix.
 */
function reportFulfilmentOnly(file: FileContext, lock: HeldLock, report: Report): void {
  for (const release of lock.releases) {
    const then = release.onFulfilment;
    if (!then || lock.handedOff) continue;
    const callee = skipTransparent(then.callee) as TSESTree.MemberExpression;
    const handler = skipTransparent(then.arguments[0]!);
    const readsNoArgument =
      (isFunction(handler) && handler.params.length === 0) || (handler.type === AST_NODE_TYPES.Identifier && lock.library !== undefined && Object.values(lock.library.acquire).every((handle) => handle === 'releaser'));
    const automatic = readsNoArgument && resultUnused(then) && !callee.computed;
    // A handler that reads the value would get nothing from `.finally`: no fix then.
    const readsValue = isFunction(handler) && handler.params.length > 0;
    const fix: TSESLint.ReportFixFunction | undefined = callee.computed || readsValue ? undefined : (fixer) => fixer.replaceText(callee.property, 'finally');
    const data = { acquire: acquireLabel(file, lock), until: untilLabel(lock) };
    report({
      node: callee.property,
      messageId: 'releaseOnFulfilmentOnly',
      data,
      fix: automatic ? fix : null,
      suggest: fix && !automatic ? [{ messageId: 'suggestFinallyCallback', data, fix }] : [],
    });
  }
}

function acquireLabel(file: FileContext, lock: HeldLock): string {
  if (lock.acquire.type === AST_NODE_TYPES.AssignmentExpression) return file.sourceCode.getText(lock.acquire);
  const callee = lock.acquire.type === AST_NODE_TYPES.CallExpression ? skipTransparent(lock.acquire.callee) : undefined;
  return callee ? `${file.sourceCode.getText(callee)}(…)` : file.sourceCode.getText(lock.acquire);
}

/** A release in a `finally` that covers the work after the acquire, or in a `catch` (both paths handled by hand). */
function protectedRelease(lock: HeldLock, release: LockRelease): boolean {
  for (let current = release.node.parent; current; current = current.parent) {
    if (isFunction(current)) return false;
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && (parent.finalizer === current || parent.handler === current)) {
      return parent.range[0] > lock.acquire.range[1] || contains(parent.block, lock.acquire);
    }
  }
  return false;
}

/**
 * The block where the lock is held and the statements between taking it and releasing it, when the release
 * is a later statement of the same block: after the acquire statement, or after the check of a conditional
 * acquire (`if (!(await redis.set(key, token, 'NX', 'PX', ttl))) return;`), or inside the branch an `if`
 * takes on it. Other shapes (a release inside a branch) are left alone.
 */
function regionOf(file: FileContext, lock: HeldLock): Region | undefined {
  const acquireStatement = statementOf(lock.acquire);
  if (!acquireStatement) return undefined;
  let block = acquireStatement.parent as TSESTree.BlockStatement | TSESTree.Program;
  let start: number;
  if (lock.conditional) {
    if (acquireStatement.type === AST_NODE_TYPES.IfStatement && contains(acquireStatement.test, lock.acquire)) {
      if (alwaysExits(acquireStatement.consequent) && !acquireStatement.alternate && isNegated(acquireStatement.test, lock.acquire)) {
        start = block.body.indexOf(acquireStatement) + 1;
      } else if (acquireStatement.consequent.type === AST_NODE_TYPES.BlockStatement && !isNegated(acquireStatement.test, lock.acquire)) {
        block = acquireStatement.consequent;
        start = 0;
      } else {
        return undefined;
      }
    } else {
      const index = block.body.indexOf(acquireStatement);
      const uses = resultUses(file, lock.acquire as TSESTree.CallExpression);
      const check = block.body.findIndex(
        (statement, i) =>
          i > index &&
          statement.type === AST_NODE_TYPES.IfStatement &&
          !statement.alternate &&
          alwaysExits(statement.consequent) &&
          uses.some((use) => contains(statement.test, use)),
      );
      if (check < 0) return undefined;
      start = check + 1;
    }
  } else {
    start = block.body.indexOf(acquireStatement) + 1;
  }
  const body = block.body as TSESTree.Statement[];
  for (const release of lock.releases) {
    const statement = statementOf(release.node);
    if (!statement || statement.parent !== block) continue;
    const index = body.indexOf(statement);
    if (index < start) continue;
    return { block, work: body.slice(start, index), acquireStatement, release: statement, releaseNode: release.node };
  }
  return undefined;
}

/** The acquire call sits under a `!` in the test: `if (!(await lock())) return;`. */
function isNegated(test: TSESTree.Node, acquire: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = acquire.parent; current && current !== test.parent; current = current.parent) {
    if (current.type === AST_NODE_TYPES.UnaryExpression && current.operator === '!') return true;
    if (current.type === AST_NODE_TYPES.BinaryExpression && counterOutcome(current, acquire)) return counterOutcome(current, acquire) === 'contended';
    if (current.type === AST_NODE_TYPES.BinaryExpression) return /^[!=]==?$/.test(current.operator) && current.operator.startsWith('!') !== isNullish(current);
  }
  return false;
}

const isNullish = (binary: TSESTree.BinaryExpression): boolean =>
  [binary.left, binary.right].some((side) => (side.type === AST_NODE_TYPES.Literal && side.value === null) || (side.type === AST_NODE_TYPES.Identifier && side.name === 'undefined'));

/** The statement of a block (or the program) that holds `node`. */
function statementOf(node: TSESTree.Node): TSESTree.Statement | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.BlockStatement && current.parent.type !== AST_NODE_TYPES.Program) {
    if (isFunction(current.parent)) return undefined;
    current = current.parent;
  }
  return current.parent ? (current as TSESTree.Statement) : undefined;
}

/**
 * Anything that can throw or leave the block: a call, `new`, `await`, `throw`, an early exit. A `try` with a
 * `catch` handles what its block throws: it counts only when the handler rethrows (a handler that logs is
 * taken as handling the error).
 */
function canThrowOrExit(statement: TSESTree.Statement): boolean {
  if (exitsEarly(statement)) return true;
  let found = false;
  walk(
    statement,
    (node) => {
      if (node.type === AST_NODE_TYPES.TryStatement && node.handler) {
        walk(node.handler, (inner) => {
          if (inner.type === AST_NODE_TYPES.ThrowStatement) found = true;
        });
      }
      if (
        node.type === AST_NODE_TYPES.CallExpression ||
        node.type === AST_NODE_TYPES.NewExpression ||
        node.type === AST_NODE_TYPES.AwaitExpression ||
        node.type === AST_NODE_TYPES.ThrowStatement ||
        node.type === AST_NODE_TYPES.YieldExpression
      ) {
        found = true;
      }
    },
    true,
  );
  return found;
}

/** A `return`, or a `break`/`continue` that leaves the block, outside nested functions. */
function exitsEarly(statement: TSESTree.Statement): boolean {
  let found = false;
  walk(statement, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) found = true;
    if ((node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) && !insideLoopOrSwitch(node, statement)) found = true;
  });
  return found;
}

function insideLoopOrSwitch(node: TSESTree.Node, root: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== root.parent; current = current.parent) {
    if (isLoop(current) || (current.type === AST_NODE_TYPES.SwitchStatement && node.type === AST_NODE_TYPES.BreakStatement)) {
      return (node as TSESTree.BreakStatement).label === null;
    }
  }
  return false;
}

/** Visits every node below `root`, not entering nested functions (nor, with `skipCaught`, `try` blocks that have a `catch`). */
function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => void, skipCaught = false): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (skipCaught && (key === 'block' || key === 'handler') && node.type === AST_NODE_TYPES.TryStatement && node.handler) continue;
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string' && !isFunction(child as TSESTree.Node)) {
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}

/**
 * Wraps the work in `try { … } finally { <release> }`. Automatic when every run without a failure keeps its
 * order (the work, then the release); a declaration of the work used after the release would leave the
 * `try` block's scope: no fix then.
 */
function wrapInFinally(file: FileContext, region: Region): Rewrite | undefined {
  const sourceCode = file.sourceCode;
  if (region.release.type !== AST_NODE_TYPES.ExpressionStatement || region.work.length === 0) return undefined;
  if (declaresNamesUsedAfter(file, region)) return undefined;
  const first = region.work[0]!;
  const previous = sourceCode.getTokenBefore(first, { includeComments: false });
  const leading = sourceCode.getCommentsBefore(first).filter((comment) => !previous || comment.range[0] > previous.range[1]);
  const start = leading[0]?.range[0] ?? first.range[0];
  // Comments after the work and before the release stay with the work.
  const workText = sourceCode.text.slice(start, region.release.range[0]).trimEnd();
  const indent = indentOf(sourceCode, first);
  const unit = indentUnit(sourceCode);
  const shift = (text: string) => text.split('\n').map((line, i) => (i === 0 || line.trim() === '' ? line : `${unit}${line}`)).join('\n');
  const text = [
    'try {',
    `${indent}${unit}${shift(workText)}`,
    `${indent}} finally {`,
    `${indent}${unit}${shift(sourceCode.getText(region.release))}`,
    `${indent}}`,
  ].join('\n');
  return { automatic: true, fix: (fixer) => fixer.replaceTextRange([start, region.release.range[1]], text) };
}

/** A `const`/`let`/`class`/`function` of the work that code after the release reads. */
function declaresNamesUsedAfter(file: FileContext, region: Region): boolean {
  for (const statement of region.work) {
    for (const variable of file.sourceCode.getDeclaredVariables(statement)) {
      if (variable.references.some((reference) => reference.identifier.range[0] > region.release.range[1])) return true;
    }
  }
  return false;
}

/**
 * `const release = await mutex.acquire(); <work> release();` → `await mutex.runExclusive(async () => { <work> });`.
 * A suggestion: the work moves into a function (its `this` is kept by the arrow, its errors still propagate).
 */
function runExclusiveFix(file: FileContext, lock: HeldLock, region: Region): TSESLint.ReportFixFunction | undefined {
  const sourceCode = file.sourceCode;
  const acquire = lock.acquire as TSESTree.CallExpression;
  if (!lock.key || region.work.length === 0 || region.work.some(exitsEarly) || declaresNamesUsedAfter(file, region)) return undefined;
  if (region.work.some((statement) => findNodes(file, statement, AST_NODE_TYPES.YieldExpression).length > 0)) return undefined;
  // Only the plain shapes: `const release = await m.acquire();`, `const [, release] = await s.acquire();`, `await m.acquire();`.
  const statement = region.acquireStatement;
  const declaration = statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
  const awaited = declaration?.init ?? (statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : undefined);
  if (!awaited || awaited.type !== AST_NODE_TYPES.AwaitExpression || skipTransparent(awaited.argument) !== acquire) return undefined;
  if (declaration?.id.type === AST_NODE_TYPES.ArrayPattern && declaration.id.elements[0]) return undefined; // the semaphore value is used
  if (acquire.arguments.length > 0) return undefined; // a weight or priority: keep the explicit form
  if (region.block.body.indexOf(statement) + 1 !== region.block.body.indexOf(region.work[0]!)) return undefined;
  const indent = indentOf(sourceCode, statement);
  const unit = indentUnit(sourceCode);
  const workText = sourceCode.text.slice(region.work[0]!.range[0], region.work[region.work.length - 1]!.range[1]);
  const shifted = workText.split('\n').map((line, i) => (i === 0 || line.trim() === '' ? line : `${unit}${line}`)).join('\n');
  const text = [`await ${sourceCode.getText(lock.key)}.runExclusive(async () => {`, `${indent}${unit}${shifted}`, `${indent}});`].join('\n');
  if (sourceCode.getCommentsInside(statement).length > 0 || sourceCode.getCommentsInside(region.release).length > 0) return undefined;
  return (fixer) => fixer.replaceTextRange([statement.range[0], region.release.range[1]], text);
}

// ---------------------------------------------------------------------------------------------------------
// redlock `using` routines that ignore their abort signal

function reportUncheckedSignal(file: FileContext, lock: ScopedLock, report: Report): void {
  if (!lock.library.scopedSignal) return;
  const routine = lock.routine;
  const signal = routine.params[0];
  if (signal && signal.type !== AST_NODE_TYPES.Identifier) return; // destructured: `({ aborted })` reads it
  if (signal) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(signal), signal);
    if (!variable) return;
    const reads = variable.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier as TSESTree.Identifier);
    if (reads.length > 0) {
      reportLoopsAfterCheck(file, lock, signal, reads, report);
      return;
    }
  }
  // Long work: at least two awaited steps, so that a later step can run after the lock was lost.
  if (awaitsIn(routine) < 2) return;
  const signalName = signal ? signal.name : freshName(file.sourceCode, routine, 'signal');
  const data = { method: calleeName(lock.call) ?? 'using', signal: signalName };
  const fix = checkSignalFix(file, routine, signal, signalName);
  report({ node: routine, messageId: 'uncheckedAbortSignal', data, suggest: fix ? [{ messageId: 'suggestCheckSignal', data, fix }] : [] });
}

/**
 * A routine that reads its signal before a loop of awaited steps, and never inside it: `if (signal.aborted)
 * return;` once, then `for (const item of items) await write(item);`. The check must be where the work goes on.
 * Suggests `if (signal.aborted) throw signal.error;` at the start of the loop's body.
 */
function reportLoopsAfterCheck(file: FileContext, lock: ScopedLock, signal: TSESTree.Identifier, reads: readonly TSESTree.Identifier[], report: Report): void {
  const sourceCode = file.sourceCode;
  const loops: LoopNode[] = [];
  walk(lock.routine.body, (node) => {
    if (isLoop(node)) loops.push(node);
  });
  for (const loop of loops.sort((a, b) => a.range[0] - b.range[0])) {
    const body = loop.body;
    if (reads.some((read) => contains(loop, read))) continue;
    // Before the loop, the signal is only tested (`signal.aborted`, `signal.throwIfAborted()`): handed to
    // other code (`AbortSignal.any([signal])`, `fetch(url, { signal })`) it may be checked there.
    const before = reads.filter((read) => read.range[1] <= loop.range[0]);
    if (before.length === 0 || !before.every(isSignalTest)) continue;
    // An outer loop already reported covers this one.
    if (loops.some((outer) => outer !== loop && contains(outer, loop) && !reads.some((read) => contains(outer, read)))) continue;
    let awaits = 0;
    walk(loop, (node) => {
      if (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) awaits++;
    });
    if (awaits === 0) continue;
    const data = { method: calleeName(lock.call) ?? 'using', signal: signal.name };
    const first = body.type === AST_NODE_TYPES.BlockStatement ? body.body[0] : undefined;
    const fix: TSESLint.ReportFixFunction | undefined = first
      ? (fixer) => fixer.insertTextBefore(first, `if (${signal.name}.aborted) throw ${signal.name}.error;\n${indentOf(sourceCode, first)}`)
      : undefined;
    const head = sourceCode.getFirstToken(loop)!;
    report({
      node: loop,
      loc: head.loc,
      messageId: 'abortSignalNotCheckedInLoop',
      data,
      suggest: fix ? [{ messageId: 'suggestCheckSignalInLoop', data, fix }] : [],
    });
  }
}

function isSignalTest(read: TSESTree.Identifier): boolean {
  const { node, parent } = transparentParent(read);
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && ['aborted', 'throwIfAborted', 'error', 'reason'].includes(propertyName(parent) ?? '');
}

/**
 * `if (signal.aborted) throw signal.error;` before the routine's last awaited step (a statement of its body
 * after an earlier await): a suggestion, since it throws where the routine went on. Adds the parameter when
 * the routine has none.
 */
function checkSignalFix(file: FileContext, routine: FunctionNode, signal: TSESTree.Identifier | undefined, name: string): TSESLint.ReportFixFunction | undefined {
  const sourceCode = file.sourceCode;
  if (routine.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const statements = routine.body.body;
  const awaiting = statements.filter((statement) => {
    let found = false;
    walk(statement, (node) => {
      if (node.type === AST_NODE_TYPES.AwaitExpression) found = true;
    });
    return found;
  });
  const last = awaiting[awaiting.length - 1];
  if (!last || awaiting.length < 2) return undefined;
  const opening = signal ? undefined : sourceCode.getFirstToken(routine, { filter: (token) => token.value === '(' });
  if (!signal && !opening) return undefined;
  const indent = indentOf(sourceCode, last);
  return (fixer) => [
    ...(opening ? [fixer.insertTextAfter(opening, name)] : []),
    fixer.insertTextBefore(last, `if (${name}.aborted) throw ${name}.error;\n${indent}`),
  ];
}

function awaitsIn(fn: FunctionNode): number {
  let count = 0;
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) count++;
  });
  return count;
}

// ---------------------------------------------------------------------------------------------------------
// SQL session locks

function reportSqlMisuse(file: FileContext, lock: HeldLock, report: Report): void {
  const call = lock.acquire as TSESTree.CallExpression;
  const lockFunction = sqlLockCall(call)?.name ?? 'lock';
  if ((lock.sqlEffect === 'try-lock' || lock.sqlEffect === 'try-xact-lock') && resultIgnored(file, call)) {
    report({ node: call, messageId: 'ignoredTryLock', data: { lockFunction } });
  }
  if (lock.untilTransactionEnd || !lock.key) return;
  if (lock.pool) {
    const pool = file.sourceCode.getText(lock.key);
    const data = { lockFunction, pool, fix: lock.pool.oneConnection.replaceAll('{pool}', pool), client: '' };
    const oneClient = lock.pool.id === 'pg' ? oneClientFix(file, lock) : undefined;
    report({
      node: call,
      messageId: 'sessionLockThroughPool',
      data,
      suggest: oneClient ? [{ messageId: 'suggestOneClient', data: { ...data, client: oneClient.client }, fix: oneClient.fix }] : [],
    });
    return;
  }
  const fn = enclosingFunction(call);
  const unlock = lock.releases[0]?.node;
  for (const candidate of findNodes(file, fn, AST_NODE_TYPES.CallExpression)) {
    if (candidate.range[0] <= call.range[1] || enclosingFunction(candidate) !== fn) continue;
    if (unlock && candidate.range[0] > unlock.range[0]) continue;
    const callee = skipTransparent(candidate.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = propertyName(callee);
    if (!method || !poolReleaseMethods.includes(method) || !sameResource(file, lock.key, callee.object)) continue;
    // The unlock is on the same connection: releasing it first leaves the lock with the pool.
    if (queryReceiver(candidate) === undefined) continue;
    report({ node: candidate, messageId: 'connectionReleasedWhileLocked', data: { method: `${file.sourceCode.getText(callee.object)}.${method}`, lockFunction } });
  }
}

/**
 * `await pool.query(lock); try { … } finally { await pool.query(unlock); }` →
 * `const client = await pool.connect(); try { <the same on client> } finally { client.release(); }`. A
 * suggestion: the lock now holds a pooled connection for as long as the work runs, which a small pool feels.
 * Only that plain shape; the work's own queries stay on the pool.
 */
function oneClientFix(file: FileContext, lock: HeldLock): { client: string; fix: TSESLint.ReportFixFunction } | undefined {
  const sourceCode = file.sourceCode;
  const acquire = lock.acquire as TSESTree.CallExpression;
  const unlock = lock.releases[0]?.node;
  const statement = statementOf(acquire);
  if (!unlock || !statement || statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  if (statement.expression.type !== AST_NODE_TYPES.AwaitExpression || skipTransparent(statement.expression.argument) !== acquire) return undefined;
  const block = statement.parent as TSESTree.BlockStatement | TSESTree.Program;
  const next = block.body[block.body.indexOf(statement as never) + 1];
  if (next?.type !== AST_NODE_TYPES.TryStatement || !next.finalizer) return undefined;
  const unlockStatement = statementOf(unlock);
  if (unlockStatement?.parent !== next.finalizer || unlockStatement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const receivers = [queryReceiver(acquire), queryReceiver(unlock as TSESTree.CallExpression)];
  if (receivers.some((receiver) => receiver?.type !== AST_NODE_TYPES.Identifier)) return undefined;
  if (sourceCode.getCommentsInside(statement).length > 0) return undefined;
  const client = freshName(sourceCode, enclosingFunction(acquire), 'client');
  const indent = indentOf(sourceCode, statement);
  const unit = indentUnit(sourceCode);
  const start = statement.range[0];
  let text = sourceCode.text.slice(start, next.range[1]);
  // Replace the two receivers, last first, so that the earlier offsets hold.
  for (const receiver of [...receivers].reverse()) text = `${text.slice(0, receiver!.range[0] - start)}${client}${text.slice(receiver!.range[1] - start)}`;
  const shifted = text.split('\n').map((line, i) => (i === 0 || line.trim() === '' ? line : `${unit}${line}`)).join('\n');
  const pool = sourceCode.getText(lock.key!);
  const replacement = [
    `const ${client} = await ${pool}.connect();`,
    `${indent}try {`,
    `${indent}${unit}${shifted}`,
    `${indent}} finally {`,
    `${indent}${unit}${client}.release();`,
    `${indent}}`,
  ].join('\n');
  return { client, fix: (fixer) => fixer.replaceTextRange([start, next.range[1]], replacement) };
}

/** Nothing reads the result: a statement of its own, or a variable never read. */
function resultIgnored(file: FileContext, call: TSESTree.CallExpression): boolean {
  if (resultUnused(call)) return true;
  const uses = resultUses(file, call);
  const { node: value, parent } = transparentParent(call);
  const awaited = parent?.type === AST_NODE_TYPES.AwaitExpression ? transparentParent(parent) : { node: value, parent };
  return awaited.parent?.type === AST_NODE_TYPES.VariableDeclarator && uses.length === 1;
}
