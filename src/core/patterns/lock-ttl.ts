import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describeResource, sameResource } from '../analysis/resource.js';
import { awaitedParent, enclosingFunction, skipTransparent, transparentParent } from '../analysis/nodes.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { findLocks, namedAsLock, type HeldLock } from '../recognize/locks.js';
import { commandCallOf, constantToken, findRedisCalls, redisCall, redisKeys, setOptions, type RedisCall, type RedisCommandCall } from '../recognize/redis.js';
import { callsIn } from '../recognize/modules.js';
import { counterWithTtlScript } from '../catalogue/redis.js';

export const lockTtlMessages = {
  lockWithoutTtl:
    '`{{method}}` takes the lock {{key}} with `NX` but no TTL: if this process dies before releasing it, the key stays and nobody takes the lock again. Give it `PX` (or `EX`) in the same call.',
  setnxWithoutTtl:
    '`{{method}}` takes the lock {{key}} and cannot give it a TTL (an `EXPIRE` sent after it is lost when the process dies in between): a crash leaves it locked forever. Use `SET key token NX PX ttl`.',
  hashFieldLock:
    '`{{method}}` takes a lock in a field of hash {{key}}: a hash field has no TTL of its own, so a crash leaves it locked forever. Lock a key of its own with `SET key token NX PX ttl`.',
  counterLockWithoutTtl:
    '`{{method}}` takes the lock {{key}} as a counter with no TTL: if this process dies before releasing it, the count stays above zero and nobody takes the lock again. Give the first holder a TTL in the same step, or take the lock with `SET key token NX PX ttl`.',
  counterTtlApart:
    '`{{expire}}` gives the counter lock {{key}} its TTL in a second command: if this process dies between `{{method}}` and `{{expire}}`, the key stays and nobody takes the lock again. Set the TTL in the same step as the increment (one script), or take the lock with `SET key token NX PX ttl`.',
  suggestCounterTtl:
    'Increment and give the first holder a TTL of `{{ttl}}` milliseconds in one script (choose it longer than the work the lock guards).',
  suggestLockTtl: 'Give the lock a TTL of `{{ttl}}` milliseconds (choose it longer than the work the lock guards).',
} as const;

type MessageId = keyof typeof lockTtlMessages;

/** The constant a suggested TTL refers to, declared once per file. */
const TTL_NAME = 'LOCK_TTL_MS';
const TTL_VALUE = '30_000';

/**
 * `race/require-lock-ttl`: a Redis lock taken without a TTL. A `SET NX` (or `SETNX`, `HSETNX`) is a lock
 * when the same code releases it later (a delete of the key, in the function or through a helper pair) or
 * when its key says so (`lock:…`); without either it is a marker kept on purpose (a dedupe record) and is
 * not reported.
 */
export function lockTtl(context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>): TSESLint.RuleListener {
  const file = getFileContext(context);
  return {
    'Program:exit'() {
      const calls = findRedisCalls(file, LOCK_COMMANDS, takesLockWithoutTtl);
      for (const call of calls) check(context, file, call);
      for (const lock of findLocks(file).held) if (lock.counter) checkCounter(context, file, lock);
    },
  };
}

const LOCK_COMMANDS = ['set', 'setnx', 'hsetnx'];

/**
 * What syntax tells of a lock taken without a TTL: a key, and for `SET` an `NX` with no expiry (nor `KEEPTTL`).
 * Only these calls have their receiver's type asked.
 */
function takesLockWithoutTtl(call: RedisCommandCall): boolean {
  if (!redisKeys(call)[0]) return false;
  if (call.command !== 'set') return true;
  const options = setOptions(call);
  return options?.nx === true && options.ttl === false && !hasKeepTtl(call);
}

function check(context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>, file: FileContext, call: RedisCall): void {
  // `call` passed `takesLockWithoutTtl`: it has a key, and a `SET` has `NX` without a TTL.
  const key = redisKeys(call)[0];
  if (!key || !isLock(file, call)) return;
  const data = { method: call.method, key: describeResource(file, key), ttl: TTL_NAME };
  if (call.command === 'hsetnx') {
    context.report({ node: call.node, messageId: 'hashFieldLock', data });
    return;
  }
  const fix = ttlFix(file, call);
  context.report({
    node: call.node,
    messageId: call.command === 'setnx' ? 'setnxWithoutTtl' : 'lockWithoutTtl',
    data,
    suggest: fix ? [{ messageId: 'suggestLockTtl', data, fix }] : [],
  });
}

/** Commands that give a key a TTL after it was written. */
const EXPIRE_COMMANDS = ['expire', 'pexpire', 'expireat', 'pexpireat'];

/**
 * A Redis counter taken as a lock (`INCR key` then `if (n > 1) throw`) has no TTL unless a later command of
 * the same function sets one: reported either way, since an `EXPIRE` sent after the increment is lost when the
 * process dies in between. A hash counter (`HINCRBY locks key 1`) cannot have a TTL of its own.
 */
