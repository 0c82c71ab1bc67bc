import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import { typeOrValueSpecifiersSchema } from '../recognize/type-specifiers.js';
import { memoize, type FileContext } from '../file-context.js';
import { typeMatches, type TypeOrValueSpecifier } from '../recognize/types.js';
import { isFunction, propertyName, skipTransparent, type FunctionNode } from './nodes.js';

/**
 * Where a piece of in-memory state lives, as seen from one access to it. Only state that outlives one call
 * is shared between concurrent calls of an async function:
 * - `module`: a module-level binding (or an object reached from one), including imports;
 * - `global`: `globalThis.x`;
 * - `closure`: a binding of an enclosing function captured by a function that outlives that call
 *   (returned, stored, or run concurrently by `map`/`forEach`);
 * - `static`: a static member, or `this` in a static method;
 * - `instance`: `this` in a method of a class whose instance lives across calls (created once at module
 *   level, or a NestJS singleton provider / controller).
 * Locals, parameters (a per-request `req`, `ctx`, `event`) and objects created in the same call are not shared.
 */
export type SharedKind = 'module' | 'global' | 'closure' | 'static' | 'instance';

export interface SharedState {
  readonly kind: SharedKind;
  /** The identifier or `this` the access starts from. */
  readonly root: TSESTree.Identifier | TSESTree.ThisExpression;
  /** The binding of an identifier root (absent for `this` and undeclared globals). */
  readonly variable: Scope.Variable | undefined;
  /**
   * For a closure: whether its calls are taken to overlap (run by `map`/`forEach`, a listener, `setInterval`;
   * a method of a returned or stored object) or only may (a lone function returned or stored: its caller may
   * call it once, or in sequence).
   */
  readonly overlap?: 'known' | 'possible';
}

/** The shared-state part of the rule options. */
export interface SharedStateOptions {
  /** Classes whose instances live across requests (a DI container's singletons): `this` in them is shared. */
  readonly singletonTypes?: readonly TypeOrValueSpecifier[];
  /** Whether a lazy initialisation or cache fill of a computed value (duplicate work only) is reported. */
  readonly duplicateWork?: 'ignore' | 'report';
}

export const sharedStateOptionsSchema = {
  singletonTypes: {
    ...typeOrValueSpecifiersSchema,
    description:
      'Classes whose instances live across requests (type-or-value specifiers), such as services a DI container registers as singletons: their fields are shared state. Needs type information.',
  },
} as const;

/** The in-memory half of no-check-then-act only: which lazy initialisations and cache fills count. */
export const duplicateWorkOptionsSchema: Record<string, JSONSchema4> = {
  duplicateWork: {
    type: 'string',
    enum: ['ignore', 'report'],
    description:
      "'ignore' (default): a lazy initialisation or cache fill is reported only when its value is a resource it creates (`new Pool(…)`, a package's factory called with a configuration, `chromium.launch(…)`), since concurrent first callers each create one and all but one leak; a memo of a computed value (a parsed file, a query's row, a module load) only costs duplicate work. 'report': report the memos too.",
  },
};

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** Decorators that make a NestJS class a singleton by default (unless `scope: Scope.REQUEST`/`TRANSIENT`). */
const NEST_SINGLETON_DECORATORS = new Set(['Injectable', 'Controller', 'Resolver', 'WebSocketGateway', 'Processor']);
const NEST_MODULES = new Set(['@nestjs/common', '@nestjs/graphql', '@nestjs/websockets', '@nestjs/bull', '@nestjs/bullmq']);

/** Array methods that run their callback once per element, all started before any of them finishes. */
const CONCURRENT_ITERATORS = new Set(['map', 'forEach', 'flatMap', 'filter', 'some', 'every']);

/**
 * The shared state that `node` (an identifier, `this`, or a member path over them) accesses, or undefined
 * when the access is local to one call or cannot be told.
 */
