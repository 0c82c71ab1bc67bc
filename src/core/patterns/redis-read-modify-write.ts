import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { checkControls } from '../analysis/flow.js';
import { awaitedParent, calleeName, contains, enclosingFunction, isFunction, propertyName, skipTransparent, transparentParent } from '../analysis/nodes.js';
import { describeResource, sameResource } from '../analysis/resource.js';
import { reportWithSteps } from '../report-steps.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { isInsideHeldLock } from '../recognize/locks.js';
import { findNodes } from '../recognize/modules.js';
import { redisCall, redisCommandCalls, redisKeys, type RedisCall, type RedisCommandCall } from '../recognize/redis.js';

export const redisReadModifyWriteMessages = {
  redisReadModifyWrite:
    '`{{write}}` writes {{key}} with a value computed from `{{read}}` of the same key: another client can change it in between, and its update is lost. {{alternative}}',
  redisJsonReadModifyWrite:
    '`{{write}}` writes back the JSON of {{key}} read by `{{read}}` and changed here: another client\'s change in between is lost. {{alternative}}',
  suggestRedisAtomic: 'Use `{{atomic}}`, which changes the value on the server in one step.',
} as const;

type MessageId = keyof typeof redisReadModifyWriteMessages;
type Context = Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>;

/** Reads and the writes that can write their value back, with the atomic commands for numbers. */
const READS: Readonly<Record<string, { write: readonly string[]; increment: string; decrement: string; float: string }>> = {
  get: { write: ['set'], increment: 'incrby', decrement: 'decrby', float: 'incrbyfloat' },
  getbuffer: { write: ['set'], increment: 'incrby', decrement: 'decrby', float: 'incrbyfloat' },
  hget: { write: ['hset'], increment: 'hincrby', decrement: 'hincrby', float: 'hincrbyfloat' },
};

/**
 * The Redis half of `race/no-read-modify-write`: `GET`/`HGET` of a key, then `SET`/`HSET` of the same key
 * (and field) with a value computed from what was read — a counter (`Number(v) + 1`, or the read converted where
 * it is bound: `const n = Number(await redis.get(k))`), a JSON blob parsed, changed and stringified, or anything
 * else derived from it. Guards: the key `WATCH`ed before the read
 * (optimistic locking with `MULTI`/`EXEC`), or both calls under a lock (`isInsideHeldLock`). Lua scripts are
 * atomic and never seen here.
 */
export function redisReadModifyWrite(context: Context): TSESLint.RuleListener {
  const file = getFileContext(context);
  return {
    'Program:exit'() {
      // Syntax first: only a write with a read of the same key before it in its function, whose value can
      // reach the write, has the two receivers' types asked.
      const reads = redisCommandCalls(file, Object.keys(READS));
      if (reads.length === 0) return;
      for (const writeCandidate of redisCommandCalls(file, WRITES)) {
        const value = writtenValue(writeCandidate);
        if (!value) continue;
        // The latest read before the write, or inside its value (`set(k, Number(await redis.get(k)) + 1)`).
        const candidates = reads
          .filter((candidate) => (candidate.node.range[1] < writeCandidate.node.range[0] || contains(value, candidate.node)) && pairs(file, candidate, writeCandidate))
          .reverse();
        // Whichever of them is the read, its value must reach the write: when none can, nothing to recognise.
        if (!candidates.some((candidate) => dependsOn(file, value, candidate, derivedFrom(file, candidate, writeCandidate).names))) continue;
        const write = redisCall(file, writeCandidate.node);
        const read = write && firstRedisCall(file, candidates);
        if (!write || !read) continue;
        const taint = derivedFrom(file, read, write);
        if (!dependsOn(file, value, read, taint.names)) continue;
        if (guarded(file, read, write)) continue;
        report(context, file, read, write, value, taint);
      }
    },
  };
}

const WRITES = ['set', 'hset'];

function firstRedisCall(file: FileContext, candidates: readonly RedisCommandCall[]): RedisCall | undefined {
  for (const candidate of candidates) {
    const call = redisCall(file, candidate.node);
    if (call) return call;
  }
  return undefined;
}

function pairs(file: FileContext, read: RedisCommandCall, write: RedisCommandCall): boolean {
  if (!READS[read.command]!.write.includes(write.command)) return false;
  if (enclosingFunction(read.node) !== enclosingFunction(write.node)) return false;
  const [readKey] = redisKeys(read);
  const [writeKey] = redisKeys(write);
  if (!readKey || !writeKey || !sameResource(file, readKey, writeKey)) return false;
  if (read.command !== 'hget') return true;
  const readField = read.node.arguments[1];
  const writeField = write.node.arguments[1];
  return readField !== undefined && writeField !== undefined && sameResource(file, readField, writeField);
}

