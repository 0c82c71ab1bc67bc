import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { fieldReads, isConstantFilter, isIdentityField, presenceFlags, promiseAllIndexReads, isRowOf, keyEntries, objectEntries, paramValues, resultBindings, sameRows, type ResultBinding } from '../analysis/db-results.js';
import { alwaysExits, contains, enclosingFunction, isFunction, propertyName, skipTransparent, transparentParent } from '../analysis/nodes.js';
import { freshName, indentOf, indentUnit, reindent, replaceWithin, wouldLoseComments } from '../fix.js';
import { sameKeyValue, sameResource } from '../analysis/resource.js';
import { decidingTests, guardBetween } from '../analysis/transactions.js';
import { reportWithSteps } from '../report-steps.js';
import { comparedWithClock } from '../analysis/clock.js';
import { isSettledWrite } from '../analysis/settled-writes.js';
import { fixedAtCreation } from '../analysis/written-fields.js';
import { uniqueViolationHandler } from '../analysis/unique-violations.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { argumentAt, databaseCallOf, untypedOwner, type DatabaseCall } from '../recognize/database.js';
import { callsIn, findNodes } from '../recognize/modules.js';
import { declaresUniqueKey } from '../recognize/unique-keys.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';
import { databaseCallsWithHelpers, databaseEffectsOf, resultUnused } from '../analysis/summaries.js';
import { describeRows, TRANSACTION_NOTE, type DatabaseOptions } from './db-read-modify-write.js';

export const databaseCheckThenActMessages = {
  databaseCheckThenCreate:
    '`{{check}}` checks that {{resource}} does not exist before `{{act}}` creates it: a concurrent request can create it in between.{{note}} {{alternative}}.',
  databaseQuotaCheck:
    '`{{check}}` counts {{resource}} before `{{act}}` adds one: concurrent requests can all pass the limit.{{note}} Enforce the limit in one atomic step: a conditional update of a counter row, a lock held across both, or a Serializable transaction.',
  suggestConditionalWrite: 'Move the condition into the write: `updateMany` with the condition in `where`, and take the exit when `count` is 0.',
  suggestConditionalUpdate:
    'Move the condition into the UPDATE (`{{condition}}`), and take the same exit when no row changed (`{{changedRows}}` is 0).',
  suggestCreateAndCatch:
    'Remove the check: create directly and take the same exit when the database reports a unique violation ({{violation}}). Needs a unique index on the checked key.',
  databaseClientUpsert:
    '`upsert` on {{resource}} is not one database statement here ({{reason}}): Prisma reads, then creates or updates, so concurrent calls can both create and one fails with `P2002`. Make it qualify as a database upsert (one unique field in `where`, the same value in `create`, no nested writes or relation reads), or catch `P2002` and retry.',
  databaseMinimumCheck:
    '`{{check}}` counts {{resource}} before `{{act}}` removes one: concurrent requests can all see enough left and remove them all.{{note}} Keep the minimum in one atomic step: a lock held across both, a Serializable transaction, or a delete whose statement re-checks the count.',
  databaseCheckThenWrite:
    '`{{check}}` reads {{resource}} and its `{{field}}` decides whether `{{act}}` runs: a concurrent write can change it in between.{{note}} {{alternative}}.',
} as const;

type MessageId = keyof typeof databaseCheckThenActMessages;

type Kind = 'create' | 'quota' | 'minimum' | 'state';

/**
 * The database half of `race/no-check-then-act`: a read or count whose result decides a create, update or
 * delete of the same model and key (`findUnique` then `create`, `count()` then `create`, a balance check then
 * a debit), without a guard that keeps a concurrent request out in between.
 */
export function databaseCheckThenAct(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly [DatabaseOptions?, ...unknown[]]>>,
): TSESLint.RuleListener {
  const file = getFileContext(context);
  const userTypes = context.options[0]?.databaseTypes ?? [];
  return {
    'Program:exit'() {
      clientUpsertRaces(context, file, userTypes);
      const calls = databaseCallsWithHelpers(file, userTypes);
      const checks = calls.filter((call) => call.effect === 'check' || call.effect === 'read');
      if (checks.length === 0) return;
      const acts = calls.filter((call) => call.effect === 'create' || call.effect === 'write' || call.effect === 'delete');
      for (const check of checks) {
        const bindings = resultBindings(file, check);
        for (const act of acts) {
          if (act.node.range[0] < check.node.range[1] || !contains(enclosingFunction(check.node), act.node)) continue;
          const found = classify(file, check, act, bindings, fixedFields(file, check, act, acts, checks));
          if (!found) continue;
          const verdict = guardBetween(file, check, act);
          // A unique violation caught stops a duplicate key, not a limit: a quota stays reported.
          if (verdict.guard || (found.kind === 'create' && handlesUniqueViolation(file, act))) break;
          // Get-or-create of a key the application declares unique: the database refuses the duplicate.
          if (found.kind === 'create' && uniqueGetOrCreate(file, check, act, bindings)) break;
          // Fixed values written as the function's last effect: a second caller repeats the same write.
          if (found.kind === 'state' && isSettledWrite(file, check, act) && !otherReadDecides(file, check, act, checks)) break;
          report(context, file, check, act, found, verdict.inTransaction);
          break;
        }
      }
    },
  };
}

/** Relation operations inside `create`/`update`: each makes Prisma run the upsert in the client. */
const NESTED_WRITES = new Set(['create', 'createMany', 'connectOrCreate', 'connect', 'disconnect', 'set', 'upsert', 'update', 'updateMany', 'delete', 'deleteMany']);

