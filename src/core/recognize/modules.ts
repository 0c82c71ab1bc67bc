import { ReferenceTracker, getStringIfConstant, type TraceMap } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { isApiCall, type ApiCall, type ExportTable, type ModuleLibrary } from '../catalogue/model.js';
import { memoize, type FileContext } from '../file-context.js';
import { propertyName } from '../analysis/nodes.js';

/** A call to a catalogued module export, found through its binding rather than its name. */
export interface ModuleCall {
  readonly node: TSESTree.CallExpression;
  readonly library: ModuleLibrary;
  /** Export path from the module root: `['promises', 'stat']`. */
  readonly path: readonly string[];
  /** The last element of `path`: the function's name in the library. */
  readonly name: string;
  readonly api: ApiCall;
}

interface TraceInfo {
  readonly library: ModuleLibrary;
  readonly api: ApiCall;
}

/**
 * Every call in the file to an export of `libraries`, in every import style: default, namespace, named and
 * aliased imports, `require` (plain and destructured), `await import()` and `process.getBuiltinModule()`.
 * ReferenceTracker runs in legacy mode so that a default import binds the whole CommonJS module, as Node does.
 */
export function findModuleCalls(
  file: FileContext,
  key: string,
  libraries: readonly ModuleLibrary[],
): ReadonlyMap<TSESTree.CallExpression, ModuleCall> {
  return memoize(file, `module-calls:${key}`, () => {
    const calls = new Map<TSESTree.CallExpression, ModuleCall>();
    if (!mentionsAnyModule(file.sourceCode.text, libraries)) return calls;
    const traceMap = buildTraceMap(libraries);
    const globalScope = file.sourceCode.scopeManager?.globalScope;
    if (!globalScope) return calls;
    const tracker = new ReferenceTracker(globalScope as unknown as Scope.Scope, { mode: 'legacy' });
    const record = (references: Iterable<{ node: unknown; path: string[]; info: TraceInfo }>) => {
      for (const { node, path, info } of references) {
        const call = node as TSESTree.CallExpression;
        if (call.type !== AST_NODE_TYPES.CallExpression) continue;
        calls.set(call, { node: call, library: info.library, path, name: path[path.length - 1]!, api: info.api });
      }
    };
    record(tracker.iterateEsmReferences(traceMap) as Iterable<{ node: unknown; path: string[]; info: TraceInfo }>);
    record(tracker.iterateCjsReferences(traceMap) as Iterable<{ node: unknown; path: string[]; info: TraceInfo }>);
    for (const { root, specifier } of dynamicModuleRoots(file, tracker)) {
      if (root.type === AST_NODE_TYPES.CallExpression && isRequire(root)) {
        const moduleMap = traceMap[specifier];
        if (moduleMap) record(tracker.iteratePropertyReferences(root as never, moduleMap as never) as Iterable<{ node: unknown; path: string[]; info: TraceInfo }>);
        continue;
      }
      const moduleMap = traceMap[specifier];
      if (!moduleMap) continue;
      // A dynamic import's namespace exposes the CommonJS module both as `default` and by name.
      const namespaceMap = { ...moduleMap, default: moduleMap } as TraceMap<TraceInfo>[string];
      record(tracker.iteratePropertyReferences(root as never, namespaceMap as never) as Iterable<{ node: unknown; path: string[]; info: TraceInfo }>);
    }
    // The path of a dynamic import starts at the namespace: drop its `default` step.
    for (const [node, call] of calls) {
      if (call.path[0] === 'default') calls.set(node, { ...call, path: call.path.slice(1) });
    }
    return calls;
  });
}

function mentionsAnyModule(text: string, libraries: readonly ModuleLibrary[]): boolean {
  return libraries.some((library) => library.modules.some((specifier) => text.includes(specifier)));
}

/** Built once per catalogue list (the lists are module constants), not once per file. */
const traceMaps = new WeakMap<readonly ModuleLibrary[], TraceMap<TraceInfo>>();

function buildTraceMap(libraries: readonly ModuleLibrary[]): TraceMap<TraceInfo> {
  const cached = traceMaps.get(libraries);
  if (cached) return cached;
  const traceMap: Record<string, unknown> = {};
  for (const library of libraries) {
    const moduleMap = toTraceObject(library, library.exports);
    for (const specifier of library.modules) traceMap[specifier] = moduleMap;
  }
  traceMaps.set(libraries, traceMap as TraceMap<TraceInfo>);
  return traceMap as TraceMap<TraceInfo>;
}

function toTraceObject(library: ModuleLibrary, table: ExportTable): Record<string | symbol, unknown> {
  const out: Record<string | symbol, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    out[name] = isApiCall(entry) ? { [ReferenceTracker.CALL]: { library, api: entry } satisfies TraceInfo } : toTraceObject(library, entry);
  }
  return out;
}

/**
 * `await import('fs')`, `process.getBuiltinModule('fs')`, and `require('fs')` where no configuration declared
 * Node's globals (ReferenceTracker only follows declared globals): the expressions that evaluate to a module.
 */
