import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import { memoize, type FileContext } from '../file-context.js';
import { keyName, propertyName, skipTransparent } from '../analysis/nodes.js';
import { requiredSpecifier } from './bindings.js';
import { originOf } from './instances.js';
import { importedCallSource, importedExportSource, type ExportSource } from './module-exports.js';

/**
 * "What is this receiver?", answered from the evidence a file and the application's modules give without the
 * type checker, for the cases the file's own bindings cannot tell: a client imported from a module of the
 * application (`import { prisma } from '@/lib/prisma'`, `require('../db')`), a parameter or field declared
 * with a library class or an application class extending one (`constructor(private prisma: PrismaService)`),
 * and `new PrismaService()`. Domains map the answer to their catalogue (database owners, Redis libraries).
 * Only asked for receivers of calls that are already candidates by their method's name.
 */
export function receiverSource(file: FileContext, node: TSESTree.Node): ExportSource | undefined {
  const cache = memoize(file, 'receiver-sources', () => new Map<TSESTree.Node, ExportSource | null>());
  let found = cache.get(node);
  if (found === undefined) {
    cache.set(node, null); // cycles resolve to nothing
    found = computeSource(file, originOf(file, node)) ?? null;
    cache.set(node, found);
  }
  return found ?? undefined;
}

/** How many helper calls and returns are followed in this file before giving up (recursion, long chains). */
const MAX_DEPTH = 8;

function computeSource(file: FileContext, origin: TSESTree.Node, depth = 0): ExportSource | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = skipTransparent(origin);
  switch (value.type) {
    case AST_NODE_TYPES.Identifier:
      return identifierSource(file, value);
    case AST_NODE_TYPES.MemberExpression: {
      if (value.object.type === AST_NODE_TYPES.ThisExpression) return fieldSource(file, value);
      // `require('./db').prisma`
      const name = propertyName(value);
      const specifier = requiredSpecifier(value.object);
      return name !== undefined && specifier !== undefined ? importedExportSource(file, specifier, name) : undefined;
    }
    case AST_NODE_TYPES.CallExpression: {
      // `const db = require('../db')`: the module's `module.exports` (or its default export).
      const specifier = requiredSpecifier(value);
      if (specifier !== undefined) return importedExportSource(file, specifier, 'default');
      // `getRedisCache()`, `makeDb()`: what a helper of the application returns.
      return value.callee.type === AST_NODE_TYPES.Identifier ? helperReturnSource(file, value.callee, depth + 1) : undefined;
    }
    case AST_NODE_TYPES.NewExpression: {
      // `new PrismaService()`: an application class whose base is a library's.
      const made = value.callee.type === AST_NODE_TYPES.Identifier ? classSourceOf(file, value.callee) : undefined;
      return made && { made: 'new', module: made.module, path: made.path };
    }
    default:
      return undefined;
  }
}

/**
 * What calling `callee` returns: an imported function of the application, read in its module, or a function of
 * this file, read here. Undefined for anything else (a parameter, a library's export, a function whose returns
 * do not all make the same client).
 */
function helperReturnSource(file: FileContext, callee: TSESTree.Identifier, depth: number): ExportSource | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  // `import { getClient } from '../redis'`, `const { getClient } = require('../redis')`
  const imported = importedName(definition, callee.name);
  if (imported !== undefined) return imported ? importedCallSource(file, imported.module, imported.name) : undefined;
  let helper: TSESTree.Node | undefined;
  if (definition.type === 'FunctionName') helper = definition.node;
  else if (definition.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init) helper = skipTransparent(definition.node.init);
  if (
    helper?.type !== AST_NODE_TYPES.FunctionDeclaration &&
    helper?.type !== AST_NODE_TYPES.FunctionExpression &&
    helper?.type !== AST_NODE_TYPES.ArrowFunctionExpression
  ) {
    return undefined;
  }
  if (helper.generator) return undefined;
  if (helper.body.type !== AST_NODE_TYPES.BlockStatement) return returnedValueSource(file, helper.body, depth + 1);
  const returned: TSESTree.Expression[] = [];
  collectReturns(helper.body, returned);
  let found: ExportSource | undefined;
  for (const value of returned) {
    if (saysNothing(value)) continue;
    const source = returnedValueSource(file, value, depth + 1);
    if (!source || (found && !sameSource(found, source))) return undefined;
    found = source;
  }
  return found;
}

/** The `return` expressions of a function body, nested functions and classes aside. */
function collectReturns(node: TSESTree.Node, into: TSESTree.Expression[]): void {
  if (node.type === AST_NODE_TYPES.ReturnStatement) {
    if (node.argument) into.push(node.argument);
    return;
  }
  for (const key of Object.keys(node) as (keyof typeof node)[]) {
    if (key === 'parent') continue;
    const child = node[key] as unknown;
    for (const item of Array.isArray(child) ? child : [child]) {
      if (!item || typeof item !== 'object' || typeof (item as TSESTree.Node).type !== 'string') continue;
      const inner = item as TSESTree.Node;
      if (FUNCTION_OR_CLASS.has(inner.type)) continue;
      collectReturns(inner, into);
    }
  }
}

