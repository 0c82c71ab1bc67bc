import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { readFileSync } from 'node:fs';
import { startupHooks } from '../catalogue/processes.js';
import { getFileContext, memoize, type FileContext } from '../file-context.js';
import type { OneShotOptions } from './one-shot.js';
import { projectRootOf, sourceFilesUnder } from '../recognize/project-files.js';
import { findNodes } from '../recognize/modules.js';
import { isFunction, keyName } from './nodes.js';

/**
 * Code that runs once per process, while it starts: a framework's start-up hook (NestJS `onModuleInit`,
 * `onApplicationBootstrap`), and the methods of the same class that only such code calls (`this.seed()` from
 * `onModuleInit`). Nothing serves requests yet, so a check and an act there have no second caller in this
 * process. Another instance booting at the same moment can still interleave: a unique index is the guard for
 * that, and the rules' `scripts: 'report'` option reports start-up code too.
 *
 * A method counts only when every `this.<name>` of its class is a call from start-up code and its name appears
 * in no other file of the project (a public method of an injected service may be called by another service),
 * and only code that finishes within the method: a callback handed to an awaited call (`await
 * prisma.$transaction(async (tx) => …)`), not a timer or a listener that runs later.
 */
function runsOnlyAtStartup(file: FileContext, node: TSESTree.Node): boolean {
  const method = enclosingMethod(node);
  return method !== undefined && methodRunsOnlyAtStartup(file, method, new Set());
}

/**
 * The rule's context with its reports in start-up code dropped (`scripts: 'report'` keeps them): the patterns
 * report as usual, and the rule decides where one-shot code is quiet, as it does for one-shot files.
 */
export function quietAtStartup<Context extends Readonly<TSESLint.RuleContext<string, readonly unknown[]>>>(context: Context): Context {
  if ((context.options[0] as OneShotOptions | undefined)?.scripts === 'report') return context;
  const file = getFileContext(context);
  const report = (descriptor: TSESLint.ReportDescriptor<string>): void => {
    const node = 'node' in descriptor && descriptor.node ? (descriptor.node as TSESTree.Node) : nodeAt(file, descriptor.loc);
    if (node && runsOnlyAtStartup(file, node)) return;
    context.report(descriptor);
  };
  return Object.create(context, { report: { value: report } }) as Context;
}

function nodeAt(file: FileContext, loc: TSESTree.SourceLocation | TSESTree.Position | undefined): TSESTree.Node | undefined {
  if (!loc) return undefined;
  const start = 'start' in loc ? loc.start : loc;
  return (file.sourceCode.getNodeByRangeIndex(file.sourceCode.getIndexFromLoc(start)) as TSESTree.Node | null) ?? undefined;
}

/** The class method whose body runs `node` before it returns, if any. */
function enclosingMethod(node: TSESTree.Node): TSESTree.MethodDefinition | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    if (current.parent?.type === AST_NODE_TYPES.MethodDefinition) return current.parent;
    if (!isAwaitedCallback(current)) return undefined;
  }
  return undefined;
}

/** `await call(…, callback)`: the callback has run (or been abandoned) when the await returns. */
function isAwaitedCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  return call.parent?.type === AST_NODE_TYPES.AwaitExpression;
}

function methodRunsOnlyAtStartup(file: FileContext, method: TSESTree.MethodDefinition, visiting: Set<TSESTree.MethodDefinition>): boolean {
  const name = method.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${method.key.name}` : method.computed ? undefined : keyName(method.key);
  if (!name || method.static || method.kind !== 'method') return false;
  if (startupHooks.has(name)) return true;
  // Methods that only call each other, with no hook on the way: nothing says they run at start-up.
  if (visiting.has(method)) return false;
  visiting.add(method);
  const body = method.parent;
  const calls = memoize(file, `startup-callers:${method.range[0]}`, () => thisMembers(file, body, name));
  if (calls === undefined || calls.length === 0) return false;
  if (!calls.every((call) => ((caller) => caller !== undefined && methodRunsOnlyAtStartup(file, caller, visiting))(enclosingMethod(call)))) return false;
  if (method.key.type === AST_NODE_TYPES.PrivateIdentifier || method.accessibility === 'private') return true;
  // A public method: no other code of this file (outside the calls above and its own name) and no other file names it.
  return wordCount(file.sourceCode.text, name) === calls.length + 1 && !namedElsewhere(file.filename, name);
}

const wordPattern = (name: string): RegExp => new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
const wordCount = (text: string, name: string): number => text.match(wordPattern(name))?.length ?? 0;

/** The calls `this.<name>(…)` in the class body, or undefined when `this.<name>` is used any other way. */
function thisMembers(file: FileContext, classBody: TSESTree.ClassBody, name: string): TSESTree.CallExpression[] | undefined {
  const uses = findNodes(file, classBody, AST_NODE_TYPES.MemberExpression).filter(
    (member) =>
      member.object.type === AST_NODE_TYPES.ThisExpression &&
      (member.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.property.name}` : member.computed ? undefined : keyName(member.property)) === name,
  );
  const calls = uses.flatMap((member) => (member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? [member.parent] : []));
  return calls.length === uses.length ? calls : undefined;
}

const LIMITS = { maxFiles: 20_000, maxFileBytes: 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024 };
/** How long an answer is trusted: an editor's ESLint server lives long, and a caller may be added meanwhile. */
const REVALIDATE_MS = 30_000;
/** Per project root and name: whether a file other than the one asking names it, and when that was read. */
const namedElsewhereCache = new Map<string, { readonly files: ReadonlySet<string> | undefined; readonly at: number }>();

/** Whether `name` appears as a word in a source file of the project other than `filename`. */
function namedElsewhere(filename: string, name: string): boolean {
  const root = projectRootOf(filename);
  if (!root) return true;
  const key = `${root}\0${name}`;
  let known = namedElsewhereCache.get(key);
  if (!known || Date.now() - known.at > REVALIDATE_MS) {
    const listed = sourceFilesUnder(root, LIMITS);
    // A project too large to read may name it anywhere.
    const word = wordPattern(name);
    const files = listed && new Set(listed.filter((entry) => ((word.lastIndex = 0), word.test(readText(entry.path)))).map((entry) => entry.path));
    known = { files, at: Date.now() };
    namedElsewhereCache.set(key, known);
  }
  return known.files === undefined || [...known.files].some((path) => path !== filename);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
