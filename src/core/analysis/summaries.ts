import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { builderStatementEnds, databaseMethodNames, declaredMethodNames, operationOf, readMethodNames, type DatabaseLibrary, type DatabaseOperation } from '../catalogue/databases.js';
import type { Effect } from '../catalogue/model.js';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import {
  databaseCallCandidatesWithin,
  databaseCallOf,
  databaseCallsWithin,
  declaredOwner,
  effectOfSql,
  isDatabaseCallCandidate,
  isDatabaseReadCandidate,
  shapedOwner,
  type DatabaseCall,
  type DatabaseOwner,
} from '../recognize/database.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';
import { parseSql } from './sql.js';
import { calleeOf, readableCalleeOf } from './callees.js';
import type { ModuleTextFilter } from '../recognize/imported-helpers.js';
import { readThenLaterCalls } from './pairs.js';
import { callsIn, findNodes } from '../recognize/modules.js';
import { controllingBranches, presenceTestOf, runsWhenAbsent } from './conditions.js';
import { presenceFlags, resultBindings } from './db-results.js';
import { awaitedParent, contains, enclosingFunction, propertyName, skipTransparent, transparentParent, type FunctionNode } from './nodes.js';

/**
 * What calling a function does to the database, one call deep: the operations in the body of a helper or
 * repository method (`getAccount(id)` reads `account` by its first parameter). The function is found through
 * the type checker's declaration of the callee, in this file or another one of the program; without type
 * information, through the binding of a function declared in this file.
 */
export interface DatabaseEffect {
  readonly library: DatabaseLibrary;
  readonly owner: string;
  /** The library method the helper calls. */
  readonly method: string;
  readonly effect: Effect;
  readonly operation: DatabaseOperation;
  readonly model: string | undefined;
  /** The helper's parameter that supplies the key of the rows (`where: { id }` with `id` a parameter). */
  readonly keyParameter: number | undefined;
  /** The helper returns the operation's result (a read helper hands the row to its caller). */
  readonly returnsResult: boolean;
  /**
   * A guard helper: the read's result decides a `throw` in the helper (`if (existing) throw new Conflict()`),
   * so what the caller does after `await helper()` runs only on the other outcome. The test is kept (same-file
   * helpers only) so that a limit can be told from an existence test.
   */
  readonly throwTest?: TSESTree.Expression | undefined;
  readonly locking: boolean;
  /** The operation runs in a `try` block of the helper, which handles its failure (a unique violation caught). */
  readonly inTry?: boolean;
}

/** The database operations that calling `call`'s function performs (empty when it is unknown or has none). */
export function databaseEffectsOf(file: FileContext, call: TSESTree.CallExpression): readonly DatabaseEffect[] {
  const cache = memoize(file, 'database-effects', () => new WeakMap<TSESTree.CallExpression, readonly DatabaseEffect[]>());
  const cached = cache.get(call);
  if (cached) return cached;
  const effects = computeEffects(file, call);
  cache.set(call, effects);
  return effects;
}

/**
 * The callee is found by its symbol's declaration (`calleeOf`), not by resolving the call's signature: overload
 * resolution type-checks every argument (whole route handlers passed as callbacks) and was most of the
 * plugin's cost on large projects.
 */
function computeEffects(file: FileContext, call: TSESTree.CallExpression): readonly DatabaseEffect[] {
  const callee = calleeOf(file, call);
  if (callee?.kind === 'remote') return file.types ? foreignEffects(file.types, callee.declaration) : [];
  // In this file, or without types a function imported from another module of the application, read in its own module.
  const readable = readableCalleeOf(file, call, DATABASE_CALL_TEXT);
  return readable ? localEffects(readable.file, readable.function) : [];
}

