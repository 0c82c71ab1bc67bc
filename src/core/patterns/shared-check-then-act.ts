import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import ts from '../typescript.cjs';
import { suspensionsBetween, suspensionsOf, type Suspension } from '../analysis/awaits.js';
import { controllingBranches, controllingTests, runsWhenAbsent, valueReads, type ControllingBranch } from '../analysis/conditions.js';
import { alwaysExits, contains, enclosingFunction, isFunction, propertyName, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { isModuleLevel, sameState, sharedStateOf, describeSharedKind, type SharedState, type SharedStateOptions } from '../analysis/shared-state.js';
import { inMemoryCollection } from '../analysis/collections.js';
import { isClockReading, timeComparison } from '../analysis/clock.js';
import { createdResource } from '../analysis/initialised-value.js';
import { storeClassOf } from '../analysis/store-classes.js';
import { isMeteorClientFile } from '../analysis/browser-files.js';
import { reportWithSteps } from '../report-steps.js';
import { getFileContext, memoize, type FileContext } from '../file-context.js';
import { databaseCallsIn } from '../recognize/database.js';
import { sqlCallsIn } from '../recognize/sql-calls.js';
import { freshName, indentOf } from '../fix.js';
import { findNodes } from '../recognize/modules.js';
import { isInsideHeldLock } from '../recognize/locks.js';
import { typeOf, type TypeOrValueSpecifier } from '../recognize/types.js';

export const sharedCheckThenActMessages = {
  sharedLazyInit:
    "{{kind}} `{{name}}` is checked, then set after an `await` (line {{line}}): concurrent calls all find it unset and each initialise it. Cache the promise instead (`{{promise}} ??= …`), and reset it when it rejects.",
  sharedLazyCreate:
    "{{kind}} `{{name}}` is checked, then set after an `await` (line {{line}}): concurrent calls all find it unset and each create one with `{{created}}`; all but the one stored are lost without being closed. Cache the promise instead (`{{promise}} ??= …`), and reset it when it rejects.",
  sharedLazyCreateMany:
    '{{kind}} {{names}} are checked, then set after one `await` (line {{line}}): concurrent calls all find them unset and each create them with `{{created}}`; all but the ones stored are lost without being closed. Cache one promise of the whole initialisation instead, and reset it when it rejects.',
  sharedLazyInitMany:
    '{{kind}} {{names}} are checked, then set after one `await` (line {{line}}): concurrent calls all find them unset and each run the initialisation. Cache one promise of the whole initialisation instead, and reset it when it rejects.',
  sharedCheckThenSet:
    '{{kind}} `{{name}}` is checked for {{key}}, then filled after an `await` (line {{line}}): concurrent calls with the same key all load it, and the last one wins. Store the promise in the cache (single-flight).',
  sharedCheckThenAct:
    '{{kind}} `{{name}}` is checked, then changed after an `await` (line {{line}}): concurrent calls all pass the check before any of them changes it. Change it before the `await`, or re-check it after.',
  sharedCheckThenActMany:
    '{{kind}} {{names}} are checked, then changed after one `await` (line {{line}}): concurrent calls all pass the check before any of them changes them. Change them before the `await`, or re-check after it.',
  sharedPublishedBeforeInit:
    '{{kind}} {{what}} is stored before `{{init}}` has initialised it (line {{line}}): concurrent calls find it stored and use it half-initialised, and a failed initialisation stays stored. Store the promise of the initialised value instead, and remove it when it rejects.',
  sharedStoreGetOrCreate:
    '{{kind}} store `{{store}}` is searched for {{key}}, then `{{create}}` runs after an `await` (line {{line}}): concurrent calls for the same key all miss it, and the create throws for all but the first, since the store refuses a key it already holds. Share one promise of the creation per key (single-flight), or create before the `await`.',
  sharedColdStartInit:
    '`{{flag}}` remembers the initialisation only in this instance: every other serverless instance or process runs `{{call}}` again, at the same time. Make the write conditional in the store (`CREATE TABLE IF NOT EXISTS`, an upsert, `ON CONFLICT DO NOTHING`), so that repeating it is harmless.',
  suggestIfNotExists: 'Create it with `IF NOT EXISTS`.',
  suggestSingleFlight: 'Store the promise in `{{name}}` (removed when it rejects) so that concurrent calls for one key share one load.',
  suggestCachePromise: 'Cache the promise in `{{name}}` (reset when it rejects) so that concurrent calls share one initialisation.',
} as const;

type MessageId = keyof typeof sharedCheckThenActMessages;
type Context = Readonly<TSESLint.RuleContext<MessageId, readonly [SharedStateOptions?, ...unknown[]]>>;

/** What is written: a binding or property (`client`, `this.client`, `cache[key]`), or a collection entry (`cache.set(key, …)`). */
interface Write {
  readonly node: TSESTree.Node;
  /** The state as an expression: the assigned target, or the collection. */
  readonly target: TSESTree.Node;
  /** The key of a collection entry or computed property. */
  readonly key: TSESTree.Node | undefined;
}

/** Messages whose reports after one `await` are one race: the fields an initialisation sets together. */
const MERGED_MESSAGES = new Set<string>(['sharedCheckThenAct', 'sharedLazyInit', 'sharedLazyCreate']);
const MANY_MESSAGES: Record<string, MessageId> = {
  sharedCheckThenAct: 'sharedCheckThenActMany',
  sharedLazyInit: 'sharedLazyInitMany',
  sharedLazyCreate: 'sharedLazyCreateMany',
};

/**
 * Holds the reports until the end of the file, so that the fields one initialisation sets after the same
 * `await` (`a = ret.a; b = ret.b` after `const ret = await init()`) make one report that names them all, at
 * the first. Reports that carry a fix or a suggestion stay apart: each fix covers its own field.
 */
function deferReports(context: Context): { readonly context: Context; flush(): void } {
  const held: Array<TSESLint.ReportDescriptor<string>> = [];
  const deferred = Object.create(context, { report: { value: (descriptor: TSESLint.ReportDescriptor<string>) => void held.push(descriptor) } }) as Context;
  const flush = () => {
    const groups = new Map<string, Array<TSESLint.ReportDescriptor<string>>>();
    for (const descriptor of held) {
      const data = descriptor.data as { line?: string; kind?: string } | undefined;
      const mergeable = MERGED_MESSAGES.has(descriptor.messageId) && !descriptor.fix && !descriptor.suggest?.length && data?.line !== undefined;
      const key = mergeable ? `${descriptor.messageId}:${data.kind}:${data.line}` : `single:${groups.size}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(descriptor);
    }
    for (const [first, ...others] of groups.values()) {
      if (!first) continue;
      if (others.length === 0) {
        context.report(first as TSESLint.ReportDescriptor<MessageId>);
        continue;
      }
      const names = [...new Set([first, ...others].map((descriptor) => (descriptor.data as { name: string }).name))];
      if (names.length === 1) {
        context.report(first as TSESLint.ReportDescriptor<MessageId>);
        continue;
      }
      const listed = `${names.slice(0, -1).map((name) => `\`${name}\``).join(', ')} and \`${names.at(-1)!}\``;
      const messageId = MANY_MESSAGES[first.messageId]!;
      const { kind, line, created } = first.data as { kind: string; line: string; created?: string };
      context.report({ ...first, messageId, data: { kind, names: listed, line, created } } as TSESLint.ReportDescriptor<MessageId>);
    }
  };
  return { context: deferred, flush };
}

/**
 * The in-memory half of `race/no-check-then-act`: state shared between concurrent calls (module-level
 * bindings, singletons' fields, captured variables, caches) that is checked, and changed only after an
 * `await`. A synchronous check-and-set is atomic in JavaScript and never reported; nor is a check repeated
 * after the last `await`, or a change claimed before the first one (`running = true; await work()`).
 */
export function sharedCheckThenAct(context: Context): TSESLint.RuleListener {
  const file = getFileContext(context);
  const singletonTypes = context.options[0]?.singletonTypes ?? [];
  const reportsDuplicateWork = context.options[0]?.duplicateWork === 'report';
  const reports = deferReports(context);
  const onWrite = (write: Write): void => check(reports.context, file, write, singletonTypes, reportsDuplicateWork);
  return {
    'Program:exit'() {
      for (const init of coldStartInits(file)) reportColdStart(context, file, init);
      reports.flush();
    },
    AssignmentExpression(node) {
      const left = skipTransparent(node.left);
      if (left.type !== AST_NODE_TYPES.Identifier && left.type !== AST_NODE_TYPES.MemberExpression) return;
      onWrite({ node, target: left, key: left.type === AST_NODE_TYPES.MemberExpression && left.computed ? left.property : undefined });
    },
    UpdateExpression(node) {
      const argument = skipTransparent(node.argument);
      if (argument.type !== AST_NODE_TYPES.Identifier && argument.type !== AST_NODE_TYPES.MemberExpression) return;
      onWrite({ node, target: argument, key: undefined });
    },
    'CallExpression[callee.type="MemberExpression"]'(node: TSESTree.CallExpression) {
      const callee = node.callee as TSESTree.MemberExpression;
      const name = propertyName(callee);
      if (name !== 'set' && name !== 'add' && node.arguments.length > 0) checkStoreCreate(reports.context, file, node, singletonTypes);
      if ((name !== 'set' && name !== 'add') || node.arguments.length === 0) return;
      onWrite({ node, target: callee.object, key: node.arguments[0] });
    },
  };
}

function check(
  context: Context,
  file: FileContext,
  write: Write,
  singletonTypes: readonly TypeOrValueSpecifier[],
  reportsDuplicateWork: boolean,
): void {
  const fn = enclosingFunction(write.node);
  // Cheap filters first: only an async function or generator can be interleaved with itself.
  if (fn.type === AST_NODE_TYPES.Program || !(fn.async || fn.generator)) return;
  if (isNavigation(file, write.target) || isBrowserOnly(file, fn, context.filename, context.cwd)) return;
  const published = publishedBeforeInitialised(file, write);
  if (!published && !suspensionsOf(file, fn).some((suspension) => suspension.at <= write.node.range[1])) return;
  const shared = sharedStateOf(file, write.target, singletonTypes);
  if (!shared) return;
  // Stored before it is initialised: reported as such when the check and the store are one synchronous step.
  if (published && reportPublishedBeforeInitialised(context, file, fn, write, shared, published)) return;
  const isCollectionCall = write.node.type === AST_NODE_TYPES.CallExpression;

  const defaulted = defaultedRead(file, write);
  const logical = defaulted !== undefined;
  const checkNode = defaulted ?? latestCheck(file, fn, write);
  if (!checkNode) return;
  const suspensions = suspensionsBetween(file, fn, checkNode, write.node);
  const first = suspensions[0];
  if (!first) return;
  // The type questions last: only a check, then an await, then a write gets this far.
  if (isCollectionCall && !inMemoryCollection(file, write.target)) return;
  if (isInsideHeldLock(file, write.node)) return;
  if (!logical && claimedBefore(file, fn, checkNode, first, write, singletonTypes)) return;
  if (!logical && setOnlyOnFailure(file, fn, write, first)) return;
  if (!logical && closesThenForgets(file, checkNode, write, suspensions)) return;
  if (!logical && recordsStoppingAnswer(file, fn, checkNode, write, first)) return;
  // Loading a module is single-flight already: the module system caches it, so concurrent calls get the same.
  if (suspensions.every((suspension) => loadsModule(suspension.node))) return;
  // `if (total < max) total += await price();`: the await is inside the update itself, which
  // no-read-modify-write reports; one report per race.
  if (
    write.node.type === AST_NODE_TYPES.AssignmentExpression &&
    write.node.operator !== '=' &&
    !logical &&
    write.node.right.range[0] <= first.node.range[0]
  ) {
    return;
  }

  const line = String(first.node.loc.start.line);
  const kind = capitalise(describeSharedKind(shared.kind));
  const name = describe(file, write.target);
  const steps = {
    check: { node: checkNode, label: `checks \`${name}\`${write.key ? ` for \`${describe(file, write.key)}\`` : ''}, then awaits (line ${line})` },
    act: { node: write.node, label: `changes \`${name}\` as if the check still held` },
  };
  if (write.key) {
    // A cache filled with a computed value: concurrent misses only repeat the work (see `duplicateWork`).
    const stored = storedValue(write);
    if (stored && !reportsDuplicateWork && !createdResource(file, stored)) return;
    const rewrite = isCollectionCall ? singleFlightRewrite(file, fn, write.node as TSESTree.CallExpression, shared, context.filename) : undefined;
    reportWithSteps(
      context,
      {
        node: write.node,
        messageId: 'sharedCheckThenSet',
        data: { kind, name, key: `\`${describe(file, write.key)}\``, line },
        ...(rewrite ? { suggest: [{ messageId: 'suggestSingleFlight', data: { name }, fix: rewrite }] } : {}),
      },
      steps,
    );
    return;
  }
  // A flag guarding a store initialisation is reported once, at the store call, with the fix that covers both.
  if (shared.variable && coldStartInits(file).some((init) => init.flag === shared.variable)) return;
  // A flag guarding only idempotent store writes: concurrent calls repeat them harmlessly.
  if (shared.variable && storeInitFlags(file).idempotent.has(shared.variable)) return;
  const lazy =
    write.node.type === AST_NODE_TYPES.AssignmentExpression &&
    (logical || (write.node.operator === '=' && isAbsenceCheck(file, checkNode, write)));
  if (!lazy) {
    // A captured variable of a factory's closure: reported only in the initialisation and cache forms, since
    // whether the closure is called concurrently or in sequence (a stream's flush) is not known.
    if (shared.kind === 'closure') return;
    if (!reportsDuplicateWork && isClockStamp(file, fn, checkNode, write)) return;
    reportWithSteps(context, { node: write.node, messageId: 'sharedCheckThenAct', data: { kind, name, line } }, steps);
    return;
  }
  const assignment = write.node as TSESTree.AssignmentExpression;
  // A memo of a computed value: concurrent first calls only repeat the work (see `duplicateWork`).
  const stored = storedValue(write);
  const created = stored && createdResource(file, stored);
  if (stored && !created && !reportsDuplicateWork) return;
  const rewrite =
    promiseCacheRewrite(file, fn, assignment, shared, suspensions, context.filename) ??
    initialisationPromiseRewrite(file, fn, assignment, shared, context.filename);
  reportWithSteps(
    context,
    {
      node: write.node,
      ...(created
        ? { messageId: 'sharedLazyCreate', data: { kind, name, line, created: `${created.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${describe(file, created.callee)}(…)`, promise: rewrite?.name ?? promiseNameFor(name) } }
        : { messageId: 'sharedLazyInit', data: { kind, name, line, promise: rewrite?.name ?? lazyPromiseName(fn, assignment, name, suspensions) } }),
      ...(rewrite?.exact
        ? { fix: rewrite.fix }
        : rewrite
          ? { suggest: [{ messageId: 'suggestCachePromise', data: { name: rewrite.name }, fix: rewrite.fix }] }
          : {}),
    },
    steps,
  );
}

