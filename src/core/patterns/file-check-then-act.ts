import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { fileSystemLibraries } from '../catalogue/fs.js';
import { suspensionsBetween } from '../analysis/awaits.js';
import { checkControls } from '../analysis/flow.js';
import { awaitedParent, calleeName, contains, enclosingFunction, propertyName, skipTransparent, transparentParent } from '../analysis/nodes.js';
import type { OneShotOptions } from '../analysis/one-shot.js';
import { describeResource, sameResource } from '../analysis/resource.js';
import { reportWithSteps } from '../report-steps.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { callWithOption, propertyKey, removeBindingIfUnused, replaceWithin, tryIgnoringErrno, wouldLoseComments } from '../fix.js';
import { findModuleCalls, type ModuleCall } from '../recognize/modules.js';

export const fileCheckThenActMessages = {
  checkThenMkdir:
    '`{{check}}` checks `{{resource}}` before `{{act}}` creates it: another process can create it in between. Call `{{act}}` with `{ recursive: true }`, which succeeds when the directory exists.',
  checkThenDelete:
    '`{{check}}` checks `{{resource}}` before `{{act}}` deletes it: another process can delete it in between. Delete directly and ignore `ENOENT`, or use `rm` with `{ force: true }`.',
  checkThenCreateFile:
    "`{{check}}` checks that `{{resource}}` is absent before `{{act}}` writes it: another process can create it in between and be overwritten. Write with `{ flag: 'wx' }` and handle `EEXIST`.",
  checkThenRead:
    '`{{check}}` checks `{{resource}}` before `{{act}}` reads it: another process can delete it in between. Read directly and handle `ENOENT`.',
  checkThenAct:
    '`{{check}}` checks `{{resource}}` before `{{act}}` uses it: another process can change it in between. Call `{{act}}` directly and handle the error it reports (`ENOENT`, `EEXIST`).',
  suggestTryCatchEnoent: 'Remove the check and handle `ENOENT` from `{{act}}` instead.',
  suggestAtomicForm: 'Remove the check and make `{{act}}` atomic.',
} as const;

type MessageId = keyof typeof fileCheckThenActMessages;

export const fileSystemOptionsSchema: Record<string, JSONSchema4> = {
  checkReads: {
    type: 'string',
    enum: ['whenDeleted', 'always'],
    description:
      "When a check before a read is reported: 'whenDeleted' (default) only when the same file also deletes or renames paths under the same root (an upload store, a cache directory); 'always' for every read after a check, static files included.",
  },
  synchronousPairs: {
    type: 'string',
    enum: ['ignore', 'report'],
    description:
      "A synchronous check and a synchronous act with nothing awaited between them (existsSync then mkdirSync): 'ignore' (default), since nothing else runs in the process between the two calls and only another process could interleave; 'report' where several processes share the files (cluster workers, replicas on one volume, parallel test workers, two runs of a command).",
  },
};

export interface FileSystemOptions extends OneShotOptions {
  readonly checkReads?: 'whenDeleted' | 'always';
  readonly synchronousPairs?: 'ignore' | 'report';
}

/** Methods of a stat result that classify the path (what to do with it) rather than guard an act on it. */
const CLASSIFYING_METHODS = new Set(['isDirectory', 'isFile', 'isSymbolicLink']);
/** Flags that open for appending: a missing file is created, an existing one kept; no check is needed. */
const APPEND_FLAGS = new Set(['a', 'a+', 'as', 'as+']);

/** Checks that signal a missing file by throwing rather than by their result. */
const THROWING_CHECKS = new Set(['access', 'accessSync', 'stat', 'statSync', 'lstat', 'lstatSync']);
/** Calls whose first options-like argument can make them atomic. */
const EXCLUSIVE_FLAGS = new Set(['wx', 'wx+', 'ax', 'ax+', 'xw', 'xw+', 'xa', 'xa+']);

/**
 * The file-system half of `race/no-check-then-act`: `existsSync`/`stat`/`access` (and fs-extra's
 * `pathExists`) whose result decides whether a later call acts on the same path.
 */