function localEffects(file: FileContext, fn: FunctionNode): readonly DatabaseEffect[] {
  return databaseCallsWithin(file, fn)
    .filter((inner) => !inner.helper)
    .map((inner) => {
      const returned = returnedAs(file, inner.node, fn);
      return {
        library: inner.library,
        owner: inner.owner,
        method: inner.method,
        // A read helper that returns only whether the row exists is a check: its caller gets no row.
        effect: returned === 'presence' && inner.effect === 'read' ? 'check' : inner.effect,
        operation: inner.operation,
        model: inner.model,
        keyParameter: localKeyParameter(file, fn, inner),
        returnsResult: returned !== undefined,
        throwTest: inner.effect === 'read' || inner.effect === 'check' ? throwingTest(file, fn, inner) : undefined,
        locking: inner.locking,
        inTry: inTryOf(inner.node, fn),
      };
    });
}

function inTryOf(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== fn; current = current.parent) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return true;
  }
  return false;
}

/**
 * The test on `read`'s result that leads to a `throw` in `fn` (not in a nested function), if any. For a read,
 * the throw must be taken when the row is there (`if (existing) throw`): a helper that throws when it is
 * missing (`if (!team) throw`) requires the row rather than guarding its creation.
 */
function throwingTest(file: FileContext, fn: FunctionNode, read: DatabaseCall): TSESTree.Expression | undefined {
  const variables = [...resultBindings(file, read).map((binding) => binding.variable), ...presenceFlags(file, read)];
  const usesIn = (test: TSESTree.Node): TSESTree.Node[] => [
    ...(contains(test, read.node) ? [awaitedParent(read.node).node] : []),
    ...variables.flatMap((variable) => variable.references.filter((reference) => contains(test, reference.identifier)).map((reference) => reference.identifier)),
  ];
  for (const thrown of findNodes(file, fn, AST_NODE_TYPES.ThrowStatement)) {
    if (enclosingFunction(thrown) !== fn || thrown.range[0] < read.node.range[1]) continue;
    for (const branch of controllingBranches(thrown, fn, { nestedExits: true })) {
      const uses = usesIn(branch.test);
      if (uses.length === 0) continue;
      if (read.effect === 'read' && !uses.some((use) => runsWhenAbsent(use, branch) === false)) continue;
      return branch.test;
    }
  }
  return undefined;
}

function localKeyParameter(file: FileContext, fn: FunctionNode, inner: DatabaseCall): number | undefined {
  const candidates: TSESTree.Node[] = [];
  // A create names its row by the values it writes.
  const filter = (inner.filter ?? inner.created ?? inner.data) && skipTransparent((inner.filter ?? inner.created ?? inner.data)!);
  if (filter?.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of filter.properties) if (property.type === AST_NODE_TYPES.Property) candidates.push(property.value);
  } else if (filter) candidates.push(filter);
  if (inner.sql && inner.params) {
    const params = skipTransparent(inner.params);
    if (params.type === AST_NODE_TYPES.ArrayExpression) for (const index of inner.sql.whereParams) if (params.elements[index - 1]) candidates.push(params.elements[index - 1]!);
  }
  for (const candidate of candidates) {
    const value = skipTransparent(candidate);
    if (value.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
    const definition = variable?.defs[0];
    if (definition?.type === 'Parameter' && definition.node === fn) {
      const index = fn.params.findIndex((param) => param === definition.name || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === definition.name));
      if (index >= 0) return index;
    }
  }
  return undefined;
}

/**
 * The helper hands the operation's result to its caller: returned as it is, or as a presence test of it
 * (`return !!found`, `return count > 0`, `const found = await …; return found !== null`), which decides the
 * same things at the caller (`if (await isTaken(slug)) …`).
 */
