import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import {
  builderStatementEnds,
  databaseLibraries,
  databaseMethodNames,
  operationOf,
  readMethodNames,
  repositoryVocabulary,
  type ArgumentPath,
  type DatabaseLibrary,
  type DatabaseOperation,
  type UntypedRecognition,
} from '../catalogue/databases.js';
import type { Effect } from '../catalogue/model.js';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import { enclosingFunction, isFunction, propertyName, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { parseSql, sqlTextOf, type SqlStatement, type SqlText } from '../analysis/sql.js';
import { hasProperties, typeMatches, typeOf, type TypeOrValueSpecifier } from './types.js';
import { callsIn } from './modules.js';
import { declaredClassOf, runsOwnCode } from './declared-classes.js';
import { moduleExportOf as bindingExportOf } from './bindings.js';
import { originOf } from './instances.js';
import type { ExportSource } from './module-exports.js';
import { receiverSource, runsOwnMethod } from './receivers.js';
import { prismaDelegateByShape, typeormRepositoryByShape } from './api-shapes.js';
import { mayBeRepositoryCall, repositoryOperationOf } from './repository-classes.js';

/** A call recognised as a database operation. */
export interface DatabaseCall {
  readonly node: TSESTree.CallExpression;
  readonly library: DatabaseLibrary;
  /** The class or interface declaring the method (`Repository`, `static Model`, `Delegate`). */
  readonly owner: string;
  readonly method: string;
  readonly effect: Effect;
  readonly operation: DatabaseOperation;
  /** The model, entity, collection or table, when known: `account`, `Account`, `accounts`. */
  readonly model: string | undefined;
  /** The object the method is called on. */
  readonly receiver: TSESTree.Expression | undefined;
  /** The filter naming the rows (`where` object, Mongo filter, primary key). */
  readonly filter: TSESTree.Node | undefined;
  /** The values written (`data`, partial entity, update document). */
  readonly data: TSESTree.Node | undefined;
  /** The values a create or upsert inserts. */
  readonly created: TSESTree.Node | undefined;
  /** The entity or document acted on (`repo.save(entity)`, `doc.save()`). */
  readonly instance: TSESTree.Node | undefined;
  /** The options object (transaction, lock). */
  readonly options: TSESTree.Node | undefined;
  readonly sql: SqlStatement | undefined;
  readonly sqlText: SqlText | undefined;
  /** The SQL parameters array. */
  readonly params: TSESTree.Node | undefined;
  /** The read takes a row lock (`FOR UPDATE`, TypeORM `pessimistic_write`, Sequelize `lock`). */
  readonly locking: boolean;
  /**
   * Set when the operation runs inside a helper function or repository method called here (followed one call
   * deep): `filter` is then the argument that names the row, and `method` the helper's name.
   */
  readonly helper?: DatabaseCall | undefined;
}

/** What a receiver expression is, for a library: `{ library: pg, owner: 'Pool' }`. */
export interface DatabaseOwner {
  readonly library: DatabaseLibrary;
  readonly owner: string;
  readonly model?: string | undefined;
}

const customLibrary: DatabaseLibrary = {
  id: 'repository',
  packages: [],
  owners: {},
  advice: {
    atomicUpdate: 'Make the repository method update atomically in the database',
    conditionalWrite: 'Put the condition in the write and check how many rows it changed',
    createOnce: 'Create directly and handle the unique violation',
  },
};

/**
 * Classifies a call as a database operation: the type checker first (the declaring class of the called
 * method, or a generated client's shape), then, without type information, the receiver's binding followed to
 * a constructor or factory of a catalogued module in this file. `userTypes` names the user's own repositories
 * and wrappers (typescript-eslint type-or-value specifiers); their methods are read by name
 * (`findX`/`createX`/`updateX`...).
 */
export function databaseCallOf(
  file: FileContext,
  call: TSESTree.CallExpression,
  userTypes: readonly TypeOrValueSpecifier[] = [],
): DatabaseCall | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (method === undefined) return undefined;
  const cache = memoize(file, 'database-calls', () => new WeakMap<TSESTree.CallExpression, DatabaseCall | null>());
  if (userTypes.length === 0 && cache.has(call)) return cache.get(call) ?? undefined;
  let found: DatabaseCall | undefined;
  if (databaseMethodNames.has(method)) found = builderCall(file, call, callee, method) ?? commandCall(file, call, callee, method);
  if (!found && builderStatementEnds.has(method)) found = rootStatementCall(file, call, method);
  if (!found && databaseMethodNames.has(method)) {
    const owner = ownerOfCall(file, call, callee, method);
    const operation = owner && operationOf(owner.library, owner.owner, method);
    if (owner && operation) found = assemble(file, call, callee.object, method, owner, operation);
  }
  if (!found && mayBeRepositoryCall(call)) {
    // `this.users.findOne(…)` on an application repository class wrapping an ORM model (see repository-classes.ts).
    const repository = repositoryOperationOf(file, callee.object, method);
    if (repository) found = assemble(file, call, callee.object, method, repository.owner, repository.operation);
  }
  if (!found && userTypes.length > 0 && file.types) {
    const type = typeOf(file.types, callee.object);
    const operation = type && typeMatches(file.types, type, userTypes) ? repositoryVocabulary.find((entry) => entry.pattern.test(method))?.operation : undefined;
    const name = (type && typeName(type)) ?? 'repository';
    // The user's type names the model: its reads and writes are compared with each other.
    if (operation) found = assemble(file, call, callee.object, method, { library: customLibrary, owner: name, model: name }, operation);
    return found;
  }
  cache.set(call, found ?? null);
  return found;
}