/**
 * A lone upsert that Prisma cannot run as a database upsert: a read, then a create or an update, in the
 * client. Only shapes the source shows for certain are reported; a `where` key that `create` leaves out (an id
 * generated on create) is not, because two creates of new rows may be what the caller wants.
 */
function clientUpsertRaces(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly [DatabaseOptions?, ...unknown[]]>>,
  file: FileContext,
  userTypes: readonly TypeOrValueSpecifier[],
): void {
  for (const node of callsIn(file)) {
    if (node.callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(node.callee) !== 'upsert') continue;
    const call = databaseCallOf(file, node, userTypes);
    const shape = call?.operation.nativeUpsertOnly;
    if (!call || !shape) continue;
    const reason = clientUpsertReason(file, argumentAt(node, shape.where), argumentAt(node, shape.create), argumentAt(node, shape.update), argumentAt(node, { arg: 0 }));
    if (!reason || handlesUniqueViolation(file, call) || guardBetween(file, call, call).guard) continue;
    context.report({ node, messageId: 'databaseClientUpsert', data: { resource: describeRows(file, call), reason } });
  }
}

function clientUpsertReason(file: FileContext, where: TSESTree.Node | undefined, create: TSESTree.Node | undefined, update: TSESTree.Node | undefined, args: TSESTree.Node | undefined): string | undefined {
  const object = (node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined => {
    const value = node && skipTransparent(node);
    return value?.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
  };
  for (const [name, values] of [['create', object(create)], ['update', object(update)]] as const) {
    const nested = values && objectEntries(values).find(({ value }) => {
      const inner = object(value);
      return inner !== undefined && objectEntries(inner).some(({ key }) => NESTED_WRITES.has(key));
    });
    if (nested) return `a nested write of \`${nested.key}\` in \`${name}\``;
  }
  const options = object(args);
  if (options && objectEntries(options).some(({ key, value }) => key === 'include' || (key === 'select' && object(value) !== undefined && objectEntries(object(value)!).some((entry) => object(entry.value) !== undefined)))) {
    return 'a relation read in `include`/`select`';
  }
  const filter = object(where);
  const created = object(create);
  if (!filter || !created || filter.properties.length !== objectEntries(filter).length) return undefined;
  const fields = objectEntries(filter);
  if (fields.length > 1) return `\`where\` names ${fields.length} fields`;
  const written = keyEntries(created);
  for (const { key, value } of keyEntries(filter)) {
    const entry = written.find((candidate) => candidate.key === key);
    if (entry && !sameKeyValue(file, entry.value, value)) return `\`create\` writes another \`${key}\` than \`where\` names`;
  }
  return undefined;
}

function classify(
  file: FileContext,
  check: DatabaseCall,
  act: DatabaseCall,
  bindings: readonly ResultBinding[],
  fixed: (field: string, read: TSESTree.Node) => boolean,
): { kind: Kind; field?: string } | undefined {
  const tests = decidingTests(file, act.node, enclosingFunction(check.node)).filter((test) => contains(enclosingFunction(check.node), test));
  const decided = (predicate: (test: TSESTree.Expression) => boolean): TSESTree.Expression | undefined => tests.find(predicate);
  const flags = presenceFlags(file, check);
  const elementReads = promiseAllIndexReads(file, check);
  const usesResult = (test: TSESTree.Node): boolean =>
    contains(test, check.node) ||
    mentions(test, bindings) ||
    flags.some((flag) => flag.references.some((reference) => contains(test, reference.identifier))) ||
    elementReads.some((element) => contains(test, element));
  if (isCreate(file, act, bindings)) {
    if (!createsSameKey(file, check, act)) return undefined;
    const guard = guardHelperTest(file, check, act);
    if (guard) return { kind: check.effect === 'check' && comparesWithLimit(guard) ? 'quota' : 'create' };
    const test = decided(usesResult);
    if (!test) return undefined;
    return { kind: check.effect === 'check' && comparesWithLimit(test) ? 'quota' : 'create' };
  }
  // The last owner removed twice: a count of a group compared with a minimum decides a delete from that group.
  if (check.effect === 'check' && act.effect === 'delete') {
    const test = decided(usesResult);
    return test && comparesWithMinimum(file, test) && deletesFromCounted(file, check, act) ? { kind: 'minimum' } : undefined;
  }
  if (act.effect === 'create' || check.effect !== 'read' || bindings.length === 0) return undefined;
  if (!sameRows(file, check, act, bindings)) return undefined;
  // A test of a value of the row decides (`account.balance < amount`); a test of existence alone does not:
  // a row deleted in between makes the write fail, which the caller sees.
  // An identifying field (`comment.author.id !== userId`, `order.userId`) names who owns the row; concurrent
  // writes do not change it.
  // A field no code of the project changes after the row's creation (`fixed`) cannot change in between.
  for (const test of tests) {
    // A row found expired and cleaned up in that branch (`if (token.expiresAt < new Date()) { await delete(…);
    // throw … }`): time passing decided, and a second caller finds it expired too. Consuming a row found *not*
    // expired, after the exit, stays reported (a single-use token used twice).
    const cleanup = test.parent?.type === AST_NODE_TYPES.IfStatement && test.parent.test === test && contains(test.parent.consequent, act.node);
    const reads = fieldReads(file, test, bindings).filter((read) => !isIdentityField(read.field) && !(cleanup && comparedWithClock(read.node)) && !fixed(read.field, read.node));
    if (reads.length > 0) return { kind: 'state', field: reads[0]!.field };
  }
  return undefined;
}

/**
 * Whether a field the check reads is written only when a row is created (analysis/written-fields.ts), so that
 * its test cannot be invalidated — unless another read decides too (an owner count, which concurrent deletes
 * change) or the act consumes the row after other writes (a single-use code deleted after the tokens it
 * grants: both callers make them).
 */
function fixedFields(file: FileContext, check: DatabaseCall, act: DatabaseCall, acts: readonly DatabaseCall[], checks: readonly DatabaseCall[]): (field: string, read: TSESTree.Node) => boolean {
  let applies: boolean | undefined;
  return (field, read) => {
    applies ??=
      !acts.some((other) => other !== act && other.node.range[0] > check.node.range[1] && other.node.range[1] <= act.node.range[0] && !inExitBranch(other.node, act.node)) &&
      !otherReadDecides(file, check, act, checks.filter((other) => other.model?.toLowerCase() === check.model?.toLowerCase()));
    // Every name of the read (`token.expiresAt.getTime()`, `account.balance.lessThan(…)`), not only the last;
    // a destructured field (`const { passwordHash } = …`) is its own name.
    const names: string[] = read.type === AST_NODE_TYPES.MemberExpression ? [] : [field];
    for (let node = skipTransparent(read); node.type === AST_NODE_TYPES.MemberExpression; node = skipTransparent(node.object)) names.push(propertyName(node) ?? '');
    return applies && names.every((name) => /^\d+$/.test(name) || fixedAtCreation(file, check.model, name));
  };
}

/** Whether `node` lies in a branch that always exits before reaching `act` (the cleanup of an expired row). */
function inExitBranch(node: TSESTree.Node, act: TSESTree.Node): boolean {
  for (let current = node.parent; current && !contains(current, act); current = current.parent) {
    if (current.type === AST_NODE_TYPES.BlockStatement && alwaysExits(current)) return true;
  }
  return false;
}

/**
 * `await assertAvailable(email); await prisma.user.create(…)`: the check's test is inside the helper, which
 * throws on it, so every act after the call statement (in the same function, not in a nested one) is decided.
 */
function guardHelperTest(file: FileContext, check: DatabaseCall, act: DatabaseCall): TSESTree.Expression | undefined {
  if (!check.helper || !resultUnused(check.node) || enclosingFunction(act.node) !== enclosingFunction(check.node)) return undefined;
  return databaseEffectsOf(file, check.node).find((effect) => effect.method === check.helper!.method && effect.model === check.model && effect.throwTest)?.throwTest;
}

/** A create: an insert, or a `save` of an object that is not a row read earlier. */
function isCreate(file: FileContext, act: DatabaseCall, bindings: readonly ResultBinding[]): boolean {
  if (act.effect === 'create') return true;
  return act.method === 'save' && act.instance !== undefined && act.operation.instance !== 'receiver' && !isRowOf(file, act.instance, bindings) && newObject(file, act.instance) !== undefined;
}

/** The object literal a create writes: `create({ data: {...} })`, `save({ ... })`, `save(repo.create({ ... }))`. */
function newObject(file: FileContext, node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value;
  // `const workspace = { … }; insert(t).values(workspace)`: the literal, unless one of its fields is assigned later.
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || definition.node.init?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const fieldAssigned = variable!.references.some(({ identifier }) => {
      const member = identifier.parent;
      return member?.type === AST_NODE_TYPES.MemberExpression && member.object === identifier && member.parent?.type === AST_NODE_TYPES.AssignmentExpression && member.parent.left === member;
    });
    return fieldAssigned ? undefined : definition.node.init;
  }
  if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.MemberExpression && value.arguments.length === 1) {
    // `repository.create({...})` builds an entity without writing.
    const owner = untypedOwner(file, value.callee.object, 0);
    if (owner?.owner === 'Repository' || file.types) return newObject(file, value.arguments[0]);
  }
  return undefined;
}

