import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import { isFunction, skipTransparent, type FunctionNode } from './nodes.js';
import { declaredClassOf, declaredMembers, isModelledPackageInstance, runsOwnCode } from '../recognize/declared-classes.js';
import { importedFunctionOf, type ModuleTextFilter } from '../recognize/imported-helpers.js';
import { relativeImportTarget } from '../recognize/imports.js';
import { isLibraryFile } from '../recognize/types.js';

/** The body a call runs: in this file (ESTree), or in another file of the program (TypeScript AST). */
export type Callee =
  | { readonly kind: 'local'; readonly function: FunctionNode; readonly name: string }
  | { readonly kind: 'remote'; readonly declaration: ts.FunctionLikeDeclaration & { body: ts.Node }; readonly name: string };

/**
 * The function a call runs, when it is the application's own code: with types, the declaration of the called
 * symbol (`orderService.create` → `OrderService.create` in another file; aliases followed); without types,
 * a function declared in this file (`createOrder()`, `this.createOrder()` in the same class). Declarations in
 * `node_modules` and `.d.ts` files are libraries, not followed.
 */
export function calleeOf(file: FileContext, call: TSESTree.CallExpression): Callee | undefined {
  const cache = memoize(file, 'callees', () => new WeakMap<TSESTree.CallExpression, Callee | null>());
  let found = cache.get(call);
  if (found === undefined) cache.set(call, (found = resolveCallee(file, call) ?? null));
  return found ?? undefined;
}

/** A function of the application as ESTree, with the file whose tree holds it. */
export interface FunctionInFile {
  readonly file: FileContext;
  readonly function: FunctionNode;
  readonly name: string;
}

/**
 * The function a call runs, read as ESTree: the local callee (`calleeOf`), else, when there is no callee at all
 * (no types), a function another module of the project exports, parsed in its own module (`filter` spares
 * modules whose text cannot hold what is asked). Undefined for a callee the checker found in another file.
 */
export function readableCalleeOf(file: FileContext, call: TSESTree.CallExpression, filter?: ModuleTextFilter): FunctionInFile | undefined {
  const callee = calleeOf(file, call);
  if (callee?.kind === 'local') return { file, function: callee.function, name: callee.name };
  return callee ? undefined : importedFunctionOf(file, call, filter);
}

function resolveCallee(file: FileContext, call: TSESTree.CallExpression): Callee | undefined {
  const callee = skipTransparent(call.callee);
  if (file.types) {
    const remote = typedCallee(file, file.types, callee);
    if (remote) return remote;
  }
  return localCallee(file, callee);
}

function typedCallee(file: FileContext, types: TypeServices, callee: TSESTree.Node): Callee | undefined {
  // `this.repository.findById()` on a field declared as the application's class: its member, without
  // inferring the field's type (see declaredClassOf).
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    const method = callee.property.name;
    if (isModelledPackageInstance(file, callee.object)) return undefined;
    const declared = declaredClassOf(file, callee.object);
    // A library's class runs library code, which is never followed.
    if (declared?.library) return undefined;
    if (declared && runsOwnCode(declared, method)) return calleeFromDeclarations(file, types, declaredMembers(declared, method), method);
  }
  if (callee.type === AST_NODE_TYPES.Identifier) {
    // `Number(x)`, `fetch(url)`: a global of TypeScript's libs (a variable without a definition) is no one's body.
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
    if (variable?.defs.length === 0) return undefined;
    const imported = relativeImportTarget(file, types, callee, variable);
    if (imported) return calleeFromDeclarations(file, types, imported.declarations ?? [], imported.getName());
  }
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(callee as never) as ts.Node | undefined;
  if (!tsNode) return undefined;
  const target = ts.isPropertyAccessExpression(tsNode) ? tsNode.name : tsNode;
  let symbol = types.checker.getSymbolAtLocation(target);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = types.checker.getAliasedSymbol(symbol);
  return symbol ? calleeFromDeclarations(file, types, symbol.declarations ?? [], symbol.getName()) : undefined;
}

function calleeFromDeclarations(file: FileContext, types: TypeServices, declarations: readonly ts.Declaration[], name: string): Callee | undefined {
  const declaration = declarations.map(functionLike).find((candidate) => candidate !== undefined);
  if (!declaration) return undefined;
  const source = declaration.getSourceFile();
  if (isLibraryFile(source)) return undefined;
  if (source.fileName === currentFileName(types, file)) {
    const local = types.services.tsNodeToESTreeNodeMap.get(declaration as never) as TSESTree.Node | undefined;
    const fn = local && asFunction(local);
    return fn ? { kind: 'local', function: fn, name } : undefined;
  }
  return { kind: 'remote', declaration, name };
}

function currentFileName(types: TypeServices, file: FileContext): string | undefined {
  const tsProgramNode = types.services.esTreeNodeToTSNodeMap.get(file.program as never) as ts.Node | undefined;
  return tsProgramNode?.getSourceFile().fileName;
}

/** A declaration with a body: a function, a method, or a variable initialised with a function. */
function functionLike(declaration: ts.Declaration): (ts.FunctionLikeDeclaration & { body: ts.Node }) | undefined {
  let candidate: ts.Node = declaration;
  if (ts.isVariableDeclaration(candidate) && candidate.initializer) candidate = candidate.initializer;
  if (ts.isPropertyDeclaration(candidate) && candidate.initializer) candidate = candidate.initializer;
  if (
    (ts.isFunctionDeclaration(candidate) || ts.isMethodDeclaration(candidate) || ts.isFunctionExpression(candidate) || ts.isArrowFunction(candidate)) &&
    candidate.body
  ) {
    return candidate as ts.FunctionLikeDeclaration & { body: ts.Node };
  }
  return undefined;
}

/** The ESTree function of a declaration node: the function itself, or a variable's or property's initialiser. */
function asFunction(node: TSESTree.Node): FunctionNode | undefined {
  if (isFunction(node)) return node;
  if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init) {
    const init = skipTransparent(node.init);
    return isFunction(init) ? init : undefined;
  }
  if ((node.type === AST_NODE_TYPES.MethodDefinition || node.type === AST_NODE_TYPES.PropertyDefinition) && node.value) {
    const value = skipTransparent(node.value);
    return isFunction(value) ? value : undefined;
  }
  return undefined;
}

function localCallee(file: FileContext, callee: TSESTree.Node): Callee | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
    const definition = variable?.defs[0];
    if (!definition || variable.defs.length !== 1) return undefined;
    if (definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return { kind: 'local', function: definition.node, name: callee.name };
    if (definition.type === 'Variable' && definition.parent.kind === 'const') {
      const fn = asFunction(definition.node);
      return fn ? { kind: 'local', function: fn, name: callee.name } : undefined;
    }
    return undefined;
  }
  // `this.createOrder()` inside a class that declares `createOrder`.
  if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.ThisExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier
  ) {
    const name = callee.property.name;
    let current: TSESTree.Node | undefined = callee.parent;
    while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
    const member = current?.body.find(
      (element) =>
        (element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) &&
        !element.computed &&
        element.key.type === AST_NODE_TYPES.Identifier &&
        element.key.name === name,
    );
    const fn = member && asFunction(member);
    return fn ? { kind: 'local', function: fn, name } : undefined;
  }
  return undefined;
}