/**
 * A new object stored in shared state, then initialised through itself after the store: `if (!list[id]) {
 * list[id] = new Calculator(); await list[id].init(id); }` (or `cache.set(key, calculator); await
 * calculator.init();`). The check and the store are one synchronous step, so no second instance is made; but a
 * call that comes while `init` is running finds the object stored and uses it before its state is loaded, and an
 * `init` that rejects leaves it stored, half-built, for every later call. The awaited initialisation call, or
 * undefined for any other write.
 */
function publishedBeforeInitialised(file: FileContext, write: Write): TSESTree.CallExpression | undefined {
  const statement = write.node.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.parent?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const stored = write.node.type === AST_NODE_TYPES.CallExpression ? write.node.arguments[1] : write.node.type === AST_NODE_TYPES.AssignmentExpression && write.node.operator === '=' ? write.node.right : undefined;
  const value = stored && skipTransparent(stored);
  if (!value || !isNewObject(file, value)) return undefined;
  // The object reached through the shared state (an assignment's target) or through the local that holds it.
  const holders = [...(write.node.type === AST_NODE_TYPES.AssignmentExpression ? [write.target] : []), ...(value.type === AST_NODE_TYPES.Identifier ? [value] : [])];
  const block = statement.parent;
  for (const next of block.body.slice(block.body.indexOf(statement) + 1)) {
    const awaited = next.type === AST_NODE_TYPES.ExpressionStatement && next.expression.type === AST_NODE_TYPES.AwaitExpression ? skipTransparent(next.expression.argument) : undefined;
    if (awaited?.type !== AST_NODE_TYPES.CallExpression || awaited.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const receiver = awaited.callee.object;
    if (holders.some((holder) => sameState(file, receiver, holder))) return awaited;
  }
  return undefined;
}

/** `new Calculator(…)` of a class that is not a plain value, or a local constant bound to one. */
function isNewObject(file: FileContext, value: TSESTree.Node): boolean {
  let expression = skipTransparent(value);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
    const definition = variable?.defs[0];
    if (variable?.defs.length !== 1 || definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return false;
    expression = skipTransparent(definition.node.init);
  }
  return expression.type === AST_NODE_TYPES.NewExpression && createdResource(file, expression) === expression;
}

function reportPublishedBeforeInitialised(
  context: Context,
  file: FileContext,
  fn: FunctionNode,
  write: Write,
  shared: SharedState,
  initialisation: TSESTree.CallExpression,
): boolean {
  const checkNode = latestCheck(file, fn, write);
  if (!checkNode || !isAbsenceCheck(file, checkNode, write) || suspensionsBetween(file, fn, checkNode, write.node).length > 0) return false;
  if (write.node.type === AST_NODE_TYPES.CallExpression && !inMemoryCollection(file, write.target)) return true;
  if (isInsideHeldLock(file, write.node)) return true;
  const name = describe(file, write.target);
  const what = write.node.type === AST_NODE_TYPES.CallExpression && write.key ? `\`${name}\` entry for \`${describe(file, write.key)}\`` : `\`${name}\``;
  const init = `${describe(file, initialisation.callee)}(…)`;
  reportWithSteps(
    context,
    {
      node: write.node,
      messageId: 'sharedPublishedBeforeInit',
      data: { kind: capitalise(describeSharedKind(shared.kind)), what, init, line: String(initialisation.loc.start.line) },
    },
    {
      check: { node: checkNode, label: `finds \`${name}\` stored while \`${init}\` runs` },
      act: { node: initialisation, label: 'initialises it only after storing it' },
    },
  );
  return true;
}

/**
 * A get-or-create through a store class of the application (see `storeClassOf`): a lookup misses (`const note =
 * this.store.find(id)`; `this.store.find(id) ?? (await this.createNote(id))`), then, after an `await`,
 * `this.store.create(id, …)` refuses a key it already holds. The lookup and the create are in one method, or
 * the create is in a method of the same class that the lookup's miss calls with the key (`this.createNote(id)`
 * with the create keyed by its parameter, after its own `await`).
 */
function checkStoreCreate(context: Context, file: FileContext, create: TSESTree.CallExpression, singletonTypes: readonly TypeOrValueSpecifier[]): void {
  const fn = enclosingFunction(create);
  if (fn.type === AST_NODE_TYPES.Program || !fn.async || fn.generator) return;
  const callee = create.callee as TSESTree.MemberExpression;
  const method = propertyName(callee);
  const key = create.arguments[0]!;
  if (!method || skipTransparent(callee.object).type !== AST_NODE_TYPES.MemberExpression || suspensionsOf(file, fn).length === 0) return;
  const shared = sharedStateOf(file, callee.object, singletonTypes);
  if (!shared) return;
  const store = storeClassOf(file, callee.object);
  if (!store?.refusingCreates.has(method)) return;
  // A miss of a lookup of the same store for the same key, deciding `act` in `within`.
  const missBefore = (act: TSESTree.Node, within: FunctionNode, keyThere: TSESTree.Node): TSESTree.CallExpression | undefined => {
    for (const branch of controllingBranches(act, within)) {
      for (const read of valueReads(branch.test)) {
        const held = read.type === AST_NODE_TYPES.Identifier ? localConstInit(file, read, within) : undefined;
        const lookup = skipTransparent(held ?? read);
        if (
          lookup.type === AST_NODE_TYPES.CallExpression &&
          lookup.callee.type === AST_NODE_TYPES.MemberExpression &&
          store.lookups.has(propertyName(lookup.callee) ?? '') &&
          lookup.arguments[0] !== undefined &&
          sameState(file, lookup.callee.object, callee.object) &&
          sameKey(file, lookup.arguments[0], keyThere) &&
          runsWhenAbsent(read, branch) === true
        ) {
          return lookup;
        }
      }
    }
    return undefined;
  };
  let miss = missBefore(create, fn, key);
  let suspensions = miss ? suspensionsBetween(file, fn, miss, create) : [];
  if (!miss) {
    // The create in a method the miss calls: keyed by that method's parameter, after an `await` of its own.
    const parameter = skipTransparent(key);
    const index = fn.params.findIndex((candidate) => candidate.type === AST_NODE_TYPES.Identifier && parameter.type === AST_NODE_TYPES.Identifier && candidate.name === parameter.name);
    const definition = fn.parent;
    if (index === -1 || definition?.type !== AST_NODE_TYPES.MethodDefinition || definition.key.type !== AST_NODE_TYPES.Identifier) return;
    suspensions = suspensionsBetween(file, fn, fn.body.range[0], create);
    if (suspensions.length === 0) return;
    const name = definition.key.name;
    for (const call of findNodes(file, definition.parent, AST_NODE_TYPES.CallExpression)) {
      const called = skipTransparent(call.callee);
      if (called.type !== AST_NODE_TYPES.MemberExpression || skipTransparent(called.object).type !== AST_NODE_TYPES.ThisExpression || propertyName(called) !== name) continue;
      const caller = enclosingFunction(call);
      const argument = call.arguments[index];
      if (caller.type === AST_NODE_TYPES.Program || !argument) continue;
      miss = missBefore(call, caller, argument);
      if (miss) break;
    }
  }
  const first = suspensions[0];
  if (!miss || !first || isInsideHeldLock(file, create)) return;
  const storeName = describe(file, callee.object);
  const created = `${describe(file, callee)}(…)`;
  const line = String(first.node.loc.start.line);
  reportWithSteps(
    context,
    {
      node: create,
      messageId: 'sharedStoreGetOrCreate',
      data: { kind: capitalise(describeSharedKind(shared.kind)), store: storeName, key: `\`${describe(file, miss.arguments[0]!)}\``, create: created, line },
    },
    {
      check: { node: miss, label: `misses \`${describe(file, miss.arguments[0]!)}\` in \`${storeName}\`, then awaits (line ${line})` },
      act: { node: create, label: `runs \`${created}\`, which throws for a key already held` },
    },
  );
}

/**
 * The promise the message proposes when no rewrite names it: after the work for a flag (`ready = true`), after
 * the value otherwise (`this.client` → `this.clientPromise`).
 */
function lazyPromiseName(fn: FunctionNode, write: TSESTree.AssignmentExpression, name: string, suspensions: readonly Suspension[]): string {
  const value = skipTransparent(write.right);
  if (value.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'boolean') return promiseNameFor(name);
  return `${name.slice(0, name.lastIndexOf('.') + 1)}${workPromiseName(fn, suspensions)}`;
}

/** `location.href = …`, `window.location = …`: a navigation of the page, not a change of shared state. */
function isNavigation(file: FileContext, target: TSESTree.Node): boolean {
  const text = file.sourceCode.getText(skipTransparent(target)).replace(/\s+/g, '');
  if (!/^(?:(?:window|self|globalThis|document)\.)?location(?:\.href)?$/.test(text)) return false;
  let root = skipTransparent(target);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTransparent(root.object);
  const variable = root.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(file.sourceCode.getScope(root), root) : null;
  return !variable || variable.defs.length === 0;
}

/**
 * Code that runs only in one user's browser: a module marked `'use client'` (a React client component's
 * module) or in a Meteor application's `client/` folder, or a React effect's callback. What it shares lives in one tab, with one person acting; a second
 * run of an effect (a double mount) repeats its own work.
 */
function isBrowserOnly(file: FileContext, fn: FunctionNode, filename: string, cwd: string): boolean {
  const clientModule = memoize(
    file,
    'shared-state:use-client',
    () =>
      file.program.body.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use client') ||
      isMeteorClientFile(filename, cwd),
  );
  if (clientModule) return true;
  for (let node: TSESTree.Node | undefined = fn; node; node = node.parent) {
    const call: TSESTree.Node | undefined = node.parent;
    if (
      isFunction(node) &&
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.arguments[0] === node &&
      /^use(?:Layout|Insertion)?Effect$/.test(calleeText(call.callee))
    ) {
      return true;
    }
  }
  return false;
}

const calleeText = (callee: TSESTree.Node): string => {
  const expression = skipTransparent(callee);
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  return expression.type === AST_NODE_TYPES.MemberExpression ? (propertyName(expression) ?? '') : '';
};

/**
 * A teardown: the state is found present, closed through itself (`await client.quit()`), then forgotten
 * (`client = undefined`). Concurrent teardowns close the same object twice and store nothing new: no
 * resource is duplicated or lost, and a second close of most clients is a no-op or a caught error.
 */
function closesThenForgets(file: FileContext, checkNode: TSESTree.Node, write: Write, suspensions: readonly Suspension[]): boolean {
  if (write.node.type !== AST_NODE_TYPES.AssignmentExpression || write.node.operator !== '=') return false;
  const value = skipTransparent(write.node.right);
  const clears = (value.type === AST_NODE_TYPES.Literal && value.value === null) || (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');
  const branch = branchOfCheck.get(checkNode);
  if (!clears || !branch || !sameState(file, checkNode, write.target) || runsWhenAbsent(checkNode, branch) !== false) return false;
  return suspensions.some((suspension) => {
    if (suspension.node.type !== AST_NODE_TYPES.AwaitExpression) return false;
    let awaited = skipTransparent(suspension.node.argument);
    if (awaited.type === AST_NODE_TYPES.CallExpression) awaited = skipTransparent(awaited.callee);
    return awaited.type === AST_NODE_TYPES.MemberExpression && sameState(file, awaited.object, write.target);
  });
}

/**
 * The value a lazy initialisation or cache fill stores (`x = await f()`, `x ??= await f()`, `cache.set(k, v)`,
 * `cache[k] = v`), or undefined for a flag or marker (`ready = true`, `pending.add(key)`): a flag claims
 * or records work rather than holding its result, and stays reported.
 */
function storedValue(write: Write): TSESTree.Node | undefined {
  let value: TSESTree.Node | undefined;
  if (write.node.type === AST_NODE_TYPES.CallExpression) value = write.node.arguments[1];
  else if (write.node.type === AST_NODE_TYPES.AssignmentExpression) {
    value = skipTransparent(write.node.right);
    // `x = x ?? await f()`: the default is what is stored.
    if (write.node.operator === '=' && value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&') value = value.right;
  }
  if (!value) return undefined;
  const stripped = skipTransparent(value);
  if (stripped.type === AST_NODE_TYPES.Literal || stripped.type === AST_NODE_TYPES.UnaryExpression) return undefined;
  if (stripped.type === AST_NODE_TYPES.Identifier && stripped.name === 'undefined') return undefined;
  return value;
}

/**
 * The read that decides a logical assignment: `x ??= await f()`, `x ||= await f()`, and their spelled-out
 * forms `x = x ?? await f()`, `x = x || await f()`.
 */
function defaultedRead(file: FileContext, write: Write): TSESTree.Node | undefined {
  if (write.node.type !== AST_NODE_TYPES.AssignmentExpression) return undefined;
  if (write.node.operator === '??=' || write.node.operator === '||=') return write.node.left;
  const value = skipTransparent(write.node.right);
  if (write.node.operator !== '=' || value.type !== AST_NODE_TYPES.LogicalExpression || value.operator === '&&') return undefined;
  return sameState(file, value.left, write.target) ? value.left : undefined;
}

/** `await import('x')`, `await require('x')`, `await Promise.resolve(require('x'))` (as compiled ESM). */
function loadsModule(suspension: TSESTree.Node): boolean {
  if (suspension.type !== AST_NODE_TYPES.AwaitExpression) return false;
  let value = skipTransparent(suspension.argument);
  if (
    value.type === AST_NODE_TYPES.CallExpression &&
    value.callee.type === AST_NODE_TYPES.MemberExpression &&
    skipTransparent(value.callee.object).type === AST_NODE_TYPES.Identifier &&
    (skipTransparent(value.callee.object) as TSESTree.Identifier).name === 'Promise' &&
    propertyName(value.callee) === 'resolve' &&
    value.arguments[0]
  ) {
    value = skipTransparent(value.arguments[0]);
  }
  if (value.type === AST_NODE_TYPES.ImportExpression) return true;
  return value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name === 'require';
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function describe(file: FileContext, node: TSESTree.Node): string {
  const text = file.sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Marks a check node with the condition it belongs to, to tell absence checks apart. */
const branchOfCheck = new WeakMap<TSESTree.Node, ControllingBranch>();

/**
 * Some read of the written state in the deciding condition lets the write run when the state is absent; the
 * read may go through a local that holds the state (`const cached = this.root; if (cached) return cached;`).
 */
function isAbsenceCheck(file: FileContext, checkNode: TSESTree.Node, write: Write): boolean {
  const branch = branchOfCheck.get(checkNode);
  if (!branch) return false;
  const fn = enclosingFunction(write.node);
  return valueReads(branch.test).some((read) => {
    const held = read.type === AST_NODE_TYPES.Identifier && fn.type !== AST_NODE_TYPES.Program ? localConstInit(file, read, fn) : undefined;
    const observes = checks(file, read, write) || (held !== undefined && checks(file, skipTransparent(held), write));
    return observes && runsWhenAbsent(read, branch) === true;
  });
}

/**
 * A cooldown, rate-limit or expiry stamp: the check compares the state with the current time (`Date.now() <
 * cooldownUntil`) and the write stores the next time (`cooldownUntil = Date.now() + COOLDOWN_MS`). Callers
 * that overlap inside the window each pass once: one extra call, duplicate work (see `duplicateWork`).
 */
function isClockStamp(file: FileContext, fn: FunctionNode, checkNode: TSESTree.Node, write: Write): boolean {
  if (write.node.type !== AST_NODE_TYPES.AssignmentExpression || write.node.operator !== '=') return false;
  const comparison = timeComparison(checkNode);
  if (!comparison) return false;
  // `Date.now() - cachedAt < TTL_MS`: the age of the stamp, compared with a duration.
  return comparison.aged ? isClockValue(file, fn, comparison.aged) : isClockValue(file, fn, comparison.other);
}

/** The current time, or a value computed from it: `Date.now()`, `new Date()`, `now + TTL` with `const now = Date.now()`. */
function isClockValue(file: FileContext, fn: FunctionNode, expression: TSESTree.Node, depth = 0): boolean {
  const node = skipTransparent(expression);
  if (depth > 3) return false;
  if (isClockReading(node)) return true;
  if (node.type === AST_NODE_TYPES.BinaryExpression) {
    return (node.operator === '+' || node.operator === '-') && (isClockValue(file, fn, node.left, depth + 1) || isClockValue(file, fn, node.right, depth + 1));
  }
  const init = node.type === AST_NODE_TYPES.Identifier ? localConstInit(file, node, fn) : undefined;
  return init !== undefined && isClockValue(file, fn, init, depth + 1);
}

/**
 * The last read of the written state in a condition that decides whether the write runs: `!client`,
 * `cache.has(key)`, `key in cache`, or a local holding such a read (`const hit = cache.get(key); if (hit) …`).
 * A check repeated after the last `await` is the one that counts.
 */
function latestCheck(file: FileContext, fn: FunctionNode, write: Write): TSESTree.Node | undefined {
  let latest: TSESTree.Node | undefined;
  const consider = (read: TSESTree.Node, branch: ControllingBranch): void => {
    if (read.range[1] > write.node.range[0] || !checks(file, read, write)) return;
    if (!latest || read.range[1] > latest.range[1]) {
      latest = read;
      branchOfCheck.set(read, branch);
    }
  };
  for (const branch of controllingBranches(write.node, fn)) {
    for (const read of valueReads(branch.test)) {
      consider(read, branch);
      // `const hit = cache.get(key); if (hit) return hit;`
      const init = read.type === AST_NODE_TYPES.Identifier ? localConstInit(file, read, fn) : undefined;
      if (init) for (const initRead of valueReads(init)) consider(initRead, branch);
    }
  }
  return latest;
}

function localConstInit(file: FileContext, identifier: TSESTree.Identifier, fn: FunctionNode): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (variable?.defs.length !== 1 || definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  if (variable.scope.variableScope.block !== fn || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return definition.node.init ?? undefined;
}

/** True when `read` observes the state `write` changes. */
function checks(file: FileContext, read: TSESTree.Node, write: Write): boolean {
  if (write.node.type === AST_NODE_TYPES.CallExpression) {
    // `cache.has(key)` / `cache.get(key)` before `cache.set(key, …)`
    if (read.type !== AST_NODE_TYPES.CallExpression || read.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const name = propertyName(read.callee);
    return (
      (name === 'has' || name === 'get') &&
      read.arguments[0] !== undefined &&
      write.key !== undefined &&
      sameState(file, read.callee.object, write.target) &&
      sameKey(file, read.arguments[0], write.key)
    );
  }
  if (read.type === AST_NODE_TYPES.BinaryExpression) {
    // `key in cache` before `cache[key] = …`
    const target = write.target as TSESTree.MemberExpression;
    return write.key !== undefined && target.object !== undefined && sameState(file, read.right, target.object) && sameKey(file, read.left, write.key);
  }
  if (read.type === AST_NODE_TYPES.CallExpression) return false;
  return sameState(file, read, write.target);
}

function sameKey(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  return sameState(file, a, b) || file.sourceCode.getText(skipTransparent(a)) === file.sourceCode.getText(skipTransparent(b));
}

/**
 * A write to state tested by the check, made after the check and before the first `await`: the caller
 * claimed the work synchronously (`if (!running) { running = true; await work(); running = false; }`,
 * `if (!pending.has(key)) { pending.add(key); … }`), so the later write is not the act of a race. A shared
 * in-flight marker tested by another condition of the write counts too, when it is set after its own test
 * and before the first `await` (`if (client) return client; if (pending) return pending; pending = connect();
 * client = await pending;`): concurrent calls stop at that test.
 */
function claimedBefore(
  file: FileContext,
  fn: FunctionNode,
  checkNode: TSESTree.Node,
  first: Suspension,
  write: Write,
  singletonTypes: readonly TypeOrValueSpecifier[],
): boolean {
  // `pending.has(key)` tests the state `pending`.
  const stateOf = (read: TSESTree.Node): TSESTree.Node =>
    read.type === AST_NODE_TYPES.CallExpression && read.callee.type === AST_NODE_TYPES.MemberExpression ? read.callee.object : read;
  const statesOf = (test: TSESTree.Node): TSESTree.Node[] => valueReads(test).map(stateOf);
  const deciding = branchOfCheck.get(checkNode)?.test;
  const testedStates = deciding ? statesOf(deciding) : [stateOf(checkNode)];
  testedStates.push(write.target);
  const writes = writesIn(file, fn).filter((candidate) => candidate.node.range[1] < first.at);
  if (writes.some((candidate) => candidate.node.range[0] > checkNode.range[1] && testedStates.some((state) => sameState(file, candidate.target, state)))) {
    return true;
  }
  return controllingBranches(write.node, fn).some(
    ({ test }) =>
      test !== deciding &&
      test.range[1] < first.at &&
      statesOf(test).some((state) =>
        writes.some(
          (candidate) =>
            candidate.node.range[0] > test.range[1] &&
            sameState(file, candidate.target, state) &&
            suspensionsBetween(file, fn, test, candidate.node).length === 0 &&
            sharedStateOf(file, state, singletonTypes) !== undefined,
        ),
      ),
  );
}

/**
 * The write is in the `catch` of the `try` that holds the first `await`, and that `try` never writes the state:
 * it records that the attempt failed (`try { token = await fetchToken(); } catch { tokenDisabled = true; }`).
 * A success leaves the state unset, so later calls make the attempt anyway: concurrent calls that all attempt
 * it repeat nothing that calls in sequence would not.
 */
function setOnlyOnFailure(file: FileContext, fn: FunctionNode, write: Write, first: Suspension): boolean {
  let handler: TSESTree.CatchClause | undefined;
  for (let node = write.node.parent; node && node !== fn; node = node.parent) {
    if (node.type === AST_NODE_TYPES.CatchClause) {
      handler = node;
      break;
    }
  }
  const attempt = handler?.parent;
  if (attempt?.type !== AST_NODE_TYPES.TryStatement || !contains(attempt.block, first.node)) return false;
  return !writesIn(file, fn).some((candidate) => contains(attempt.block, candidate.node) && sameState(file, candidate.target, write.target));
}

/**
 * A sticky answer of the awaited call: the check stops at one constant (`if (supported === false) return null;`),
 * a branch after the `await` stores that constant and exits (`if (unknownCommand) { supported = false; return
 * null; }`), and the path that falls through stores another constant, one the check does not stop at
 * (`supported = true`). Calls one after another make the awaited call again after every answer but the
 * stopping one, so overlapping calls repeat nothing that calls in sequence would not, and each write stores the
 * same value whichever call makes it. Both writes are quiet. A stopping value stored on the path that falls
 * through (`if (!ok) { state = 'failed'; return; } state = 'done';`) marks the work done, and stays reported.
 */
function recordsStoppingAnswer(file: FileContext, fn: FunctionNode, checkNode: TSESTree.Node, write: Write, first: Suspension): boolean {
  const branch = branchOfCheck.get(checkNode);
  if (!branch || branch.runsWhen !== false || fn.body.type !== AST_NODE_TYPES.BlockStatement || !constantAssigned(write.node)) return false;
  // `supported === false` is the whole deciding test: the check stops exactly at one constant.
  const test = skipTransparent(branch.test);
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '===' && test.operator !== '==')) return false;
  const stopping = skipTransparent(test.left) === skipTransparent(checkNode) ? skipTransparent(test.right) : skipTransparent(test.left);
  if (stopping.type !== AST_NODE_TYPES.Literal || !sameState(file, checkNode, write.target)) return false;
  const recorded = writesIn(file, fn).filter((candidate) => candidate.node.range[0] > first.at && sameState(file, candidate.target, write.target));
  const isStoppingWrite = (candidate: Write): boolean => {
    const statement = candidate.node.parent;
    const block = statement?.parent;
    return (
      constantAssigned(candidate.node)?.value === stopping.value &&
      statement?.type === AST_NODE_TYPES.ExpressionStatement &&
      block?.type === AST_NODE_TYPES.BlockStatement &&
      block !== fn.body &&
      block.body.slice(block.body.indexOf(statement) + 1).some((next) => alwaysExits(next))
    );
  };
  const isFallThroughWrite = (candidate: Write): boolean => {
    const value = constantAssigned(candidate.node);
    return value !== undefined && value.value !== stopping.value && candidate.node.parent?.parent === fn.body;
  };
  const stops = recorded.filter(isStoppingWrite);
  const fallsThrough = recorded.filter(isFallThroughWrite);
  return stops.length > 0 && fallsThrough.length > 0 && [...stops, ...fallsThrough].some((candidate) => candidate.node === write.node);
}

/** The literal a plain assignment stores (`x = false`, `x = 'failed'`), or undefined. */
function constantAssigned(node: TSESTree.Node): TSESTree.Literal | undefined {
  if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=') return undefined;
  const value = skipTransparent(node.right);
  return value.type === AST_NODE_TYPES.Literal && !('regex' in value && value.regex) ? value : undefined;
}

const writesCache = new WeakMap<TSESTree.Node, Write[]>();

/** Every write of `fn`'s own body: assignments, updates and collection `set`/`add`/`delete` calls. */
function writesIn(file: FileContext, fn: FunctionNode): Write[] {
  let writes = writesCache.get(fn);
  if (writes) return writes;
  writes = [];
  const found = writes;
  const visitorKeys = file.sourceCode.visitorKeys as Readonly<Record<string, readonly string[] | undefined>>;
  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.AssignmentExpression) found.push({ node, target: skipTransparent(node.left), key: undefined });
    if (node.type === AST_NODE_TYPES.UpdateExpression) found.push({ node, target: skipTransparent(node.argument), key: undefined });
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(node.callee);
      if (name === 'set' || name === 'add' || name === 'delete') found.push({ node, target: node.callee.object, key: node.arguments[0] });
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) for (const element of child) if (element && typeof element === 'object' && 'type' in element) visit(element as TSESTree.Node);
      if (child && typeof child === 'object' && !Array.isArray(child) && 'type' in child) visit(child as TSESTree.Node);
    }
  };
  visit(fn);
  writesCache.set(fn, writes);
  return writes;
}

interface Rewrite {
  /** True when the rewrite keeps meaning and types: an autofix; otherwise a suggestion. */
  readonly exact: boolean;
  readonly name: string;
  readonly fix: TSESLint.ReportFixFunction;
}

/**
 * The promise-cache rewrite of a lazy initialisation, in its one exact shape:
 *
 *     let client: Client | undefined;              let clientPromise: Promise<Client> | undefined;
 *     async function getClient() {                 async function getClient() {
 *       if (!client) client = await connect();  →    clientPromise ??= connect().catch((error: unknown) => {
 *       return client;                                 clientPromise = undefined;
 *     }                                                throw error;
 *                                                    });
 *                                                    return clientPromise;
 *                                                  }
 *
 * The variable's type changes, so every use of it must be in these statements. It is an autofix only when
 * the checker confirms that the awaited value is a promise (it has `.catch`) of an object (always truthy,
 * so `??=` tests what `!client` tested); otherwise the same text is offered as a suggestion.
 */
function promiseCacheRewrite(
  file: FileContext,
  fn: FunctionNode,
  write: TSESTree.AssignmentExpression,
  shared: SharedState,
  suspensions: readonly Suspension[],
  filename: string,
): Rewrite | undefined {
  const { sourceCode } = file;
  const left = write.left;
  const awaited = write.right;
  if (left.type !== AST_NODE_TYPES.Identifier || awaited.type !== AST_NODE_TYPES.AwaitExpression || suspensions.length !== 1) return undefined;
  if (!fn.async || fn.generator || shared.kind !== 'module' || !shared.variable) return undefined;
  const variable = shared.variable;
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== 'Variable' || definition.parent.kind !== 'let') return undefined;
  const declarator = definition.node;
  const declaration = definition.parent;
  if (declaration.declarations.length !== 1 || declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return undefined;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = declarator.init && skipTransparent(declarator.init);
  if (init && !(init.type === AST_NODE_TYPES.Literal && init.value === null) && !(init.type === AST_NODE_TYPES.Identifier && init.name === 'undefined')) {
    return undefined;
  }

  // The statement that initialises: `if (!client) client = await …;` or `client ??= await …;`
  const statement = initialisingStatement(write);
  if (!statement) return undefined;
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement || block.parent !== fn) return undefined;
  const next = block.body[block.body.indexOf(statement) + 1];
  if (
    next?.type !== AST_NODE_TYPES.ReturnStatement ||
    !next.argument ||
    next.argument.type !== AST_NODE_TYPES.Identifier ||
    next.argument.name !== left.name
  ) {
    return undefined;
  }
  // Every use of the variable is in the declaration, the statement and the return.
  const inRewritten = (node: TSESTree.Node): boolean =>
    [declarator, statement, next].some((part) => part.range[0] <= node.range[0] && node.range[1] <= part.range[1]);
  if (!variable.references.every((reference) => inRewritten(reference.identifier))) return undefined;

  const name = freshTopLevelName(file, promiseNameFor(left.name));
  const isTypeScript = !/\.[cm]?jsx?$/.test(filename);
  const annotation = declarator.id.typeAnnotation?.typeAnnotation;
  let newAnnotation = '';
  if (annotation) {
    const members = annotation.type === AST_NODE_TYPES.TSUnionType ? annotation.types : [annotation];
    const absent: TSESTree.TypeNode[] = members.filter((member) => member.type === AST_NODE_TYPES.TSUndefinedKeyword || member.type === AST_NODE_TYPES.TSNullKeyword);
    const present = members.filter((member) => !absent.includes(member));
    if (absent.length === 0 || present.length === 0) return undefined;
    const presentText = present.map((member) => sourceCode.getText(member)).join(' | ');
    newAnnotation = `: Promise<${presentText}> | ${absent.map((member) => sourceCode.getText(member)).join(' | ')}`;
  }
  const exact = file.types !== undefined && isPromiseOfObject(file, awaited.argument);
  const indent = indentOf(sourceCode, statement);
  const comments = sourceCode
    .getCommentsInside(statement)
    .filter((comment) => !(awaited.argument.range[0] <= comment.range[0] && comment.range[1] <= awaited.argument.range[1]))
    .map((comment) => `${sourceCode.getText(comment as unknown as TSESTree.Node)}\n${indent}`)
    .join('');
  const errorParameter = isTypeScript ? 'error: unknown' : 'error';
  const replacement =
    `${comments}${name} ??= ${asPromise(file, awaited.argument)}.catch((${errorParameter}) => {\n` +
    `${indent}  ${name} = undefined;\n${indent}  throw error;\n${indent}});`;
  const declarationText = `${name}${newAnnotation}${declarator.init ? ` = ${sourceCode.getText(declarator.init)}` : ''}`;
  return {
    exact,
    name,
    fix: (fixer) => [
      fixer.replaceText(declarator, declarationText),
      fixer.replaceText(statement, replacement),
      fixer.replaceText(next.argument!, name),
    ],
  };
}