function checkCounter(context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>, file: FileContext, lock: HeldLock): void {
  const call = redisCall(file, lock.acquire as TSESTree.CallExpression);
  if (!call || !lock.key) return;
  const data = { method: call.method, key: describeResource(file, lock.key), ttl: TTL_NAME, expire: '' };
  if (lock.counter?.fieldArg !== undefined) {
    context.report({ node: call.node, messageId: 'hashFieldLock', data });
    return;
  }
  const expire = laterExpire(file, call.node, lock.key);
  if (expire) {
    context.report({ node: call.node, messageId: 'counterTtlApart', data: { ...data, expire: expire.method } });
    return;
  }
  const fix = counterTtlFix(file, call);
  context.report({ node: call.node, messageId: 'counterLockWithoutTtl', data, suggest: fix ? [{ messageId: 'suggestCounterTtl', data, fix }] : [] });
}

function laterExpire(file: FileContext, acquire: TSESTree.CallExpression, key: TSESTree.Node): RedisCall | undefined {
  const fn = enclosingFunction(acquire);
  for (const later of callsIn(file)) {
    if (later.range[0] <= acquire.range[1] || enclosingFunction(later) !== fn) continue;
    const command = commandCallOf(file, later);
    const laterKey = command && EXPIRE_COMMANDS.includes(command.command) ? redisKeys(command)[0] : undefined;
    if (laterKey && sameResource(file, key, laterKey)) {
      const expire = redisCall(file, later);
      if (expire) return expire;
    }
  }
  return undefined;
}

/**
 * `redis.incr(key)` → `redis.eval(<incr, and PEXPIRE when 1>, 1, key, LOCK_TTL_MS).then(Number)`: the same
 * count, as a number, with a TTL set atomically for the first holder (node-redis: `{ keys, arguments }` of
 * strings; Upstash: `[key], [ttl]`). A suggestion: the lock now expires under a holder that outlives the TTL.
 */
function counterTtlFix(file: FileContext, call: RedisCall): TSESLint.ReportFixFunction | undefined {
  if (call.command !== 'incr' || call.node.arguments.length !== 1 || call.node.arguments[0]!.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const declaration = ttlDeclaration(file, call.node);
  if (declaration === undefined) return undefined;
  const sourceCode = file.sourceCode;
  const callee = skipTransparent(call.node.callee) as TSESTree.MemberExpression;
  if (callee.computed || sourceCode.getCommentsInside(call.node).length > 0) return undefined;
  const keyText = sourceCode.getText(call.node.arguments[0]!);
  const script = `'${counterWithTtlScript}'`;
  const method = call.method === call.method.toUpperCase() ? 'EVAL' : 'eval';
  const args =
    call.library.id === 'ioredis'
      ? `${script}, 1, ${keyText}, ${TTL_NAME}`
      : call.library.id === 'upstash'
        ? `${script}, [${keyText}], [${TTL_NAME}]`
        : `${script}, { keys: [${keyText}], arguments: [String(${TTL_NAME})] }`;
  const text = `${sourceCode.getText(callee.object)}.${method}(${args}).then(Number)`;
  return (fixer) => {
    const fixes = [fixer.replaceText(call.node, text)];
    return declaration ? [fixer.insertTextBeforeRange([declaration.at, declaration.at], `const ${TTL_NAME} = ${TTL_VALUE};\n${declaration.indent}`), ...fixes] : fixes;
  };
}

/** ioredis `'KEEPTTL'`, Upstash `{ keepTtl: true }` (which no expiry can join: the suggestion would not run). */
const hasKeepTtl = (call: RedisCommandCall): boolean =>
  call.node.arguments.slice(2).some((arg) => {
    const value = skipTransparent(arg);
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return constantToken(arg) === 'KEEPTTL';
    return value.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.Property &&
        !property.computed &&
        property.key.type === AST_NODE_TYPES.Identifier &&
        property.key.name === 'keepTtl' &&
        !(property.value.type === AST_NODE_TYPES.Literal && property.value.value === false),
    );
  });

function isLock(file: FileContext, call: RedisCall): boolean {
  // The name first: it is read from syntax, while the file's locks need their calls recognised.
  const named = [redisKeys(call)[0], call.command === 'hsetnx' ? call.node.arguments[1] : undefined];
  if (named.some((node) => node !== undefined && namedAsLock(file, node))) return true;
  const { held, helperPairs } = findLocks(file);
  const released = held.some(
    (lock) => lock.kind === 'redis' && (lock.acquire === call.node || lock.via?.node === call.node) && lock.releases.length > 0,
  );
  return released || helperPairs.some((pair) => pair.acquire.node === call.node);
}

/**
 * Adds `PX LOCK_TTL_MS` where each client takes it: ioredis before the `NX` token (its overloads want the
 * expiry first), node-redis and Upstash as an option (`PX`, `px`). `SETNX` becomes `SET … NX PX`, whose result (`'OK'` or `null`)
 * differs from SETNX's `1`/`0`, so only where the result is used as a condition or not at all.
 */