/** The create writes the key the check looked for: every field of the check's filter, with the same value. */
function createsSameKey(file: FileContext, check: DatabaseCall, act: DatabaseCall): boolean {
  if (!check.model || !act.model || check.model.toLowerCase() !== act.model.toLowerCase()) return false;
  if (check.sql && act.sql) {
    const checkParams = paramValues(check);
    const actParams = paramValues(act);
    return check.sql.whereParams.some((index) => {
      const value = checkParams[index - 1];
      return value !== undefined && actParams.some((other) => sameResource(file, value, other));
    });
  }
  const filter = check.filter && skipTransparent(check.filter);
  // `count()` over the whole model: a global limit.
  if (!filter) return check.effect === 'check' && !check.helper;
  const data = newObject(file, act.created ?? act.data ?? act.instance);
  // A create helper names no key of its own (`createContact(workspaceId, userId)`): it creates the checked key
  // when it is handed the checked value.
  const handedToHelper = (value: TSESTree.Node): boolean => act.effect === 'create' && act.node.arguments.some((argument) => sameKeyValue(file, argument, value));
  // Drizzle: `where(eq(users.email, email))`, `where(and(eq(…), eq(…)))`, the columns the insert's `values` writes.
  if ((filter.type === AST_NODE_TYPES.CallExpression || filter.type === AST_NODE_TYPES.ArrowFunctionExpression) && check.library.builder?.tableObjects) {
    const equalities = columnEqualities(filter);
    return !act.helper && data !== undefined && equalities !== undefined && writesEveryKey(file, equalities, objectEntries(data));
  }
  // Through helpers: the key argument of one is a value the other writes or filters by.
  if (filter.type !== AST_NODE_TYPES.ObjectExpression) {
    if (!check.helper && !check.operation.filterIsKey) return false;
    if (act.helper) return act.filter !== undefined ? sameResource(file, filter, act.filter) || fieldOfObject(file, filter, act.filter) : handedToHelper(filter);
    return data !== undefined && objectEntries(data).some(({ value }) => sameResource(file, value, filter));
  }
  if (act.helper) {
    if (act.filter !== undefined) return objectEntries(filter).some(({ value }) => sameResource(file, value, act.filter!));
    const keys = keyEntries(filter).filter(({ value }) => !isConstantFilter(file, value));
    return keys.length > 0 && keys.every(({ value }) => handedToHelper(value));
  }
  if (!data) return createsCheckedObject(file, filter, act.created ?? act.data ?? act.instance);
  return writesEveryKey(file, keyEntries(filter), objectEntries(data));
}