export function sharedStateOf(
  file: FileContext,
  node: TSESTree.Node,
  singletonTypes: readonly TypeOrValueSpecifier[] = [],
): SharedState | undefined {
  let root = skipTransparent(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTransparent(root.object);
  if (root.type === AST_NODE_TYPES.ThisExpression) {
    const kind = thisKind(file, root, singletonTypes);
    return kind ? { kind, root, variable: undefined } : undefined;
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root) as Scope.Variable | null;
  if (!variable || variable.defs.length === 0) {
    // An undeclared name: only the global object itself is known to be shared.
    return GLOBAL_OBJECTS.has(root.name) && root !== skipTransparent(node) ? { kind: 'global', root, variable: undefined } : undefined;
  }
  const definition = variable.defs[0]!;
  if (definition.type === 'Type' || definition.type === 'TSEnumName' || definition.type === 'TSModuleName') return undefined;
  const declaringScope = variable.scope.variableScope;
  if (isModuleLevel(declaringScope)) {
    return { kind: definition.type === 'ClassName' ? 'static' : 'module', root, variable };
  }
  const declaringFunction = declaringScope.block;
  if (!isFunction(declaringFunction as TSESTree.Node)) return undefined;
  const overlap = capturedByOutlivingFunction(root, declaringFunction as FunctionNode);
  return overlap ? { kind: 'closure', root, variable, overlap } : undefined;
}

/**
 * The scope of a module's own bindings: the ES module scope, the global scope of a script, or the function
 * scope ESLint wraps a CommonJS module in (its block is the Program).
 */
export function isModuleLevel(scope: Scope.Scope): boolean {
  return scope.type === 'module' || scope.type === 'global' || (scope.block as TSESTree.Node).type === AST_NODE_TYPES.Program;
}

/** A short description of the shared state for messages: `module-level`, `instance`… */
export function describeSharedKind(kind: SharedKind): string {
  switch (kind) {
    case 'module':
      return 'module-level';
    case 'global':
      return 'global';
    case 'closure':
      return 'captured';
    case 'static':
      return 'static';
    case 'instance':
      return 'singleton instance';
  }
}

/**
 * True when the access sits in a function nested in `declaring` that runs more than once per call of
 * `declaring` or after it: returned (alone or in an object), stored in a property or outer variable,
 * registered as a listener, or run concurrently by an array iterator. A closure called once, in order,
 * shares nothing with another call.
 */
function capturedByOutlivingFunction(access: TSESTree.Node, declaring: FunctionNode): 'known' | 'possible' | undefined {
  for (let current = access.parent; current && current !== declaring; current = current.parent) {
    if (!isFunction(current) || !(current.async || current.generator)) continue;
    const overlap = outlivesOrRunsConcurrently(current, declaring);
    if (overlap) return overlap;
  }
  return undefined;
}

function outlivesOrRunsConcurrently(inner: FunctionNode, declaring: FunctionNode): 'known' | 'possible' | false {
  let node: TSESTree.Node = inner;
  let parent = node.parent;
  // A method of an object literal: the object is what is returned or stored, and used like an instance
  // (its methods called from many places), so its calls are taken to overlap.
  let method = false;
  while (parent && (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.ObjectExpression)) {
    method = true;
    node = parent;
    parent = parent.parent;
  }
  const outlives = method ? 'known' : 'possible';
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return enclosingFunctionOf(parent) === declaring && outlives;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === node && parent === declaring && outlives;
    case AST_NODE_TYPES.AssignmentExpression:
      // stored in a property (`this.handler = async () => …`, `module.exports.get = …`)
      return parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression && outlives;
    case AST_NODE_TYPES.CallExpression: {
      if (!parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return false;
      const callee = skipTransparent(parent.callee);
      const name = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
      // `items.map(async …)`, `emitter.on('x', async …)`, `setInterval(async …)`
      return (
        ((name !== undefined && (CONCURRENT_ITERATORS.has(name) || name === 'on' || name === 'addListener')) ||
          (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'setInterval')) &&
        'known'
      );
    }
    default:
      return false;
  }
}

function enclosingFunctionOf(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/** What `this` is at `node`: the class (static), a long-lived instance, or nothing known. */
function thisKind(file: FileContext, node: TSESTree.ThisExpression, singletonTypes: readonly TypeOrValueSpecifier[]): SharedKind | undefined {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
        continue; // arrows see the `this` of their parent
      case AST_NODE_TYPES.FunctionExpression: {
        const owner = current.parent;
        if (owner?.type === AST_NODE_TYPES.MethodDefinition && owner.value === current) {
          if (owner.kind === 'constructor') return undefined; // `this` is being built: not yet shared
          return owner.static ? 'static' : classInstanceShared(file, owner.parent.parent, singletonTypes) ? 'instance' : undefined;
        }
        if (owner?.type === AST_NODE_TYPES.Property && owner.value === current) return objectLiteralShared(file, owner.parent);
        return undefined;
      }
      case AST_NODE_TYPES.FunctionDeclaration:
        return undefined;
      case AST_NODE_TYPES.PropertyDefinition:
        if (current.value !== child) return undefined;
        return current.static ? 'static' : classInstanceShared(file, current.parent.parent, singletonTypes) ? 'instance' : undefined;
      case AST_NODE_TYPES.StaticBlock:
        return 'static';
      case AST_NODE_TYPES.Program:
        return undefined;
      default:
        continue;
    }
  }
  return undefined;
}