/**
 * A call that could be a database operation by its shape alone: a method named in the catalogue (any method
 * with `userTypes`, whose repositories name theirs freely). The cheap test before any type query.
 */
export function isDatabaseCallCandidate(call: TSESTree.CallExpression, userTypes: readonly TypeOrValueSpecifier[] = []): boolean {
  const method = methodCall(call)?.method;
  return method !== undefined && (userTypes.length > 0 || databaseMethodNames.has(method) || builderStatementEnds.has(method) || mayBeRepositoryCall(call));
}

/** `receiver.method(...)` with a static method name. */
function methodCall(call: TSESTree.CallExpression): { callee: TSESTree.MemberExpression; method: string } | undefined {
  const callee = skipTransparent(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return method === undefined ? undefined : { callee: callee as TSESTree.MemberExpression, method };
}

/** The calls made by `fn` itself (not by functions nested in it) that could be database operations by their shape. */
export function databaseCallCandidatesWithin(file: FileContext, fn: FunctionNode | TSESTree.Program): readonly TSESTree.CallExpression[] {
  const cache = memoize(file, 'database-call-candidates-within', () => new WeakMap<TSESTree.Node, readonly TSESTree.CallExpression[]>());
  let calls = cache.get(fn);
  if (!calls) {
    calls = callsIn(file).filter(
      (node) => node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1] && isDatabaseCallCandidate(node) && enclosingFunction(node) === fn,
    );
    cache.set(fn, calls);
  }
  return calls;
}

/** A call that could be a database read or check by its shape alone (see `isDatabaseCallCandidate`). */
export function isDatabaseReadCandidate(call: TSESTree.CallExpression, userTypes: readonly TypeOrValueSpecifier[] = []): boolean {
  const found = methodCall(call);
  if (!found) return false;
  const { callee, method } = found;
  // A repository method names its reads freely (`findInviteeByEmail`): what it does is read in its class.
  if (userTypes.length > 0 || readMethodNames.has(method) || mayBeRepositoryCall(call)) return true;
  if (!builderStatementEnds.has(method)) return false;
  // The last call of a builder statement (`db.select().from(t).where(...)`) reads when the first one does.
  let first: string | undefined;
  for (let link = skipTransparent(callee.object); link.type === AST_NODE_TYPES.CallExpression; ) {
    const inner = skipTransparent(link.callee);
    if (inner.type !== AST_NODE_TYPES.MemberExpression) break;
    first = propertyName(inner);
    link = skipTransparent(inner.object);
  }
  return first !== undefined && readMethodNames.has(first);
}

/** The database calls made by `fn` itself (not by functions nested in it), in source order (memoised). */
export function databaseCallsWithin(file: FileContext, fn: FunctionNode | TSESTree.Program): readonly DatabaseCall[] {
  const cache = memoize(file, 'database-calls-within', () => new WeakMap<TSESTree.Node, readonly DatabaseCall[]>());
  let calls = cache.get(fn);
  if (!calls) {
    calls = databaseCallCandidatesWithin(file, fn)
      .map((node) => databaseCallOf(file, node))
      .filter((call): call is DatabaseCall => call !== undefined)
      .sort((a, b) => a.node.range[0] - b.node.range[0]);
    cache.set(fn, calls);
  }
  return calls;
}

/** Every database call in the file, in source order (memoised). */
export function databaseCallsIn(file: FileContext, userTypes: readonly TypeOrValueSpecifier[] = []): readonly DatabaseCall[] {
  const compute = (): DatabaseCall[] => {
    const calls: DatabaseCall[] = [];
    for (const node of callsIn(file)) {
      const found = databaseCallOf(file, node, userTypes);
      if (found) calls.push(found);
    }
    return calls.sort((a, b) => a.node.range[0] - b.node.range[0]);
  };
  return userTypes.length === 0 ? memoize(file, 'database-calls-in', compute) : compute();
}