function* dynamicModuleRoots(file: FileContext, tracker: ReferenceTracker): Generator<{ root: TSESTree.Node; specifier: string }> {
  const text = file.sourceCode.text;
  const globalScope = file.sourceCode.scopeManager!.globalScope!;
  const staticSpecifier = (call: TSESTree.CallExpression) => (call.arguments[0] ? getStringIfConstant(call.arguments[0] as never) : null);
  if (text.includes('getBuiltinModule')) {
    const globals = { process: { getBuiltinModule: { [ReferenceTracker.CALL]: true } } };
    const declared = [...tracker.iterateGlobalReferences(globals)].map(({ node }) => node as unknown as TSESTree.CallExpression);
    const undeclared = undeclaredGlobalUses(globalScope, 'process').flatMap((identifier) => {
      const member = identifier.parent;
      const call = member?.parent;
      return member?.type === AST_NODE_TYPES.MemberExpression &&
        member.object === identifier &&
        propertyName(member) === 'getBuiltinModule' &&
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.callee === member
        ? [call]
        : [];
    });
    for (const call of [...declared, ...undeclared]) {
      const specifier = staticSpecifier(call);
      if (specifier) yield { root: call, specifier };
    }
  }
  if (!globalScope.set.has('require') && text.includes('require')) {
    for (const identifier of undeclaredGlobalUses(globalScope, 'require')) {
      const call = identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) continue;
      const specifier = staticSpecifier(call);
      if (specifier) yield { root: call, specifier };
    }
  }
  if (text.includes('import(')) {
    for (const expression of nodesOfType(file, AST_NODE_TYPES.ImportExpression)) {
      const specifier = getStringIfConstant(expression.source as never);
      if (specifier && expression.parent.type === AST_NODE_TYPES.AwaitExpression) yield { root: expression.parent, specifier };
    }
  }
}

/** Uses of a global that no configuration declared (and no code binds): unresolved references. */
function undeclaredGlobalUses(globalScope: TSESLint.Scope.Scope, name: string): TSESTree.Identifier[] {
  if (globalScope.set.has(name)) return [];
  return globalScope.through.filter((reference) => reference.identifier.name === name).map((reference) => reference.identifier as TSESTree.Identifier);
}

const isRequire = (call: TSESTree.CallExpression): boolean => call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'require';

/** Every call expression of the file, in tree order: walked once per file, shared by all analyses. */
export function callsIn(file: FileContext): readonly TSESTree.CallExpression[] {
  return nodesOfType(file, AST_NODE_TYPES.CallExpression);
}

/** The node types the analyses look up in the file: only these are indexed (most nodes are identifiers). */
const indexedTypes = [
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.ClassDeclaration,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.ImportExpression,
] as const;
type IndexedType = (typeof indexedTypes)[number];
const isIndexedType = new Set<string>(indexedTypes);

/**
 * All nodes of one type in the file, in tree order (outer before inner, left before right). One walk of the
 * file indexes the types, so that the analyses that each look for calls, functions, classes or blocks share it
 * instead of walking again.
 */
export function nodesOfType<T extends IndexedType>(file: FileContext, type: T): readonly Extract<TSESTree.Node, { type: T }>[] {
  const index = memoize(file, 'nodes-by-type', () => indexNodes(file));
  return (index.get(type) ?? []) as Extract<TSESTree.Node, { type: T }>[];
}

/** A step of ESLint's traversal of the file (`SourceCode#traverse`): kind 1 visits `target`, phase 1 on entering. */
interface TraversalStep {
  readonly kind: number;
  readonly phase?: number;
  readonly target: unknown;
}

function indexNodes(file: FileContext): Map<string, TSESTree.Node[]> {
  const index = new Map<string, TSESTree.Node[]>();
  const add = (node: TSESTree.Node): void => {
    if (!isIndexedType.has(node.type)) return;
    let nodes = index.get(node.type);
    if (!nodes) index.set(node.type, (nodes = []));
    nodes.push(node);
  };
  // ESLint keeps the steps of its own traversal, in tree order (taken once per file before the rules run):
  // reading them spares a second walk of the tree. A module the plugin parsed was never traversed: asking would
  // run a code path analysis of the whole module and keep its steps for the life of the process.
  const traverse = (file.sourceCode as { traverse?: () => Iterable<TraversalStep> }).traverse;
  if (typeof traverse === 'function' && !file.standalone) {
    for (const step of traverse.call(file.sourceCode)) if (step.kind === 1 && step.phase === 1) add(step.target as TSESTree.Node);
    return index;
  }
  const visitorKeys = file.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  // An explicit stack: generated or minified files nest deeper than the call stack allows.
  const stack: TSESTree.Node[] = [file.program];
  const children: TSESTree.Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    add(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child) children.push(child as TSESTree.Node);
      } else if (value) children.push(value as TSESTree.Node);
    }
    // Pushed in reverse, popped in order: each type's nodes come out in tree order.
    while (children.length > 0) stack.push(children.pop()!);
  }
  return index;
}

/** All nodes of one type below `root`, found with a plain walk (use only after a cheap text filter). */
export function findNodes<T extends AST_NODE_TYPES>(
  file: FileContext,
  root: TSESTree.Node,
  type: T,
): Extract<TSESTree.Node, { type: T }>[] {
  const visitorKeys = file.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const found: Extract<TSESTree.Node, { type: T }>[] = [];
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === type) found.push(node as Extract<TSESTree.Node, { type: T }>);
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child) stack.push(child as TSESTree.Node);
      } else if (value) stack.push(value as TSESTree.Node);
    }
  }
  return found;
}
