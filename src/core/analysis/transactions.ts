import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { databaseLibraries, type ArgumentPath, type DatabaseLibrary } from '../catalogue/databases.js';
import type { FileContext } from '../file-context.js';
import { argumentAt, databaseCallsWithin, objectProperty, untypedOwner, type DatabaseCall } from '../recognize/database.js';
import { isInsideHeldLock } from '../recognize/locks.js';
import { typeOf, hasProperties } from '../recognize/types.js';
import { contains, enclosingFunction, isFunction, propertyName, skipTransparent, type FunctionNode } from './nodes.js';
import { controllingTests } from './conditions.js';
import { sameResource } from './resource.js';
import { findNodes } from '../recognize/modules.js';

/**
 * Transactions and the guards that make a read and a later write of the same rows safe: a lock held around
 * both, a transaction whose isolation level stops lost updates, a row lock taken by the read in the same
 * transaction. A transaction at the default level (Read Committed on PostgreSQL) is not a guard: two of them
 * can read the same row and both write it back.
 */

export type Isolation = 'serializable' | 'repeatable read' | 'default';

export interface Transaction {
  /** The callback the transaction runs (`$transaction(async (tx) => …)`), or the function holding `BEGIN`. */
  readonly scope: TSESTree.Node;
  readonly isolation: Isolation;
  /** SQL transactions: the `BEGIN` call; the transaction covers the calls on the same client after it. */
  readonly begin: DatabaseCall | undefined;
  readonly end: number;
}

/** The transaction `node` runs in, if one is visible in the file. */
export function transactionAround(file: FileContext, node: TSESTree.Node): Transaction | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && current.parent?.type === AST_NODE_TYPES.CallExpression) {
      const found = callbackTransaction(file, current.parent, current) ?? wrapperTransaction(file, current.parent, current);
      if (found) return found;
    }
  }
  return sqlTransactionAround(file, node);
}

function callbackTransaction(file: FileContext, call: TSESTree.CallExpression, callback: TSESTree.Node): Transaction | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !call.arguments.includes(callback as TSESTree.CallExpressionArgument)) return undefined;
  const method = propertyName(callee);
  if (!method) return undefined;
  for (const library of databaseLibraries) {
    const api = library.transactions?.[method];
    if (!api || !(startsTransaction(file, library, call, callee.object, api.owners) || runsLibraryCalls(file, library, method, callback))) continue;
    const paths: readonly ArgumentPath[] = api.isolation ? (Array.isArray(api.isolation) ? api.isolation : [api.isolation as ArgumentPath]) : [];
    const levels = paths.map((path) => argumentAt(call, path)).filter((found): found is TSESTree.Node => found !== undefined && found !== callback);
    return { scope: callback, isolation: isolationOf(file, levels), begin: undefined, end: callback.range[1] };
  }
  return undefined;
}

function startsTransaction(file: FileContext, library: DatabaseLibrary, call: TSESTree.CallExpression, receiver: TSESTree.Expression, owners: readonly string[]): boolean {
  if (file.types) {
    const type = typeOf(file.types, receiver);
    if (type && library.shapes?.Client && hasProperties(type, ['$transaction', ...library.shapes.Client])) return true;
    const tsCall = file.types.services.esTreeNodeToTSNodeMap.get(call) as ts.CallExpression | undefined;
    const declaration = tsCall && file.types.checker.getResolvedSignature(tsCall)?.declaration;
    const fileName = declaration && !ts.isJSDocSignature(declaration) ? declaration.getSourceFile().fileName.replace(/\\/g, '/') : undefined;
    if (fileName && library.packages.some((name) => fileName.includes(`/node_modules/${name}/`))) return true;
    if (type) return false;
  }
  const owner = untypedOwner(file, receiver, 0);
  return owner?.library === library && owners.includes(owner.owner);
}

/**
 * Without types and without a receiver the file can place (`import { prisma } from '@acme/db'`): a
 * `$`-prefixed transaction method of the catalogue (Prisma's client namespace; no other API spells it so)
 * whose callback's first parameter receives the library's own calls (`tx.domain.count({ where })`, recognised
 * by their shape) is that library's transaction.
 */
function runsLibraryCalls(file: FileContext, library: DatabaseLibrary, method: string, callback: TSESTree.Node): boolean {
  if (file.types || !method.startsWith('$')) return false;
  return firstParameterReceives(file, callback, library);
}

