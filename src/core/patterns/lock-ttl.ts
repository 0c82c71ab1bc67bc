import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describeResource } from '../analysis/resource.js';
import { awaitedParent, skipTransparent, transparentParent } from '../analysis/nodes.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { findLocks } from '../recognize/locks.js';
import { constantToken, findRedisCalls, redisKeys, setOptions, type RedisCall, type RedisCommandCall } from '../recognize/redis.js';
import { findNodes } from '../recognize/modules.js';

export const lockTtlMessages = {
  lockWithoutTtl:
    '`{{method}}` takes the lock {{key}} with `NX` but no TTL: if this process dies before releasing it, the key stays and nobody takes the lock again. Give it `PX` (or `EX`) in the same call.',
  setnxWithoutTtl:
    '`{{method}}` takes the lock {{key}} and cannot give it a TTL (an `EXPIRE` sent after it is lost when the process dies in between): a crash leaves it locked forever. Use `SET key token NX PX ttl`.',
  hashFieldLock:
    '`{{method}}` takes a lock in a field of hash {{key}}: a hash field has no TTL of its own, so a crash leaves it locked forever. Lock a key of its own with `SET key token NX PX ttl`.',
  suggestLockTtl: 'Give the lock a TTL of `{{ttl}}` milliseconds (choose it longer than the work the lock guards).',
} as const;

type MessageId = keyof typeof lockTtlMessages;

/** The constant a suggested TTL refers to, declared once per file. */
const TTL_NAME = 'LOCK_TTL_MS';
const TTL_VALUE = '30_000';

/** A word in a key or field that says it is a lock, when no release shows it (`lock:job`, `job-lock`; not `leaderboard`, `blocked`). */
const LOCK_WORDS = /(?:^|[^a-z])(?:locks?|mutex|leader|semaphore|lease)(?:[^a-z]|$)/i;

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
  if (named.some((node) => node !== undefined && constantParts(file, node).some((text) => LOCK_WORDS.test(text)))) return true;
  const { held, helperPairs } = findLocks(file);
  const released = held.some(
    (lock) => lock.kind === 'redis' && (lock.acquire === call.node || lock.via?.node === call.node) && lock.releases.length > 0,
  );
  return released || helperPairs.some((pair) => pair.acquire.node === call.node);
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