/**
 * The flag form: `if (!ready) { …; ready = true; }` with an `await` in the block becomes one cached promise of
 * the whole initialisation, offered as a suggestion:
 *
 *     let ready = false;                          let readyPromise: Promise<void> | undefined;
 *     async function ensure() {                   async function ensure() {
 *       if (!ready) {                               readyPromise ??= (async () => {
 *         await init();                       →       await init();
 *         ready = true;                             })().catch((error: unknown) => {
 *       }                                             readyPromise = undefined;
 *     }                                               throw error;
 *                                                   });
 *                                                   await readyPromise;
 *                                                 }
 *
 * Only when the flag starts `false`, is set to `true` as the block's last statement, is used nowhere else, and
 * the moved statements neither leave the block (`return`, `break`, `continue`) nor yield.
 */
function initialisationPromiseRewrite(
  file: FileContext,
  fn: FunctionNode,
  write: TSESTree.AssignmentExpression,
  shared: SharedState,
  filename: string,
): Rewrite | undefined {
  const { sourceCode } = file;
  const left = write.left;
  const value = skipTransparent(write.right);
  if (left.type !== AST_NODE_TYPES.Identifier || value.type !== AST_NODE_TYPES.Literal || value.value !== true) return undefined;
  if (!fn.async || fn.generator || shared.kind !== 'module' || !shared.variable) return undefined;
  const declared = declarationToRewrite(shared.variable);
  const init = declared?.declarator.init && skipTransparent(declared.declarator.init);
  if (!declared || init?.type !== AST_NODE_TYPES.Literal || init.value !== false) return undefined;
  const statement = write.parent;
  const block = statement?.parent;
  const ifStatement = block?.parent;
  if (
    statement?.type !== AST_NODE_TYPES.ExpressionStatement ||
    block?.type !== AST_NODE_TYPES.BlockStatement ||
    block.body[block.body.length - 1] !== statement ||
    block.body.length < 2 ||
    ifStatement?.type !== AST_NODE_TYPES.IfStatement ||
    ifStatement.consequent !== block ||
    ifStatement.alternate ||
    ifStatement.parent?.type !== AST_NODE_TYPES.BlockStatement
  ) {
    return undefined;
  }
  const test = skipTransparent(ifStatement.test);
  const negated = test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' ? skipTransparent(test.argument) : undefined;
  if (negated?.type !== AST_NODE_TYPES.Identifier || negated.name !== left.name) return undefined;
  const moved = block.body.slice(0, -1);
  if (moved.some((node) => leavesOrYields(node))) return undefined;
  const inRewritten = (node: TSESTree.Node): boolean =>
    [declared.declarator, ifStatement].some((part) => part.range[0] <= node.range[0] && node.range[1] <= part.range[1]);
  if (!shared.variable.references.every((reference) => inRewritten(reference.identifier))) return undefined;
  const name = freshTopLevelName(
    file,
    workPromiseName(fn, suspensionsOf(file, fn).filter((suspension) => moved.some((node) => contains(node, suspension.node)))),
  );
  const isTypeScript = !/\.[cm]?jsx?$/.test(filename);
  const indent = indentOf(sourceCode, ifStatement);
  const lost = sourceCode
    .getCommentsInside(ifStatement)
    .filter((comment) => !moved.some((node) => node.range[0] <= comment.range[0] && comment.range[1] <= node.range[1]));
  const comments = lost.map((comment) => `${sourceCode.getText(comment as unknown as TSESTree.Node)}\n${indent}`).join('');
  const body = sourceCode.text.slice(moved[0]!.range[0], moved[moved.length - 1]!.range[1]);
  const replacement =
    `${comments}${name} ??= (async () => {\n${indent}  ${body}\n${indent}})().catch((${isTypeScript ? 'error: unknown' : 'error'}) => {\n` +
    `${indent}  ${name} = undefined;\n${indent}  throw error;\n${indent}});\n${indent}await ${name};`;
  return {
    exact: false,
    name,
    fix: (fixer) => [
      fixer.replaceText(declared.declarator, `${name}${isTypeScript ? ': Promise<void> | undefined' : ''}`),
      fixer.replaceText(ifStatement, replacement),
    ],
  };
}