/** The callback's first parameter (`tx`) is the receiver of database calls (of `library`, when given). */
function firstParameterReceives(file: FileContext, callback: TSESTree.Node, library?: DatabaseLibrary): boolean {
  if (!isFunction(callback)) return false;
  const parameter = callback.params[0];
  if (parameter?.type !== AST_NODE_TYPES.Identifier) return false;
  return databaseCallsWithin(file, callback).some((call) => {
    if ((library && call.library !== library) || !call.receiver) return false;
    let root: TSESTree.Node = skipTransparent(call.receiver);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTransparent(root.object);
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
    return variable?.defs.some((definition) => definition.name === parameter) ?? false;
  });
}

/**
 * An application's own transaction helper given the isolation level in so many words: `$transaction(prisma,
 * 'name', async (tx) => …, { isolationLevel: 'Serializable' })` (trigger.dev's wrapper around Prisma's). The
 * options object names `isolationLevel` and the callback's first parameter receives a database library's calls
 * (`tx.row.findFirst`): the helper runs the callback in a transaction at that level. Only a level that stops
 * lost updates (Serializable, Repeatable Read) is taken: otherwise a wrapper proves nothing here.
 */
function wrapperTransaction(file: FileContext, call: TSESTree.CallExpression, callback: TSESTree.Node): Transaction | undefined {
  if (!isFunction(callback) || !call.arguments.includes(callback as TSESTree.CallExpressionArgument)) return undefined;
  const level = call.arguments
    .map((argument) => skipTransparent(argument))
    .flatMap((argument) => (argument.type === AST_NODE_TYPES.ObjectExpression ? [objectProperty(argument, 'isolationLevel')] : []))
    .find((found): found is TSESTree.Node => found !== undefined);
  const isolation = level ? isolationOf(file, [level]) : 'default';
  if (isolation === 'default' || !firstParameterReceives(file, callback)) return undefined;
  return { scope: callback, isolation, begin: undefined, end: callback.range[1] };
}