function ownerOfCall(file: FileContext, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): DatabaseOwner | undefined {
  if (file.types) {
    // A method of the application's own class (a repository, a service) is no library's: not asking the
    // checker for the receiver's type spares inferring the class (see declaredClassOf).
    const declared = declaredClassOf(file, callee.object);
    if (declared && runsOwnCode(declared, method)) return undefined;
    const typed = typedOwner(file, call, callee, method);
    if (typed) return typed;
    // With types, an unknown receiver type is not guessed at by syntax, except when the checker has nothing
    // to say (`any`): then the file's own bindings still tell.
    const receiverType = file.types.services.getTypeAtLocation(callee.object);
    if (!(receiverType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return undefined;
  }
  if (runsOwnMethod(file, callee.object, method)) return undefined;
  return untypedOwner(file, callee.object, 0) ?? prismaDelegateByShape(file, call, method);
}

// --- With type information ---------------------------------------------------------------------------------

function typedOwner(file: FileContext, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): DatabaseOwner | undefined {
  const types = file.types!;
  const receiverType = typeOf(types, callee.object);
  const shaped = receiverType && shapedOwner(receiverType, method);
  if (shaped) return { ...shaped, model: modelOfDelegate(file, callee.object) };
  const tsCall = types.services.esTreeNodeToTSNodeMap.get(call) as ts.CallExpression | undefined;
  const found = tsCall && declaredOwner(types, tsCall, method);
  return found && { ...found, model: typedModel(file, callee.object, found.owner, receiverType) };
}

/**
 * The declaration a method call runs. The method's symbol answers when all its declarations (overloads) sit in
 * one class or interface, which is the usual case and costs no overload resolution; resolving the signature
 * type-checks every argument (whole callbacks) and is kept for receivers of union types.
 */
function calledDeclaration(types: TypeServices, tsCall: ts.CallExpression): ts.Declaration | ts.JSDocSignature | undefined {
  const callee = tsCall.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
  const declarations = name && types.checker.getSymbolAtLocation(name)?.declarations;
  const first = declarations?.[0];
  if (first && declarations.every((declaration) => declaration.parent === first.parent)) return first;
  return types.checker.getResolvedSignature(tsCall)?.declaration;
}

/**
 * The catalogued owner of a call, from the declaration of the method it resolves to: the class or interface
 * of a database package that declares it (`static` methods as `static <Class>`). Works on any TypeScript
 * node, so that helpers declared in other files can be read too.
 */
export function declaredOwner(types: TypeServices, tsCall: ts.CallExpression, method: string): DatabaseOwner | undefined {
  const declaration = calledDeclaration(types, tsCall);
  if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
  const packageName = packageOf(declaration.getSourceFile().fileName);
  if (!packageName) return undefined;
  const library = databaseLibraries.find((candidate) => candidate.packages.includes(packageName));
  if (!library) return undefined;
  const container = declaration.parent;
  const containerName =
    container && (ts.isClassDeclaration(container) || ts.isInterfaceDeclaration(container)) ? container.name?.text : undefined;
  if (!containerName) return undefined;
  const isStatic = (ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
  const owner = isStatic ? `static ${containerName}` : containerName;
  return operationOf(library, owner, method) ? { library, owner } : undefined;
}

/** The generated-client owner whose shape `type` has (a Prisma model delegate), for `method`. */
export function shapedOwner(type: ts.Type, method: string): DatabaseOwner | undefined {
  for (const library of databaseLibraries) {
    for (const [owner, shape] of Object.entries(library.shapes ?? {})) {
      if (operationOf(library, owner, method) && hasProperties(type, shape)) return { library, owner };
    }
  }
  return undefined;
}

/** `/x/node_modules/@types/pg/index.d.ts` → `@types/pg`. */
function packageOf(fileName: string): string | undefined {
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(fileName.replace(/\\/g, '/'));
  return match?.[1];
}

function typedModel(file: FileContext, receiver: TSESTree.Expression, owner: string, receiverType: ts.Type | undefined): string | undefined {
  if (owner === 'Repository' && receiverType) {
    const argument = file.types!.checker.getTypeArguments(receiverType as ts.TypeReference)[0];
    const name = argument && typeName(argument);
    if (name) return name;
  }
  const followed = untypedOwner(file, receiver, 0)?.model;
  if (followed) return followed;
  // A Sequelize instance's class names its model.
  if (owner === 'Model' && receiverType) {
    const name = typeName(receiverType.getNonNullableType());
    if (name && name !== 'Model') return name;
  }
  const value = skipTransparent(receiver);
  return value.type === AST_NODE_TYPES.Identifier && owner !== 'Document' && owner !== 'Model' ? value.name : undefined;
}

function typeName(type: ts.Type): string | undefined {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const name = symbol?.getName();
  return name && !name.startsWith('__') ? name : undefined;
}

/** `prisma.account` → `account`; `const accounts = prisma.account` → `account`. */
function modelOfDelegate(file: FileContext, receiver: TSESTree.Expression): string | undefined {
  const value = skipTransparent(receiver);
  if (value.type === AST_NODE_TYPES.MemberExpression) return propertyName(value);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(file, value);
    if (init) return modelOfDelegate(file, init);
    return value.name;
  }
  return undefined;
}

// --- Without type information ------------------------------------------------------------------------------

/**
 * What a receiver is, followed through the file's bindings: `const pool = new Pool()` (Pool from 'pg'),
 * `const client = await pool.connect()`, `dataSource.getRepository(Account)`, the `tx` of
 * `prisma.$transaction(async (tx) => ...)`, `class Account extends Model`.
 */
export function untypedOwner(file: FileContext, expression: TSESTree.Node, depth: number): DatabaseOwner | undefined {
  if (depth > 6) return undefined;
  const cache = memoize(file, 'database-owners', () => new WeakMap<TSESTree.Node, DatabaseOwner | null>());
  if (cache.has(expression)) return cache.get(expression) ?? undefined;
  cache.set(expression, null); // cycles resolve to nothing
  const found = computeUntypedOwner(file, skipTransparent(expression), depth);
  cache.set(expression, found ?? null);
  return found;
}

function computeUntypedOwner(file: FileContext, value: TSESTree.Node, depth: number): DatabaseOwner | undefined {
  switch (value.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return untypedOwner(file, value.argument, depth + 1);
    case AST_NODE_TYPES.NewExpression: {
      const exported = moduleExportOf(file, value.callee);
      for (const library of databaseLibraries) {
        const untyped = library.untyped;
        if (!untyped) continue;
        const name = exported && (untyped.modules.length === 0 || untyped.modules.includes(exported.module)) ? exported.name : undefined;
        // Generated clients live anywhere: their constructor is recognised by name from any module.
        const localName = untyped.modules.length === 0 && value.callee.type === AST_NODE_TYPES.Identifier ? value.callee.name : name;
        const owner = localName && untyped.constructors[localName];
        if (owner) return { library, owner };
      }
      return undefined;
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTransparent(value.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = propertyName(callee);
        const base = method && untypedOwner(file, callee.object, depth + 1);
        const owner = base && method ? base.library.untyped?.factories?.[base.owner]?.[method] : undefined;
        if (base && owner) return { library: base.library, owner, model: factoryModel(file, value, base) };
        // A repository from a connection the file cannot tell (an injected application class): by its shape.
        if (!base && method === 'getRepository') return typeormRepositoryByShape(file, value);
      }
      const exported = moduleExportOf(file, callee);
      if (exported) {
        for (const library of databaseLibraries) {
          const owner = library.untyped?.modules.includes(exported.module) ? library.untyped.functions?.[exported.name] : undefined;
          if (owner) return { library, owner, model: stringArgument(value.arguments[0]) };
        }
      }
      return undefined;
    }
    case AST_NODE_TYPES.MemberExpression: {
      if (value.object.type === AST_NODE_TYPES.ThisExpression) {
        // `this.prisma`: the value made in the class, else the type its field or parameter property declares.
        const origin = originOf(file, value);
        if (origin !== value) return untypedOwner(file, origin, depth + 1);
        const source = receiverSource(file, value);
        return source && ownerOfSource(source);
      }
      const property = propertyName(value);
      const base = property && untypedOwner(file, value.object, depth + 1);
      if (!base || !property) return undefined;
      const owner = base.library.untyped?.properties?.[base.owner]?.[property];
      if (owner) return { library: base.library, owner };
      const delegate = base.library.untyped?.delegates?.[base.owner];
      if (delegate && !property.startsWith('$')) return { library: base.library, owner: delegate, model: property };
      return undefined;
    }
    case AST_NODE_TYPES.Identifier: {
      const bound = ownerOfBinding(file, value, depth);
      if (bound) return bound;
      const exported = moduleExportOf(file, value);
      if (exported) {
        for (const library of databaseLibraries) {
          const owner = library.untyped?.modules.includes(exported.module) ? library.untyped.objects?.[exported.name] : undefined;
          if (owner) return { library, owner };
        }
      }
      // Imported from a module of the application, or declared with a type: see receivers.ts.
      const source = receiverSource(file, value);
      return source && ownerOfSource(source);
    }
    default:
      return undefined;
  }
}

function sameOwnerAssigned(file: FileContext, target: TSESTree.Node, owner: DatabaseOwner | undefined, depth: number): boolean {
  const assignment = target.parent;
  if (!owner || assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== target || assignment.operator !== '=') return false;
  const other = untypedOwner(file, assignment.right, depth + 1);
  return other?.library === owner.library && other.owner === owner.owner;
}

function ownerOfBinding(file: FileContext, identifier: TSESTree.Identifier, depth: number): DatabaseOwner | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  if (definition.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.Identifier && definition.node.init) {
    // A `let` reassigned later could hold anything: followed only when every value it gets has the same owner
    // (get-or-create: `let row = await M.findOne(…); if (!row) row = await M.create(…)`).
    const owner = untypedOwner(file, definition.node.init, depth + 1);
    const reassigned = definition.parent.kind !== 'const' && variable!.references.some((reference) => reference.isWrite() && !reference.init);
    if (reassigned && !variable!.references.every((reference) => !reference.isWrite() || reference.init || sameOwnerAssigned(file, reference.identifier, owner, depth))) return undefined;
    return owner;
  }
  if (definition.type === 'Parameter' && isFunction(definition.node)) {
    const fn = definition.node;
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return undefined;
    if (fn.params[0] !== definition.name) return undefined;
    const callee = skipTransparent(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = propertyName(callee);
    const base = method && untypedOwner(file, callee.object, depth + 1);
    const owner = base && method ? base.library.untyped?.callbacks?.[base.owner]?.[method] : undefined;
    return base && owner ? { library: base.library, owner } : undefined;
  }
  if (definition.type === 'ClassName' && definition.node.type === AST_NODE_TYPES.ClassDeclaration && definition.node.superClass) {
    const exported = moduleExportOf(file, definition.node.superClass);
    if (!exported) return undefined;
    for (const library of databaseLibraries) {
      const owner = library.untyped?.modules.includes(exported.module) ? library.untyped.baseClasses?.[exported.name] : undefined;
      if (owner) return { library, owner, model: identifier.name };
    }
  }
  return undefined;
}

/** The owner a value made by a library export is, by the catalogue's untyped recognition. */
function ownerOfSource(source: ExportSource): DatabaseOwner | undefined {
  const name = source.path.length === 0 ? '*' : source.path.length === 1 ? source.path[0]! : undefined;
  if (name === undefined) return undefined;
  for (const library of databaseLibraries) {
    const untyped = library.untyped;
    if (!untyped || (untyped.modules.length > 0 && !untyped.modules.includes(source.module))) continue;
    switch (source.made) {
      case 'new': {
        const owner = untyped.constructors[name];
        if (owner) return { library, owner };
        break;
      }
      case 'instance': {
        const owner = untyped.constructors[name] ?? ownerOfDeclaredType(library, untyped, name);
        if (owner) return { library, owner, model: source.typeArgument };
        break;
      }
      case 'call': {
        const owner = untyped.functions?.[name];
        if (owner) return { library, owner, model: source.firstArgument };
        break;
      }
      case 'class': {
        const owner = untyped.baseClasses?.[name];
        if (owner) return { library, owner, model: source.className };
        break;
      }
    }
  }
  return undefined;
}

/**
 * The owner a value declared with a library's own class or interface is (`@InjectRepository(User) repo:
 * Repository<User>` from 'typeorm', `@InjectModel(User.name) model: Model<UserDocument>` from 'mongoose',
 * `@InjectConnection() knex: Knex`): the catalogue keys its owners by the declaring type's name, and a query
 * builder's root types start its chains. Only for a library told by its modules: a name alone (Prisma's
 * generated `Delegate`, imported from anywhere) is no evidence.
 */
function ownerOfDeclaredType(library: DatabaseLibrary, untyped: UntypedRecognition, name: string): string | undefined {
  if (untyped.modules.length === 0) return undefined;
  if (Object.hasOwn(library.owners, name)) return name;
  return library.builder?.rootTypes.includes(name) ? library.builder.rootOwner : undefined;
}

function factoryModel(file: FileContext, call: TSESTree.CallExpression, base: DatabaseOwner): string | undefined {
  const first = call.arguments[0];
  if (base.model && (base.owner === 'static Model' || base.owner === 'Model')) return base.model;
  if (!first) return base.model;
  return stringArgument(first) ?? (first.type === AST_NODE_TYPES.Identifier ? first.name : undefined);
}

const stringArgument = (node: TSESTree.Node | undefined): string | undefined =>
  node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' ? node.value : undefined;

function constInit(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init ? definition.node.init : undefined;
}

/**
 * The module export an expression refers to (`Pool` imported by name, `pg.Pool` through a namespace or
 * default import, `require('pg').Pool`, `const { Pool } = require('pg')`), as a module and one export name
 * (`'*'` for the module itself).
 */
export function moduleExportOf(file: FileContext, node: TSESTree.Node): { module: string; name: string } | undefined {
  const exported = bindingExportOf(file, node);
  if (!exported || exported.path.length > 1) return undefined;
  return { module: exported.module, name: exported.path[0] ?? '*' };
}

// --- Commands -----------------------------------------------------------------------------------------------

/**
 * `client.send(new GetCommand({ TableName, Key }))`: the command class, imported from the library's modules
 * (or, with types, declared in its packages), names the operation; its input names the table, the key and
 * the values. A write with a `ConditionExpression` is atomic.
 */
function commandCall(file: FileContext, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): DatabaseCall | undefined {
  const command = call.arguments[0] && skipTransparent(call.arguments[0]);
  if (command?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  for (const library of databaseLibraries) {
    const spec = library.commands;
    if (!spec || spec.method !== method) continue;
    const name = commandName(file, command, spec.modules, library.packages);
    const operation = name ? spec.operations[name] : undefined;
    if (!operation) continue;
    const inputNode = command.arguments[0] && skipTransparent(command.arguments[0]);
    const asCall = command as unknown as TSESTree.CallExpression;
    const conditional = inputNode?.type === AST_NODE_TYPES.ObjectExpression && objectProperty(inputNode, spec.conditionProperty) !== undefined;
    const table = inputNode?.type === AST_NODE_TYPES.ObjectExpression ? objectProperty(inputNode, spec.tableProperty) : undefined;
    return {
      node: call,
      library,
      owner: name!,
      method: name!,
      effect: conditional && operation.effect !== 'read' ? 'atomic' : operation.effect,
      operation,
      model: table ? (stringArgument(skipTransparent(table)) ?? constantText(file, table)) : undefined,
      receiver: callee.object,
      filter: argumentAt(asCall, operation.filter),
      data: argumentAt(asCall, operation.data),
      created: undefined,
      instance: undefined,
      options: inputNode,
      sql: undefined,
      sqlText: undefined,
      params: undefined,
      locking: false,
    };
  }
  return undefined;
}

function commandName(file: FileContext, command: TSESTree.NewExpression, modules: readonly string[], packages: readonly string[]): string | undefined {
  const exported = moduleExportOf(file, command.callee);
  if (exported && modules.includes(exported.module) && exported.name !== '*') return exported.name;
  if (file.types) {
    const symbol = file.types.services.getTypeAtLocation(command).getSymbol();
    const fileName = symbol?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, '/');
    if (symbol && fileName && packages.some((name) => fileName.includes(`/node_modules/${name}/`))) return symbol.getName();
  }
  return undefined;
}

function constantText(file: FileContext, node: TSESTree.Node): string | undefined {
  const value = skipTransparent(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = constInit(file, value);
  return init ? stringArgument(skipTransparent(init)) : undefined;
}

// --- Query builders ----------------------------------------------------------------------------------------

/**
 * `db('accounts').where({ id }).forUpdate().first()`: the last call is the operation when the chain starts at
 * a builder root (typed: a `Knex`/`Transaction` of the library's package; untyped: `knex(config)` bound in
 * the file, or the `trx` of its `transaction` callback). The table comes from the root call or `from()`,
 * the filter from a single `where({...})`, the lock from `forUpdate()`.
 */
function builderCall(file: FileContext, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): DatabaseCall | undefined {
  // A chain on an instance of the application's own class (`this.repository.createQueryBuilder().insert()`)
  // never reaches a builder root: spare the type questions on each of its links.
  const base = declaredClassOf(file, chainBase(callee.object));
  if (base && !base.library && !base.extends) return undefined;
  for (const library of databaseLibraries) {
    const spec = library.builder;
    const operation = spec && library.owners.Builder?.[method];
    if (!spec || !operation || spec.operationAt === 'root') continue;
    const chain: { name: string; call: TSESTree.CallExpression }[] = [];
    let current = skipTransparent(callee.object);
    let root: TSESTree.Node | undefined;
    let table: string | undefined;
    for (let depth = 0; depth < 20; depth++) {
      if (current.type !== AST_NODE_TYPES.CallExpression) {
        root = current;
        break;
      }
      const inner = skipTransparent(current.callee);
      const name = inner.type === AST_NODE_TYPES.MemberExpression ? propertyName(inner) : undefined;
      // `R.knex('user')`, `this.knex('accounts')`: a root reached through a property, called with the table.
      const atBase = inner.type === AST_NODE_TYPES.MemberExpression && skipTransparent(inner.object).type !== AST_NODE_TYPES.CallExpression;
      if (inner.type === AST_NODE_TYPES.MemberExpression && name !== undefined && !isBuilderRoot(file, library, current) && !(atBase && isBuilderRoot(file, library, inner))) {
        chain.push({ name, call: current });
        current = skipTransparent(inner.object);
        continue;
      }
      // `db('accounts')`: the root called with the table.
      root = inner;
      table = stringArgument(current.arguments[0]);
      break;
    }
    if (!root || !isBuilderRoot(file, library, root)) continue;
    for (const link of chain) if (spec.tableMethods.includes(link.name)) table = stringArgument(link.call.arguments[0]) ?? table;
    const filters = chain.filter((link) => spec.filterMethods.includes(link.name));
    const filterCall = filters.length === 1 ? filters[0]!.call : undefined;
    const objectFilter = filterCall?.arguments.length === 1 && skipTransparent(filterCall.arguments[0]!).type === AST_NODE_TYPES.ObjectExpression ? filterCall.arguments[0] : undefined;
    // `where('address', address)`: one column's value names the rows, as a primary key does in `findById(id)`.
    const columnValue = filterCall?.arguments.length === 2 && isColumnName(filterCall.arguments[0]!) && filterCall.arguments[1]!.type !== AST_NODE_TYPES.SpreadElement ? filterCall.arguments[1] : undefined;
    let effect = operation.effect;
    // `count('id as count').first()`: the read returns an aggregate, a check of how many rows there are.
    if (effect === 'read' && chain.some((link) => library.owners.Builder?.[link.name]?.effect === 'check')) effect = 'check';
    // `insert(...).onConflict(key).ignore()/merge()`: the database resolves the race.
    if (effect === 'create' && followedBy(call, spec.conflictMethods)) effect = 'atomic';
    // A plain `select()` that is not awaited as the result is only a part of a chain.
    if (method === 'select' && followedBy(call, [...spec.filterMethods, ...spec.tableMethods, 'first'])) return undefined;
    // `count('id as count').first()`: the statement is run by its last operation.
    if (effect === 'check' && followedBy(call, Object.keys(library.owners.Builder ?? {}))) return undefined;
    return {
      node: call,
      library,
      owner: 'Builder',
      method,
      effect,
      operation: columnValue ? { ...operation, filterIsKey: true } : operation,
      model: table,
      receiver: callee.object,
      filter: objectFilter ?? columnValue,
      data: argumentAt(call, operation.data),
      created: undefined,
      instance: undefined,
      options: undefined,
      sql: undefined,
      sqlText: undefined,
      params: undefined,
      locking: chain.some((link) => spec.lockMethods.includes(link.name)),
    };
  }
  return undefined;
}

/**
 * `db.select().from(table).where(eq(table.id, id))`, `db.update(table).set({...}).where(...)` (Drizzle): the
 * statement is the whole chain, named by its first call on a builder root; `call` is its last call. The table
 * is the table object's variable, the filter the single `where(...)` argument, the data the `set(...)` argument.
 */
function rootStatementCall(file: FileContext, call: TSESTree.CallExpression, method: string): DatabaseCall | undefined {
  // A chain that goes on is a part of a longer statement.
  const parent = call.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === call && parent.parent?.type === AST_NODE_TYPES.CallExpression) {
    return undefined;
  }
  const chain: { name: string; call: TSESTree.CallExpression }[] = [];
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression && chain.length < 20) {
    const inner = skipTransparent(current.callee);
    const name = inner.type === AST_NODE_TYPES.MemberExpression ? propertyName(inner) : undefined;
    if (inner.type !== AST_NODE_TYPES.MemberExpression || name === undefined) return undefined;
    chain.unshift({ name, call: current });
    current = skipTransparent(inner.object);
  }
  const first = chain[0];
  if (!first || first.call === call || !builderStatementEnds.has(method)) return undefined;
  for (const library of databaseLibraries) {
    const spec = library.builder;
    const operation = library.owners.Builder?.[first.name];
    if (spec?.operationAt !== 'root' || !operation || !chain.slice(1).every((link) => builderStatementEnds.has(link.name))) continue;
    if (!isBuilderRoot(file, library, current)) continue;
    let table: string | undefined;
    for (const link of chain) if (spec.tableMethods.includes(link.name)) table = tableName(link.call.arguments[0]) ?? table;
    const filters = chain.filter((link) => spec.filterMethods.includes(link.name));
    const filter = filters.length === 1 && filters[0]!.call.arguments.length === 1 ? filters[0]!.call.arguments[0] : undefined;
    const data = chain.find((link) => spec.dataMethods?.includes(link.name))?.call.arguments[0];
    let effect = operation.effect;
    if (effect === 'create' && chain.some((link) => spec.conflictMethods.includes(link.name))) effect = 'atomic';
    return {
      node: call,
      library,
      owner: 'Builder',
      method: first.name,
      effect,
      operation,
      model: table,
      receiver: current as TSESTree.Expression,
      filter,
      data,
      created: undefined,
      instance: undefined,
      options: undefined,
      sql: undefined,
      sqlText: undefined,
      params: undefined,
      locking: chain.some((link) => spec.lockMethods.includes(link.name)),
    };
  }
  return undefined;
}

/** A column named by a string (`'address'`, `'links.address'`) or a constant of the application (`Field.userId`). */
function isColumnName(node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string';
  return value.type === AST_NODE_TYPES.MemberExpression && !value.computed && value.object.type === AST_NODE_TYPES.Identifier;
}

/** A table object named by its variable (`accounts`, `schema.accounts`). */
function tableName(node: TSESTree.Node | undefined): string | undefined {
  const value = node && skipTransparent(node);
  if (value?.type === AST_NODE_TYPES.Identifier) return value.name;
  if (value?.type === AST_NODE_TYPES.MemberExpression && !value.computed && value.property.type === AST_NODE_TYPES.Identifier) return value.property.name;
  return undefined;
}

function isBuilderRoot(file: FileContext, library: DatabaseLibrary, node: TSESTree.Node): boolean {
  const spec = library.builder!;
  if (file.types) {
    // An instance of a class that extends nothing is a builder only if the library declares the class.
    const declared = declaredClassOf(file, node);
    if (declared && !declared.extends && !(declared.library && library.packages.includes(packageOf(declared.declaration.getSourceFile().fileName) ?? ''))) return false;
    const type = typeOf(file.types, node);
    if (type) {
      const specifiers = library.packages.map((name) => ({ from: 'package' as const, package: name, name: [...spec.rootTypes] }));
      return typeMatches(file.types, type, specifiers);
    }
  }
  const owner = untypedOwner(file, node, 0);
  return owner?.library === library && owner.owner === spec.rootOwner;
}

/** The innermost object of a chain of calls and members: `this.repo` in `this.repo.a().b`. */
function chainBase(node: TSESTree.Node): TSESTree.Node {
  let current = skipTransparent(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) current = skipTransparent(current.callee);
    else if (current.type === AST_NODE_TYPES.MemberExpression && current.object.type !== AST_NODE_TYPES.ThisExpression) current = skipTransparent(current.object);
    else return current;
  }
}