/** The value a `SET key value` / `HSET key field value` writes (positional forms only). */
function writtenValue(write: RedisCommandCall): TSESTree.Node | undefined {
  const value = write.node.arguments[write.command === 'hset' ? 2 : 1];
  if (!value || value.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (write.command === 'hset' && write.node.arguments.length !== 3) return undefined;
  return value;
}

interface Taint {
  /** The variables that hold the read value or something computed from it. */
  readonly names: ReadonlySet<TSESLint.Scope.Variable>;
  /** The variable bound to the read's result, or to its numeric conversion (`const n = Number(await get(k))`). */
  readonly binding: TSESLint.Scope.Variable | undefined;
  /** The declarator of `binding`. */
  readonly declarator: TSESTree.VariableDeclarator | undefined;
  /** When `binding` holds the read converted to a number: whether the conversion agrees with `INCRBY`. */
  readonly converted: { readonly exact: boolean } | undefined;
  /** `binding` holds the read defaulted to zero (`(await redis.get(k)) ?? 0`). */
  readonly zeroDefault: boolean;
  /** The value went through `JSON.parse`. */
  readonly json: boolean;
}

/** No binding known: the read is recognised only where it is written. */
const NO_BINDING: Pick<Taint, 'binding' | 'converted' | 'zeroDefault'> = { binding: undefined, converted: undefined, zeroDefault: false };

/**
 * The variables holding the read value or values computed from it, in the function of the read, before the
 * write: `const raw = await redis.get(k)`, `const n = Number(raw) + 1`, `const doc = JSON.parse(raw)`.
 */
function derivedFrom(file: FileContext, read: RedisCommandCall, write: RedisCommandCall): Taint {
  const names = new Set<TSESLint.Scope.Variable>();
  let json = false;
  const { node: value } = awaitedParent(read.node);
  let binding: TSESLint.Scope.Variable | undefined;
  let declarator: TSESTree.VariableDeclarator | undefined;
  let converted: { exact: boolean } | undefined;
  let zeroDefault = false;
  // The variable the read initialises: its value as read, converted (`Number(await redis.get(k))`), parsed
  // (`JSON.parse(await redis.get(k))`) or computed from it in any other way.
  const holder = holdingDeclarator(read.node);
  const holderVariable = holder && holder.id.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(file.sourceCode.getScope(holder.id), holder.id) : null;
  if (holder?.init && holderVariable) {
    names.add(holderVariable);
    converted = holder.init === value ? undefined : conversion(file, holder.init, read, NO_BINDING);
    zeroDefault = !converted && isZeroDefault(file, holder.init, read, NO_BINDING);
    if (holder.init === value || converted || zeroDefault) {
      binding = holderVariable;
      declarator = holder;
    } else if (findNodes(file, holder.init, AST_NODE_TYPES.CallExpression).some(isJsonParse) || (holder.init.type === AST_NODE_TYPES.CallExpression && isJsonParse(holder.init))) {
      json = true;
    }
  }
  const fn = enclosingFunction(read.node);
  const between = (node: TSESTree.Node) => node.range[0] > read.node.range[1] && node.range[1] < write.node.range[0];
  for (let pass = 0; pass < 2; pass++) {
    for (const declarator of findNodes(file, fn, AST_NODE_TYPES.VariableDeclarator)) {
      if (!between(declarator) || !declarator.init || declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
      if (!mentions(file, declarator.init, names, read)) continue;
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(declarator.id), declarator.id);
      if (variable && !names.has(variable)) {
        names.add(variable);
        if (findNodes(file, declarator.init, AST_NODE_TYPES.CallExpression).some(isJsonParse)) json = true;
      }
    }
  }
  return { names, binding, declarator, converted, zeroDefault, json };
}

/** The declarator whose initializer holds `node` (through expressions only, not through a function). */
function holdingDeclarator(node: TSESTree.Node): TSESTree.VariableDeclarator | undefined {
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) return parent.init === current ? parent : undefined;
    if (isFunction(parent) || parent.type === AST_NODE_TYPES.Program || /Statement$|Declaration$|^ClassBody$|^Property$|^Decorator$/.test(parent.type)) return undefined;
  }
  return undefined;
}

