import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { prisma, typeorm } from '../catalogue/databases.js';
import { memoize, type FileContext } from '../file-context.js';
import { propertyName, skipTransparent } from '../analysis/nodes.js';
import { callsIn } from './modules.js';
import { originOf } from './instances.js';
import type { DatabaseOwner } from './database.js';

/**
 * Recognition by API shape, the weakest evidence: asked only when neither the type checker nor the file's
 * bindings nor the application's modules tell what a receiver is (`ctx.db.user.findFirst(...)` in a tRPC
 * procedure, `this.prisma.user` injected by a framework).
 *
 * A Prisma model delegate is `<client>.<model>.<method>({ where, data, ... })`. One such call is not enough: an
 * API client or a repository may name its methods alike. The same `<client>.<model>` must be both read with a
 * `where` filter (`findUnique`, `findFirst`, `count`) and written (`create`, `update`, `upsert`, `delete`) in
 * the file, every argument object using only Prisma's argument names, before any of its calls counts.
 */
export function prismaDelegateByShape(file: FileContext, call: TSESTree.CallExpression, method: string): DatabaseOwner | undefined {
  const receiver = delegateReceiver(call, method);
  if (!receiver || madeInFile(file, receiver.delegate.object)) return undefined;
  const paired = pairedDelegates(file);
  return paired.has(file.sourceCode.getText(receiver.delegate)) ? { library: prisma, owner: 'Delegate', model: receiver.model } : undefined;
}

/** Values the file itself makes: an object, array, function or class instance is known, and no client by shape. */
const MADE_HERE = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
]);

/**
 * The client's root (`store` in `store.user`, `this.db`) holds a value this file makes: a shape is evidence only
 * about a value whose origin is unknown (a parameter, an injected field, a context property, an import).
 */
function madeInFile(file: FileContext, client: TSESTree.Node): boolean {
  let root = skipTransparent(client);
  while (root.type === AST_NODE_TYPES.MemberExpression && root.object.type !== AST_NODE_TYPES.ThisExpression) root = skipTransparent(root.object);
  if (root.type === AST_NODE_TYPES.Identifier) {
    const definition = ASTUtils.findVariable(file.sourceCode.getScope(root), root)?.defs[0];
    if (definition?.type === 'ClassName' || definition?.type === 'FunctionName') return true;
  }
  return MADE_HERE.has(originOf(file, root).type);
}

/** Reads that name their rows with a `where` object. */
const SHAPED_READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'count']);
const SHAPED_WRITES = new Set(['create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany']);

/** The argument properties Prisma's model methods take. */
const PRISMA_ARGUMENTS = new Set([
  'where', 'data', 'select', 'include', 'omit', 'create', 'update', 'orderBy', 'take', 'skip', 'cursor', 'distinct',
  'skipDuplicates', 'relationLoadStrategy', '_count', '_sum', '_avg', '_min', '_max', 'by', 'having',
]);
/** What each method's argument must hold. */
const REQUIRED_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  findUnique: ['where'],
  findUniqueOrThrow: ['where'],
  findFirst: ['where'],
  findFirstOrThrow: ['where'],
  count: ['where'],
  findMany: [],
  create: ['data'],
  createMany: ['data'],
  update: ['where', 'data'],
  updateMany: ['data'],
  upsert: ['where', 'create', 'update'],
  delete: ['where'],
  deleteMany: [],
};

interface DelegateReceiver {
  readonly delegate: TSESTree.MemberExpression;
  readonly model: string;
}

/** `<client>.<model>.<method>({ ... })` with an argument object of Prisma's shape for `method`. */
function delegateReceiver(call: TSESTree.CallExpression, method: string): DelegateReceiver | undefined {
  const required = REQUIRED_ARGUMENTS[method];
  if (!required || call.arguments.length > 1) return undefined;
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const delegate = skipTransparent(callee.object);
  if (delegate.type !== AST_NODE_TYPES.MemberExpression || delegate.computed) return undefined;
  const model = propertyName(delegate);
  // A model is a lower-camel-case name; `$transaction`, `_internal` and constants are not models.
  if (!model || !/^[a-z][A-Za-z0-9]*$/.test(model)) return undefined;
  const argument = call.arguments[0] && skipTransparent(call.arguments[0]);
  if (!argument) return required.length === 0 ? { delegate, model } : undefined;
  if (argument.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const keys = new Set<string>();
  for (const property of argument.properties) {
    // A spread may hold anything: the shape is then not Prisma's by evidence.
    if (property.type !== AST_NODE_TYPES.Property || property.computed) return undefined;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
    if (!key || !PRISMA_ARGUMENTS.has(key)) return undefined;
    keys.add(key);
  }
  return required.every((key) => keys.has(key)) ? { delegate, model } : undefined;
}

/** The `<client>.<model>` texts of the file that are both read by `where` and written, in Prisma's shapes. */
function pairedDelegates(file: FileContext): ReadonlySet<string> {
  return memoize(file, 'prisma-delegates-by-shape', () => {
    const reads = new Set<string>();
    const writes = new Set<string>();
    for (const call of callsIn(file)) {
      const callee = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee : undefined;
      const method = callee && propertyName(callee);
      if (!method || (!SHAPED_READS.has(method) && !SHAPED_WRITES.has(method))) continue;
      const receiver = delegateReceiver(call, method);
      if (!receiver) continue;
      (SHAPED_READS.has(method) ? reads : writes).add(file.sourceCode.getText(receiver.delegate));
    }
    return new Set([...reads].filter((text) => writes.has(text)));
  });
}

/**
 * A TypeORM repository by its factory's shape: `<x>.getRepository(Entity)`, or a wrapper's
 * `getRepository(ctx, Entity)` (Vendure's `TransactionalConnection`), on a receiver whose origin is unknown
 * (an injected connection of the application's own class). The entity must be a class the file imports or
 * declares: a repository fetched by a string or a token is some other container's.
 */
export function typeormRepositoryByShape(file: FileContext, call: TSESTree.CallExpression): DatabaseOwner | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'getRepository') return undefined;
  if (call.arguments.length === 0 || call.arguments.length > 2 || madeInFile(file, callee.object)) return undefined;
  const entity = skipTransparent(call.arguments.at(-1)!);
  if (entity.type !== AST_NODE_TYPES.Identifier || !/^[A-Z][A-Za-z0-9]*$/.test(entity.name)) return undefined;
  const definition = ASTUtils.findVariable(file.sourceCode.getScope(entity), entity)?.defs[0];
  const isClass =
    definition?.type === 'ClassName' ||
    (definition?.type === 'ImportBinding' &&
      definition.parent.type === AST_NODE_TYPES.ImportDeclaration &&
      definition.parent.importKind !== 'type' &&
      !(definition.node.type === AST_NODE_TYPES.ImportSpecifier && definition.node.importKind === 'type'));
  return isClass ? { library: typeorm, owner: 'Repository', model: entity.name } : undefined;
}
