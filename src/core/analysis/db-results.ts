import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import type { FileContext } from '../file-context.js';
import { constantFilterOperators } from '../catalogue/databases.js';
import { databaseCallOf, objectProperty, type DatabaseCall } from '../recognize/database.js';
import { awaitedParent, isFunction, keyName, propertyName, skipTransparent, transparentParent } from './nodes.js';
import { presenceTestOf } from './conditions.js';
import { sameResource } from './resource.js';
import { databaseEffectsOf } from './summaries.js';

/**
 * Where a database read's result goes, and which later expressions read its fields: `const acct = await
 * find(...)`, `const { rows } = await pool.query(...)`, `const row = rows[0]`, `const { balance } = acct`.
 * Both database patterns use it to tell a value derived from a read from any other value.
 */

/** A variable holding (part of) a read's result: the whole row/result, or one field already picked out. */
export interface ResultBinding {
  readonly variable: Scope.Variable;
  /** The field the variable holds (`const { balance } = acct`), or undefined for a row or result. */
  readonly field: string | undefined;
}

export function resultBindings(file: FileContext, read: DatabaseCall): ResultBinding[] {
  const out: ResultBinding[] = [];
  let { node: value, parent } = awaitedParent(read.node);
  // `const existing = key ? await find(key) : undefined`: the variable holds the read's result when it ran.
  while (parent?.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== value) ({ node: value, parent } = transparentParent(parent));
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value) {
    // Get-or-create: `let row = await find(); if (!row) row = await create(…)`: either way a row of the key.
    if (parent.id.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(parent.id), parent.id);
      const writes = variable?.references.filter((reference) => reference.isWrite() && !reference.init) ?? [];
      if (variable && writes.length > 0 && writes.every((reference) => reference.identifier.type === AST_NODE_TYPES.Identifier && createsRowOf(file, read, reference.identifier))) {
        out.push({ variable, field: undefined });
        return out;
      }
    }
    bindPattern(file, read, parent.id, undefined, out, 0);
  }
  const joined = promiseAllElement(read.node) ?? pendingPromiseElement(file, read.node);
  if (joined) bindPattern(file, read, joined.pattern, undefined, out, 0);
  return out;
}

/** `row = await <model>.create(…)` (or `??=`): the variable now holds a new row of the read's model. */
function createsRowOf(file: FileContext, read: DatabaseCall, target: TSESTree.Identifier): boolean {
  const assignment = target.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== target || !['=', '??=', '||='].includes(assignment.operator)) return false;
  let value = skipTransparent(assignment.right);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTransparent(value.argument);
  return value.type === AST_NODE_TYPES.CallExpression && createsModelOf(file, read, value);
}

/**
 * `id = typeof created === 'number' ? created : created.id` after `const [created] = await db('domains').insert(…)`:
 * the assigned value is (a field of) what a create of the read's model returned.
 */
function assignsCreatedValue(file: FileContext, read: DatabaseCall, target: TSESTree.Identifier): boolean {
  const assignment = target.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== target || !['=', '??=', '||='].includes(assignment.operator)) return false;
  return createdValue(file, read, assignment.right, 0);
}

function createdValue(file: FileContext, read: DatabaseCall, node: TSESTree.Node, depth: number): boolean {
  if (depth > 4) return false;
  let value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTransparent(value.argument);
  switch (value.type) {
    case AST_NODE_TYPES.CallExpression:
      return createsModelOf(file, read, value);
    case AST_NODE_TYPES.ConditionalExpression:
      return createdValue(file, read, value.consequent, depth + 1) && createdValue(file, read, value.alternate, depth + 1);
    case AST_NODE_TYPES.MemberExpression:
      return createdValue(file, read, value.object, depth + 1);
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || definition?.type !== 'Variable' || !definition.node.init || variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
      return createdValue(file, read, definition.node.init, depth + 1);
    }
    default:
      return false;
  }
}