export function fileCheckThenAct(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly [FileSystemOptions?, ...unknown[]]>>,
): TSESLint.RuleListener {
  const file = getFileContext(context);
  const options = context.options[0];
  return {
    'Program:exit'() {
      const calls = [...findModuleCalls(file, 'fs', fileSystemLibraries).values()];
      const checks = calls.filter((call) => call.api.effect === 'check');
      if (checks.length === 0) return;
      const acts = calls.filter((call) => call.api.effect !== 'check' && !isAlreadyAtomic(call));
      let removed: ReadonlySet<string> | undefined;
      for (const check of checks) {
        const act = acts.find((candidate) => controlledAct(file, check, candidate));
        if (!act || writtenBefore(file, check, calls) || errorHandledAround(act)) continue;
        if (options?.synchronousPairs !== 'report' && isSynchronousPair(file, check, act)) continue;
        if (isRead(act) && (classifiesPath(check) || (options?.checkReads !== 'always' && !deletedUnderSameRoot(file, check, (removed ??= removedRoots(file, calls)))))) continue;
        report(context, file, check, act);
      }
    },
  };
}

/**
 * Both calls synchronous, in one function, with no `await` or `yield` between them: JavaScript runs the pair
 * to the end before any other callback of the process, so only another process can change the path in
 * between (see the option `synchronousPairs`).
 */
function isSynchronousPair(file: FileContext, check: ModuleCall, act: ModuleCall): boolean {
  const fn = enclosingFunction(check.node);
  return (
    check.api.form === 'sync' &&
    act.api.form === 'sync' &&
    // A stream is returned at once but opens its file later, after other callbacks have run.
    !STREAM_OPENERS.has(act.name) &&
    enclosingFunction(act.node) === fn &&
    suspensionsBetween(file, fn, check.node, act.node).length === 0
  );
}

const STREAM_OPENERS = new Set(['createReadStream', 'createWriteStream']);

/** Acts after which a missing file only means an error to handle, not a lost or overwritten file. */
const isRead = (act: ModuleCall): boolean => act.api.effect === 'read' || /^(?:copyFile|cp)(?:Sync)?$/.test(act.name);

/**
 * The act fails only with an error (a `mkdir`, delete or read: `EEXIST`, `ENOENT`), and a `try` around it
 * handles that error without throwing again: a concurrent change costs a handled error, not a lost file or
 * a failed request. A write is not covered: its harm (overwriting) raises no error to handle.
 */
function errorHandledAround(act: ModuleCall): boolean {
  const base = act.name.replace(/Sync$/, '');
  if (base !== 'mkdir' && act.api.effect !== 'delete' && !isRead(act)) return false;
  const fn = enclosingFunction(act.node);
  for (let node: TSESTree.Node = act.node; node.parent && node !== fn; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === node && parent.handler) return !throwsIn(parent.handler.body);
  }
  return false;
}

/** A `throw` in `root`, outside nested functions. */
function throwsIn(root: TSESTree.Node): boolean {
  if (root.type === AST_NODE_TYPES.ThrowStatement) return true;
  if ((root.type === AST_NODE_TYPES.FunctionDeclaration || root.type === AST_NODE_TYPES.FunctionExpression || root.type === AST_NODE_TYPES.ArrowFunctionExpression)) return false;
  for (const [key, child] of Object.entries(root)) {
    if (key === 'parent') continue;
    if (Array.isArray(child)) {
      if (child.some((element) => element && typeof element === 'object' && 'type' in element && throwsIn(element as TSESTree.Node))) return true;
    } else if (child && typeof child === 'object' && 'type' in child && throwsIn(child as TSESTree.Node)) return true;
  }
  return false;
}

/** `stat(p).isDirectory()`, `(await lstat(p)).isSymbolicLink()`: the check decides how to treat the path. */
function classifiesPath(check: ModuleCall): boolean {
  const { node, parent } = awaitedParent(check.node);
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && CLASSIFYING_METHODS.has(propertyName(parent) ?? '');
}