const isJsonParse = (call: TSESTree.CallExpression): boolean => {
  const callee = skipTransparent(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && skipTransparent(callee.object).type === AST_NODE_TYPES.Identifier && (skipTransparent(callee.object) as TSESTree.Identifier).name === 'JSON' && propertyName(callee) === 'parse';
};

/** `expression` reads one of `names`, or contains the read call itself. */
function mentions(file: FileContext, expression: TSESTree.Node, names: ReadonlySet<TSESLint.Scope.Variable>, read: RedisCommandCall): boolean {
  if (expression.range[0] <= read.node.range[0] && read.node.range[1] <= expression.range[1]) return true;
  const identifiers = expression.type === AST_NODE_TYPES.Identifier ? [expression] : findNodes(file, expression, AST_NODE_TYPES.Identifier);
  return identifiers.some((identifier) => {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
    return variable !== null && names.has(variable);
  });
}

function dependsOn(file: FileContext, value: TSESTree.Node, read: RedisCommandCall, names: ReadonlySet<TSESLint.Scope.Variable>): boolean {
  return mentions(file, value, names, read);
}

/** The key is watched before the read (`WATCH` … `MULTI`/`EXEC`), or the read and the write run under one lock. */
function guarded(file: FileContext, read: RedisCall, write: RedisCall): boolean {
  const [key] = redisKeys(read);
  const watched = redisCommandCalls(file, ['watch']).some(
    (call) =>
      call.node.range[1] < read.node.range[0] &&
      enclosingFunction(call.node) === enclosingFunction(read.node) &&
      redisKeys(call).some((watchedKey) => key !== undefined && sameResource(file, watchedKey, key)) &&
      redisCall(file, call.node) !== undefined,
  );
  return watched || (isInsideHeldLock(file, read.node) && isInsideHeldLock(file, write.node));
}

// ---------------------------------------------------------------------------------------------------------
// Reporting and the atomic rewrite

interface Counter {
  /** The atomic command, lower-cased. */
  readonly command: string;
  /** The amount's source text. */
  readonly amount: string;
  /** The rewrite keeps every sequential run's result (integer literal amount, a conversion exact for a missing key). */
  readonly exact: boolean;
  /** The arithmetic expression (the write's value, or the initializer of the variable the write stores). */
  readonly arithmetic: TSESTree.Node;
  /** `const next = Number(v) + 1;` when the write stores such a variable. */
  readonly through: TSESTree.VariableDeclarator | undefined;
}

function report(context: Context, file: FileContext, read: RedisCall, write: RedisCall, value: TSESTree.Node, taint: Taint): void {
  const [key] = redisKeys(write);
  const counter = counterOf(file, read, value, taint);
  const alternative = counter
    ? `Use \`${atomicName(write, counter.command)}\`, which changes the number on the server in one step.`
    : taint.json
      ? jsonAlternative(write)
      : otherAlternative(write);
  const atomic = counter ? atomicName(write, counter.command) : '';
  const data = { write: write.method, read: read.method, key: key ? describeResource(file, key) : 'the key', alternative, atomic };
  const steps = {
    check: { node: read.node, label: `\`${read.method}\` reads ${key ? `\`${data.key}\`` : data.key}` },
    act: { node: write.node, label: `\`${write.method}\` writes back a value computed from that read` },
  };
  if (taint.json && !counter) {
    reportWithSteps(context, { node: write.node, messageId: 'redisJsonReadModifyWrite', data }, steps);
    return;
  }
  const rewrite = counter ? counterRewrite(file, read, write, counter, taint) : undefined;
  reportWithSteps(
    context,
    {
      node: write.node,
      messageId: 'redisReadModifyWrite',
      data,
      fix: rewrite?.automatic ? rewrite.fix : null,
      suggest: rewrite && !rewrite.automatic ? [{ messageId: 'suggestRedisAtomic', data, fix: rewrite.fix }] : [],
    },
    steps,
  );
}

/** Upstash (Redis over HTTP) has no `WATCH`: its only compare-and-write is a script. */
const otherAlternative = (write: RedisCall): string =>
  write.library.id === 'upstash'
    ? 'Use an atomic command, or a Lua script (`eval`) that changes the value on the server: Upstash has no `WATCH`.'
    : 'Use an atomic command, `WATCH` + `MULTI`/`EXEC`, or a Lua script.';