/** `call` creates a row of the read's model: directly, or as the one database effect of an app helper. */
function createsModelOf(file: FileContext, read: DatabaseCall, value: TSESTree.CallExpression): boolean {
  const sameModel = (model: string | undefined): boolean => read.model !== undefined && model?.toLowerCase() === read.model.toLowerCase();
  const created = databaseCallOf(file, value);
  if (created) return created.effect === 'create' && sameModel(created.model);
  // A create helper of the app (`row = await createContact(…)`): its one database effect creates the model.
  const effects = databaseEffectsOf(file, value);
  return effects.length === 1 && effects[0]!.effect === 'create' && sameModel(effects[0]!.model);
}

/**
 * `const taken = (await db.user.count({ where })) > 0`: a constant that keeps only whether the read found
 * something. Its tests are tests of the read.
 */
export function presenceFlags(file: FileContext, read: DatabaseCall): Scope.Variable[] {
  const { node: value } = awaitedParent(read.node);
  const test = presenceTestOf(value);
  const { node, parent } = transparentParent(test);
  if (test === value || parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node || parent.id.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(parent.id), parent.id);
  return variable && !variable.references.some((reference) => reference.isWrite() && !reference.init) ? [variable] : [];
}

/**
 * `const [used, team] = await Promise.all([db.invite.count(…), db.team.findUnique(…)])`: the element of the
 * destructuring that receives the read's result.
 */
function promiseAllElement(read: TSESTree.Node): { pattern: TSESTree.Node } | undefined {
  const joined = joinedElement(read);
  if (joined?.declarator.id.type !== AST_NODE_TYPES.ArrayPattern) return undefined;
  const element = joined.declarator.id.elements[joined.index];
  return element && element.type !== AST_NODE_TYPES.RestElement ? { pattern: element } : undefined;
}

/**
 * `const tasks = await Promise.all([find(…), other()]); if (tasks[0]) …`: the reads of the read's element by its
 * index. The array as a whole is not a binding (its other elements are other values), so only these count.
 */
export function promiseAllIndexReads(file: FileContext, read: DatabaseCall): TSESTree.MemberExpression[] {
  const joined = joinedElement(read.node);
  if (joined?.declarator.id.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(joined.declarator.id), joined.declarator.id);
  if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init)) return [];
  return variable.references.flatMap((reference) => {
    const member = reference.identifier.parent;
    const key = member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier && member.computed ? skipTransparent(member.property) : undefined;
    return key?.type === AST_NODE_TYPES.Literal && key.value === joined.index ? [member as TSESTree.MemberExpression] : [];
  });
}

/** The read is element `index` of an awaited `Promise.all([…])` whose results `declarator` receives. */
function joinedElement(read: TSESTree.Node): { index: number; declarator: TSESTree.VariableDeclarator } | undefined {
  let { node, parent: array } = transparentParent(read);
  // `customUrl && find(…)`: the element holds the read's result when it ran, a falsy value otherwise.
  while (array?.type === AST_NODE_TYPES.LogicalExpression && array.operator === '&&' && array.right === node) ({ node, parent: array } = transparentParent(array));
  if (array?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const index = array.elements.indexOf(node as TSESTree.Expression);
  // Elements before a spread could still line up; after one they cannot.
  if (array.elements.slice(0, index).some((element) => element?.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const all = transparentParent(array).parent;
  if (all?.type !== AST_NODE_TYPES.CallExpression || all.arguments[0] !== transparentParent(array).node || all.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = skipTransparent(all.callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Promise' || propertyName(all.callee) !== 'all') return undefined;
  const { node: awaited, parent: declarator } = awaitedParent(all);
  if (awaited === transparentParent(all).node) return undefined; // not awaited: a promise of the results
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === awaited ? { index, declarator } : undefined;
}

/**
 * `const findCommunity = Community.findOne(…); … const [page, community] = await Promise.all([createPage,
 * findCommunity])`: the read started earlier and kept as a promise, joined once.
 */
function pendingPromiseElement(file: FileContext, read: TSESTree.CallExpression): { pattern: TSESTree.Node } | undefined {
  const { node, parent } = transparentParent(read);
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node || parent.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (parent.parent?.type !== AST_NODE_TYPES.VariableDeclaration || parent.parent.kind !== 'const') return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(parent.id), parent.id);
  const uses = variable?.references.filter((reference) => !reference.init) ?? [];
  return uses.length === 1 ? promiseAllElement(uses[0]!.identifier) : undefined;
}

function bindPattern(file: FileContext, read: DatabaseCall, pattern: TSESTree.Node, field: string | undefined, out: ResultBinding[], depth: number): void {
  if (depth > 4) return;
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(pattern), pattern);
      if (!variable) return;
      // A variable reassigned later may hold anything, unless every assignment stores what a create of the same
      // model returned (`let id = existing?.id; if (!id) id = (await insert(…))[0].id`): a row of the key either way.
      const writes = variable.references.filter((reference) => reference.isWrite() && !reference.init);
      if (writes.length > 0) {
        if (writes.every((reference) => reference.identifier.type === AST_NODE_TYPES.Identifier && assignsCreatedValue(file, read, reference.identifier))) out.push({ variable, field });
        return;
      }
      out.push({ variable, field });
      if (field === undefined) followAliases(file, read, variable, out, depth);
      return;
    }
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
        const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
        // `{ rows }` holds rows, `{ balance }` a field of a row.
        bindPattern(file, read, property.value, key !== undefined && ROW_HOLDERS.has(key) ? undefined : key, out, depth + 1);
      }
      return;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) if (element) bindPattern(file, read, element, field, out, depth + 1);
      return;
    case AST_NODE_TYPES.AssignmentPattern:
      bindPattern(file, read, pattern.left, field, out, depth + 1);
      return;
    default:
      return;
  }
}

