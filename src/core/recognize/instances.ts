import { ReferenceTracker, getStringIfConstant, type TraceMap } from '@eslint-community/eslint-utils';
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import ts from '../typescript.cjs';
import { memoize, type FileContext } from '../file-context.js';
import { keyName, propertyName, skipTransparent } from '../analysis/nodes.js';
import { declaredClassOf, isModelledPackageInstance } from './declared-classes.js';
import { typeMatches, typeOf, type TypeOrValueSpecifier } from './types.js';

/**
 * Recognition of library objects (clients, locks) without type information: the object's binding is made by a
 * constructor or factory exported by the library (`new Redis()`, `createClient()`), found through its import
 * in every style. With type information, the declared type decides instead.
 */

export interface InstanceSource<Tag> {
  readonly modules: readonly string[];
  /** Exports constructed with `new` (`'default'` for the default export). */
  readonly constructors: readonly string[];
  /** Exports called to create an instance. */
  readonly factories: readonly string[];
  /** Static methods of an exported class that create an instance: `[['Redis', 'fromEnv']]`. */
  readonly staticFactories?: ReadonlyArray<readonly [owner: string, method: string]>;
  readonly tag: Tag;
}

/** Every `new X()` / `factory()` expression in the file that creates an instance of one of `sources`. */
export function findInstanceCreations<Tag>(
  file: FileContext,
  key: string,
  sources: readonly InstanceSource<Tag>[],
): ReadonlyMap<TSESTree.Node, Tag> {
  return memoize(file, `instances:${key}`, () => {
    const created = new Map<TSESTree.Node, Tag>();
    const text = file.sourceCode.text;
    const relevant = sources.filter((source) => source.modules.some((specifier) => text.includes(specifier)));
    const globalScope = file.sourceCode.scopeManager?.globalScope;
    if (relevant.length === 0 || !globalScope) return created;
    const traceMap: Record<string, Record<string | symbol, unknown>> = {};
    for (const source of relevant) {
      const moduleMap: Record<string | symbol, unknown> = {};
      for (const name of source.constructors) {
        if (name === 'default') moduleMap[ReferenceTracker.CONSTRUCT] = source.tag;
        moduleMap[name] = { [ReferenceTracker.CONSTRUCT]: source.tag };
      }
      for (const name of source.factories) {
        // A callable default export (`import knex from 'knex'; knex({...})`).
        if (name === 'default') moduleMap[ReferenceTracker.CALL] = source.tag;
        moduleMap[name] = { [ReferenceTracker.CALL]: source.tag };
      }
      for (const [owner, method] of source.staticFactories ?? []) moduleMap[owner] = { ...(moduleMap[owner] as object), [method]: { [ReferenceTracker.CALL]: source.tag } };
      for (const specifier of source.modules) traceMap[specifier] = moduleMap;
    }
    const tracker = new ReferenceTracker(globalScope as unknown as Scope.Scope, { mode: 'legacy' });
    const map = traceMap as unknown as TraceMap<Tag>;
    const references = [...tracker.iterateEsmReferences(map), ...tracker.iterateCjsReferences(map)];
    // `require` where no configuration declared Node's globals: ReferenceTracker follows declared globals only.
    if (!globalScope.set.has('require') && text.includes('require')) {
      for (const reference of globalScope.through) {
        const call = reference.identifier.parent;
        if (reference.identifier.name !== 'require' || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) continue;
        const specifier = call.arguments[0] && getStringIfConstant(call.arguments[0] as never);
        const moduleMap = specifier ? map[specifier] : undefined;
        if (moduleMap) references.push(...tracker.iteratePropertyReferences(call as never, moduleMap));
      }
    }
    for (const { node, info } of references) created.set(node as unknown as TSESTree.Node, info);
    return created;
  });
}

/** Methods that return the object they are called on (or a promise of it): `createClient().connect()`. */
const RETURNS_RECEIVER = new Set(['connect', 'on', 'once', 'duplicate', 'withTypeMapping', 'withCommandOptions']);

/**
 * The expression that made the value of `node`: through `await`, transparent wrappers, `const`/single-assignment
 * variables, `this.x` fields initialised once in their class, and calls that return their receiver.
 */