/**
 * The single-flight rewrite of a module-level `Map` cache, offered as a suggestion in two shapes:
 *
 *     if (!cache.has(key)) {                     let pending = cache.get(key);
 *       const value = await load(key);           if (!pending) {
 *       cache.set(key, value);                     pending = load(key).catch((error: unknown) => {
 *     }                                      →       cache.delete(key);
 *     return cache.get(key);                         throw error;
 *                                                  });
 *     const hit = cache.get(key);                  cache.set(key, pending);
 *     if (hit) return hit;                       }
 *     const value = await load(key);             return pending;
 *     cache.set(key, value);
 *     return value;
 *
 * Several statements that compute the value before `cache.set(key, value)` move into an async arrow function
 * (`pending = (async () => { …; return value; })()`), when they neither leave it nor use the map.
 *
 * The map then holds promises (`new Map<K, Promise<V>>()`), so every use of it must be in these statements
 * and its declaration. A rejected load is removed, as the original cached nothing on failure. One
 * difference: a falsy cached value (`''`, `0`) that the second shape reloaded each time is now served from
 * the cache — hence a suggestion.
 */
function singleFlightRewrite(
  file: FileContext,
  fn: FunctionNode,
  write: TSESTree.CallExpression,
  shared: SharedState,
  filename: string,
): TSESLint.ReportFixFunction | undefined {
  const { sourceCode } = file;
  const map = skipTransparent((write.callee as TSESTree.MemberExpression).object);
  const key = write.arguments[0] && skipTransparent(write.arguments[0]);
  if (map.type !== AST_NODE_TYPES.Identifier || !key || (key.type !== AST_NODE_TYPES.Identifier && key.type !== AST_NODE_TYPES.Literal)) return undefined;
  if (!fn.async || fn.generator || fn.body.type !== AST_NODE_TYPES.BlockStatement || shared.kind !== 'module' || !shared.variable) return undefined;
  const definition = shared.variable.defs[0];
  if (shared.variable.defs.length !== 1 || definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  const declaration = definition.parent;
  const declarator = definition.node;
  if (declaration.declarations.length !== 1 || declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return undefined;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.id.typeAnnotation) return undefined;
  const init = declarator.init && skipTransparent(declarator.init);
  if (init?.type !== AST_NODE_TYPES.NewExpression || init.arguments.length > 0 || init.callee.type !== AST_NODE_TYPES.Identifier || init.callee.name !== 'Map') return undefined;
  const valueType = init.typeArguments?.params[1];
  if (init.typeArguments && (init.typeArguments.params.length !== 2 || !valueType)) return undefined;

  const statements = fn.body.body;
  const first = statements.findIndex((statement) => mentions(file, statement, shared.variable!));
  const matched = first === -1 ? undefined : matchCacheShape(file, statements.slice(first), map, key, write);
  if (!matched) return undefined;
  const range: [number, number] = [statements[first]!.range[0], statements[statements.length - 1]!.range[1]];
  const inRange = (node: TSESTree.Node) => range[0] <= node.range[0] && node.range[1] <= range[1];
  if (!shared.variable.references.every((reference) => inRange(reference.identifier) || reference.init)) return undefined;

  const isTypeScript = !/\.[cm]?jsx?$/.test(filename);
  const indent = indentOf(sourceCode, statements[first]!);
  const name = freshName(sourceCode, fn, 'pending');
  const mapText = sourceCode.getText(map);
  const keyText = sourceCode.getText(key);
  const load = loadText(file, matched, indent);
  const comments = sourceCode
    .getCommentsInside(fn.body)
    .filter((comment) => inRange(comment as unknown as TSESTree.Node) && !(load.range[0] <= comment.range[0] && comment.range[1] <= load.range[1]))
    .map((comment) => `${sourceCode.getText(comment as unknown as TSESTree.Node)}\n${indent}`)
    .join('');
  const replacement =
    `${comments}let ${name} = ${mapText}.get(${keyText});\n` +
    `${indent}if (!${name}) {\n` +
    `${indent}  ${name} = ${load.text}.catch((${isTypeScript ? 'error: unknown' : 'error'}) => {\n` +
    `${indent}    ${mapText}.delete(${keyText});\n` +
    `${indent}    throw error;\n` +
    `${indent}  });\n` +
    `${indent}  ${mapText}.set(${keyText}, ${name});\n` +
    `${indent}}\n` +
    `${indent}return ${name};`;
  return (fixer) => [
    ...(valueType ? [fixer.replaceText(valueType, `Promise<${sourceCode.getText(valueType)}>`)] : []),
    fixer.replaceTextRange(range, replacement),
  ];
}

function mentions(file: FileContext, node: TSESTree.Node, variable: Scope.Variable): boolean {
  return variable.references.some((reference) => node.range[0] <= reference.identifier.range[0] && reference.identifier.range[1] <= node.range[1]);
}

/** The statements from the first use of the map to the end of the function, in one of the two shapes. */
function matchCacheShape(
  file: FileContext,
  statements: readonly TSESTree.Statement[],
  map: TSESTree.Identifier,
  key: TSESTree.Node,
  write: TSESTree.CallExpression,
): CacheLoad | undefined {
  const isCall = (node: TSESTree.Node | null | undefined, method: string): node is TSESTree.CallExpression => {
    const value = node && skipTransparent(node);
    return (
      value?.type === AST_NODE_TYPES.CallExpression &&
      value.callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(value.callee) === method &&
      sameState(file, value.callee.object, map) &&
      value.arguments[0] !== undefined &&
      sameKey(file, value.arguments[0], key)
    );
  };
  const only = (statement: TSESTree.Statement): TSESTree.Statement | undefined =>
    statement.type === AST_NODE_TYPES.BlockStatement ? (statement.body.length === 1 ? statement.body[0] : undefined) : statement;
  // `const value = await load(key); cache.set(key, value);` or `cache.set(key, await load(key));`, or any
  // statements that compute the value before `cache.set(key, value)`.
  const loadAndSet = (parts: readonly TSESTree.Statement[]): CacheLoad | undefined => {
    const [a, b] = parts;
    const value = write.arguments[1];
    if (parts.length === 1 && a?.type === AST_NODE_TYPES.ExpressionStatement && a.expression === write) {
      return value?.type === AST_NODE_TYPES.AwaitExpression ? { load: value.argument, value: undefined } : undefined;
    }
    if (parts.length === 2 && a?.type === AST_NODE_TYPES.VariableDeclaration && a.kind === 'const' && a.declarations.length === 1) {
      const declarator = a.declarations[0]!;
      if (
        declarator.id.type === AST_NODE_TYPES.Identifier &&
        declarator.init?.type === AST_NODE_TYPES.AwaitExpression &&
        b?.type === AST_NODE_TYPES.ExpressionStatement &&
        b.expression === write &&
        value?.type === AST_NODE_TYPES.Identifier &&
        value.name === declarator.id.name
      ) {
        return { load: declarator.init.argument, value: declarator.id };
      }
    }
    const last = parts[parts.length - 1];
    const block = parts.slice(0, -1);
    if (block.length === 0 || last?.type !== AST_NODE_TYPES.ExpressionStatement || last.expression !== write || !value || value.type === AST_NODE_TYPES.SpreadElement) return undefined;
    // The statements move into an async function: they must not leave it, hoist a `var`, or see the map.
    if (block.some((statement) => leavesOrYields(statement) || findNodes(file, statement, AST_NODE_TYPES.VariableDeclaration).some((node) => node.kind === 'var'))) {
      return undefined;
    }
    if (block.some((statement) => findNodes(file, statement, AST_NODE_TYPES.Identifier).some((node) => sameState(file, node, map)))) return undefined;
    return { block, result: value, value: value.type === AST_NODE_TYPES.Identifier ? value : undefined };
  };
  const [first, second, ...rest] = statements;
  // Shape 1: if (!cache.has(key)) { …load and set… } return cache.get(key);
  if (first?.type === AST_NODE_TYPES.IfStatement && !first.alternate && rest.length === 0) {
    const test = skipTransparent(first.test);
    const returned = second?.type === AST_NODE_TYPES.ReturnStatement ? second.argument : undefined;
    if (test.type !== AST_NODE_TYPES.UnaryExpression || test.operator !== '!' || !isCall(test.argument, 'has') || !isCall(returned, 'get')) return undefined;
    const body = first.consequent.type === AST_NODE_TYPES.BlockStatement ? first.consequent.body : [first.consequent];
    return loadAndSet(body);
  }
  // Shape 2: const hit = cache.get(key); if (hit) return hit; …load and set…; return value;
  if (first?.type !== AST_NODE_TYPES.VariableDeclaration || first.declarations.length !== 1 || second?.type !== AST_NODE_TYPES.IfStatement || second.alternate) return undefined;
  const hit = first.declarations[0]!;
  if (hit.id.type !== AST_NODE_TYPES.Identifier || !isCall(hit.init, 'get')) return undefined;
  const test = skipTransparent(second.test);
  const testsHit =
    (test.type === AST_NODE_TYPES.Identifier && test.name === hit.id.name) ||
    (test.type === AST_NODE_TYPES.BinaryExpression &&
      (test.operator === '!==' || test.operator === '!=') &&
      test.left.type === AST_NODE_TYPES.Identifier &&
      test.left.name === hit.id.name &&
      ((test.right.type === AST_NODE_TYPES.Identifier && test.right.name === 'undefined') || (test.right.type === AST_NODE_TYPES.Literal && test.right.value === null)));
  const early = only(second.consequent);
  if (!testsHit || early?.type !== AST_NODE_TYPES.ReturnStatement || early.argument?.type !== AST_NODE_TYPES.Identifier || early.argument.name !== hit.id.name) return undefined;
  const last = rest[rest.length - 1];
  const found = loadAndSet(rest.slice(0, -1));
  if (!found || last?.type !== AST_NODE_TYPES.ReturnStatement || !last.argument) return undefined;
  const returned = skipTransparent(last.argument);
  const returnsValue = found.value ? returned.type === AST_NODE_TYPES.Identifier && returned.name === found.value.name : isCall(returned, 'get');
  return returnsValue ? found : undefined;
}

/** What a cache fills itself with: one promise-valued expression, or statements that end computing `result`. */
type CacheLoad =
  | { readonly load: TSESTree.Expression; readonly value: TSESTree.Identifier | undefined }
  | { readonly block: readonly TSESTree.Statement[]; readonly result: TSESTree.Expression; readonly value: TSESTree.Identifier | undefined };

/** The source of `load`, and the range of the code it moves (its comments move with it). */
function loadText(file: FileContext, load: CacheLoad, indent: string): { text: string; range: [number, number] } {
  const { sourceCode } = file;
  if ('load' in load) return { text: asPromise(file, load.load), range: load.load.range };
  const range: [number, number] = [load.block[0]!.range[0], load.block[load.block.length - 1]!.range[1]];
  // Two levels deeper (inside `if` and the async function); the lines of a multi-line template keep theirs.
  const templates = load.block.flatMap((statement) => findNodes(file, statement, AST_NODE_TYPES.TemplateLiteral));
  let body = '';
  for (let at = range[0]; at < range[1]; at++) {
    const character = sourceCode.text[at]!;
    body += character;
    if (character === '\n' && sourceCode.text[at + 1] !== '\n' && !templates.some((template) => template.range[0] < at && at < template.range[1])) body += '    ';
  }
  const text = `(async () => {\n${indent}    ${body}\n${indent}    return ${sourceCode.getText(load.result)};\n${indent}  })()`;
  return { text, range };
}

/** A module-level `let` declared alone, not exported: its declaration can be rewritten with the variable. */
function declarationToRewrite(variable: Scope.Variable): { declarator: TSESTree.VariableDeclarator } | undefined {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== 'Variable' || definition.parent.kind !== 'let') return undefined;
  const declaration = definition.parent;
  if (declaration.declarations.length !== 1 || declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return undefined;
  if (definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return { declarator: definition.node };
}

/** Control leaving the statements other than by completing or throwing, or a `yield`, outside nested functions. */
function leavesOrYields(root: TSESTree.Node): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node)) return;
    if (
      node.type === AST_NODE_TYPES.ReturnStatement ||
      node.type === AST_NODE_TYPES.YieldExpression ||
      ((node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) && !insideLoopOrSwitchWithin(node, root))
    ) {
      found = true;
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) for (const element of value) if (element && typeof element === 'object' && 'type' in element) visit(element as TSESTree.Node);
      if (value && typeof value === 'object' && !Array.isArray(value) && 'type' in value) visit(value as TSESTree.Node);
    }
  };
  visit(root);
  return found;
}