/** Result properties that hold rows rather than a field: pg `rows`, Sequelize `dataValues`, DynamoDB `Item`/`Items`. */
const ROW_HOLDERS = new Set(['rows', 'dataValues', 'Item', 'Items']);

/**
 * `const row = result.rows[0]`, `const { balance } = acct`, `const views = rows[0]!.views`: new names for parts
 * of the result (a row, or one field of it).
 */
function followAliases(file: FileContext, read: DatabaseCall, variable: Scope.Variable, out: ResultBinding[], depth: number): void {
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    let top: TSESTree.Node = reference.identifier;
    let field: string | undefined;
    for (;;) {
      const { node, parent } = transparentParent(top);
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node) break;
      const name = propertyName(parent);
      top = parent;
      // `rows[0]` and `.rows` select rows; a named field ends the chain.
      if (name !== undefined && !ROW_HOLDERS.has(name) && !/^\d+$/.test(name)) {
        field = name;
        break;
      }
    }
    top = transparentParent(top).node;
    const declarator = top.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== top) continue;
    // A field is taken into a plain name only (`const views = row.views`); `rows.length` is not a field.
    if (field === undefined) bindPattern(file, read, declarator.id, undefined, out, depth + 1);
    else if (declarator.id.type === AST_NODE_TYPES.Identifier && field !== 'length') bindPattern(file, read, declarator.id, field, out, depth + 1);
  }
}

/** A read of a field of the result inside `expression`: `acct.balance`, `rows[0].stock`, `balance`. */
export interface FieldRead {
  readonly field: string;
  readonly node: TSESTree.Node;
}