/**
 * The create writes the checked key: every key of the filter, with the same value. A constant condition the
 * create does not write (`deleted: false`, `revokedAt: null`) selects among the rows of the key; it does not
 * make the created row another resource. One it writes must agree.
 */
function writesEveryKey(file: FileContext, keys: readonly { key: string; value: TSESTree.Node }[], written: readonly { key: string; value: TSESTree.Node }[]): boolean {
  const wanted = keys.filter(({ key, value }) => !isConstantFilter(file, value) || written.some((entry) => entry.key === key));
  return (
    wanted.some(({ value }) => !isConstantFilter(file, value)) &&
    wanted.every(({ key, value }) => written.some((entry) => entry.key === key && sameKeyValue(file, entry.value, value)))
  );
}

/**
 * The column equalities of a Drizzle filter: `eq(users.email, email)` → email = email, `and(eq(…), eq(…))` each
 * of them; `isNull(users.deletedAt)` narrows the rows of the key. Undefined for anything else in it (`or`, `sql`,
 * `ilike`), whose rows the equalities do not name.
 */
function columnEqualities(node: TSESTree.Node): { key: string; value: TSESTree.Node }[] | undefined {
  const filter = skipTransparent(node);
  // The relational API's callback form: `where: (users, { eq }) => eq(users.email, email)`.
  const call = filter.type === AST_NODE_TYPES.ArrowFunctionExpression && filter.body.type !== AST_NODE_TYPES.BlockStatement ? skipTransparent(filter.body) : filter;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const name = call.callee.name;
  if (name === 'isNull') return [];
  if (name === 'and') {
    const parts = call.arguments.map((argument) => columnEqualities(argument));
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  const [column, value] = call.arguments;
  if (name !== 'eq' || call.arguments.length !== 2 || !column || !value) return undefined;
  const field = skipTransparent(column);
  const key = field.type === AST_NODE_TYPES.MemberExpression ? propertyName(field) : undefined;
  return key === undefined ? undefined : [{ key, value }];
}

/**
 * The delete removes one member of the counted group: every key of the count's filter that the delete names has
 * the same value, one of them not a constant (`count({ where: { teamId, role: OWNER } })`, then `delete({ where:
 * { teamId_userId: { teamId, userId } } })`), and the delete names the member by a key the count leaves open
 * (`userId`). A count that pins the row itself (`count({ where: { userId, organizationId } })` before deleting
 * that membership by `id`) is a test of its existence, not of how many are left.
 */
function deletesFromCounted(file: FileContext, check: DatabaseCall, act: DatabaseCall): boolean {
  if (check.helper || act.helper || !check.model || !act.model || check.model.toLowerCase() !== act.model.toLowerCase()) return false;
  if (/many$/i.test(act.method)) return false;
  const counted = check.filter && skipTransparent(check.filter);
  const removed = act.filter && skipTransparent(act.filter);
  if (counted?.type !== AST_NODE_TYPES.ObjectExpression || removed?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const removedKeys = keyEntries(removed);
  const shared = keyEntries(counted).flatMap(({ key, value }) => {
    const entry = removedKeys.find((candidate) => candidate.key === key);
    return entry ? [{ value, same: sameKeyValue(file, entry.value, value) }] : [];
  });
  const countedKeys = new Set(keyEntries(counted).map(({ key }) => key));
  const member = removedKeys.some(({ key, value }) => !countedKeys.has(key) && key !== 'id' && key !== '_id' && !isConstantFilter(file, value));
  return member && shared.every(({ same }) => same) && shared.some(({ value }) => !isConstantFilter(file, value));
}

/** `owners <= 1`, `count === 1`: the count compared with a number of at least one (a minimum kept). */
function comparesWithMinimum(file: FileContext, test: TSESTree.Node): boolean {
  const isMinimum = (node: TSESTree.Node): boolean => {
    const value = skipTransparent(node);
    return value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' && value.value >= 1;
  };
  return findNodes(file, test, AST_NODE_TYPES.BinaryExpression).some(
    (comparison) => ['<', '<=', '===', '=='].includes(comparison.operator) && (isMinimum(comparison.left) || isMinimum(comparison.right)),
  );
}

/** `input.email` checked, `createUserFrom(input)` acting: the act is handed the object the key is a field of. */
function fieldOfObject(file: FileContext, key: TSESTree.Node, object: TSESTree.Node): boolean {
  const field = skipTransparent(key);
  const whole = skipTransparent(object);
  return field.type === AST_NODE_TYPES.MemberExpression && !field.computed && (whole.type === AST_NODE_TYPES.Identifier || whole.type === AST_NODE_TYPES.MemberExpression) && sameKeyValue(file, field.object, whole);
}

/**
 * `if (await User.findOne({ email: body.email })) throw …; await User.create(body)`: the create writes the
 * very object whose fields the check named (every key of the filter is that field of it).
 */
function createsCheckedObject(file: FileContext, filter: TSESTree.ObjectExpression, written: TSESTree.Node | undefined): boolean {
  const object = written && skipTransparent(written);
  if (object?.type !== AST_NODE_TYPES.Identifier && object?.type !== AST_NODE_TYPES.MemberExpression) return false;
  const keys = keyEntries(filter).filter(({ value }) => !isConstantFilter(file, value));
  return (
    keys.length > 0 &&
    keys.every(({ key, value }) => {
      const field = skipTransparent(value);
      return field.type === AST_NODE_TYPES.MemberExpression && propertyName(field) === key && sameKeyValue(file, field.object, object);
    })
  );
}

/**
 * A get-or-create (`let row = await find(key); if (!row) row = await create(key)`, or `if (row) return row;`
 * before the create) whose checked key the application declares unique (Prisma `@id`, `@unique`, `@@id`,
 * `@@unique`; TypeORM entity decorators: see unique-keys.ts). The database refuses the duplicate a concurrent caller would write: the loser gets `P2002`
 * and its retry finds the row. A check that answers a taken key with an error of its own (`if (existing) throw
 * new HttpError(409)`) stays reported even then: the race replaces that answer with an unhandled violation.
 */
function uniqueGetOrCreate(file: FileContext, check: DatabaseCall, act: DatabaseCall, bindings: readonly ResultBinding[]): boolean {
  if (check.library !== act.library || check.helper || act.helper || !check.model || bindings.length === 0) return false;
  const filter = check.filter && skipTransparent(check.filter);
  const data = newObject(file, act.created ?? act.data);
  if (filter?.type !== AST_NODE_TYPES.ObjectExpression || !data) return false;
  const written = objectEntries(data);
  const key = keyEntries(filter)
    .filter(({ key, value }) => written.some((entry) => entry.key === key && sameKeyValue(file, entry.value, value)))
    .map((entry) => entry.key);
  if (!declaresUniqueKey(file, check.library.id, check.model, key)) return false;
  const fn = enclosingFunction(check.node);
  const tests = decidingTests(file, act.node, fn).filter((test) => contains(fn, test) && (contains(test, check.node) || mentions(test, bindings)));
  return tests.length > 0 && tests.every((test) => {
    const decision = test.parent;
    if (decision?.type !== AST_NODE_TYPES.IfStatement || decision.test !== test) return false;
    if (contains(decision.consequent, act.node)) return !decision.alternate || !throwsIn(file, decision.alternate);
    if (decision.alternate && contains(decision.alternate, act.node)) return !throwsIn(file, decision.consequent);
    // An exit before the create: it must hand back the row found, not refuse the key.
    const returns = findNodes(file, decision.consequent, AST_NODE_TYPES.ReturnStatement);
    return !throwsIn(file, decision.consequent) && returns.length > 0 && returns.every((exit) => exit.argument !== null && mentions(exit.argument, bindings));
  });
}

/**
 * Another read of the same function decides the write too (`const owners = await count(…)` tested beside
 * `member.role`): two callers can then act on different rows that each pass (the last owner removed twice),
 * which repeating one fixed write does not describe.
 */
function otherReadDecides(file: FileContext, check: DatabaseCall, act: DatabaseCall, reads: readonly DatabaseCall[]): boolean {
  const fn = enclosingFunction(check.node);
  const tests = decidingTests(file, act.node, fn).filter((test) => contains(fn, test));
  return reads.some((read) => {
    if (read === check || read.node.range[0] > act.node.range[0] || enclosingFunction(read.node) !== fn) return false;
    const bindings = resultBindings(file, read);
    return tests.some((test) => contains(test, read.node) || mentions(test, bindings));
  });
}

const throwsIn = (file: FileContext, node: TSESTree.Node): boolean => findNodes(file, node, AST_NODE_TYPES.ThrowStatement).length > 0;

/** `count >= 5`, `count > limit`: compared with something other than zero. */
function comparesWithLimit(test: TSESTree.Node): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.BinaryExpression && ['<', '<=', '>', '>=', '===', '==', '!==', '!='].includes(node.operator)) {
      const sides = [skipTransparent(node.left), skipTransparent(node.right)];
      const zero = sides.some((side) => side.type === AST_NODE_TYPES.Literal && side.value === 0);
      if (!zero) found = true;
    }
    for (const child of Object.values(node)) {
      if (child && typeof child === 'object' && 'type' in child && child !== node.parent) visit(child as TSESTree.Node);
    }
  };
  visit(test);
  return found;
}