function returnedAs(file: FileContext, node: TSESTree.Node, fn: FunctionNode): 'result' | 'presence' | undefined {
  const returned = (value: TSESTree.Node): boolean => {
    const parent = transparentParent(value).parent;
    if (parent?.type === AST_NODE_TYPES.ReturnStatement) return true;
    return parent === fn && fn.type === AST_NODE_TYPES.ArrowFunctionExpression && skipTransparent(fn.body) === skipTransparent(value);
  };
  const { node: value, parent } = awaitedParent(node);
  if (returned(value)) return 'result';
  const test = presenceTestOf(value);
  if (test !== value && returned(test)) return 'presence';
  // `const found = await find(…); return found !== null;`: the only use of the result is the returned test.
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(parent.id), parent.id);
  const reads = variable?.references.filter((reference) => !reference.init) ?? [];
  const only = reads.length === 1 && reads[0]!.isReadOnly() ? reads[0]!.identifier : undefined;
  if (only && returned(only)) return 'result';
  if (only && presenceTestOf(only) !== only && returned(presenceTestOf(only))) return 'presence';
  // `const existing = await find(…); if (existing) return toBilling(existing); …`: the row (or its mapping by a
  // function given only the row) is returned where it exists, and only tested elsewhere.
  const handsOver = (use: TSESTree.Node): boolean => {
    if (returned(use)) return true;
    const { node: argument, parent: call } = transparentParent(use);
    return call?.type === AST_NODE_TYPES.CallExpression && call.arguments.length === 1 && call.arguments[0] === argument && returned(call);
  };
  const tested = (use: TSESTree.Node): boolean => {
    const { node: value, parent: test } = transparentParent(use);
    if (test?.type === AST_NODE_TYPES.IfStatement && test.test === value) return true;
    return test?.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && transparentParent(test).parent?.type === AST_NODE_TYPES.IfStatement;
  };
  const uses = reads.map((reference) => reference.identifier);
  const handedOver = reads.every((reference) => reference.isReadOnly()) && uses.some(handsOver) && uses.every((use) => handsOver(use) || tested(use));
  return handedOver ? 'result' : undefined;
}


// --- Declared in another file: read through the TypeScript AST -----------------------------------------------

const isFunctionLike = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node);

/**
 * Per checker, the effects of each function declared in another file: a repository method is called from
 * many files, and its body is read once. Keyed by the checker, not only the declaration: an editor's next
 * program reuses unchanged declaration nodes while the types they refer to may have changed.
 */
const foreignEffectsByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, readonly DatabaseEffect[]>>();

function foreignEffects(types: TypeServices, fn: ts.FunctionLikeDeclaration): readonly DatabaseEffect[] {
  let byDeclaration = foreignEffectsByChecker.get(types.checker);
  if (!byDeclaration) foreignEffectsByChecker.set(types.checker, (byDeclaration = new WeakMap()));
  let effects = byDeclaration.get(fn);
  if (!effects) byDeclaration.set(fn, (effects = readForeignEffects(types, fn)));
  return effects;
}

function readForeignEffects(types: TypeServices, fn: ts.FunctionLikeDeclaration): readonly DatabaseEffect[] {
  const out: DatabaseEffect[] = [];
  for (const call of foreignCandidates(fn)) {
    const effect = foreignEffect(types, fn, call, call.expression);
    if (effect) out.push(effect);
  }
  return out;
}

type ForeignCandidate = ts.CallExpression & { readonly expression: ts.PropertyAccessExpression };

/** Syntax alone, so not per checker: a declaration node reused by the next program has the same text. */
const foreignCandidatesByDeclaration = new WeakMap<ts.FunctionLikeDeclaration, readonly ForeignCandidate[]>();

