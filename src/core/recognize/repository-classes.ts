import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { databaseLibraries, operationOf, type ArgumentPath, type DatabaseOperation } from '../catalogue/databases.js';
import { memoize, type FileContext } from '../file-context.js';
import { skipTransparent } from '../analysis/nodes.js';
import { fieldClassName, isStatic } from './declared-classes.js';
import { exportedClass, projectClassIn, resolveProjectModule, type ProjectClass } from './module-exports.js';
import type { DatabaseOwner } from './database.js';

/**
 * Application repository classes over an ORM, read without type information: `this.users.findOne(…)` where
 * `users` is declared `UserRepository`, a class of the application (followed through its import) that, or
 * whose base class, holds a catalogued model (`protected model: Model<User>` from 'mongoose') and wraps its
 * calls in methods (`findOne(query) { return this.model.findOne(query) }`). A method of such a class is the
 * one catalogued call its body makes (one level deep, a call to another method of the class followed once),
 * its arguments mapped to the method's parameters; a method of the ORM's name that makes none is the ORM's.
 */

/** What a repository method does to the database. */
export interface RepositoryOperation {
  readonly owner: DatabaseOwner;
  readonly operation: DatabaseOperation;
}

/** How many base classes are followed (`UserRepository extends BaseRepository<User>`). */
const MAX_BASES = 3;
/** How deep a method calling another method of the class is followed. */
const MAX_CALL_DEPTH = 2;

/**
 * The cheap test before any module is read: `this.<field>.<method>(…)` where the field is declared with a
 * named type (whether that names a repository is only known once its class is read).
 */
export function mayBeRepositoryCall(call: TSESTree.CallExpression): boolean {
  const callee = skipTransparent(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && fieldClassName(callee.object) !== undefined;
}

/** The operation `receiver.<method>(…)` performs when `receiver` is a field declared with a repository class. */
export function repositoryOperationOf(file: FileContext, receiver: TSESTree.Node, method: string): RepositoryOperation | undefined {
  const name = fieldClassName(receiver);
  if (!name) return undefined;
  const cache = memoize(file, 'repository-classes', () => new Map<string, RepositoryClass | null>());
  let repository = cache.get(name.name);
  if (repository === undefined) cache.set(name.name, (repository = readRepository(file, name) ?? null));
  return repository ? methodOperation(repository, method, 0) : undefined;
}

interface ModelField {
  readonly library: DatabaseOwner['library'];
  readonly owner: string;
}

interface RepositoryClass {
  /** The class and the bases it extends, most derived first. */
  readonly chain: readonly ProjectClass[];
  readonly fields: ReadonlyMap<string, ModelField>;
  readonly model: string;
  readonly methods: Map<string, RepositoryOperation | null>;
}

/** Read once per class declaration for the process (a repository is injected in many files). */
const repositories = new WeakMap<ts.ClassLikeDeclaration, RepositoryClass | null>();

function readRepository(file: FileContext, name: TSESTree.Identifier): RepositoryClass | undefined {
  const declared = declaredClass(file, name);
  if (!declared) return undefined;
  let found = repositories.get(declared.declaration);
  if (found === undefined) repositories.set(declared.declaration, (found = readClass(file, declared) ?? null));
  return found ?? undefined;
}

/** The class an annotation's name refers to: imported from a module of the application, or declared in this file. */
function declaredClass(file: FileContext, name: TSESTree.Identifier): ProjectClass | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(name), name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === 'ClassName') return projectClassIn(file, file.filename, name.name);
  if (definition?.type !== 'ImportBinding' || definition.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  const declaration = definition.node.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const imported = definition.node.imported;
  const importedName = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  const target = resolveProjectModule(file, file.filename, declaration.source.value);
  return target ? exportedClass(file, target, importedName) : undefined;
}