const mentions = (node: TSESTree.Node, bindings: readonly ResultBinding[]): boolean =>
  bindings.some((binding) => binding.variable.references.some((reference) => contains(node, reference.identifier)));

/** The create sits in a `try` whose `catch` (or before a `.catch()`) handles a unique violation: already safe. */
function handlesUniqueViolation(file: FileContext, act: DatabaseCall): boolean {
  return uniqueViolationHandler(file, act.node) !== undefined;
}

function report(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  file: FileContext,
  check: DatabaseCall,
  act: DatabaseCall,
  found: { kind: Kind; field?: string },
  inTransaction: boolean,
): void {
  const advice = check.library.advice;
  const data = {
    check: check.method,
    act: act.method,
    resource: describeRows(file, check),
    field: found.field ?? '',
    note: inTransaction ? TRANSACTION_NOTE : '',
    alternative: found.kind === 'state' ? advice.conditionalWrite : advice.createOnce,
  };
  const messageId: MessageId = ({ create: 'databaseCheckThenCreate', quota: 'databaseQuotaCheck', minimum: 'databaseMinimumCheck', state: 'databaseCheckThenWrite' } as const satisfies Record<Kind, MessageId>)[found.kind];
  const rewrite = found.kind === 'create' ? createAndCatch(file, check, act) : undefined;
  const conditional = found.kind === 'state' && found.field ? conditionalDebit(file, check, act, found.field) : undefined;
  const conditionalSql = found.kind === 'state' && found.field && !conditional ? conditionalSqlDebit(file, check, act, found.field) : undefined;
  const [checks, acts] = { create: ['checks', 'creates'], quota: ['counts', 'adds to'], minimum: ['counts', 'removes from'], state: ['reads', 'writes'] }[found.kind];
  reportWithSteps(
    context,
    {
      node: check.node,
      messageId,
      data,
      suggest: rewrite
        ? [{ messageId: 'suggestCreateAndCatch', data: { violation: rewrite.violation }, fix: rewrite.fix }]
        : conditional
          ? [{ messageId: 'suggestConditionalWrite', fix: conditional }]
          : conditionalSql
            ? [{ messageId: 'suggestConditionalUpdate', data: { condition: conditionalSql.condition, changedRows: act.library.changedRows ?? '' }, fix: conditionalSql.fix }]
            : [],
    },
    {
      check: { node: check.node, label: `\`${check.method}\` ${checks} ${data.resource}` },
      act: { node: act.node, label: `\`${act.method}\` ${acts} ${data.resource}` },
    },
  );
}
/**
 * The exact shape both conditional rewrites need: `const <row> = await <read>; if (<test>) <exit>; await <write>;`
 * as three consecutive statements, the test a shortfall of the checked field, and the row used by nothing but
 * the test and `alsoIn` (the written value, which the rewrite replaces).
 */