const jsonAlternative = (write: RedisCall): string =>
  write.library.id === 'upstash'
    ? 'Use a Lua script (`eval`) that changes it on the server: Upstash has no `WATCH`.'
    : 'Use `WATCH` + `MULTI`/`EXEC` (and retry when `EXEC` answers null), or a Lua script that changes it on the server.';

const atomicName = (write: RedisCall, command: string): string => write.library.methodName(command, write.method);

/**
 * `Number(v) + 1`, `+v - 2`, `(Number(v) || 0) + n`, `parseInt(v ?? '0', 10) + 1`, `Number(v) + 0.5`, possibly
 * wrapped in `String(…)`, `.toString()` or a template, or stored in a `const` first.
 */
function counterOf(file: FileContext, read: RedisCall, value: TSESTree.Node, taint: Taint): Counter | undefined {
  let through: TSESTree.VariableDeclarator | undefined;
  let arithmetic = unwrapString(skipTransparent(value));
  if (arithmetic.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(arithmetic), arithmetic);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
    through = definition.node;
    arithmetic = unwrapString(skipTransparent(definition.node.init));
  }
  if (arithmetic.type !== AST_NODE_TYPES.BinaryExpression || (arithmetic.operator !== '+' && arithmetic.operator !== '-')) return undefined;
  let left = conversion(file, arithmetic.left as TSESTree.Node, read, taint);
  let right = arithmetic.operator === '+' ? conversion(file, arithmetic.right, read, taint) : undefined;
  // Upstash parses what it reads: a counter comes back a number, used as it is (`(n ?? 0) + 1`). A string
  // would be concatenated, not counted: only a number literal makes it a counter.
  const asRead = !left && !right && read.library.id === 'upstash';
  if (asRead) {
    left = upstashNumber(file, arithmetic.left as TSESTree.Node, read, taint);
    right = arithmetic.operator === '+' ? upstashNumber(file, arithmetic.right, read, taint) : undefined;
  }
  const converted = left ?? right;
  const amountNode = left ? arithmetic.right : arithmetic.left;
  if (!converted || (left && right)) return undefined;
  const amount = skipTransparent(amountNode);
  if (asRead && !(amount.type === AST_NODE_TYPES.Literal && typeof amount.value === 'number')) return undefined;
  // An amount computed from the read is not an increment.
  if (mentions(file, amount, taint.names, read)) return undefined;
  const hash = read.command === 'hget';
  const literal = amount.type === AST_NODE_TYPES.Literal && typeof amount.value === 'number' ? amount.value : undefined;
  const integer = literal !== undefined && Number.isSafeInteger(literal);
  const sourceCode = file.sourceCode;
  const amountText = sourceCode.getText(amountNode);
  const subtract = arithmetic.operator === '-';
  if (literal !== undefined && !integer) {
    return { command: READS[read.command]!.float, amount: subtract ? `-${amountText}` : amountText, exact: false, arithmetic, through };
  }
  const command = subtract && !hash ? READS[read.command]!.decrement : READS[read.command]!.increment;
  const text = subtract && hash ? (literal !== undefined ? `-${amountText}` : `-(${amountText})`) : amountText;
  return { command, amount: text, exact: integer && converted.exact, arithmetic, through };
}

function unwrapString(node: TSESTree.Node): TSESTree.Node {
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length === 1) {
    const callee = skipTransparent(value.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String') return skipTransparent(value.arguments[0]!);
  }
  if (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length === 0 && calleeName(value) === 'toString') {
    const callee = skipTransparent(value.callee) as TSESTree.MemberExpression;
    return skipTransparent(callee.object);
  }
  if (value.type === AST_NODE_TYPES.TemplateLiteral && value.expressions.length === 1 && value.quasis.every((quasi) => quasi.value.cooked === '')) {
    return skipTransparent(value.expressions[0]!);
  }
  return value;
}

/** The read itself (awaited, or the variable bound to it as read). */
function isReadValue(file: FileContext, node: TSESTree.Node | undefined, read: Pick<RedisCommandCall, 'node'>, taint: Pick<Taint, 'binding'>): boolean {
  if (!node) return false;
  const inner = skipTransparent(node);
  const stripped = inner.type === AST_NODE_TYPES.AwaitExpression ? skipTransparent(inner.argument) : inner;
  if (stripped === read.node) return true;
  if (stripped.type !== AST_NODE_TYPES.Identifier || !taint.binding) return false;
  return ASTUtils.findVariable(file.sourceCode.getScope(stripped), stripped) === taint.binding;
}