function ttlFix(file: FileContext, call: RedisCall): TSESLint.ReportFixFunction | undefined {
  const sourceCode = file.sourceCode;
  const declaration = ttlDeclaration(file, call.node);
  if (declaration === undefined) return undefined;
  const withDeclaration = (fixes: TSESLint.RuleFix[], fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] =>
    declaration ? [fixer.insertTextBeforeRange([declaration.at, declaration.at], `const ${TTL_NAME} = ${TTL_VALUE};\n${declaration.indent}`), ...fixes] : fixes;
  if (call.command === 'setnx') {
    if (!usedOnlyAsCondition(file, call.node) || call.node.arguments.length !== 2) return undefined;
    const callee = skipTransparent(call.node.callee) as TSESTree.MemberExpression;
    const lastArgument = call.node.arguments[1]!;
    const method = call.method === call.method.toUpperCase() ? 'SET' : 'set';
    const options =
      call.library.id === 'ioredis'
        ? `, 'PX', ${TTL_NAME}, 'NX'`
        : call.library.id === 'upstash'
          ? `, { nx: true, px: ${TTL_NAME} }`
          : `, { NX: true, PX: ${TTL_NAME} }`;
    return (fixer) => withDeclaration([fixer.replaceText(callee.property, method), fixer.insertTextAfter(lastArgument, options)], fixer);
  }
  const options = setOptions(call);
  if (!options?.carrier) return undefined;
  if (options.style === 'positional') {
    // ioredis: set(key, value, 'PX', ms, 'NX'): the expiry pair goes before the condition.
    const nxIndex = call.node.arguments.indexOf(options.carrier as TSESTree.CallExpressionArgument);
    if (nxIndex !== 2) return undefined;
    return (fixer) => withDeclaration([fixer.insertTextBefore(options.carrier!, `'PX', ${TTL_NAME}, `)], fixer);
  }
  const object = options.carrier as TSESTree.ObjectExpression;
  const last = object.properties[object.properties.length - 1];
  if (!last) return undefined;
  const usesCondition = object.properties.some(
    (property) => property.type === AST_NODE_TYPES.Property && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'condition',
  );
  // Upstash names its options in lower case: `{ nx: true, px: … }`.
  const px = call.library.id === 'upstash' ? 'px' : 'PX';
  const addition = usesCondition ? `, expiration: { type: 'PX', value: ${TTL_NAME} }` : `, ${px}: ${TTL_NAME}`;
  const afterLast = sourceCode.getTokenAfter(last);
  // Keep a trailing comma where the object has one: `{ NX: true, }` gets `{ NX: true, PX: … }`.
  if (afterLast?.value === ',') return (fixer) => withDeclaration([fixer.insertTextAfter(afterLast, addition.slice(1))], fixer);
  return (fixer) => withDeclaration([fixer.insertTextAfter(last, addition)], fixer);
}

/**
 * Where the TTL constant goes: before the top-level statement holding the call, unless a binding of that name
 * is already visible there (then it is reused: `null`). `undefined` when the name is taken by something else.
 */
function ttlDeclaration(file: FileContext, call: TSESTree.Node): { at: number; indent: string } | null | undefined {
  const scope = file.sourceCode.getScope(call);
  for (let current: typeof scope | null = scope; current; current = current.upper) {
    const variable = current.set.get(TTL_NAME);
    if (variable && variable.defs.length > 0) {
      const definition = variable.defs[0];
      return definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.range[1] < call.range[0] ? null : undefined;
    }
  }
  let statement: TSESTree.Node = call;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.Program) statement = statement.parent;
  if (statement.parent?.type !== AST_NODE_TYPES.Program) return undefined;
  // An exported function: put the constant before `export`, and before the statement's doc comment, which
  // must stay attached to the function.
  let first: { range: [number, number]; loc: TSESTree.SourceLocation } = statement;
  for (const comment of file.sourceCode.getCommentsBefore(statement).reverse()) {
    if (comment.loc.end.line < first.loc.start.line - 1) break; // a blank line: not this statement's comment
    first = comment;
  }
  return { at: first.range[0], indent: '' };
}

/** The call's result is not used, or only as a condition (`if (await r.setnx(k, v))`, `!ok`). */
function usedOnlyAsCondition(file: FileContext, call: TSESTree.CallExpression): boolean {
  const { node: value, parent } = awaitedParent(call);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(parent.id), parent.id);
    if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
    return variable.references.filter((reference) => reference.isRead()).every((reference) => isConditionUse(reference.identifier));
  }
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || isConditionUse(value);
}

function isConditionUse(node: TSESTree.Node): boolean {
  const { node: value, parent } = transparentParent(node);
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === value;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === value && (isConditionUse(parent) || parent.parent?.type === AST_NODE_TYPES.ExpressionStatement);
    default:
      return false;
  }
}