/** `const store = { async add() { this… } }` at module level, or `export default { … }`. */
function objectLiteralShared(file: FileContext, object: TSESTree.Node): SharedKind | undefined {
  const parent = object.parent;
  if (parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'module';
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === object) {
    return isModuleLevel(file.sourceCode.getScope(parent).variableScope) ? 'module' : undefined;
  }
  return undefined;
}

/**
 * True when instances of the class live across calls: a NestJS singleton provider or controller, or an
 * instance created at module level in this file (`export const service = new Service()`).
 */
function classInstanceShared(file: FileContext, classNode: TSESTree.Node | undefined, singletonTypes: readonly TypeOrValueSpecifier[]): boolean {
  if (classNode?.type !== AST_NODE_TYPES.ClassDeclaration && classNode?.type !== AST_NODE_TYPES.ClassExpression) return false;
  const key = singletonTypes.length > 0 ? JSON.stringify(singletonTypes) : '';
  return memoize(file, `shared-state:class:${classNode.range[0]}:${key}`, () => {
    // Named by the user as a singleton: the checker matches the instance type (and its base classes).
    if (file.types && singletonTypes.length > 0 && typeMatches(file.types, file.types.services.getTypeAtLocation(classNode), singletonTypes)) return true;
    // espree leaves `decorators` out of classes that have none
    if ((classNode.decorators ?? []).some((decorator) => isNestSingletonDecorator(file, decorator))) return true;
    if (classNode.parent?.type === AST_NODE_TYPES.NewExpression && classNode.parent.callee === classNode) {
      return atModuleLevel(classNode.parent);
    }
    if (!classNode.id) return false;
    // both bindings of a class name: the outer one and the one inside the class body
    const references = file.sourceCode.getDeclaredVariables(classNode).flatMap((variable) => variable.references);
    return references.some(
      (reference) =>
        reference.identifier.parent?.type === AST_NODE_TYPES.NewExpression &&
        reference.identifier.parent.callee === reference.identifier &&
        atModuleLevel(reference.identifier.parent),
    );
  });
}

/** Evaluated once, when the module loads: not inside any function. */
function atModuleLevel(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) || current.type === AST_NODE_TYPES.ClassBody) return false;
  }
  return true;
}

function isNestSingletonDecorator(file: FileContext, decorator: TSESTree.Decorator): boolean {
  const expression = skipTransparent(decorator.expression);
  const call = expression.type === AST_NODE_TYPES.CallExpression ? expression : undefined;
  const callee = call ? skipTransparent(call.callee) : expression;
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  const definition = variable?.defs[0];
  if (definition?.type !== 'ImportBinding') return false;
  const declaration = definition.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !NEST_MODULES.has(declaration.source.value)) return false;
  const imported =
    definition.node.type === AST_NODE_TYPES.ImportSpecifier && definition.node.imported.type === AST_NODE_TYPES.Identifier
      ? definition.node.imported.name
      : undefined;
  if (!imported || !NEST_SINGLETON_DECORATORS.has(imported)) return false;
  // `@Injectable({ scope: Scope.REQUEST })`: one instance per request, nothing shared.
  return !call?.arguments.some(
    (argument) =>
      argument.type === AST_NODE_TYPES.ObjectExpression &&
      argument.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          !property.computed &&
          property.key.type === AST_NODE_TYPES.Identifier &&
          property.key.name === 'scope' &&
          !/\bDEFAULT\b/.test(file.sourceCode.getText(property.value)),
      ),
  );
}

/**
 * True when `a` and `b` access the same state: the same binding (whoever writes it), `this`, or the same
 * property path over them, with computed keys compared the same way (`cache[key]`) or by literal value.
 */
export function sameState(file: FileContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  a = skipTransparent(a);
  b = skipTransparent(b);
  if (a.type === AST_NODE_TYPES.Literal && b.type === AST_NODE_TYPES.Literal) return a.value === b.value;
  const aName = a.type === AST_NODE_TYPES.MemberExpression ? propertyName(a) : undefined;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case AST_NODE_TYPES.Identifier: {
      const other = b as TSESTree.Identifier;
      if (a.name !== other.name) return false;
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(a), a);
      return variable === ASTUtils.findVariable(file.sourceCode.getScope(other), other);
    }
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression: {
      const other = b as TSESTree.MemberExpression;
      const sameKey =
        aName !== undefined ? aName === propertyName(other) : a.computed && other.computed && sameState(file, a.property, other.property);
      return sameKey && sameState(file, a.object, other.object);
    }
    default:
      return false;
  }
}