/** The call is the receiver of a later call named one of `names` (`insert(...).onConflict(...)`). */
function followedBy(call: TSESTree.CallExpression, names: readonly string[]): boolean {
  let current: TSESTree.Node = call;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) {
    const name = propertyName(current.parent);
    if (name !== undefined && names.includes(name)) return true;
    const next: TSESTree.Node | undefined = current.parent.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression) return false;
    current = next;
  }
  return false;
}

// --- Assembling a call ---------------------------------------------------------------------------------------

export function assemble(
  file: FileContext,
  call: TSESTree.CallExpression,
  receiver: TSESTree.Expression,
  method: string,
  owner: DatabaseOwner,
  operation: DatabaseOperation,
): DatabaseCall | undefined {
  const at = (path: ArgumentPath | undefined): TSESTree.Node | undefined => argumentAt(call, path);
  let effect = operation.effect;
  let sqlText: SqlText | undefined;
  let sql: SqlStatement | undefined;
  let params: TSESTree.Node | undefined;
  let model = owner.model;
  if (operation.sql !== undefined) {
    sqlText = sqlTextOf(file, call.arguments[operation.sql]);
    if (!sqlText) return undefined;
    sql = parseSql(sqlText.text);
    params = operation.params !== undefined ? call.arguments[operation.params] : undefined;
    const config = skipTransparent(call.arguments[operation.sql]!);
    if (!params && config.type === AST_NODE_TYPES.ObjectExpression) params = objectProperty(config, 'values');
    const sqlEffect = effectOfSql(sql);
    if (!sqlEffect) return undefined;
    effect = sqlEffect;
    model = sql.table;
  }
  if (operation.entityArg !== undefined) {
    const entity = call.arguments[operation.entityArg];
    model = entity && entity.type === AST_NODE_TYPES.Identifier ? entity.name : (stringArgument(entity) ?? model);
  }
  const instance = operation.instance === 'receiver' ? receiver : at(operation.instance);
  if (instance && operation.instance !== 'receiver' && (model === undefined || owner.library.untyped?.newRows)) {
    // `R.store(R.dispense('user'))`: the entity names its model, and a row not yet stored is created.
    const made = untypedOwner(file, instance, 0);
    if (made?.library === owner.library) {
      model ??= made.model;
      if (effect === 'write' && owner.library.untyped?.newRows?.includes(made.owner)) effect = 'create';
    }
  }
  let created = at(operation.created);
  const constructed = operation.insertsConstructed && instance ? newRowValues(instance) : undefined;
  if (constructed) {
    effect = 'create';
    created = constructed;
  }
  const options = at(operation.options);
  return {
    node: call,
    library: owner.library,
    owner: owner.owner,
    method,
    effect,
    operation,
    model,
    receiver,
    filter: at(operation.filter),
    data: at(operation.data),
    created,
    instance,
    options,
    sql,
    sqlText,
    params,
    locking: (sql?.forUpdate ?? false) || optionsLock(options),
  };
}

