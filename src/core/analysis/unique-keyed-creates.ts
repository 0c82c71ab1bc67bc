import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { databaseCallOf } from '../recognize/database.js';
import { naturalKeysOf } from '../recognize/prisma-schema.js';
import { freshSource, isRowRead, isStableValue } from './fresh-values.js';
import { calleeName, keyName, propertyName, skipTransparent } from './nodes.js';
import { inLoopAround, uniqueViolationHandler } from './unique-violations.js';

/**
 * Creates a repeat cannot duplicate because a unique key stops it: the data sets the key from stable values,
 * the `catch` answers the violation, or the rows whose key exists are skipped.
 */

/**
 * A Prisma create whose `data` sets every field of a unique key of its model (by the application's
 * `schema.prisma`, `@unique` or `@@unique`, never the `@id`) from stable values: the request's input, literals,
 * rows read from the database, and package functions of them (`slugify(title)`), but nothing fresh (`nanoid()`, `Date.now()`) and no call of
 * the application's own functions (which may add a random suffix). A repeat fails on the constraint instead of
 * creating a second row: the effect is idempotent itself (a sign-up keyed by its e-mail, an article by its slug).
 */
export function keyedByUnique(file: FileContext, call: TSESTree.CallExpression, library: string, model: string | undefined): boolean {
  return uniqueKeyingOf(file, call, library, model) !== undefined;
}

/**
 * How a unique key keeps a create from making a second row: its data sets the key (`data`: a repeat throws),
 * its `catch` answers the violation (`caught`), or it skips rows whose key exists (`skipped`). Only Prisma's
 * schema is read; for another library, a `catch` that tells the violation apart is the application's word that
 * the key exists.
 */
export function uniqueKeyingOf(file: FileContext, call: TSESTree.CallExpression, library: string, model: string | undefined): 'data' | 'recorded' | 'caught' | 'skipped' | undefined {
  if (library !== 'prisma') return answersUniqueViolation(file, call) ? 'caught' : undefined;
  if (model === undefined) return undefined;
  const params = call.arguments[0] && skipTransparent(call.arguments[0]);
  if (skipsDuplicates(call, params)) return naturalKeysOf(file.filename, model).length > 0 ? 'skipped' : undefined;
  if (answersUniqueViolation(file, call)) {
    return naturalKeysOf(file.filename, model).length > 0 && !setsFreshKeyField(file, params, naturalKeysOf(file.filename, model)) ? 'caught' : undefined;
  }
  const dataProperty = params?.type === AST_NODE_TYPES.ObjectExpression ? params.properties.find((property) => property.type === AST_NODE_TYPES.Property && keyName(property.key) === 'data') : undefined;
  let data = dataProperty?.type === AST_NODE_TYPES.Property ? skipTransparent(dataProperty.value) : undefined;
  // `const prismaData = { name, email }` then `create({ data: prismaData })`: the one object it holds.
  if (data?.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(data), data);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const written = variable?.references.some((reference) => reference.isWrite() && !reference.init) ?? true;
    data = definition?.type === 'Variable' && definition.parent.kind === 'const' && !written && definition.node.init ? skipTransparent(definition.node.init) : undefined;
  }
  // `createMany({ data: items.map((item, i) => ({ ... })) })`: the row each element makes.
  if (data?.type === AST_NODE_TYPES.CallExpression && calleeName(data) === 'map') data = mappedObject(data.arguments[0]);
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const values = new Map<string, TSESTree.Node>();
  for (const property of data.properties) {
    const key = property.type === AST_NODE_TYPES.Property && !property.computed ? keyName(property.key) : undefined;
    if (key !== undefined) values.set(key, (property as TSESTree.Property).value);
  }
  const keys = naturalKeysOf(file.filename, model);
  if (keys.some((key) => key.length > 0 && key.every((field) => values.has(field) && isStableValue(file, values.get(field)!, 0)))) return 'data';
  const recorded = keys.some(
    (key) => key.length > 0 && key.every((field) => values.has(field) && (isStableValue(file, values.get(field)!, 0) || isCallResult(file, values.get(field)!))) && key.some((field) => isCallResult(file, values.get(field)!)),
  );
  return recorded ? 'recorded' : undefined;
}

/** The object an element callback of `map` returns: `(item) => ({ ... })`, or `{ return { ... }; }`. */
function mappedObject(callback: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  if (callback.body.type !== AST_NODE_TYPES.BlockStatement) return skipTransparent(callback.body);
  const last = callback.body.body[callback.body.body.length - 1];
  return last?.type === AST_NODE_TYPES.ReturnStatement && last.argument ? skipTransparent(last.argument) : undefined;
}

/**
 * A part of what an earlier call (not a database read) returned: `customer.id`, `data.data[i].id` of `const {
 * data } = await sendBatchEmail(...)`. A unique key set from it records the object that call made (a sent
 * e-mail's id): the row repeats only when the call does, and the call is the effect to key, not the record.
 */
function isCallResult(file: FileContext, value: TSESTree.Node): boolean {
  let root = skipTransparent(value);
  if (root.type !== AST_NODE_TYPES.MemberExpression) return false;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTransparent(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return false;
  let init = skipTransparent(definition.node.init);
  if (init.type !== AST_NODE_TYPES.AwaitExpression) return false;
  init = skipTransparent(init.argument);
  return init.type === AST_NODE_TYPES.CallExpression && !isRowRead(file, init) && databaseCallOf(file, init, []) === undefined;
}

/** A field of a unique key written in the data with a fresh value (`slug: nanoid()`): a repeat does not collide. */
function setsFreshKeyField(file: FileContext, params: TSESTree.Node | undefined, keys: readonly (readonly string[])[]): boolean {
  const dataProperty = params?.type === AST_NODE_TYPES.ObjectExpression ? params.properties.find((property) => property.type === AST_NODE_TYPES.Property && keyName(property.key) === 'data') : undefined;
  const data = dataProperty?.type === AST_NODE_TYPES.Property ? skipTransparent(dataProperty.value) : undefined;
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const fields = new Set(keys.flat());
  return data.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property && fields.has(keyName(property.key) ?? '') && freshSource(file, property.value, 0) !== undefined,
  );
}

/**
 * `createMany({ data, skipDuplicates: true })`: rows whose unique key already exists are skipped, so on a model
 * with a natural unique key a repeat of the same rows inserts nothing (the rows themselves, often built in a
 * loop, are not read: a key made fresh on each attempt would defeat it).
 */
function skipsDuplicates(call: TSESTree.CallExpression, params: TSESTree.Node | undefined): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'createMany' || params?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return params.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      keyName(property.key) === 'skipDuplicates' &&
      property.value.type === AST_NODE_TYPES.Literal &&
      property.value.value === true,
  );
}

/**
 * The create sits in a `try` (or before a `.catch`) that tells a unique violation apart, outside any loop: the
 * application expects a repeat to hit a unique key, and answers it (a clean "already exists" error, or the
 * existing row: a get-or-create). Its data may come through a spread or a helper's parameter, which is not read
 * field by field; a loop around it would try again with another value.
 */
function answersUniqueViolation(file: FileContext, call: TSESTree.CallExpression): boolean {
  const handler = uniqueViolationHandler(file, call);
  return handler !== undefined && !inLoopAround(handler);
}