export function originOf(file: FileContext, node: TSESTree.Node, depth = 0): TSESTree.Node {
  if (depth > 8) return node;
  let current = skipTransparent(node);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTransparent(current.argument);
  if (current.type === AST_NODE_TYPES.Identifier) {
    const init = singleInitializer(file, current);
    return init ? originOf(file, init, depth + 1) : current;
  }
  if (current.type === AST_NODE_TYPES.MemberExpression && current.object.type === AST_NODE_TYPES.ThisExpression) {
    const init = fieldInitializer(current);
    return init ? originOf(file, init, depth + 1) : current;
  }
  if (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(current.callee);
    if (name && RETURNS_RECEIVER.has(name)) return originOf(file, current.callee.object, depth + 1);
  }
  return current;
}

/** The one value a variable ever holds: its initializer, or its only assignment when declared without one. */
export function singleInitializer(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
  if (definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  if (definition.node.init) return writes.length <= 1 ? definition.node.init : undefined;
  const only = writes.length === 1 ? writes[0]?.writeExpr : undefined;
  return only ?? undefined;
}

/** `this.client` initialised once: a class field initializer or a single `this.client = ...` assignment. */
function fieldInitializer(member: TSESTree.MemberExpression): TSESTree.Node | undefined {
  const name = propertyName(member);
  if (!name) return undefined;
  let classBody: TSESTree.Node | undefined = member.parent;
  while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
  if (!classBody) return undefined;
  const values: TSESTree.Node[] = [];
  for (const element of classBody.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && keyName(element.key) === name && element.value) {
      values.push(element.value);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const statement of element.value.body?.body ?? []) {
        if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
        const expression = statement.expression;
        if (
          expression.type === AST_NODE_TYPES.AssignmentExpression &&
          expression.operator === '=' &&
          expression.left.type === AST_NODE_TYPES.MemberExpression &&
          expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
          propertyName(expression.left) === name
        ) {
          values.push(expression.right);
        }
      }
      // A constructor parameter property (`constructor(private readonly redis: Redis)`) is injected: unknown origin.
    }
  }
  return values.length === 1 ? values[0] : undefined;
}

/**
 * Whether `type` is declared by one of `specifiers`, or, when a `paths` mapping or a re-export hides the
 * package from TypeScript's package map, by a class or interface of one of `names` declared in a file under
 * `node_modules/<declarationPackage>/`.
 */
export function typeDeclaredBy(
  file: FileContext,
  type: ts.Type,
  specifiers: readonly TypeOrValueSpecifier[],
  names: readonly string[],
  declarationPackage: string,
): boolean {
  if (!file.types) return false;
  if (typeMatches(file.types, type, specifiers)) return true;
  const parts = type.isUnionOrIntersection() ? type.types : [type];
  return parts.some((part) => {
    const symbol = part.getSymbol() ?? part.aliasSymbol;
    if (!symbol) return false;
    // `export default class RedisClient` names its symbol `default`: compare the declared name too.
    return (symbol.getDeclarations() ?? []).some(
      (declaration) =>
        (names.includes(symbol.getName()) || names.includes(declaredName(declaration) ?? '')) &&
        declaration.getSourceFile().fileName.replace(/\\/g, '/').includes(`/node_modules/${declarationPackage}/`),
    );
  });
}

function declaredName(declaration: ts.Declaration): string | undefined {
  const name = (declaration as ts.Declaration & { name?: ts.Node }).name;
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/**
 * Three answers for "is this expression an instance?": by declared type when the checker knows it, else by the
 * expression that made it. `undefined` type (any, unknown, no type information) falls back to the origin.
 * `creations` may be given as a function: the file's creations are then found only when the type cannot tell.
 */
export function recognizeInstance<Tag>(
  file: FileContext,
  node: TSESTree.Node,
  byType: (type: ts.Type) => Tag | undefined,
  creations: ReadonlyMap<TSESTree.Node, Tag> | (() => ReadonlyMap<TSESTree.Node, Tag>),
): Tag | undefined {
  const creationsOf = () => (typeof creations === 'function' ? creations() : creations);
  if (file.types) {
    // `new Mutex()` with `Mutex` imported from a package the catalogue models: the import tells what the
    // checker would, without resolving it in every importing file.
    const created = isModelledPackageInstance(file, node) ? creationsOf().get(originOf(file, node)) : undefined;
    if (created !== undefined) return created;
    // A field or variable declared as a class: the class's own type, without inferring the expression's.
    const declared = declaredClassOf(file, node);
    const type = declared ? file.types.checker.getDeclaredTypeOfSymbol(declared.symbol) : typeOf(file.types, skipTransparent(node));
    if (type) return byType(type);
  }
  return creationsOf().get(originOf(file, node));
}