function readClass(file: FileContext, declared: ProjectClass): RepositoryClass | undefined {
  const chain = [declared];
  for (let current = declared; chain.length <= MAX_BASES; ) {
    const heritage = current.declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage || !ts.isIdentifier(heritage.expression)) break;
    const base = projectClassIn(file, current.fileName, heritage.expression.text);
    if (!base || chain.some((known) => known.declaration === base.declaration)) break;
    chain.push((current = base));
  }
  const fields = new Map<string, ModelField>();
  for (const member of chain) for (const [field, model] of modelFields(member)) if (!fields.has(field)) fields.set(field, model);
  if (fields.size === 0) return undefined;
  const className = declared.declaration.name?.text;
  if (!className) return undefined;
  // The model a repository stands for: its class name without `Repository`, so that a check and an act through
  // the same repository name the same model.
  const model = className.replace(/Repository$/, '') || className;
  return { chain, fields, model, methods: new Map() };
}

/**
 * Fields and parameter properties declared with a catalogued owner type imported from its library's module
 * (`Model<T>` from 'mongoose', `Repository<T>` from 'typeorm').
 */
function modelFields(declared: ProjectClass): Map<string, ModelField> {
  const found = new Map<string, ModelField>();
  const consider = (name: ts.PropertyName | ts.BindingName, type: ts.TypeNode | undefined): void => {
    if (!ts.isIdentifier(name) || !type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return;
    const imported = declared.imports.get(type.typeName.text);
    const typeName = imported?.path.length === 1 ? imported.path[0]! : undefined;
    if (!imported || !typeName) return;
    for (const library of databaseLibraries) {
      const untyped = library.untyped;
      if (!untyped || untyped.modules.length === 0 || !untyped.modules.includes(imported.module) || !Object.hasOwn(library.owners, typeName)) continue;
      found.set(name.text, { library, owner: typeName });
      return;
    }
  };
  for (const member of declared.declaration.members) {
    if (ts.isPropertyDeclaration(member) && !isStatic(member)) consider(member.name, member.type);
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) if (ts.isParameterPropertyDeclaration(parameter, member)) consider(parameter.name, parameter.type);
    }
  }
  return found;
}

function methodOperation(repository: RepositoryClass, name: string, depth: number): RepositoryOperation | undefined {
  const key = `${depth}\0${name}`;
  let found = repository.methods.get(key);
  if (found === undefined) repository.methods.set(key, (found = readMethod(repository, name, depth) ?? null));
  return found ?? undefined;
}

/** The instance method `name` that the most derived class of the chain declares. */
function declaredMethod(repository: RepositoryClass, name: string): ts.MethodDeclaration | undefined {
  for (const declared of repository.chain) {
    for (const member of declared.declaration.members) {
      if (ts.isMethodDeclaration(member) && member.body && !isStatic(member) && ts.isIdentifier(member.name) && member.name.text === name) return member;
    }
  }
  return undefined;
}

function readMethod(repository: RepositoryClass, name: string, depth: number): RepositoryOperation | undefined {
  const method = declaredMethod(repository, name);
  if (!method) return undefined;
  const inner: { call: ts.CallExpression; found: RepositoryOperation }[] = [];
  const visit = (node: ts.Node): void => {
    if (node !== method && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    if (ts.isCallExpression(node)) {
      const found = innerOperation(repository, node, name, depth);
      if (found) inner.push({ call: node, found });
    }
    ts.forEachChild(node, visit);
  };
  visit(method);
  if (inner.length === 1) {
    const { call, found } = inner[0]!;
    const operation = remapped(found.operation, call.arguments, method.parameters);
    return operation && { owner: { ...found.owner, model: repository.model }, operation };
  }
  if (inner.length > 0) return undefined;
  // A wrapper of the ORM's name (`create(data)` building and saving a document): the ORM's operation.
  for (const field of repository.fields.values()) {
    const operation = operationOf(field.library, field.owner, name);
    if (operation && operation.sql === undefined) return { owner: { library: field.library, owner: field.owner, model: repository.model }, operation };
  }
  return undefined;
}

/** `this.<model field>.<catalogued method>(…)`, or `this.<other method>(…)` of the class, followed. */
function innerOperation(repository: RepositoryClass, call: ts.CallExpression, caller: string, depth: number): RepositoryOperation | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = callee.expression;
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
    return method !== caller && depth < MAX_CALL_DEPTH ? methodOperation(repository, method, depth + 1) : undefined;
  }
  if (!ts.isPropertyAccessExpression(receiver) || receiver.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const field = repository.fields.get(receiver.name.text);
  const operation = field && operationOf(field.library, field.owner, method);
  return field && operation && operation.sql === undefined ? { owner: { library: field.library, owner: field.owner }, operation } : undefined;
}