interface CheckedDebit {
  readonly declaration: TSESTree.VariableDeclaration;
  readonly decision: TSESTree.IfStatement;
  readonly actStatement: TSESTree.ExpressionStatement;
  readonly block: TSESTree.BlockStatement;
  readonly bindings: readonly ResultBinding[];
  readonly condition: { amount: TSESTree.Node; operator: 'gte' | 'gt' };
}

function checkedDebit(file: FileContext, check: DatabaseCall, act: DatabaseCall, field: string): CheckedDebit | undefined {
  if (act.library !== check.library || check.helper || act.helper) return undefined;
  const actStatement = statementOf(act.node);
  if (actStatement?.type !== AST_NODE_TYPES.ExpressionStatement || actStatement.expression.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
  const block = actStatement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const index = block.body.indexOf(actStatement);
  const decision = block.body[index - 1];
  const declaration = block.body[index - 2];
  if (decision?.type !== AST_NODE_TYPES.IfStatement || decision.alternate || !alwaysExits(decision.consequent)) return undefined;
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.declarations.length !== 1 || !contains(declaration, check.node) || joinedIn(check.node, declaration)) return undefined;
  const bindings = resultBindings(file, check);
  const row = bindings.length === 1 && bindings[0]!.field === undefined ? bindings[0]! : undefined;
  if (!row) return undefined;
  const condition = shortfall(file, decision.test, row, field);
  if (!condition) return undefined;
  // Comments outside the exit and the write would be lost with the read and the test.
  if (wouldLoseComments(file.sourceCode, declaration, []) || wouldLoseComments(file.sourceCode, decision, [decision.consequent])) return undefined;
  return { declaration, decision, actStatement, block, bindings, condition };
}

/** Every use of the row lies in the test or in `alsoIn`: the rewrite removes them all. */
const usedOnlyIn = (checked: CheckedDebit, alsoIn: TSESTree.Node | undefined): boolean =>
  checked.bindings.every((binding) =>
    binding.variable.references.every(
      (reference) => reference.init || contains(checked.decision.test, reference.identifier) || (alsoIn !== undefined && contains(alsoIn, reference.identifier)),
    ),
  );

/** `<row>.field - amount` with the checked amount: the debit computed in JavaScript. */
function debitsChecked(file: FileContext, value: TSESTree.Node, row: ResultBinding, field: string, amount: TSESTree.Node): boolean {
  const debit = skipTransparent(value);
  if (debit.type !== AST_NODE_TYPES.BinaryExpression || debit.operator !== '-') return false;
  const reads = fieldReads(file, debit.left, [row]);
  return reads.length === 1 && reads[0]!.node === skipTransparent(debit.left) && reads[0]!.field.toLowerCase() === field.toLowerCase() && sameResource(file, debit.right, amount);
}

/**
 * pg: `const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]); if (rows[0].balance
 * < amount) <exit>; await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount,
 * id]);` → `const result = await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance
 * >= $1', [amount, id]); if (result.rowCount === 0) <exit>`. Both races go: the database checks and debits in one
 * statement. Only offered: a missing row now takes the same exit instead of a TypeError.
 */