const FUNCTION_OR_CLASS = new Set<string>([
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.ClassDeclaration,
  AST_NODE_TYPES.ClassExpression,
]);

/** `null`, `undefined`, `void 0`: a return that holds no client. */
function saysNothing(node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  return (
    (value.type === AST_NODE_TYPES.Literal && value.value === null) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') ||
    (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === 'void')
  );
}

const sameSource = (a: ExportSource, b: ExportSource): boolean => a.made === b.made && a.module === b.module && a.path.join('.') === b.path.join('.');

/**
 * What a returned value is: a library's construction or factory imported by this file (`new Redis(url)`,
 * `drizzle(pool)`), through local constants, `await`, the memo forms (`cache ??= new Redis()`,
 * `cache ?? new Redis()`), or what the receivers reading finds (an imported client, another helper).
 */
function returnedValueSource(file: FileContext, node: TSESTree.Node, depth: number): ExportSource | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = skipTransparent(originOf(file, node));
  if (value.type === AST_NODE_TYPES.AssignmentExpression && (value.operator === '=' || value.operator === '??=' || value.operator === '||=')) {
    return returnedValueSource(file, value.right, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&') {
    return saysNothing(value.right) ? returnedValueSource(file, value.left, depth + 1) : returnedValueSource(file, value.right, depth + 1);
  }
  const found = computeSource(file, value, depth + 1);
  if (found) return found;
  if (value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression) {
    // A library's export (a function of the application was read above; its module is in no catalogue).
    const imported = importOfExpression(file, value.callee);
    if (!imported) return undefined;
    if (value.type === AST_NODE_TYPES.NewExpression) return { made: 'new', module: imported.module, path: imported.path };
    const first = value.arguments[0];
    const firstArgument = first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : undefined;
    return { made: 'call', module: imported.module, path: imported.path, firstArgument };
  }
  return undefined;
}

/**
 * The module and export a binding is imported as: an `import` (default or named, not type-only) or a key of a
 * destructured `require`. `null` for an import this cannot follow (a namespace or type-only import), undefined
 * for a binding that is not imported.
 */
function importedName(definition: Scope.Definition, localName: string): { module: string; name: string } | null | undefined {
  if (definition.type === 'ImportBinding') {
    const declaration = definition.parent;
    const specifier = definition.node;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === 'type') return null;
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module: declaration.source.value, name: 'default' };
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind !== 'type') {
      return { module: declaration.source.value, name: specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value };
    }
    return null;
  }
  if (definition.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.ObjectPattern && definition.node.init) {
    const specifier = requiredSpecifier(definition.node.init);
    const key = specifier === undefined ? undefined : patternKeyOf(definition.node.id, localName);
    return specifier === undefined || key === undefined ? null : { module: specifier, name: key };
  }
  return undefined;
}

function identifierSource(file: FileContext, identifier: TSESTree.Identifier): ExportSource | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  // `import { prisma } from '../db'`, `const { prisma } = require('../db')`
  const imported = importedName(definition, identifier.name);
  if (imported !== undefined) return imported ? importedExportSource(file, imported.module, imported.name) : undefined;
  // A variable declared with a type (`let redis: Redis`). A plain parameter's type is not read: what a caller
  // passes is left to the checker (an injected field is, as the framework's container decides it once).
  const declared = variable?.identifiers[0]?.typeAnnotation?.typeAnnotation;
  if (definition.type === 'Variable' && declared) return annotationSource(file, declared);
  return undefined;
}

/** `this.prisma` held by a field or parameter property declared with a type and no value made in the class. */
function fieldSource(file: FileContext, member: TSESTree.MemberExpression): ExportSource | undefined {
  const annotation = fieldAnnotation(member);
  return annotation && annotationSource(file, annotation);
}

/**
 * `this.users.save(…)` where `users` is declared with a class of this file that declares `save` itself (or a
 * class of this file it extends does): the application's code runs, not the library's method it overrides
 * (`class UserRepository extends Repository<User> { save(…) { … upsert … } }`).
 */
export function runsOwnMethod(file: FileContext, receiver: TSESTree.Node, method: string): boolean {
  const value = skipTransparent(receiver);
  const annotation = value.type === AST_NODE_TYPES.MemberExpression && value.object.type === AST_NODE_TYPES.ThisExpression ? fieldAnnotation(value) : undefined;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference || annotation.typeName.type !== AST_NODE_TYPES.Identifier) return false;
  let name: TSESTree.Identifier | undefined = annotation.typeName;
  for (let depth = 0; name && depth < MAX_DEPTH; depth++) {
    const definition: Scope.Definition | undefined = findInScopes(file, name)?.defs[0];
    if (definition?.type !== 'ClassName' || definition.node.type !== AST_NODE_TYPES.ClassDeclaration) return false;
    const declares = definition.node.body.body.some(
      (element) =>
        (element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) &&
        !element.static &&
        !element.computed &&
        keyName(element.key) === method,
    );
    if (declares) return true;
    const superClass: TSESTree.LeftHandSideExpression | null = definition.node.superClass;
    name = superClass?.type === AST_NODE_TYPES.Identifier ? superClass : undefined;
  }
  return false;
}