/** The calls of `fn`'s own body (nested functions left out) named like a method `foreignEffect` can recognise. */
function foreignCandidates(fn: ts.FunctionLikeDeclaration): readonly ForeignCandidate[] {
  let calls = foreignCandidatesByDeclaration.get(fn);
  if (calls) return calls;
  const found: ForeignCandidate[] = [];
  const visit = (node: ts.Node): void => {
    if (node !== fn && isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && declaredMethodNames.has(node.expression.name.text)) {
      found.push(node as ForeignCandidate);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  foreignCandidatesByDeclaration.set(fn, (calls = found));
  return calls;
}

/** A module that holds a database call names one of the catalogued methods: `.findFirst(`, `.where(`. */
const DATABASE_CALL_TEXT: ModuleTextFilter = {
  name: 'database-calls',
  mayHold: new RegExp(`\\.\\s*(?:${[...databaseMethodNames, ...builderStatementEnds].map((name) => name.replace(/[$]/g, '\\$&')).join('|')})\\s*[(<\`]`),
};

/**
 * The function `call` runs holds a call that could be a database operation (with `reads`, a read) by its
 * shape: the cheap test that spares classifying the calls around it when it cannot be one (see
 * `readThenLaterCalls`).
 */
function runsDatabaseNamedCall(file: FileContext, call: TSESTree.CallExpression, reads: boolean): boolean {
  const callee = calleeOf(file, call);
  if (callee?.kind !== 'remote') {
    const readable = readableCalleeOf(file, call, DATABASE_CALL_TEXT);
    const calls = readable ? databaseCallCandidatesWithin(readable.file, readable.function) : [];
    return reads ? calls.some((inner) => isDatabaseReadCandidate(inner)) : calls.length > 0;
  }
  const calls = file.types ? foreignCandidates(callee.declaration) : [];
  return reads ? calls.some((inner) => readMethodNames.has(inner.expression.name.text)) : calls.length > 0;
}

function foreignEffect(types: TypeServices, fn: ts.FunctionLikeDeclaration, call: ts.CallExpression, callee: ts.PropertyAccessExpression): DatabaseEffect | undefined {
  const method = callee.name.text;
  const receiverType = types.checker.getTypeAtLocation(callee.expression);
  const owner: DatabaseOwner | undefined = shapedOwner(receiverType, method) ?? declaredOwner(types, call, method);
  const operation = owner && operationOf(owner.library, owner.owner, method);
  if (!owner || !operation) return undefined;
  let effect: Effect = operation.effect;
  let model: string | undefined;
  const keyCandidates: ts.Expression[] = [];
  if (operation.sql !== undefined) {
    const text = call.arguments[operation.sql];
    if (!text || !(ts.isStringLiteral(text) || ts.isNoSubstitutionTemplateLiteral(text))) return undefined;
    const sql = parseSql(text.text);
    const sqlEffect = effectOfSql(sql);
    if (!sqlEffect) return undefined;
    effect = sqlEffect;
    model = sql.table;
    const params = operation.params !== undefined ? call.arguments[operation.params] : undefined;
    if (params && ts.isArrayLiteralExpression(params)) for (const index of sql.whereParams) if (params.elements[index - 1]) keyCandidates.push(params.elements[index - 1]!);
  } else {
    model = ts.isPropertyAccessExpression(callee.expression) && owner.owner === 'Delegate' ? callee.expression.name.text : modelOfType(types, receiverType, callee.expression);
    // A create names its row by the values it writes.
    const path = operation.filter ?? operation.created ?? operation.data;
    let filter: ts.Expression | undefined = path ? call.arguments[path.arg] : undefined;
    if (filter && path?.property && ts.isObjectLiteralExpression(filter)) filter = objectValue(filter, path.property);
    if (filter && ts.isObjectLiteralExpression(filter)) {
      for (const property of filter.properties) {
        if (ts.isShorthandPropertyAssignment(property)) keyCandidates.push(property.name);
        else if (ts.isPropertyAssignment(property)) keyCandidates.push(property.initializer);
      }
    } else if (filter) keyCandidates.push(filter);
  }
  return {
    library: owner.library,
    owner: owner.owner,
    method,
    effect,
    operation,
    model,
    keyParameter: foreignKeyParameter(types, fn, keyCandidates),
    returnsResult: returnsFrom(call, fn),
    locking: false,
    inTry: foreignInTry(call, fn),
  };
}

function objectValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) return property.initializer;
  }
  return undefined;
}

function modelOfType(types: TypeServices, type: ts.Type, receiver: ts.Expression): string | undefined {
  const argument = types.checker.getTypeArguments(type as ts.TypeReference)[0];
  const name = argument?.getSymbol()?.getName();
  if (name && !name.startsWith('__')) return name;
  return ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
}

function foreignKeyParameter(types: TypeServices, fn: ts.FunctionLikeDeclaration, candidates: readonly ts.Expression[]): number | undefined {
  for (const candidate of candidates) {
    if (!ts.isIdentifier(candidate)) continue;
    const symbol = ts.isShorthandPropertyAssignment(candidate.parent)
      ? types.checker.getShorthandAssignmentValueSymbol(candidate.parent)
      : types.checker.getSymbolAtLocation(candidate);
    const declaration = symbol?.valueDeclaration;
    if (declaration && ts.isParameter(declaration) && declaration.parent === fn) return fn.parameters.indexOf(declaration);
  }
  return undefined;
}