/** Reads an isolation level from its source text: `'Serializable'`, `Prisma.TransactionIsolationLevel.RepeatableRead`, `ISOLATION_LEVELS.SERIALIZABLE`. */
function isolationOf(file: FileContext, nodes: readonly TSESTree.Node[]): Isolation {
  for (const node of nodes) {
    const text = file.sourceCode.getText(node).replace(/[\s_'"`]/g, '').toLowerCase();
    if (/serializable$/.test(text)) return 'serializable';
    if (/repeatableread$/.test(text)) return 'repeatable read';
  }
  return 'default';
}

/** `BEGIN` sent on a client, then calls on the same client until `COMMIT`/`ROLLBACK`. */
function sqlTransactionAround(file: FileContext, node: TSESTree.Node): Transaction | undefined {
  const fn = enclosingFunction(node);
  let open: { begin: DatabaseCall; isolation: Isolation } | undefined;
  for (const call of databaseCallsWithin(file, fn)) {
    if (call.node.range[0] > node.range[0]) break;
    if (!call.sql || call.effect !== 'act') continue;
    const kind = call.sql!.kind;
    if (kind === 'begin') open = { begin: call, isolation: levelOf(call.sql!.isolation) };
    else if (kind === 'set-transaction' && open && sameResource(file, open.begin.receiver!, call.receiver!)) open = { ...open, isolation: levelOf(call.sql!.isolation) };
    else if (kind === 'commit' || kind === 'rollback') open = undefined;
  }
  if (!open) return undefined;
  const target = enclosingCallOf(node);
  if (target && open.begin.receiver && target.callee.type === AST_NODE_TYPES.MemberExpression && !sameResource(file, open.begin.receiver, target.callee.object)) {
    return undefined;
  }
  return { scope: fn, isolation: open.isolation, begin: open.begin, end: fn.range[1] };
}

const levelOf = (level: string | undefined): Isolation =>
  level === 'serializable' ? 'serializable' : level === 'repeatable read' ? 'repeatable read' : 'default';

function enclosingCallOf(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  const value = skipTransparent(node);
  return value.type === AST_NODE_TYPES.CallExpression ? value : undefined;
}

/**
 * The conditions deciding whether `act` runs, up to `outer` (the function of the check): a transaction
 * callback is part of the enclosing flow (`if (taken) throw …; await prisma.$transaction(async (tx) =>
 * tx.user.create(…))`), so the tests around the `$transaction` call count too. Exits nested in earlier `if`s
 * count (see `controllingBranches`).
 */
export function decidingTests(file: FileContext, act: TSESTree.Node, outer: FunctionNode | TSESTree.Program): TSESTree.Expression[] {
  const tests: TSESTree.Expression[] = [];
  let from: TSESTree.Node = act;
  for (let fn = enclosingFunction(act); ; ) {
    tests.push(...controllingTests(from, fn, { nestedExits: true }));
    if (fn === outer || fn.type === AST_NODE_TYPES.Program || !contains(outer, fn)) return tests;
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !callbackTransaction(file, call, fn)) return tests;
    from = call;
    fn = enclosingFunction(call);
  }
}

export type Guard = 'lock' | 'isolation' | 'row-lock';

export interface GuardVerdict {
  /** Present when the pair is safe. */
  readonly guard: Guard | undefined;
  /** Both run in one transaction at the default isolation level: not a guard, but worth saying. */
  readonly inTransaction: boolean;
}

/**
 * Whether `read` and the later `write` of the same rows are protected from a concurrent writer: a lock held
 * around both (Redis, redlock, a mutex, an advisory lock), one transaction at Serializable or Repeatable Read,
 * or a row lock taken by the read (`FOR UPDATE`) in the transaction that writes. A row lock cannot stop an
 * insert of a row that did not exist, so for creates it is not a guard.
 */
export function guardBetween(file: FileContext, read: DatabaseCall, write: DatabaseCall): GuardVerdict {
  if (isInsideHeldLock(file, read.node) && isInsideHeldLock(file, write.node)) return { guard: 'lock', inTransaction: false };
  const transaction = transactionAround(file, read.node);
  const sameTransaction = transaction !== undefined && contains(transaction.scope, write.node) && sameTransactionAs(file, transaction, write);
  if (sameTransaction && transaction.isolation !== 'default') return { guard: 'isolation', inTransaction: true };
  if (read.locking && (sameTransaction || read.library.id === 'typeorm') && write.effect !== 'create') return { guard: 'row-lock', inTransaction: sameTransaction };
  if (sameTransaction && write.effect !== 'create' && rowLockedBefore(file, transaction, write.node)) return { guard: 'row-lock', inTransaction: true };
  return { guard: undefined, inTransaction: sameTransaction };
}

function sameTransactionAs(file: FileContext, transaction: Transaction, write: DatabaseCall): boolean {
  if (!transaction.begin) return true;
  const other = transactionAround(file, write.node);
  return other?.begin === transaction.begin;
}

const FOR_UPDATE = /\bfor\s+(?:no\s+key\s+)?update\b/i;

/**
 * A `SELECT … FOR UPDATE` sent in the transaction before `node` by any means: a raw query of an ORM
 * (`tx.$queryRaw\`SELECT … FOR UPDATE\``, `manager.query(...)`), a string or template holding it. The rows
 * it locks stay locked until the transaction ends.
 */
function rowLockedBefore(file: FileContext, transaction: Transaction, node: TSESTree.Node): boolean {
  const scope = transaction.scope;
  const text = file.sourceCode.text.slice(scope.range[0], node.range[0]);
  if (!FOR_UPDATE.test(text)) return false;
  const strings = [...findNodes(file, scope, AST_NODE_TYPES.TemplateLiteral), ...findNodes(file, scope, AST_NODE_TYPES.Literal)];
  return strings.some((string) => {
    if (string.range[1] > node.range[0]) return false;
    const value =
      string.type === AST_NODE_TYPES.TemplateLiteral ? string.quasis.map((quasi) => quasi.value.cooked ?? '').join('$?') : typeof string.value === 'string' ? string.value : '';
    return /^\s*select\b/i.test(value) && FOR_UPDATE.test(value) && (!transaction.begin || sameSqlClient(file, transaction, string));
  });
}

/** For a `BEGIN` transaction, the locking query must go through the same client. */
function sameSqlClient(file: FileContext, transaction: Transaction, string: TSESTree.Node): boolean {
  const call = string.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  return transaction.begin?.receiver !== undefined && sameResource(file, transaction.begin.receiver, call.callee.object);
}