/** A `break`/`continue` whose target loop or switch is itself inside `root` (unlabelled). */
function insideLoopOrSwitchWithin(node: TSESTree.BreakStatement | TSESTree.ContinueStatement, root: TSESTree.Node): boolean {
  if (node.label) return false;
  for (let current: TSESTree.Node | undefined = node.parent; current && current !== root.parent; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return true;
      case AST_NODE_TYPES.SwitchStatement:
        if (node.type === AST_NODE_TYPES.BreakStatement) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/** `if (!x) x = await …;` (or in a block of its own), or `x ??= await …;` / `x ||= await …;` as a statement. */
function initialisingStatement(write: TSESTree.AssignmentExpression): TSESTree.Statement | undefined {
  const expressionStatement = write.parent;
  if (expressionStatement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  if (write.operator === '??=' || write.operator === '||=') return expressionStatement;
  let candidate: TSESTree.Node = expressionStatement;
  if (candidate.parent?.type === AST_NODE_TYPES.BlockStatement) {
    if (candidate.parent.body.length !== 1) return undefined;
    candidate = candidate.parent;
  }
  const ifStatement = candidate.parent;
  if (ifStatement?.type !== AST_NODE_TYPES.IfStatement || ifStatement.consequent !== candidate || ifStatement.alternate) return undefined;
  const test = skipTransparent(ifStatement.test);
  const negated = test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' ? skipTransparent(test.argument) : undefined;
  const left = write.left as TSESTree.Identifier;
  return negated?.type === AST_NODE_TYPES.Identifier && negated.name === left.name ? ifStatement : undefined;
}

function needsParentheses(node: TSESTree.Node): boolean {
  return ![
    AST_NODE_TYPES.CallExpression,
    AST_NODE_TYPES.MemberExpression,
    AST_NODE_TYPES.Identifier,
    AST_NODE_TYPES.NewExpression,
  ].includes(node.type as AST_NODE_TYPES);
}

/**
 * `base`, or `base2`, `base3`, …: the first that no scope of the file declares and the text never mentions,
 * so that the new module-level variable shadows nothing and is shadowed by nothing.
 */
function freshTopLevelName(file: FileContext, base: string): string {
  const taken = (name: string): boolean =>
    new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(file.sourceCode.text) ||
    (file.sourceCode.scopeManager?.scopes.some((scope) => scope.set.has(name)) ?? false);
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  return name;
}

/**
 * The name of a variable holding the promise of what `name` holds: `client` → `clientPromise`. A name that
 * already says promise (`runPromise`, `promise`) gets no second suffix; it becomes the pending work instead
 * (`pendingRun`, `pending`). Only the last segment of a member path changes (`this.client` →
 * `this.clientPromise`), and a leading `#` or `_` stays in front.
 */
function promiseNameFor(name: string): string {
  const dot = name.lastIndexOf('.');
  const [, prefix = '', last = ''] = /^([#_$]*)(.*)$/.exec(name.slice(dot + 1)) ?? [];
  const head = `${name.slice(0, dot + 1)}${prefix}`;
  const stem = /^(.*?)_?promise$/i.exec(last)?.[1];
  if (stem === undefined) return `${head}${last}Promise`;
  return `${head}pending${stem.charAt(0).toUpperCase()}${stem.slice(1)}`;
}

/**
 * The name of the promise of a flag-guarded block's work, given the block's suspensions. A flag says whether
 * the work happened (`ready`, `cancelled`), not what the work is, so the promise is named after the work: the
 * block's one awaited call (`await refresh()` → `refreshPromise`, `await db.migrate()` → `migratePromise`),
 * else the function that holds the block (`ensureSchema` → `ensureSchemaPromise`), else
 * `initialisationPromise`.
 */
function workPromiseName(fn: FunctionNode, suspensions: readonly Suspension[]): string {
  const only = suspensions.length === 1 ? suspensions[0]!.node : undefined;
  const awaited = only?.type === AST_NODE_TYPES.AwaitExpression ? skipTransparent(only.argument) : undefined;
  const callee = awaited?.type === AST_NODE_TYPES.CallExpression ? skipTransparent(awaited.callee) : undefined;
  const object = callee?.type === AST_NODE_TYPES.MemberExpression ? skipTransparent(callee.object) : undefined;
  // `await Promise.all([…])` names no work.
  const onPromise = object?.type === AST_NODE_TYPES.Identifier && object.name === 'Promise';
  const called =
    callee?.type === AST_NODE_TYPES.Identifier ? callee.name : callee?.type === AST_NODE_TYPES.MemberExpression && !onPromise ? propertyName(callee) : undefined;
  const work = called ?? functionName(fn);
  return work && /^[A-Za-z_$][\w$]*$/.test(work) ? promiseNameFor(work) : 'initialisationPromise';
}

/** The name a function is declared or assigned under: `function f`, `const f = () => …`, `{ f() {} }`. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.MethodDefinition) && parent.key.type === AST_NODE_TYPES.Identifier) {
    return parent.key.name;
  }
  return undefined;
}

/** The checker says `node` is a promise (it has `.catch`) whose value is always an object. */
function isPromiseOfObject(file: FileContext, node: TSESTree.Node): boolean {
  const types = file.types;
  const type = types && typeOf(types, node);
  if (!types || !type || !isPromiseType(file, node)) return false;
  const awaited = types.checker.getAwaitedType(type);
  if (!awaited) return false;
  const parts = awaited.isUnion() ? awaited.types : [awaited];
  return parts.every((part) => (part.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) !== 0);
}

/** The checker says `node` is a promise: it has `.then` and `.catch`. */
function isPromiseType(file: FileContext, node: TSESTree.Node): boolean {
  const type = file.types && typeOf(file.types, node);
  return type !== undefined && type.getProperty('catch') !== undefined && type.getProperty('then') !== undefined;
}

/**
 * `expression` as a promise to chain `.catch` on: itself when the checker says it is one, else
 * `Promise.resolve(expression)`, which adopts a promise and wraps any other value (as `await` did).
 */
function asPromise(file: FileContext, expression: TSESTree.Node): string {
  const text = file.sourceCode.getText(expression);
  if (isPromiseType(file, expression)) return needsParentheses(expression) ? `(${text})` : text;
  return `Promise.resolve(${text})`;
}

/** A store initialisation guarded only by an in-memory flag, in a module that serves requests. */
interface ColdStartInit {
  readonly call: TSESTree.CallExpression;
  readonly flag: Scope.Variable;
  /** The test's read of the flag. */
  readonly check: TSESTree.Identifier;
  /** Where ` IF NOT EXISTS` goes in a `CREATE …` literal, when it can be inserted there. */
  readonly createAt: number | undefined;
}

/** A store write an initialisation makes: one a second run would fail on or duplicate, or a harmless one. */
interface StoreWrite {
  readonly call: TSESTree.CallExpression;
  readonly repeatable: boolean;
  readonly createAt: number | undefined;
}

const CREATE_STATEMENT = /^\s*create\s+(?:unique\s+)?(?:table|index|schema|sequence|type|extension|database)\b/i;
const IF_NOT_EXISTS = /^\s*create\b[^;]*?\bif\s+not\s+exists\b/i;
/** Exports that a serverless platform or a file router calls once per request. */
const HANDLER_EXPORTS = new Set(['handler', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function coldStartInits(file: FileContext): readonly ColdStartInit[] {
  return storeInitFlags(file).inits;
}

/**
 * Module-level flags that guard store initialisation: `if (!tableReady) { await db.query('CREATE TABLE …');
 * tableReady = true; }`. In a module that serves requests (a serverless handler), the flag lives in one
 * instance; every other instance and process runs the initialisation too, so the write must tolerate
 * repetition. Flags guarding only repeatable writes (`IF NOT EXISTS`, `ON CONFLICT`, upserts) are collected
 * too: concurrent calls repeating them is harmless.
 */
function storeInitFlags(file: FileContext): { inits: readonly ColdStartInit[]; idempotent: ReadonlySet<Scope.Variable> } {
  return memoize(file, 'shared-state:store-init-flags', () => {
    const inits: ColdStartInit[] = [];
    const idempotent = new Set<Scope.Variable>();
    const flags = moduleFlags(file);
    if (flags.size === 0) return { inits, idempotent };
    const servesRequests = exportsRequestHandler(file.program);
    for (const write of storeWrites(file)) {
      const fn = enclosingFunction(write.call);
      if (fn.type === AST_NODE_TYPES.Program) continue;
      for (const test of controllingTests(write.call, fn)) {
        for (const read of valueReads(test)) {
          if (read.type !== AST_NODE_TYPES.Identifier) continue;
          const variable = ASTUtils.findVariable(file.sourceCode.getScope(read), read) as Scope.Variable | null;
          const flag = variable && flags.has(variable) ? variable : undefined;
          // a flag this function sets: `tableReady = true`
          if (!flag || !flag.references.some((reference) => reference.isWrite() && !reference.init && contains(fn, reference.identifier))) continue;
          if (write.repeatable) idempotent.add(flag);
          else if (servesRequests) inits.push({ call: write.call, flag, check: read, createAt: write.createAt });
        }
      }
    }
    return { inits, idempotent };
  });
}

/**
 * The cheap filter: module-level `let`/`var` bindings that a function assigns and an `if` (or `?:`, `&&`…)
 * tests — the only candidates for initialisation flags.
 */
function moduleFlags(file: FileContext): ReadonlySet<Scope.Variable> {
  const globalScope = file.sourceCode.scopeManager?.globalScope;
  // an ES module's scope, or the function scope of a CommonJS module
  const moduleScope = globalScope?.childScopes.find((scope) => isModuleLevel(scope as Scope.Scope)) ?? globalScope;
  const flags = new Set<Scope.Variable>();
  for (const variable of moduleScope?.variables ?? []) {
    const definition = variable.defs[0];
    if (definition?.type !== 'Variable' || definition.parent.kind === 'const') continue;
    const assignedInFunction = variable.references.some((reference) => reference.isWrite() && !reference.init && reference.from.variableScope !== moduleScope);
    if (assignedInFunction && variable.references.some((reference) => reference.isRead() && inCondition(reference.identifier))) flags.add(variable as Scope.Variable);
  }
  return flags;
}

function inCondition(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && !isFunction(current); child = current, current = current.parent) {
    if ((current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) && current.test === child) return true;
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.left === child) return true;
  }
  return false;
}

/** Creates and inserts (ORM and SQL), and SQL DDL, classified as repeatable or not. */
function storeWrites(file: FileContext): StoreWrite[] {
  const out: StoreWrite[] = [];
  for (const call of databaseCallsIn(file)) {
    if (call.sql) {
      if (call.sql.kind === 'insert') out.push({ call: call.node, repeatable: call.sql.onConflict, createAt: undefined });
    } else if (call.effect === 'create' || call.effect === 'atomic') {
      out.push({ call: call.node, repeatable: call.effect === 'atomic', createAt: undefined });
    }
  }
  for (const call of sqlCallsIn(file)) {
    const match = CREATE_STATEMENT.exec(call.sqlText.text);
    if (!match) continue;
    const repeatable = IF_NOT_EXISTS.test(call.sqlText.text);
    const createAt = !repeatable && call.sqlText.sourceOffset ? call.sqlText.sourceOffset(match[0].length) : undefined;
    out.push({ call: call.node, repeatable, createAt });
  }
  return out;
}

function exportsRequestHandler(program: TSESTree.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) return isFunction(statement.declaration as TSESTree.Node);
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return HANDLER_EXPORTS.has(declaration.id?.name ?? '');
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        return declaration.declarations.some((declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && HANDLER_EXPORTS.has(declarator.id.name));
      }
      return statement.specifiers.some(
        (specifier) => specifier.exported.type === AST_NODE_TYPES.Identifier && HANDLER_EXPORTS.has(specifier.exported.name),
      );
    }
    // CommonJS: `exports.handler = …`, `module.exports.handler = …`
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const left = statement.expression.left;
      return left.type === AST_NODE_TYPES.MemberExpression && propertyName(left) === 'handler';
    }
    return false;
  });
}

function reportColdStart(context: Context, file: FileContext, init: ColdStartInit): void {
  const createAt = init.createAt;
  const call = `${describe(file, init.call.callee)}(…)`;
  reportWithSteps(
    context,
    {
      node: init.call,
      messageId: 'sharedColdStartInit',
      data: { flag: init.flag.name, call },
      ...(createAt !== undefined
        ? { suggest: [{ messageId: 'suggestIfNotExists', fix: (fixer: TSESLint.RuleFixer) => fixer.insertTextAfterRange([createAt, createAt], ' IF NOT EXISTS') }] }
        : {}),
    },
    {
      check: { node: init.check, label: `finds \`${init.flag.name}\` unset in its own instance` },
      act: { node: init.call, label: `runs \`${call}\` against the shared store` },
    },
  );
}