function foreignInTry(node: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  for (let current: ts.Node = node; current !== fn && current.parent; current = current.parent) {
    if (ts.isTryStatement(current.parent) && current.parent.tryBlock === current && current.parent.catchClause) return true;
  }
  return false;
}

function returnsFrom(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  let current: ts.Node = call;
  while (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent)) {
    current = current.parent;
  }
  return ts.isReturnStatement(current.parent) || (ts.isArrowFunction(fn) && fn.body === current);
}

// --- Calls to helpers, as database calls -------------------------------------------------------------------

/**
 * The file's database calls that can take part in a read-then-write pair (see `readThenLaterCalls`), plus the
 * calls to helpers that perform exactly one database operation (or ensure or save a row, see `ensuredRow` and
 * `createOrUpdate`): such a call stands for the operation, with
 * the helper's name, and the argument that supplies the key as its filter. A read helper counts only when it
 * returns what it read. Calls that stand alone are never classified: that keeps the type checker's work to
 * the few functions that read and then write.
 */
export function databaseCallsWithHelpers(file: FileContext, userTypes: readonly TypeOrValueSpecifier[] = []): readonly DatabaseCall[] {
  const compute = (): DatabaseCall[] => {
    const classified = new Map<TSESTree.CallExpression, DatabaseCall | undefined>();
    const classify = (node: TSESTree.CallExpression): DatabaseCall | undefined => {
      if (classified.has(node)) return classified.get(node);
      const direct = isDatabaseCallCandidate(node, userTypes) ? databaseCallOf(file, node, userTypes) : undefined;
      const found = direct ?? (isAwaitedOrReturned(node) ? helperCall(file, node) : undefined);
      classified.set(node, found);
      return found;
    };
    const candidates = callsIn(file).filter((node) => isDatabaseCallCandidate(node, userTypes) || isAwaitedOrReturned(node));
    const isRead = (node: TSESTree.CallExpression): boolean => {
      const effect = classify(node)?.effect;
      return effect === 'read' || effect === 'check';
    };
    return readThenLaterCalls(candidates, {
      isNamedLikeDatabaseCall: (node) => isDatabaseCallCandidate(node, userTypes),
      isNamedLikeDatabaseRead: (node) => isDatabaseReadCandidate(node, userTypes),
      runsDatabaseNamedCall: (node) => isAwaitedOrReturned(node) && runsDatabaseNamedCall(file, node, false),
      runsDatabaseReadNamedCall: (node) => isAwaitedOrReturned(node) && runsDatabaseNamedCall(file, node, true),
      isRead,
      isGuardStatement: (node) =>
        resultUnused(node) && databaseEffectsOf(file, node).some((effect) => effect.throwTest !== undefined && effect.keyParameter !== undefined),
    })
      .map(classify)
      .filter((call): call is DatabaseCall => call !== undefined);
  };
  return userTypes.length === 0 ? memoize(file, 'database-calls-with-helpers', compute) : compute();
}

/** `await helper(…);` as a whole statement: the caller uses nothing but whether it returned. */
export function resultUnused(call: TSESTree.CallExpression): boolean {
  const { node, parent } = awaitedParent(call);
  return parent?.type === AST_NODE_TYPES.ExpressionStatement && node.type === AST_NODE_TYPES.AwaitExpression;
}

/**
 * Database helpers are asynchronous: only awaited or returned calls are worth resolving (a cheap filter). An
 * element of an awaited `Promise.all([…])`, also when run only on a condition (`customUrl && find(…)`), is
 * awaited with the others: its result is that element's (see `promiseAllIndexReads`).
 */
function isAwaitedOrReturned(call: TSESTree.CallExpression): boolean {
  let { node, parent } = transparentParent(call);
  while (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === node) ({ node, parent } = transparentParent(parent));
  if (parent?.type === AST_NODE_TYPES.ArrayExpression) return isAwaitedPromiseAll(parent);
  return (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ReturnStatement);
}