/**
 * `new User({ email })`, `new Customer(input)`: the values of an entity constructed in the call, when they do not
 * name the primary key (with `id`, TypeORM's `save` updates the row that has it).
 */
function newRowValues(instance: TSESTree.Node): TSESTree.Node | undefined {
  const value = skipTransparent(instance);
  if (value.type !== AST_NODE_TYPES.NewExpression || value.arguments.length !== 1) return undefined;
  const values = value.arguments[0]!;
  if (values.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const object = skipTransparent(values);
  if (object.type === AST_NODE_TYPES.ObjectExpression && object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || ['id', '_id'].includes(keyOf(property)))) return undefined;
  return object.type === AST_NODE_TYPES.ObjectExpression || object.type === AST_NODE_TYPES.Identifier ? values : undefined;
}

const keyOf = (property: TSESTree.ObjectLiteralElement): string =>
  property.type === AST_NODE_TYPES.Property && !property.computed ? (property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(stringArgument(property.key) ?? '')) : '';

export function effectOfSql(sql: SqlStatement): Effect | undefined {
  switch (sql.kind) {
    case 'select':
      return sql.aggregate ? 'check' : 'read';
    case 'insert':
      return sql.onConflict ? 'atomic' : 'create';
    case 'update':
      return 'write';
    case 'delete':
      return 'delete';
    case 'begin':
    case 'set-transaction':
    case 'commit':
    case 'rollback':
      return 'act';
    default:
      return sql.advisoryLock ? 'lock' : undefined;
  }
}