/** `(await redis.get(k)) ?? 0`, `… || 0`: the read, a missing key counted as zero. */
function isZeroDefault(file: FileContext, node: TSESTree.Node, read: Pick<RedisCommandCall, 'node'>, taint: Pick<Taint, 'binding'>): boolean {
  const value = skipTransparent(node);
  if (value.type !== AST_NODE_TYPES.LogicalExpression || (value.operator !== '??' && value.operator !== '||')) return false;
  const fallback = skipTransparent(value.right);
  return fallback.type === AST_NODE_TYPES.Literal && fallback.value === 0 && isReadValue(file, value.left, read, taint);
}

/**
 * An Upstash read used as the number it parsed: the variable bound to it (exact when bound with `?? 0`), or
 * the read defaulted to zero where it is used.
 */
function upstashNumber(file: FileContext, node: TSESTree.Node, read: RedisCall, taint: Taint): { exact: boolean } | undefined {
  const value = skipTransparent(node);
  if (isZeroDefault(file, value, read, taint)) return { exact: true };
  if (value.type === AST_NODE_TYPES.Identifier && !taint.converted && isReadValue(file, value, read, taint)) return { exact: taint.zeroDefault };
  return undefined;
}

/**
 * A numeric conversion of the read value, and whether it agrees with `INCRBY` for a key that holds an integer
 * or is missing: `Number(null)` is 0 like a missing key, `parseInt(null)` is NaN.
 */
function conversion(
  file: FileContext,
  node: TSESTree.Node,
  read: Pick<RedisCommandCall, 'node'>,
  taint: Pick<Taint, 'binding' | 'converted' | 'zeroDefault'>,
): { exact: boolean } | undefined {
  const value = skipTransparent(node);
  // `n` of `const n = Number(await redis.get(k))`: converted where it was bound.
  if (value.type === AST_NODE_TYPES.Identifier && taint.converted && taint.binding) {
    if (ASTUtils.findVariable(file.sourceCode.getScope(value), value) === taint.binding) return taint.converted;
  }
  const isRead = (candidate: TSESTree.Node | undefined): boolean => isReadValue(file, candidate, read, taint);
  /** `v`, `v ?? 0`, `v ?? '0'`, `v || '0'`: the read, defaulting a missing key to zero. */
  const readOrZero = (candidate: TSESTree.Node | undefined): 'plain' | 'zero' | undefined => {
    if (!candidate) return undefined;
    if (isRead(candidate)) return 'plain';
    const inner = skipTransparent(candidate);
    if (inner.type === AST_NODE_TYPES.LogicalExpression && (inner.operator === '??' || inner.operator === '||') && isRead(inner.left)) {
      const fallback = skipTransparent(inner.right);
      if (fallback.type === AST_NODE_TYPES.Literal && (fallback.value === 0 || fallback.value === '0')) return 'zero';
    }
    return undefined;
  };
  if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '+') {
    return readOrZero(value.argument) ? { exact: true } : undefined;
  }
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator === '||') {
    // `Number(v) || 0`, `parseInt(v, 10) || 0`: NaN and a missing key both become 0.
    const fallback = skipTransparent(value.right);
    const inner = conversion(file, value.left, read, taint);
    return inner && fallback.type === AST_NODE_TYPES.Literal && fallback.value === 0 ? { exact: true } : undefined;
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const name = calleeName(value);
  const callee = skipTransparent(value.callee);
  const global = callee.type === AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && skipTransparent(callee.object).type === AST_NODE_TYPES.Identifier && (skipTransparent(callee.object) as TSESTree.Identifier).name === 'Number');
  if (!global) return undefined;
  const argument = readOrZero(value.arguments[0]);
  if (!argument) return undefined;
  if (name === 'Number' && value.arguments.length === 1 && callee.type === AST_NODE_TYPES.Identifier) return { exact: true };
  if (name === 'parseInt' && (value.arguments.length === 1 || isTen(value.arguments[1]))) return { exact: argument === 'zero' };
  if (name === 'parseFloat' && value.arguments.length === 1) return { exact: argument === 'zero' };
  return undefined;
}

const isTen = (node: TSESTree.Node | undefined): boolean => {
  const value = node && skipTransparent(node);
  return value?.type === AST_NODE_TYPES.Literal && value.value === 10;
};

interface Rewrite {
  readonly automatic: boolean;
  readonly fix: TSESLint.ReportFixFunction;
}