/** The one type a field or constructor parameter property named by `this.<name>` is declared with. */
function fieldAnnotation(member: TSESTree.MemberExpression): TSESTree.TypeNode | undefined {
  const name = propertyName(member);
  if (name === undefined) return undefined;
  let classBody: TSESTree.Node | undefined = member.parent;
  while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
  if (!classBody) return undefined;
  const annotations: TSESTree.TypeNode[] = [];
  for (const element of classBody.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && !element.static && keyName(element.key) === name) {
      if (element.typeAnnotation) annotations.push(element.typeAnnotation.typeAnnotation);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const parameter of element.value.params) {
        if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const bound = parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter;
        if (bound.type === AST_NODE_TYPES.Identifier && bound.name === name && bound.typeAnnotation) annotations.push(bound.typeAnnotation.typeAnnotation);
      }
    }
  }
  return annotations.length === 1 ? annotations[0] : undefined;
}

/** A declared type naming a library class, or an application class that extends one: an instance of it. */
export function annotationSource(file: FileContext, annotation: TSESTree.TypeNode): ExportSource | undefined {
  if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const names: string[] = [];
  let name: TSESTree.EntityName = annotation.typeName;
  while (name.type === AST_NODE_TYPES.TSQualifiedName) {
    names.unshift(name.right.name);
    name = name.left;
  }
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (names.length === 0) {
    // An application class (`UserRepository extends Repository<User>`) serves the model it is named for.
    const made = classSourceOf(file, name);
    if (made) return { made: 'instance', module: made.module, path: made.path, typeArgument: made.typeArgument ?? made.className };
  }
  const imported = importOf(file, name);
  if (!imported) return undefined;
  // The library's class itself (a generated client may live in the project: catalogues say which modules count).
  return { made: 'instance', module: imported.module, path: [...imported.path, ...names], typeArgument: typeArgumentName(annotation.typeArguments) };
}

/** The name of a first type argument that names a type (`User` of `<User>`). */
function typeArgumentName(parameters: TSESTree.TSTypeParameterInstantiation | undefined): string | undefined {
  const argument = parameters?.params[0];
  return argument?.type === AST_NODE_TYPES.TSTypeReference && argument.typeName.type === AST_NODE_TYPES.Identifier ? argument.typeName.name : undefined;
}

/** The library base of an application class named by `name`: declared in this file or imported from the application. */
function classSourceOf(file: FileContext, name: TSESTree.Identifier): ExportSource | undefined {
  const variable = findInScopes(file, name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === 'ClassName' && definition.node.type === AST_NODE_TYPES.ClassDeclaration) {
    const superClass = definition.node.superClass;
    if (!superClass) return undefined;
    if (superClass.type === AST_NODE_TYPES.Identifier) {
      const inner = classSourceOf(file, superClass);
      if (inner) return inner;
    }
    const base = importOfExpression(file, superClass);
    return base && { made: 'class', module: base.module, path: base.path, className: name.name, typeArgument: typeArgumentName(definition.node.superTypeArguments) };
  }
  const imported = importOf(file, name);
  if (!imported || imported.path.length > 1) return undefined;
  const found = importedExportSource(file, imported.module, imported.path[0] ?? 'default');
  return found?.made === 'class' ? found : undefined;
}

/** The module and export path an imported name (or `pg.Pool`) refers to. */
function importOfExpression(file: FileContext, node: TSESTree.Node): { module: string; path: readonly string[] } | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return importOf(file, node);
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(node);
    const object = name === undefined ? undefined : importOfExpression(file, node.object);
    return object && { module: object.module, path: [...object.path, name!] };
  }
  return undefined;
}

function importOf(file: FileContext, name: TSESTree.Identifier): { module: string; path: readonly string[] } | undefined {
  const variable = findInScopes(file, name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'ImportBinding' || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const module = definition.parent.source.value;
  const specifier = definition.node;
  if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
    const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
    return { module, path: imported === 'default' ? [] : [imported] };
  }
  return { module, path: [] };
}

/** A name as a type position sees it: type-only imports included, which `findVariable` also finds. */
function findInScopes(file: FileContext, name: TSESTree.Identifier) {
  let scope: ReturnType<typeof file.sourceCode.getScope> | null = file.sourceCode.getScope(name);
  while (scope) {
    const variable = scope.set.get(name.name);
    if (variable) return variable;
    scope = scope.upper;
  }
  return undefined;
}

function patternKeyOf(pattern: TSESTree.ObjectPattern, local: string): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === local) return property.key.name;
  }
  return undefined;
}