/** The checked path was written by this function just before: a private file of its own (`stat` for its size). */
function writtenBefore(file: FileContext, check: ModuleCall, calls: readonly ModuleCall[]): boolean {
  const checkedPath = check.node.arguments[check.api.resourceArgs[0] ?? 0];
  const scope = enclosingFunction(check.node);
  return (
    checkedPath !== undefined &&
    calls.some(
      (call) =>
        (call.api.effect === 'write' || call.api.effect === 'create') &&
        call.node.range[1] <= check.node.range[0] &&
        enclosingFunction(call.node) === scope &&
        call.api.resourceArgs.some((index) => call.node.arguments[index] !== undefined && sameResource(file, checkedPath, call.node.arguments[index]!)),
    )
  );
}

/** The roots of the paths this file deletes or renames away (see `deletedUnderSameRoot`). */
function removedRoots(file: FileContext, calls: readonly ModuleCall[]): ReadonlySet<string> {
  const roots = new Set<string>();
  for (const call of calls) {
    const removed = call.node.arguments[call.api.resourceArgs[0] ?? 0];
    const root = removed && (call.api.effect === 'delete' || /^rename(?:Sync)?$/.test(call.name)) ? pathRoot(file, removed) : undefined;
    if (root !== undefined) roots.add(root);
  }
  return roots;
}

/**
 * Whether this file also deletes or renames away a path under the checked path's root (`UPLOAD_DIR` in
 * `path.join(UPLOAD_DIR, name)`): only then can a file vanish between the check and the read. Files that
 * nothing in the program removes (bundled assets, templates, package.json) are read safely after a check.
 */
function deletedUnderSameRoot(file: FileContext, check: ModuleCall, removed: ReadonlySet<string>): boolean {
  const checked = check.node.arguments[check.api.resourceArgs[0] ?? 0];
  const root = checked && pathRoot(file, checked);
  return root !== undefined && removed.has(root);
}

const PATH_BUILDERS = new Set(['join', 'resolve', 'normalize']);

/** The first part of a path expression, as text: the folder a path is built under. */
function pathRoot(file: FileContext, expression: TSESTree.Node): string | undefined {
  const node = skipTransparent(expression);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression:
      return file.sourceCode.getText(node);
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? node.value.split('/').slice(0, -1).join('/') || node.value : undefined;
    case AST_NODE_TYPES.TemplateLiteral: {
      const prefix = node.quasis[0]?.value.cooked ?? '';
      if (prefix === '' && node.expressions[0]) return pathRoot(file, node.expressions[0]);
      return prefix.split('/')[0] || prefix;
    }
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' ? pathRoot(file, node.left) : undefined;
    case AST_NODE_TYPES.CallExpression: {
      const first = node.arguments[0];
      return PATH_BUILDERS.has(calleeName(node) ?? '') && first && first.type !== AST_NODE_TYPES.SpreadElement ? pathRoot(file, first) : undefined;
    }
    default:
      return undefined;
  }
}

function controlledAct(file: FileContext, check: ModuleCall, act: ModuleCall): boolean {
  const checkedPath = check.node.arguments[check.api.resourceArgs[0] ?? 0];
  // The act comes after the check, or inside the check's callback.
  if (!checkedPath || act.node.range[0] < checkedPath.range[1]) return false;
  if (!contains(enclosingFunction(check.node), act.node)) return false;
  const sameFile = act.api.resourceArgs.some((index) => {
    const actedPath = act.node.arguments[index];
    return actedPath !== undefined && sameResource(file, checkedPath, actedPath);
  });
  return sameFile && checkControls(file, check.node, act.node, { throwsWhenMissing: THROWING_CHECKS.has(check.name) });
}