function isAwaitedPromiseAll(array: TSESTree.ArrayExpression): boolean {
  const { node, parent: all } = transparentParent(array);
  if (all?.type !== AST_NODE_TYPES.CallExpression || all.arguments[0] !== node || all.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTransparent(all.callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Promise' || propertyName(all.callee) !== 'all') return false;
  return transparentParent(all).parent?.type === AST_NODE_TYPES.AwaitExpression;
}

/**
 * An ensure helper (`ensureBilling(id)`: find the row, else create or upsert it, and return it): one read whose
 * row is returned, the other operations reads that are not returned and creates or upserts of the same model.
 * The caller holds a row of the key either way, as with a read.
 */
function ensuredRow(effects: readonly DatabaseEffect[]): DatabaseEffect | undefined {
  const returnedReads = effects.filter((effect) => effect.effect === 'read' && effect.returnsResult);
  const read = returnedReads.length === 1 ? returnedReads[0]! : undefined;
  if (!read || read.model === undefined) return undefined;
  const others = effects.filter((effect) => effect !== read);
  const sameModel = (effect: DatabaseEffect): boolean => effect.model?.toLowerCase() === read.model!.toLowerCase();
  const ensures = others.some((effect) => (effect.effect === 'create' || effect.effect === 'atomic') && sameModel(effect));
  const harmless = others.every(
    (effect) => ((effect.effect === 'read' || effect.effect === 'check') && !effect.returnsResult) || ((effect.effect === 'create' || effect.effect === 'atomic') && sameModel(effect)),
  );
  return ensures && harmless ? read : undefined;
}

/**
 * A save helper (`add(params, user)`: update the row when one is given, else insert it): writes of one model, one
 * of them a create. Its caller cannot tell which path runs, and on the create path it brings a row into being as
 * a create helper does, so the create stands for the call (a check before it guards that create).
 */
function createOrUpdate(effects: readonly DatabaseEffect[]): DatabaseEffect | undefined {
  const creates = effects.filter((effect) => effect.effect === 'create');
  const create = creates.length === 1 ? creates[0]! : undefined;
  // A create in a `try` of the helper is one whose failure the helper handles (a claim that yields on a unique
  // violation): its caller's check is no guard of it.
  if (!create || create.model === undefined || create.inTry) return undefined;
  const sameModel = (effect: DatabaseEffect): boolean => effect.model?.toLowerCase() === create.model!.toLowerCase();
  return effects.every((effect) => effect === create || (effect.effect === 'write' && sameModel(effect))) ? create : undefined;
}

function helperCall(file: FileContext, call: TSESTree.CallExpression): DatabaseCall | undefined {
  const callee = skipTransparent(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  if (!name) return undefined;
  const effects = databaseEffectsOf(file, call);
  // `await assertAvailable(email);` as a statement: a guard helper; its (first) throwing check on a key stands for the call.
  const guard = resultUnused(call) ? effects.find((candidate) => candidate.throwTest !== undefined && candidate.keyParameter !== undefined) : undefined;
  const several = effects.length > 1 && !guard ? (ensuredRow(effects) ?? createOrUpdate(effects)) : undefined;
  if (effects.length !== 1 && !guard && !several) return undefined;
  const effect = guard ?? several ?? effects[0]!;
  if (effect.effect === 'act' || effect.effect === 'lock' || effect.effect === 'release') return undefined;
  if ((effect.effect === 'read' || effect.effect === 'check') && !effect.returnsResult && !guard) return undefined;
  const key = effect.keyParameter !== undefined ? call.arguments[effect.keyParameter] : undefined;
  const inner: DatabaseCall = {
    node: call,
    library: effect.library,
    owner: effect.owner,
    method: effect.method,
    effect: effect.effect,
    operation: effect.operation,
    model: effect.model,
    receiver: undefined,
    filter: undefined,
    data: undefined,
    created: undefined,
    instance: undefined,
    options: undefined,
    sql: undefined,
    sqlText: undefined,
    params: undefined,
    locking: effect.locking,
  };
  return { ...inner, method: name, filter: key, operation: { ...effect.operation, filterIsKey: true }, helper: inner };
}
