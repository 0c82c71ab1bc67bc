import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { databaseCallOf, type DatabaseCall } from '../recognize/database.js';
import { findNodes } from '../recognize/modules.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';
import { readableCalleeOf } from './callees.js';
import { calleeName, enclosingFunction, isFunction, keyName, skipTransparent, type FunctionNode } from './nodes.js';
import { nonPositiveOperands, positiveOperands } from './positive-tests.js';
import { alwaysExitsStatement, awaitedCall } from './statements.js';
import { transactionAround } from './transactions.js';
import { uniqueKeyingOf } from './unique-keyed-creates.js';

/**
 * Steps only one of two concurrent callers gets past: a claim (a conditional `updateMany` whose count is
 * checked, a claiming `update` that throws), a create keyed by a unique key, a transaction with such a create.
 * What follows such a step runs once.
 */

/**
 * The effect runs only when an atomic state transition claimed rows: inside `if (count > 0)` (also `count`,
 * `count >= 1`, `count !== 0`, joined by `&&`), where `count` is what a Prisma `updateMany` whose `where` tests
 * a field its `data` changes returned (`const { count } = await db.group.updateMany({ where: { id, status:
 * 'pending' }, data: { status: 'resolved' } })`), directly or as the return of a helper (of this file, or
 * imported without types) that returns only such a count or a number literal. Of two concurrent requests only
 * one claims the rows; the other's count is 0 and it skips the effect.
 */
export function gatedByClaim(file: FileContext, effect: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.IfStatement || parent.consequent !== current) continue;
    if (positiveOperands(parent.test).some((operand) => isClaimCount(file, operand, 0, repositories))) return true;
  }
  return false;
}

/**
 * A step before the effect that the second of two concurrent requests does not get past, run unconditionally
 * in a block around it: `if (count === 0) return` (or `throw`) after a claim's count; a claiming Prisma
 * `update`, which throws when the state changed; a Prisma create keyed by a unique from stable values, which
 * throws on a repeat.
 */
export function afterExclusiveStep(file: FileContext, effect: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.BlockStatement) continue;
    for (const statement of parent.body) {
      if (statement.range[0] >= current.range[0]) break;
      if (
        statement.type === AST_NODE_TYPES.IfStatement &&
        !statement.alternate &&
        alwaysExitsStatement(statement.consequent) &&
        nonPositiveOperands(statement.test).some((operand) => isClaimCount(file, operand, 0, repositories))
      ) {
        return true;
      }
      const step = awaitedCall(statement);
      if (step && (isThrowingClaim(file, step, repositories) || throwsOnRepeat(file, step, repositories))) return true;
    }
  }
  return false;
}

/**
 * A database create in a transaction with a create a repeat fails on (a Prisma create keyed by a unique from
 * stable values): in `$transaction([...])` beside it, or a statement of the `$transaction(async (tx) => ...)`
 * callback. The repeat's transaction rolls back, this row with it.
 */
export function inTransactionWithUniqueCreate(file: FileContext, create: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  let element: TSESTree.Node = create;
  while (element.parent && (element.parent.type === AST_NODE_TYPES.AwaitExpression || element.parent.type === AST_NODE_TYPES.TSAsExpression)) element = element.parent;
  const batch = element.parent;
  if (batch?.type === AST_NODE_TYPES.ArrayExpression && batch.parent?.type === AST_NODE_TYPES.CallExpression && batch.parent.arguments[0] === batch && calleeName(batch.parent) === '$transaction') {
    return batch.elements.some((sibling) => sibling !== element && sibling?.type === AST_NODE_TYPES.CallExpression && throwsOnRepeat(file, sibling, repositories));
  }
  const scope = transactionAround(file, create)?.scope;
  if (!scope || !isFunction(scope) || scope.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  return scope.body.body.some((statement) => {
    const step = awaitedCall(statement);
    return step !== undefined && step !== create && throwsOnRepeat(file, step, repositories);
  });
}

/** A Prisma create whose data sets a unique key from stable values: a repeat throws. */
function throwsOnRepeat(file: FileContext, call: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const database = databaseCallOf(file, call, repositories);
  return database?.effect === 'create' && uniqueKeyingOf(file, call, database.library.id, database.model) === 'data';
}

/** `count` of `const { count } = await <claim>`, or of `const count = await helper()` returning only claim counts. */
function isClaimCount(file: FileContext, identifier: TSESTree.Identifier, depth: number, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || !definition.node.init || variable!.references.some((reference) => reference.isWrite() && !reference.init)) return false;
  let init = skipTransparent(definition.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTransparent(init.argument);
  if (init.type !== AST_NODE_TYPES.CallExpression) return false;
  const pattern = definition.node.id;
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    return definition.name.name === identifier.name && pattern.properties.some((property) => property.type === AST_NODE_TYPES.Property && keyName(property.key) === 'count' && property.value === definition.name) && isClaim(file, init, repositories);
  }
  if (pattern.type !== AST_NODE_TYPES.Identifier) return false;
  const helper = readableCalleeOf(file, init);
  return helper !== undefined && depth < 2 && returnsOnlyClaimCounts(helper.file, helper.function, depth + 1, repositories);
}

function returnsOnlyClaimCounts(file: FileContext, fn: FunctionNode, depth: number, repositories: readonly TypeOrValueSpecifier[]): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const returns = findNodes(file, fn.body, AST_NODE_TYPES.ReturnStatement).filter((statement) => enclosingFunction(statement) === fn);
  let claims = 0;
  for (const statement of returns) {
    const value = statement.argument && skipTransparent(statement.argument);
    if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') continue;
    if (value?.type !== AST_NODE_TYPES.Identifier || !isClaimCount(file, value, depth, repositories)) return false;
    claims++;
  }
  return claims > 0;
}

/** A Prisma `updateMany` whose `where` tests a field its `data` sets: a state transition only one caller wins. */
function isClaim(file: FileContext, call: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const database = databaseCallOf(file, call, repositories);
  return database?.method === 'updateMany' && changesWhatItTests(database);
}

/**
 * A Prisma `update` whose `where` tests a field its `data` sets (`where: { id, status: 'pending' }, data: {
 * status: 'rejected' }`): the second of two concurrent callers matches no row, and Prisma throws (`P2025`).
 */
function isThrowingClaim(file: FileContext, call: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const database = databaseCallOf(file, call, repositories);
  return database?.library.id === 'prisma' && database.method === 'update' && changesWhatItTests(database);
}

function changesWhatItTests(database: DatabaseCall): boolean {
  const filter = database.filter && skipTransparent(database.filter);
  const data = database.data && skipTransparent(database.data);
  if (filter?.type !== AST_NODE_TYPES.ObjectExpression || data?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const keys = (object: TSESTree.ObjectExpression): string[] =>
    object.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property && !property.computed ? [keyName(property.key) ?? ''] : []));
  const written = new Set(keys(data));
  return keys(filter).some((key) => key !== '' && key !== 'id' && written.has(key));
}