function conditionalSqlDebit(
  file: FileContext,
  check: DatabaseCall,
  act: DatabaseCall,
  field: string,
): { fix: TSESLint.ReportFixFunction; condition: string } | undefined {
  const changedRows = act.library.changedRows;
  if (!changedRows || check.sql?.kind !== 'select' || act.sql?.kind !== 'update' || !check.sql.table || check.sql.table !== act.sql.table) return undefined;
  const checked = checkedDebit(file, check, act, field);
  const sqlText = act.sqlText;
  // The SQL is written in the call itself (not a constant elsewhere): the rewrite edits it in place.
  if (!checked || !sqlText?.sourceOffset || !contains(checked.actStatement, sqlText.node) || act.sql.assignments.length !== 1) return undefined;
  const assignment = act.sql.assignments[0]!;
  if (assignment.column !== field.toLowerCase() || assignment.param === undefined) return undefined;
  const param = assignment.param;
  const value = paramValues(act)[param - 1];
  if (!value || !debitsChecked(file, value, checked.bindings[0]!, field, checked.condition.amount) || !usedOnlyIn(checked, value)) return undefined;
  const text = sqlText.text;
  // The statement's offsets count from its first non-blank character.
  const lead = text.length - text.trimStart().length;
  if ([...text.matchAll(new RegExp(`\\$${param}(?!\\d)`, 'g'))].length !== 1) return undefined;
  // The new condition is appended to the WHERE clause: it must end the statement and be a plain conjunction.
  const where = act.sql.where;
  const whereAt = text.lastIndexOf(where);
  if (!where || whereAt < 0 || /\bor\b/i.test(where) || text.slice(whereAt + where.length).trim().replace(/;$/, '') !== '') return undefined;
  const column = /("?[A-Za-z_][\w$]*"?)\s*=\s*$/.exec(text.slice(0, lead + assignment.offset))?.[1];
  if (!column) return undefined;
  const condition = `${column} ${checked.condition.operator === 'gte' ? '>=' : '>'} $${param}`;
  const sourceCode = file.sourceCode;
  const { declaration, decision, actStatement, block } = checked;
  const base = actStatement.range[0];
  const setAt = sqlText.sourceOffset(lead + assignment.offset);
  const whereEnd = sqlText.sourceOffset(whereAt + where.length);
  // Edits inside the write statement, last first.
  let valueRange = value.range;
  // `(rows[0].balance - amount)`: the parentheses go with the value.
  for (let before = sourceCode.getTokenBefore(value), after = sourceCode.getTokenAfter(value); before?.value === '(' && after?.value === ')' && before.range[0] > act.params!.range[0]; ) {
    valueRange = [before.range[0], after.range[1]];
    before = sourceCode.getTokenBefore(before);
    after = sourceCode.getTokenAfter(after);
  }
  const edits: [number, number, string][] = [
    [valueRange[0], valueRange[1], sourceCode.getText(checked.condition.amount)],
    [whereEnd, whereEnd, ` AND ${condition}`],
    [setAt, setAt + assignment.expression.length, `${column} - $${param}`],
  ].sort((a, b) => (b[0] as number) - (a[0] as number)) as [number, number, string][];
  let statementText = sourceCode.getText(actStatement);
  for (const [start, end, replacement] of edits) statementText = `${statementText.slice(0, start - base)}${replacement}${statementText.slice(end - base)}`;
  const result = freshName(sourceCode, block, 'result');
  const indent = indentOf(sourceCode, declaration);
  const exit = reindent(sourceCode, decision.consequent, indent).trimStart();
  const replacement = `const ${result} = ${statementText}\n${indent}if (${result}.${changedRows} === 0) ${exit}`;
  return { condition, fix: (fixer) => fixer.replaceTextRange([declaration.range[0], actStatement.range[1]], replacement) };
}

/**
 * Prisma: `const acct = await find({ where }); if (acct.balance < amount) <exit>; await update({ where, data:
 * { balance: { decrement: amount } } })` → `const { count } = await updateMany({ where: { ...where, balance:
 * { gte: amount } }, data }); if (count === 0) <exit>;`. Only offered: a missing row now takes the same exit
 * instead of its own error.
 */