/** The node at `path`: an argument, or a property of an object-literal argument. */
export function argumentAt(call: TSESTree.CallExpression, path: ArgumentPath | undefined): TSESTree.Node | undefined {
  if (!path) return undefined;
  const argument = call.arguments[path.arg];
  if (!argument || path.property === undefined) return argument;
  const value = skipTransparent(argument);
  return value.type === AST_NODE_TYPES.ObjectExpression ? objectProperty(value, path.property) : undefined;
}

/** The value of a non-computed property of an object literal. */
export function objectProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = property.computed ? undefined : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : stringArgument(property.key);
    if (key === name) return property.value;
  }
  return undefined;
}

/** TypeORM `lock: { mode: 'pessimistic_write' }`; Sequelize `lock: true` / `lock: Transaction.LOCK.UPDATE` with a `transaction`. */
function optionsLock(options: TSESTree.Node | undefined): boolean {
  const value = options && skipTransparent(options);
  if (value?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const lock = objectProperty(value, 'lock');
  if (!lock) return false;
  const lockValue = skipTransparent(lock);
  if (lockValue.type === AST_NODE_TYPES.ObjectExpression) {
    const mode = objectProperty(lockValue, 'mode');
    return mode?.type === AST_NODE_TYPES.Literal && typeof mode.value === 'string' && /^(?:pessimistic_write|pessimistic_write_or_fail|pessimistic_partial_write|for_no_key_update)$/.test(mode.value);
  }
  const hasTransaction = objectProperty(value, 'transaction') !== undefined;
  if (lockValue.type === AST_NODE_TYPES.Literal) return lockValue.value === true && hasTransaction;
  if (lockValue.type === AST_NODE_TYPES.MemberExpression) return propertyName(lockValue) === 'UPDATE' && hasTransaction;
  return false;
}