/**
 * Replaces the write with the atomic command and drops the read when nothing else uses it:
 * `const v = await redis.get(k); await redis.set(k, Number(v) + 1);` → `await redis.incrby(k, 1);`.
 * When the new value is kept in a variable used later, that variable takes the command's result (the
 * new value, as `INCRBY` answers it). Automatic only when the amount is an integer literal, the conversion
 * agrees with `INCRBY` for a missing key, the read decides nothing and is used nowhere else, and the write
 * has no other options (`EX` would be lost) and an unused result.
 */
function counterRewrite(file: FileContext, read: RedisCall, write: RedisCall, counter: Counter, taint: Taint): Rewrite | undefined {
  const sourceCode = file.sourceCode;
  const expectedArgs = write.command === 'hset' ? 3 : 2;
  if (write.node.arguments.length !== expectedArgs) return undefined;
  const writeStatement = expressionStatementOf(write.node);
  if (!writeStatement) return undefined;
  const callee = skipTransparent(write.node.callee) as TSESTree.MemberExpression;
  if (callee.computed) return undefined;
  const keyArgs = write.node.arguments.slice(0, expectedArgs - 1).map((arg) => sourceCode.getText(arg));
  const method = atomicName(write, counter.command);
  const clientText = sourceCode.text.slice(callee.range[0], callee.property.range[0]);
  const callText = `${clientText}${method}(${[...keyArgs, counter.amount].join(', ')})`;
  const awaitsWrite = transparentParent(write.node).parent?.type === AST_NODE_TYPES.AwaitExpression;

  // Which statements go: the read (if its value serves nothing else) and the intermediate `const`.
  const readStatement = readDeclaration(taint);
  const binding = taint.binding;
  const inline = contains(write.node, read.node);
  const otherReadUses = inline
    ? 0
    : binding
      ? binding.references.filter((reference) => reference.isRead() && !contains(counter.arithmetic, reference.identifier)).length
      : 1;
  const decides = binding ? checkControls(file, read.node, write.node, { throwsWhenMissing: false }) : false;
  const through = counter.through;
  const throughVariable = through && through.id.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(file.sourceCode.getScope(through.id), through.id) : undefined;
  const throughUsedElsewhere = throughVariable
    ? throughVariable.references.some((reference) => reference.isRead() && !contains(write.node, reference.identifier))
    : false;
  const throughStatement = through?.parent;
  if (through && (throughStatement?.type !== AST_NODE_TYPES.VariableDeclaration || throughStatement.declarations.length !== 1)) return undefined;
  if (through && !awaitsWrite) return undefined;
  const comments = [writeStatement, readStatement, throughStatement].some((statement) => statement && sourceCode.getCommentsInside(statement).length > 0);

  const removeRead = !inline && readStatement !== undefined && otherReadUses === 0;
  const automatic = counter.exact && (removeRead || inline) && !decides && !comments;
  const fix: TSESLint.ReportFixFunction = (fixer) => {
    const fixes: TSESLint.RuleFix[] = [];
    if (removeRead) fixes.push(fixer.removeRange(statementRange(sourceCode, readStatement!)));
    if (through && throughUsedElsewhere) {
      // `const next = await redis.incrby(k, 1);` where `next` was computed; the write goes.
      fixes.push(fixer.replaceText(through.init!, `await ${callText}`));
      fixes.push(fixer.removeRange(statementRange(sourceCode, writeStatement)));
    } else {
      if (through) fixes.push(fixer.removeRange(statementRange(sourceCode, throughStatement as TSESTree.Statement)));
      fixes.push(fixer.replaceText(write.node, callText));
    }
    return fixes;
  };
  return { automatic, fix };
}

/** `const v = await redis.get(k);` (or `const n = Number(await redis.get(k));`) as a statement of its own. */
function readDeclaration(taint: Taint): TSESTree.VariableDeclaration | undefined {
  const statement = taint.declarator?.parent;
  return statement?.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1 ? statement : undefined;
}

function expressionStatementOf(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | undefined {
  const { parent } = awaitedParent(call);
  return parent?.type === AST_NODE_TYPES.ExpressionStatement ? parent : undefined;
}

/** A statement with the whitespace before it on its line and its line break, so no blank line remains. */
function statementRange(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): [number, number] {
  const text = sourceCode.text;
  let start = statement.range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = statement.range[1];
  if (text[end] === '\n') end++;
  else if (text.startsWith('\r\n', end)) end += 2;
  return [start, end];
}