/** An act that is already the atomic form: the check before it is redundant, not a race. */
function isAlreadyAtomic(act: ModuleCall): boolean {
  const base = act.name.replace(/Sync$/, '');
  // Appending creates a missing file and keeps an existing one: both callers' lines land.
  if (base === 'appendFile') return true;
  const optionsAt = base === 'mkdir' || base === 'rm' || base === 'open' || base === 'createWriteStream' ? 1 : 2;
  const options = act.node.arguments[optionsAt] && skipTransparent(act.node.arguments[optionsAt]);
  if (!options) return false;
  const appends = (flag: unknown) => (base === 'createWriteStream' || base === 'open') && typeof flag === 'string' && APPEND_FLAGS.has(flag);
  if (options.type === AST_NODE_TYPES.Literal) return typeof options.value === 'string' && (EXCLUSIVE_FLAGS.has(options.value) || appends(options.value));
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return options.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = propertyKey(property);
    const value = property.value.type === AST_NODE_TYPES.Literal ? property.value.value : undefined;
    if (base === 'mkdir') return key === 'recursive' && value === true;
    if (base === 'rm') return key === 'force' && value === true;
    return (key === 'flag' || key === 'flags') && typeof value === 'string' && (EXCLUSIVE_FLAGS.has(value) || appends(value));
  });
}

function report(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  file: FileContext,
  check: ModuleCall,
  act: ModuleCall,
): void {
  const base = act.name.replace(/Sync$/, '');
  const negated = isNegatedTest(check);
  const messageId: MessageId =
    base === 'mkdir'
      ? 'checkThenMkdir'
      : act.api.effect === 'delete'
        ? 'checkThenDelete'
        : base === 'writeFile' && negated
          ? 'checkThenCreateFile'
          : act.api.effect === 'read'
            ? 'checkThenRead'
            : 'checkThenAct';
  const data = {
    check: check.name,
    act: act.name,
    resource: describeResource(file, check.node.arguments[check.api.resourceArgs[0] ?? 0]!),
  };
  const atomic = atomicRewrite(file, check, act, messageId, negated);
  // Every rewrite drops the check: its import goes too when nothing else uses it.
  const rewrite = atomic && {
    automatic: atomic.automatic,
    fix: ((fixer) => [
      atomic.fix(fixer),
      ...removeBindingIfUnused(fixer, file.sourceCode, check.node.callee, check.node),
    ]) satisfies TSESLint.ReportFixFunction,
  };
  reportWithSteps(
    context,
    {
      node: check.node,
      messageId,
      data,
      fix: rewrite?.automatic ? rewrite.fix : null,
      suggest:
        rewrite && !rewrite.automatic
          ? [{ messageId: messageId === 'checkThenRead' ? 'suggestTryCatchEnoent' : 'suggestAtomicForm', data, fix: rewrite.fix }]
          : [],
    },
    {
      check: { node: check.node, label: `\`${check.name}\` checks \`${data.resource}\`` },
      act: { node: act.node, label: `\`${act.name}\` acts on \`${data.resource}\`` },
    },
  );
}

interface Rewrite {
  readonly automatic: boolean;
  readonly fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
}

/**
 * The atomic form, when the code has the exact shape the fix understands: `if (<check>) <act>;` with nothing
 * else in the branch and no `else`, or `try { <access/stat> } catch { <mkdir> }`. Creating a directory,
 * deleting and exclusive writing keep every sequential run's behaviour (the doc names the residual
 * differences): an autofix. Reading inside `try` also catches `ENOENT` from the rest of the branch: a
 * suggestion only.
 */