export function fieldReads(file: FileContext, expression: TSESTree.Node, bindings: readonly ResultBinding[]): FieldRead[] {
  const out: FieldRead[] = [];
  if (bindings.length === 0) return out;
  const visitorKeys = file.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const visit = (node: TSESTree.Node): void => {
    if (isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const root = rootIdentifier(node);
      const binding = root && bindingOf(file, root, bindings);
      const name = propertyName(node);
      // `rows.length` counts the rows; `rows[0].length` would be a column.
      const object = skipTransparent(node.object);
      const rowCount = name === 'length' && !(object.type === AST_NODE_TYPES.MemberExpression && object.computed);
      if (binding && binding.field === undefined && name !== undefined && !/^\d+$/.test(name) && !ROW_HOLDERS.has(name) && !rowCount) {
        out.push({ field: name, node });
        return;
      }
    }
    if (node.type === AST_NODE_TYPES.Identifier) {
      const binding = bindingOf(file, node, bindings);
      if (binding?.field !== undefined) out.push({ field: binding.field, node });
      return;
    }
    for (const key of visitorKeys[node.type] ?? []) {
      if (key === 'typeAnnotation') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child) visit(child as TSESTree.Node);
      } else if (value && typeof value === 'object') visit(value as TSESTree.Node);
    }
  };
  visit(expression);
  return out;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = skipTransparent(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTransparent(current.object);
    else if (isPlainCopy(current)) current = skipTransparent((current.callee as TSESTree.MemberExpression).object);
    else break;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/** `row.toJSON()`, `doc.toObject()`, `row.get({ plain: true })`: the row's values as a plain object (Sequelize, Mongoose). */
function isPlainCopy(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = propertyName(node.callee);
  if ((name === 'toJSON' || name === 'toObject') && node.arguments.length === 0) return true;
  const options = node.arguments[0];
  return (
    name === 'get' &&
    node.arguments.length === 1 &&
    options?.type === AST_NODE_TYPES.ObjectExpression &&
    options.properties.length === 1 &&
    objectProperty(options, 'plain')?.type === AST_NODE_TYPES.Literal &&
    (objectProperty(options, 'plain') as TSESTree.Literal).value === true
  );
}

export function bindingOf(file: FileContext, identifier: TSESTree.Identifier, bindings: readonly ResultBinding[]): ResultBinding | undefined {
  const reference = bindings.find((binding) => binding.variable.references.some((ref) => ref.identifier === identifier));
  return reference;
}

/** The whole-row binding `node` names, when it is one (`acct` in `acct.save()` or `repo.save(acct)`). */
export function isRowOf(file: FileContext, node: TSESTree.Node | undefined, bindings: readonly ResultBinding[]): boolean {
  const value = node && skipTransparent(node);
  if (value?.type !== AST_NODE_TYPES.Identifier) return false;
  return bindingOf(file, value, bindings)?.field === undefined && bindingOf(file, value, bindings) !== undefined;
}

/** Reads of the result after `position` (outside `except`): the read value is still used after a write. */
export function readAfter(bindings: readonly ResultBinding[], position: number, except: TSESTree.Node): boolean {
  return bindings.some((binding) =>
    binding.variable.references.some(
      (reference) => reference.isRead() && reference.identifier.range[0] > position && !(reference.identifier.range[0] >= except.range[0] && reference.identifier.range[1] <= except.range[1]),
    ),
  );
}

/** `const next = acct.balance - amount` → the initializer, so that `data: { balance: next }` is seen through. */
export function throughConst(file: FileContext, node: TSESTree.Node): TSESTree.Node {
  const value = skipTransparent(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return value;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init && definition.node.id.type === AST_NODE_TYPES.Identifier
    ? skipTransparent(definition.node.init)
    : value;
}

/** Fields that identify a row (or its owner) rather than hold its state: `id`, `_id`, `uuid`, `userId`, `team_id`. */
export const isIdentityField = (field: string): boolean => /^(?:_?id|uuid|.*(?:Id|_id|UUID|Uuid))$/.test(field);

/** Field names compare across naming styles: `stock_count` is `stockCount`. */
export const sameField = (a: string, b: string): boolean => a.replace(/_/g, '').toLowerCase() === b.replace(/_/g, '').toLowerCase();

/**
 * Whether `write` targets the rows `read` returned: it acts on the read's row object, or it names the same
 * model with a filter whose every key is the read's filter key with the same value.
 */
export function sameRows(file: FileContext, read: DatabaseCall, write: DatabaseCall, bindings: readonly ResultBinding[]): boolean {
  if (write.instance && isRowOf(file, write.instance, bindings)) return true;
  if (!read.model || !write.model || read.model.toLowerCase() !== write.model.toLowerCase()) return false;
  if (read.sql && write.sql) return sameSqlKey(file, read, write);
  if (write.operation.overwrites) return overwritesSameRow(file, read, write, bindings);
  if (write.helper && !read.filter) return false;
  return sameFilter(file, read, write.filter) || namesReadRow(file, write.filter, bindings);
}

/**
 * `where: { id: account.id }` after `const account = await find({ where: { email } })`: every key of the
 * write's filter is the same field of the row that was read, so the write targets that row.
 */
function namesReadRow(file: FileContext, filter: TSESTree.Node | undefined, bindings: readonly ResultBinding[]): boolean {
  const object = filter && skipTransparent(filter);
  if (!object || bindings.length === 0) return false;
  if (object.type !== AST_NODE_TYPES.ObjectExpression) {
    // A primary-key filter (TypeORM's `update(row.id, …)`) that is the read row's own `id`: that row. A foreign
    // key of the row (`row.userId`) names another table's row, so only `id` and `_id` count.
    const reads = fieldReads(file, object, bindings);
    return reads.length === 1 && reads[0]!.node === object && (reads[0]!.field === 'id' || reads[0]!.field === '_id');
  }
  const keys = keyEntries(object);
  return (
    keys.length > 0 &&
    keys.length === object.properties.length &&
    keys.every(({ key, value }) => {
      const reads = fieldReads(file, value, bindings);
      return reads.length === 1 && reads[0]!.node === skipTransparent(value) && sameField(reads[0]!.field, key);
    })
  );
}

/** A put of a whole row: it spreads the row read (`{ ...Item, n }`), or writes every key of the read's filter. */
function overwritesSameRow(file: FileContext, read: DatabaseCall, write: DatabaseCall, bindings: readonly ResultBinding[]): boolean {
  const data = write.data && skipTransparent(write.data);
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  if (data.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement && isRowOf(file, property.argument, bindings))) return true;
  const filter = read.filter && skipTransparent(read.filter);
  if (filter?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const written = objectEntries(data);
  const keys = objectEntries(filter);
  return keys.length > 0 && keys.every(({ key, value }) => written.some((entry) => entry.key === key && sameResource(file, entry.value, value)));
}

function sameFilterCall(file: FileContext, a: TSESTree.CallExpression, b: TSESTree.CallExpression): boolean {
  return (
    sameResource(file, a.callee, b.callee) &&
    a.arguments.length === b.arguments.length &&
    a.arguments.every((argument, i) => {
      const x = skipTransparent(argument);
      const y = skipTransparent(b.arguments[i]!);
      if (x.type === AST_NODE_TYPES.CallExpression && y.type === AST_NODE_TYPES.CallExpression) return sameFilterCall(file, x, y);
      return sameResource(file, x, y);
    })
  );
}

/** Every key of `filter` is a key of the read's filter with the same value; a primary-key read matches `{ id }`/`{ _id }`. */
export function sameFilter(file: FileContext, read: DatabaseCall, filter: TSESTree.Node | undefined): boolean {
  if (!read.filter || !filter) return false;
  const readFilter = skipTransparent(read.filter);
  const writeFilter = skipTransparent(filter);
  if (writeFilter.type !== AST_NODE_TYPES.ObjectExpression) {
    // Filter expressions (Drizzle's `eq(table.id, id)`): the same operator on the same operands.
    if (readFilter.type === AST_NODE_TYPES.CallExpression && writeFilter.type === AST_NODE_TYPES.CallExpression) {
      return sameFilterCall(file, readFilter, writeFilter);
    }
    if (readFilter.type !== AST_NODE_TYPES.ObjectExpression) return sameResource(file, readFilter, writeFilter);
    // A helper's key argument against a filter object: the key is one of the filter's values.
    return filter === undefined ? false : objectEntries(readFilter).some(({ value }) => sameResource(file, value, writeFilter));
  }
  const keys = keyEntries(writeFilter);
  if (keys.length === 0) return false;
  if (read.helper) return keys.some(({ value }) => sameResource(file, readFilter, value));
  if (read.operation.filterIsKey) {
    return keys.length === 1 && (keys[0]!.key === 'id' || keys[0]!.key === '_id') && sameResource(file, readFilter, keys[0]!.value);
  }
  if (readFilter.type !== AST_NODE_TYPES.ObjectExpression) {
    // TypeORM's `update(id, ...)` and a read by `{ id }`
    return false;
  }
  const readKeys = keyEntries(readFilter);
  return keys.every(({ key, value }) => readKeys.some((entry) => entry.key === key && sameResource(file, entry.value, value)));
}

/** The same table, and one WHERE parameter of each names the same value. */
function sameSqlKey(file: FileContext, read: DatabaseCall, write: DatabaseCall): boolean {
  const readParams = paramValues(read);
  const writeParams = paramValues(write);
  return read.sql!.whereParams.some((readIndex) =>
    write.sql!.whereParams.some((writeIndex) => {
      const a = readParams[readIndex - 1];
      const b = writeParams[writeIndex - 1];
      return a !== undefined && b !== undefined && sameResource(file, a, b);
    }),
  );
}

/** The elements of a parameters array literal (holes and spreads give an empty list). */
export function paramValues(call: DatabaseCall): TSESTree.Node[] {
  const params = call.params && skipTransparent(call.params);
  if (params?.type !== AST_NODE_TYPES.ArrayExpression) return [];
  if (params.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return [];
  return params.elements as TSESTree.Node[];
}

/**
 * The fields an object filter names, with a Prisma compound unique selector spread into its fields:
 * `{ teamId_userId: { teamId, userId } }` names `teamId` and `userId`, as `{ teamId, userId }` does.
 */
export function keyEntries(object: TSESTree.ObjectExpression): { key: string; value: TSESTree.Node; property: TSESTree.Property }[] {
  return objectEntries(object).flatMap((entry) => {
    const value = skipTransparent(entry.value);
    const operand = equalityOperand(value);
    if (operand) return [{ ...entry, value: operand }];
    if (value.type !== AST_NODE_TYPES.ObjectExpression || !entry.key.includes('_')) return [entry];
    const inner = objectEntries(value);
    const parts = entry.key.split('_');
    const compound = inner.length === parts.length && inner.length === value.properties.length && parts.every((part) => inner.some((field) => field.key === part));
    return compound ? inner : [entry];
  });
}

/**
 * The value an equality operator compares with: Prisma `{ equals: email }` (also with `mode: 'insensitive'`,
 * which matches more rows, never fewer), Sequelize `{ [Op.eq]: key }` and MongoDB `{ $eq: key }` name the same
 * key as `email` and `key` written plainly.
 */
function equalityOperand(value: TSESTree.Node): TSESTree.Node | undefined {
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let operand: TSESTree.Node | undefined;
  for (const property of value.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    const name = property.computed ? (property.key.type === AST_NODE_TYPES.MemberExpression ? propertyName(property.key) : undefined) : keyName(property.key);
    if (property.computed ? name === 'eq' : name === 'equals' || name === '$eq') {
      if (operand) return undefined;
      operand = property.value;
    } else if (property.computed || name !== 'mode') return undefined;
  }
  return operand;
}

/**
 * A filter value that is a constant (`deleted: false`, `revokedAt: null`, TypeORM's `deletedAt: IsNull()`): a
 * condition on the rows, not a key.
 */
export function isConstantFilter(file: FileContext, node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.Literal) return true;
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === 'undefined';
  if (value.type === AST_NODE_TYPES.CallExpression) return value.arguments.length === 0 && isConstantOperator(file, value.callee);
  return value.type === AST_NODE_TYPES.TemplateLiteral && value.expressions.length === 0;
}

/** The callee is a constant filter operator imported from the library's module (`import { IsNull } from 'typeorm'`). */
function isConstantOperator(file: FileContext, callee: TSESTree.Node): boolean {
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee)?.defs[0];
  if (definition?.type !== 'ImportBinding' || definition.node.type !== AST_NODE_TYPES.ImportSpecifier || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration) return false;
  const imported = definition.node.imported;
  const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  return constantFilterOperators[definition.parent.source.value]?.includes(name) ?? false;
}

export function objectEntries(object: TSESTree.ObjectExpression): { key: string; value: TSESTree.Node; property: TSESTree.Property }[] {
  const out: { key: string; value: TSESTree.Node; property: TSESTree.Property }[] = [];
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
    if (key !== undefined) out.push({ key, value: property.value, property });
  }
  return out;
}

export { objectProperty };