/**
 * The inner call's operation with its argument paths moved to the method's parameters: `findOne(query) {
 * this.model.findOne(query) }` keeps the filter at the first argument. A filter built from parameters
 * (`{ organizationId, channel }` destructured from one parameter) is named by that parameter, as a key. Undefined when the filter comes from nowhere the caller can see.
 */
function remapped(operation: DatabaseOperation, args: ts.NodeArray<ts.Expression>, parameters: ts.NodeArray<ts.ParameterDeclaration>): DatabaseOperation | undefined {
  const parameterIndex = (node: ts.Expression | undefined): number | undefined => {
    const value = node && skipOuter(node);
    if (!value || !ts.isIdentifier(value)) return undefined;
    // `findLatest({ organizationId, channel })`: a name bound by a destructured parameter stands for that parameter.
    const index = parameters.findIndex((parameter) => bindsName(parameter.name, value.text));
    return index >= 0 ? index : undefined;
  };
  let key = false;
  const move = (path: ArgumentPath | undefined, asKey: boolean): ArgumentPath | undefined => {
    if (!path) return undefined;
    const arg = args[path.arg] && skipOuter(args[path.arg]!);
    if (!arg) return undefined;
    const direct = parameterIndex(arg);
    if (direct !== undefined) return path.property ? { arg: direct, property: path.property } : { arg: direct };
    if (!ts.isObjectLiteralExpression(arg)) return undefined;
    const values = arg.properties.flatMap((property) =>
      ts.isShorthandPropertyAssignment(property) ? [property.name] : ts.isPropertyAssignment(property) ? [property.initializer] : [],
    );
    if (path.property) {
      const named = arg.properties.find((property) => property.name && ts.isIdentifier(property.name) && property.name.text === path.property);
      const value = named && (ts.isShorthandPropertyAssignment(named) ? named.name : ts.isPropertyAssignment(named) ? named.initializer : undefined);
      const index = parameterIndex(value);
      return index === undefined ? undefined : { arg: index };
    }
    if (!asKey) return undefined;
    // Values from several parameters (`{ _environmentId: environmentId, subscriberId }`) make a key no one
    // argument names: left unknown rather than narrowed to one of its parts.
    // Constants (`active: true`) narrow the rows without naming them.
    const indexes = new Set(values.filter((value) => !isConstant(value)).map(parameterIndex));
    const only = indexes.size === 1 ? [...indexes][0] : undefined;
    if (only === undefined) return undefined;
    key = true;
    return { arg: only };
  };
  const filter = move(operation.filter, true);
  if (operation.filter && !filter) return undefined;
  return {
    effect: operation.effect,
    filter,
    data: move(operation.data, false),
    created: move(operation.created, false),
    options: move(operation.options, false),
    filterIsKey: key || operation.filterIsKey,
    throwsWhenMissing: operation.throwsWhenMissing,
    overwrites: operation.overwrites,
  };
}

function isConstant(node: ts.Expression): boolean {
  const value = skipOuter(node);
  return ts.isLiteralExpression(value) || value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword || value.kind === ts.SyntaxKind.NullKeyword;
}

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}

function skipOuter(node: ts.Expression): ts.Expression {
  let value = node;
  while (ts.isParenthesizedExpression(value) || ts.isAsExpression(value) || ts.isNonNullExpression(value) || ts.isAwaitExpression(value)) value = value.expression;
  return value;
}