function conditionalDebit(file: FileContext, check: DatabaseCall, act: DatabaseCall, field: string): TSESLint.ReportFixFunction | undefined {
  if (check.library.id !== 'prisma' || act.method !== 'update') return undefined;
  const checked = checkedDebit(file, check, act, field);
  if (!checked) return undefined;
  const { declaration, decision, actStatement, block, condition } = checked;
  // The data debits the checked field by the checked amount (`{ decrement: amount }`, or `row.field - amount`,
  // which becomes the decrement), and nothing else uses the row.
  const data = act.data && skipTransparent(act.data);
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const debitValue = objectEntries(data).find((entry) => entry.key === field)?.value;
  if (!debitValue) return undefined;
  const debit = skipTransparent(debitValue);
  const operation = debit.type === AST_NODE_TYPES.ObjectExpression && debit.properties.length === 1 ? objectEntries(debit)[0] : undefined;
  const computed = debitsChecked(file, debitValue, checked.bindings[0]!, field, condition.amount);
  if (!computed && (operation?.key !== 'decrement' || !sameResource(file, operation.value, condition.amount))) return undefined;
  if (!usedOnlyIn(checked, computed ? debitValue : undefined)) return undefined;
  const where = act.filter && skipTransparent(act.filter);
  const argument = skipTransparent(act.node.arguments[0]!);
  if (where?.type !== AST_NODE_TYPES.ObjectExpression || where.properties.length === 0 || argument.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const sourceCode = file.sourceCode;
  const callee = skipTransparent(act.node.callee) as TSESTree.MemberExpression;
  const count = freshName(sourceCode, block, 'count');
  const amount = sourceCode.getText(condition.amount);
  const whereText = `{ ${where.properties.map((property) => sourceCode.getText(property)).join(', ')}, ${field}: { ${condition.operator}: ${amount} } }`;
  const rest = objectEntries(argument)
    .filter((entry) => entry.key !== 'where')
    .map((entry) => (computed && contains(entry.property, debitValue) ? replaceWithin(sourceCode, entry.property, debitValue, `{ decrement: ${amount} }`) : sourceCode.getText(entry.property)));
  if (rest.length !== argument.properties.length - 1) return undefined; // a spread: the other options are unknown
  const call = `${sourceCode.getText(callee.object)}.updateMany({ where: ${whereText}, ${rest.join(', ')} })`;
  const indent = indentOf(sourceCode, declaration);
  const exit = reindent(sourceCode, decision.consequent, indent).trimStart();
  const text = `const { count${count === 'count' ? '' : `: ${count}`} } = await ${call};\n${indent}if (${count} === 0) ${exit}`;
  return (fixer) => fixer.replaceTextRange([declaration.range[0], actStatement.range[1]], text);
}

/** `row.f < amount` (or `amount > row.f`, optionally after `!row ||`): the amount, and the filter that keeps enough. */
function shortfall(
  file: FileContext,
  test: TSESTree.Expression,
  row: ResultBinding,
  field: string,
): { amount: TSESTree.Node; operator: 'gte' | 'gt' } | undefined {
  let value = skipTransparent(test);
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator === '||') {
    const left = skipTransparent(value.left);
    if (!(left.type === AST_NODE_TYPES.UnaryExpression && left.operator === '!' && isRow(left.argument, row))) return undefined;
    value = skipTransparent(value.right);
  }
  if (value.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
  const isField = (node: TSESTree.Node): boolean => fieldReads(file, node, [row]).some((read) => read.field === field && skipTransparent(node) === read.node);
  const clean = (node: TSESTree.Node): boolean => fieldReads(file, node, [row]).length === 0 && !isRow(node, row);
  if ((value.operator === '<' || value.operator === '<=') && isField(value.left) && clean(value.right)) {
    return { amount: value.right, operator: value.operator === '<' ? 'gte' : 'gt' };
  }
  if ((value.operator === '>' || value.operator === '>=') && isField(value.right) && clean(value.left)) {
    return { amount: value.left, operator: value.operator === '>' ? 'gte' : 'gt' };
  }
  return undefined;
}

const isRow = (node: TSESTree.Node, row: ResultBinding): boolean => {
  const value = skipTransparent(node);
  return value.type === AST_NODE_TYPES.Identifier && row.variable.references.some((reference) => reference.identifier === value);
};


/**
 * `const existing = await find(key); if (existing) <exit>; <create>` (or the check inline in the `if`) →
 * `try { <create> } catch (error) { if (<unique violation>) <exit>; throw error; }`. Only offered: a unique
 * violation on another unique column now takes the exit too, and without a unique index nothing fails.
 */
function createAndCatch(file: FileContext, check: DatabaseCall, act: DatabaseCall): { fix: TSESLint.ReportFixFunction; violation: string } | undefined {
  const violation = check.library.uniqueViolationError;
  if (!violation || check.library !== act.library) return undefined;
  const actStatement = statementOf(act.node);
  const block = actStatement?.parent;
  if (!actStatement || (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program)) return undefined;
  const statements = block.body as TSESTree.Node[];
  const index = statements.indexOf(actStatement);
  const decision = statements[index - 1];
  if (decision?.type !== AST_NODE_TYPES.IfStatement || decision.alternate || !alwaysExits(decision.consequent)) return undefined;
  const bindings = resultBindings(file, check);
  let start: TSESTree.Node = decision;
  if (!contains(decision.test, check.node)) {
    const declaration = statements[index - 2];
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.declarations.length !== 1 || !contains(declaration, check.node) || joinedIn(check.node, declaration)) return undefined;
    // The result must be used only by the test: the rewrite removes it.
    const onlyInTest = bindings.length > 0 && bindings.every((binding) => binding.variable.references.every((reference) => reference.init || contains(decision.test, reference.identifier)));
    if (!onlyInTest) return undefined;
    start = declaration;
  }
  const sourceCode = file.sourceCode;
  const indent = indentOf(sourceCode, start);
  const unit = indentUnit(sourceCode);
  const error = freshName(sourceCode, block, 'error');
  const test = `typeof ${error} === 'object' && ${error} !== null && '${violation.property}' in ${error} && ${error}.${violation.property} === ${violation.value}`;
  // `return create()` inside `try` would let the rejection escape the `catch`: it must be awaited there.
  const fn = enclosingFunction(act.node);
  if (fn.type === AST_NODE_TYPES.Program || !fn.async) return undefined;
  const awaited =
    actStatement.type === AST_NODE_TYPES.ReturnStatement && actStatement.argument && actStatement.argument.type !== AST_NODE_TYPES.AwaitExpression
      ? `return await ${sourceCode.getText(actStatement.argument)};`
      : undefined;
  if (!awaited && actStatement.type === AST_NODE_TYPES.ExpressionStatement && actStatement.expression.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
  const text = [
    'try {',
    reindent(sourceCode, actStatement, `${indent}${unit}`, awaited),
    `${indent}} catch (${error}) {`,
    `${indent}${unit}if (${test}) ${reindent(sourceCode, decision.consequent, `${indent}${unit}`).trimStart()}`,
    `${indent}${unit}throw ${error};`,
    `${indent}}`,
  ].join('\n');
  return {
    violation: `\`${violation.property} === ${violation.value}\``,
    fix: (fixer) => fixer.replaceTextRange([start.range[0], actStatement.range[1]], text),
  };
}

/** The read is one element of an array (`Promise.all([read, other])`): removing the declaration would drop the others. */
function joinedIn(read: TSESTree.Node, declaration: TSESTree.Node): boolean {
  for (let current = read.parent; current && current !== declaration; current = current.parent) if (current.type === AST_NODE_TYPES.ArrayExpression) return true;
  return false;
}

/** The statement whose whole work is the call: `await create(...);`, `return create(...);`. */
function statementOf(call: TSESTree.CallExpression): TSESTree.Statement | undefined {
  let { node, parent } = transparentParent(call);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) ({ node, parent } = transparentParent(parent));
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.ReturnStatement && parent.argument === node)) return parent;
  return undefined;
}