function atomicRewrite(
  file: FileContext,
  check: ModuleCall,
  act: ModuleCall,
  messageId: MessageId,
  negated: boolean | undefined,
): Rewrite | undefined {
  const sourceCode = file.sourceCode;
  if (act.api.form === 'callback' || (act.api.form === 'dual' && hasCallback(act.node))) return undefined;
  const container = decidingStatement(check);
  if (!container) return undefined;
  if (messageId === 'checkThenRead') {
    // A suggestion, so the whole branch may move into the `try`.
    if (container.type !== AST_NODE_TYPES.IfStatement || container.alternate !== null || negated !== false) return undefined;
    const text = tryIgnoringErrno(sourceCode, container, statementsOf(container.consequent), 'ENOENT');
    return { automatic: false, fix: (fixer) => fixer.replaceText(container, text) };
  }
  const actStatement = statementOf(act.node);
  if (!actStatement) return undefined;
  const automatic = !wouldLoseComments(sourceCode, container, [actStatement]);
  const withOption = (index: number, key: string, value: string): Rewrite | undefined => {
    const call = callWithOption(sourceCode, act.node, index, key, value);
    return call === undefined ? undefined : { automatic, fix: (fixer) => fixer.replaceText(container, replaceWithin(sourceCode, actStatement, act.node, call)) };
  };

  if (container.type === AST_NODE_TYPES.TryStatement) {
    const exact =
      messageId === 'checkThenMkdir' &&
      container.handler !== null &&
      container.finalizer === null &&
      soleStatement(container.handler.body) === actStatement &&
      soleStatement(container.block) === statementOf(check.node);
    return exact ? withOption(1, 'recursive', 'true') : undefined;
  }
  if (container.alternate !== null) return undefined;
  const onlyAct = soleStatement(container.consequent) === actStatement;
  switch (messageId) {
    case 'checkThenMkdir':
      return negated && onlyAct ? withOption(1, 'recursive', 'true') : undefined;
    case 'checkThenDelete':
      if (negated !== false || !onlyAct) return undefined;
      if (act.name.replace(/Sync$/, '') === 'rm') return withOption(1, 'force', 'true');
      return { automatic, fix: (fixer) => fixer.replaceText(container, tryIgnoringErrno(sourceCode, container, [actStatement], 'ENOENT')) };
    case 'checkThenCreateFile': {
      const call = onlyAct ? callWithOption(sourceCode, act.node, 2, 'flag', "'wx'") : undefined;
      if (call === undefined) return undefined;
      const text = tryIgnoringErrno(sourceCode, container, [actStatement], 'EEXIST', () => replaceWithin(sourceCode, actStatement, act.node, call));
      return { automatic, fix: (fixer) => fixer.replaceText(container, text) };
    }
    default:
      return undefined;
  }
}

/** Whether the check's result is negated in its `if` test: `!existsSync(p)`, `!(await pathExists(p))`. */
function isNegatedTest(check: ModuleCall): boolean | undefined {
  let { node, parent } = transparentParent(check.node);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) ({ node, parent } = transparentParent(parent));
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') {
    return parent.parent.type === AST_NODE_TYPES.IfStatement && parent.parent.test === parent ? true : undefined;
  }
  return parent?.type === AST_NODE_TYPES.IfStatement && parent.test === node ? false : undefined;
}

/** The `if` whose test is the check, or the `try` whose block is only the check. */
function decidingStatement(check: ModuleCall): TSESTree.IfStatement | TSESTree.TryStatement | undefined {
  let { node, parent } = transparentParent(check.node);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) ({ node, parent } = transparentParent(parent));
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') ({ node, parent } = { node: parent, parent: parent.parent });
  if (parent?.type === AST_NODE_TYPES.IfStatement && parent.test === node) return parent;
  const statement = statementOf(check.node);
  const block = statement?.parent;
  if (block?.type === AST_NODE_TYPES.BlockStatement && block.parent.type === AST_NODE_TYPES.TryStatement && block.parent.block === block) {
    return block.parent;
  }
  return undefined;
}

/** The expression statement that is exactly `call` or `await call`. */
function statementOf(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | undefined {
  let { node, parent } = transparentParent(call);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) ({ node, parent } = transparentParent(parent));
  return parent?.type === AST_NODE_TYPES.ExpressionStatement && parent.expression === node ? parent : undefined;
}

function soleStatement(statement: TSESTree.Statement): TSESTree.Statement | undefined {
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return statement;
  return statement.body.length === 1 ? statement.body[0] : undefined;
}

const statementsOf = (statement: TSESTree.Statement): TSESTree.Statement[] =>
  statement.type === AST_NODE_TYPES.BlockStatement ? statement.body : [statement];

const hasCallback = (call: TSESTree.CallExpression): boolean => {
  const last = call.arguments[call.arguments.length - 1];
  return last !== undefined && (last.type === AST_NODE_TYPES.ArrowFunctionExpression || last.type === AST_NODE_TYPES.FunctionExpression);
};
