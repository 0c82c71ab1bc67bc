import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { typeOrValueSpecifiersSchema, type TypeOrValueSpecifier } from '../recognize/type-specifiers.js';
import ts from '../typescript.cjs';
import { controllingTests } from '../analysis/conditions.js';
import {
  fieldReads,
  isIdentityField,
  isRowOf,
  objectEntries,
  paramValues,
  readAfter,
  resultBindings,
  sameField,
  sameRows,
  throughConst,
  type ResultBinding,
} from '../analysis/db-results.js';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import { contains, enclosingFunction, isFunction, propertyName, skipTransparent, transparentParent } from '../analysis/nodes.js';
import { describeResource } from '../analysis/resource.js';
import { guardBetween } from '../analysis/transactions.js';
import { reportWithSteps } from '../report-steps.js';
import { getFileContext, type FileContext } from '../file-context.js';
import { argumentAt, objectProperty, type DatabaseCall } from '../recognize/database.js';
import { sqlTextOf } from '../analysis/sql.js';
import { databaseCallsWithHelpers } from '../analysis/summaries.js';
import { typeOf } from '../recognize/types.js';
import { nextNumber, nextNumberMessages, type NextNumber } from './db-next-number.js';

export const databaseReadModifyWriteMessages = {
  ...nextNumberMessages,
  databaseReadModifyWrite:
    '`{{write}}` writes `{{field}}` of {{resource}} computed from the value `{{read}}` read earlier: a concurrent update in between is lost.{{note}} {{alternative}}.',
  suggestAtomicUpdate: 'Update `{{field}}` atomically in the database instead.',
} as const;

type MessageId = keyof typeof databaseReadModifyWriteMessages;

/** The database part of the rule options: the user's own repositories and wrappers, by type. */
export interface DatabaseOptions {
  readonly databaseTypes?: readonly TypeOrValueSpecifier[];
}

export const databaseOptionsSchema = {
  databaseTypes: {
    ...typeOrValueSpecifiersSchema,
    description:
      'Your own repositories or database wrappers (type-or-value specifiers). Their methods are read by name: find/get → read, count/exists → check, create/insert → create, update/save → write, delete/remove → delete.',
  },
} as const;

export const TRANSACTION_NOTE =
  ' The surrounding transaction runs at the default isolation level (Read Committed), which does not prevent this.';

/** A field written back from a value derived from the read, and how to rewrite it atomically. */
interface DerivedWrite {
  readonly field: string;
  /** The node reported and the expression computed from the read. */
  readonly value: TSESTree.Node;
  readonly rewrite: Rewrite | undefined;
}

interface Rewrite {
  /** An autofix keeps every sequential run's behaviour; a suggestion may not. */
  readonly automatic: boolean;
  readonly fix: TSESLint.ReportFixFunction;
}

/**
 * The database half of `race/no-read-modify-write`: a row read, then written back with a value computed from
 * that read (`balance: acct.balance - amount`, `doc.views++; doc.save()`, `UPDATE ... SET n = $1` with `$1`
 * from an earlier SELECT), without a guard that stops a concurrent writer in between.
 */
export function databaseReadModifyWrite(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly [DatabaseOptions?, ...unknown[]]>>,
): TSESLint.RuleListener {
  const file = getFileContext(context);
  const userTypes = context.options[0]?.databaseTypes ?? [];
  return {
    'Program:exit'() {
      const calls = databaseCallsWithHelpers(file, userTypes);
      const reads = calls.filter((call) => call.effect === 'read');
      if (reads.length === 0) return;
      for (const write of calls) {
        const numbered = nextNumber(file, reads, write);
        if (numbered) reportNextNumber(context, file, write, numbered);
        if (write.effect !== 'write' && !(write.effect === 'create' && write.operation.overwrites)) continue;
        const finding = findRace(file, reads, write);
        if (finding) report(context, file, finding.read, write, finding.bindings, finding.derived);
      }
    },
  };
}

function findRace(
  file: FileContext,
  reads: readonly DatabaseCall[],
  write: DatabaseCall,
): { read: DatabaseCall; bindings: ResultBinding[]; derived: DerivedWrite[] } | undefined {
  // The latest read before the write is the one whose value is written back.
  for (const read of [...reads].reverse()) {
    if (read.node.range[1] > write.node.range[0]) continue;
    if (!contains(enclosingFunction(read.node), write.node)) continue;
    const bindings = resultBindings(file, read);
    if (bindings.length === 0 || !sameRows(file, read, write, bindings)) continue;
    const derived = derivedWrites(file, read, write, bindings);
    if (derived.length === 0) continue;
    if (guardBetween(file, read, write).guard || isOptimistic(file, write, bindings)) return undefined;
    return { read, bindings, derived };
  }
  return undefined;
}

function report(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  file: FileContext,
  read: DatabaseCall,
  write: DatabaseCall,
  bindings: ResultBinding[],
  derived: DerivedWrite[],
): void {
  const first = derived[0]!;
  const data = {
    write: write.method,
    read: read.method,
    field: first.field,
    resource: describeRows(file, read),
    note: guardBetween(file, read, write).inTransaction ? TRANSACTION_NOTE : '',
    alternative: derived.some((entry) => isCounterChange(file, entry.value)) ? read.library.advice.atomicUpdate : notCounterAdvice(write),
  };
  const rewrites = derived.map((entry) => entry.rewrite);
  const complete = rewrites.every((rewrite) => rewrite !== undefined);
  // The read still decides something after the write, or decided whether to write: the atomic form
  // changes what that code sees, so it is only offered.
  const readStillMatters = readAfter(bindings, write.node.range[1], write.node) || decides(file, bindings, write);
  const automatic = complete && !readStillMatters && rewrites.every((rewrite) => rewrite!.automatic);
  // A check on the same read decides the write (`if (acct.balance < amount) throw`): the atomic write alone
  // leaves that check racy, so nothing is offered here; race/no-check-then-act offers the rewrite that moves
  // the check into the write.
  const offered = complete && !automatic && !decides(file, bindings, write);
  const fix: TSESLint.ReportFixFunction = (fixer) => rewrites.flatMap((rewrite) => [rewrite!.fix(fixer)].flat() as TSESLint.RuleFix[]);
  reportWithSteps(
    context,
    {
      node: first.value,
      messageId: 'databaseReadModifyWrite',
      data,
      fix: automatic ? fix : null,
      suggest: offered ? [{ messageId: 'suggestAtomicUpdate', data, fix }] : [],
    },
    {
      check: { node: read.node, label: `\`${read.method}\` reads \`${first.field}\` of ${data.resource}` },
      act: { node: write.node, label: `\`${write.method}\` writes \`${first.field}\` computed from that read` },
    },
  );
}

/** No fix: the rewrite (a sequence, a unique key and a retry, a lock) is the application's choice. */
function reportNextNumber(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  file: FileContext,
  create: DatabaseCall,
  { read, field, value, inTransaction }: NextNumber,
): void {
  const data = { write: create.method, read: read.method, field, resource: describeRows(file, read), note: inTransaction ? TRANSACTION_NOTE : '' };
  reportWithSteps(
    context,
    { node: value, messageId: 'databaseNextNumber', data },
    {
      check: { node: read.node, label: `\`${read.method}\` reads the highest \`${field}\` of ${data.resource}` },
      act: { node: create.node, label: `\`${create.method}\` inserts that \`${field}\` plus one` },
    },
  );
}

/** Arithmetic on the old value (`n - d`, `n * 0.9`, `n++`, `n += d`): a counter the database can compute. */
function isCounterChange(file: FileContext, node: TSESTree.Node): boolean {
  const value = throughConst(file, node);
  switch (value.type) {
    case AST_NODE_TYPES.BinaryExpression: {
      // `referredBy + ','`: with types, a string joined is no counter (without them `+` is taken for a sum).
      const type = value.operator === '+' && file.types ? typeOf(file.types, value) : undefined;
      if (type && type.flags & ts.TypeFlags.StringLike) return false;
      return ['+', '-', '*', '/', '%', '**'].includes(value.operator);
    }
    case AST_NODE_TYPES.UnaryExpression:
      return value.operator === '-' || value.operator === '+';
    case AST_NODE_TYPES.UpdateExpression:
      return true;
    case AST_NODE_TYPES.AssignmentExpression:
      return value.operator !== '=' && value.operator !== '??=' && value.operator !== '||=' && value.operator !== '&&=';
    case AST_NODE_TYPES.Literal:
      return typeof value.value === 'number';
    default:
      // A value computed elsewhere from the old one: a JSON document, an array, a string.
      return false;
  }
}

/**
 * A JSON document, an array or a string merged in JavaScript and written back whole has no `increment`: the
 * atomic forms are the store's own operators on the one part changed, a write conditional on the value read,
 * or a lock across the read and the write.
 */
function notCounterAdvice(write: DatabaseCall): string {
  if (write.library.id === 'mongoose' || write.library.id === 'mongodb') {
    return 'The value is not a counter: change only the part that changed with the update operators (`$push`, `$addToSet`, `$pull`, `$set` of one path), or filter the update on the value read and retry when nothing matched';
  }
  return 'The value is not a counter: merge it in the statement (a JSON or array operator in the `UPDATE`), or write it only where the column still holds the value read (`updateMany`/`UPDATE … WHERE`, retried when no row matched), or lock the row across the read and the write (`SELECT … FOR UPDATE` in the transaction)';
}

/** `account (where { id })`, `accounts (id = $1)`, `the row in acct`. */
export function describeRows(file: FileContext, read: DatabaseCall): string {
  const model = read.model ?? read.library.id;
  if (read.sql) return `\`${model}\`${read.sql.where ? ` (${read.sql.where.replace(/\s+/g, ' ')})` : ''}`;
  return read.filter ? `\`${model}\` (${describeResource(file, read.filter)})` : `\`${model}\``;
}

/**
 * A test on a value of the result decides whether the write runs (`if (acct.balance < amount) throw`): the
 * check and the update share the read. A test of existence only (`if (!acct)`) decides nothing a concurrent
 * update can change.
 */
export function decides(file: FileContext, bindings: readonly ResultBinding[], act: DatabaseCall): boolean {
  const tests = controllingTests(act.node, enclosingFunction(act.node));
  return tests.some((test) => fieldReads(file, test, bindings).length > 0);
}

// --- What the write computes from the read -------------------------------------------------------------------

function derivedWrites(file: FileContext, read: DatabaseCall, write: DatabaseCall, bindings: ResultBinding[]): DerivedWrite[] {
  if (write.sql) return sqlDerived(file, write, bindings);
  if (write.operation.updateExpression) return expressionDerived(file, write, bindings);
  if (write.instance && isRowOf(file, write.instance, bindings) && write.method === 'save') {
    return withoutStaleSave(file, read, write, bindings, mutationsBefore(file, read, write, bindings));
  }
  const data = write.data && skipTransparent(write.data);
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return [];
  const isMongo = write.library.id === 'mongoose' || write.library.id === 'mongodb';
  if (isMongo) return mongoDerived(file, write, data, bindings);
  const out: DerivedWrite[] = [];
  const entries = objectEntries(data);
  for (const { key, value, property } of entries) {
    const found = derivation(file, key, value, bindings);
    if (!found) continue;
    const rewrite =
      write.library.id === 'prisma'
        ? prismaRewrite(file, property, found)
        : write.library.builder && entries.length === 1 && data.properties.length === 1
          ? write.library.builder.sqlTag
            ? sqlTagRewrite(file, write, property, found)
            : builderRewrite(file, write, key, found)
          : undefined;
    out.push({ field: key, value, rewrite });
  }
  return out;
}

/** `.update({ n: row.n - d })` → `.decrement('n', d)`: both resolve to the number of rows changed. */
function builderRewrite(file: FileContext, write: DatabaseCall, column: string, found: Derivation): Rewrite | undefined {
  const spec = write.library.builder!;
  const { operator, delta } = found;
  if (!operator || !delta || !isNumeric(file, delta, operator) || !spec.increment || !spec.decrement) return undefined;
  const callee = skipTransparent(write.node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const text = `${operator === '+' ? spec.increment : spec.decrement}('${column}', ${textOf(file, delta)})`;
  return {
    automatic: !hasComments(file, write.node.arguments[0]!),
    fix: (fixer) => fixer.replaceTextRange([callee.property.range[0], write.node.range[1]], text),
  };
}

/**
 * `set({ n: row.n + d })` → `set({ n: sql\`${table.n} + ${d}\` })` (Drizzle): the column's own value in the
 * library's SQL tag, imported by adding it to the module's existing named import when the file lacks it.
 */
function sqlTagRewrite(file: FileContext, write: DatabaseCall, property: TSESTree.Property, found: Derivation): Rewrite | undefined {
  const tag = write.library.builder!.sqlTag!;
  const { operator, delta } = found;
  const table = tableArgument(write);
  if (!operator || !delta || !table || !isNumeric(file, delta, operator) || property.shorthand || property.computed) return undefined;
  if (property.key.type !== AST_NODE_TYPES.Identifier) return undefined;
  const importFix = tagImport(file, write.node, tag);
  if (!importFix) return undefined;
  const text = `${tag.name}\`\${${textOf(file, table)}.${property.key.name}} ${operator} \${${textOf(file, delta)}}\``;
  return {
    automatic: !hasComments(file, property.value) && skipTransparent(property.value).type === AST_NODE_TYPES.BinaryExpression,
    fix: (fixer) => [fixer.replaceText(property.value, text), ...(importFix === true ? [] : [importFix(fixer)])],
  };
}

/** The table object the write names (`db.update(accounts)`): a plain name, so that its text can be repeated. */
function tableArgument(write: DatabaseCall): TSESTree.Node | undefined {
  const spec = write.library.builder!;
  for (let current: TSESTree.Node = write.node; current.type === AST_NODE_TYPES.CallExpression; ) {
    const callee = skipTransparent(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (propertyName(callee) === write.method && spec.tableMethods.includes(write.method)) {
      const table = current.arguments[0] && skipTransparent(current.arguments[0]);
      return table?.type === AST_NODE_TYPES.Identifier ? table : undefined;
    }
    current = skipTransparent(callee.object);
  }
  return undefined;
}

/**
 * The tag is usable at `node`: already imported from its module (`true`), or a fix adding it to the module's
 * named import; undefined when the name is taken by something else or there is no import to extend.
 */
function tagImport(
  file: FileContext,
  node: TSESTree.Node,
  tag: { readonly name: string; readonly module: string },
): true | ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(node), tag.name);
  if (variable) {
    const definition = variable.defs[0];
    const specifier = definition?.node;
    const declaration = definition?.parent;
    const imported =
      variable.defs.length === 1 &&
      specifier?.type === AST_NODE_TYPES.ImportSpecifier &&
      declaration?.type === AST_NODE_TYPES.ImportDeclaration &&
      declaration.source.value === tag.module &&
      declaration.importKind !== 'type' &&
      specifier.importKind !== 'type' &&
      (specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value) === tag.name;
    return imported ? true : undefined;
  }
  const declaration = file.sourceCode.ast.body.find(
    (statement): statement is TSESTree.ImportDeclaration =>
      statement.type === AST_NODE_TYPES.ImportDeclaration &&
      statement.source.value === tag.module &&
      statement.importKind !== 'type' &&
      statement.specifiers.some((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier),
  );
  const last = declaration?.specifiers.at(-1);
  if (!last) return undefined;
  return (fixer) => fixer.insertTextAfter(last, `, ${tag.name}`);
}

/** `<read>.field ± delta` (either side for `+`): the delta, when the written value is an increment. */
interface Derivation {
  readonly operator: '+' | '-' | undefined;
  readonly delta: TSESTree.Node | undefined;
}

function derivation(file: FileContext, field: string, value: TSESTree.Node, bindings: ResultBinding[]): Derivation | undefined {
  const computed = throughConst(file, value);
  const reads = fieldReads(file, computed, bindings).filter((read) => sameField(read.field, field));
  if (reads.length === 0) {
    // A JSON or array field parsed, changed and serialised back through locals: computed, but no counter. A key
    // (`groupId: group.id` after a lookup by the old `groupId`) is re-pointed, not merged: left out.
    if (isIdentityField(field)) return undefined;
    const locals = new LocalSources(file, field, bindings, enclosingFunction(value));
    return locals.computes(computed) ? { operator: undefined, delta: undefined } : undefined;
  }
  // Writing back the very value read is not a computation.
  if (reads.length === 1 && skipTransparent(reads[0]!.node) === computed) return undefined;
  if (new LocalSources(file, field, bindings, enclosingFunction(value)).onlyChooses(computed)) return undefined;
  if (computed.type === AST_NODE_TYPES.BinaryExpression && (computed.operator === '+' || computed.operator === '-') && reads.length === 1) {
    const read = reads[0]!.node;
    if (skipTransparent(computed.left) === read && fieldReads(file, computed.right, bindings).length === 0) {
      return { operator: computed.operator, delta: computed.right };
    }
    if (computed.operator === '+' && skipTransparent(computed.right) === read && fieldReads(file, computed.left, bindings).length === 0) {
      return { operator: '+', delta: computed.left };
    }
  }
  return { operator: undefined, delta: undefined };
}

/**
 * Reads of one field of the row that reach a written value through locals of the writing function: `const
 * emojis = JSON.parse(row.reaction); emojis.push(r); … data: { reaction: JSON.stringify(emojis) }`, or a `let`
 * given such a value in one of its branches. A local that only holds the field as read (`const previous =
 * row.status`) carries it unchanged: writing it back restores, it computes nothing.
 */
class LocalSources {
  /** Locals being followed: a cycle (`x = f(x)`) adds nothing. */
  private readonly visiting = new Set<Scope.Variable>();
  /** Locals followed so far: a bound on the walk through long chains of locals (then: not computed). */
  private followed = 0;

  constructor(
    private readonly file: FileContext,
    private readonly field: string,
    private readonly bindings: readonly ResultBinding[],
    private readonly fn: TSESTree.Node,
  ) {}

  /** The value reads the field, directly or through a local. */
  reaches(node: TSESTree.Node): boolean {
    if (fieldReads(this.file, node, this.bindings).some((read) => sameField(read.field, this.field))) return true;
    return this.localsIn(node).some(({ variable, use }) => this.follow(variable, use, (source) => this.reaches(source)));
  }

  /**
   * The value is computed from the field: it reads it inside an expression (`JSON.stringify(tags)`), not only
   * passes the value read along (`previous`, `cond ? previous : 'free'`, a `let` given either the value read
   * or another value) or tests it to choose (`previous ? null : new Date()`, `!previous`).
   */
  computes(node: TSESTree.Node): boolean {
    const value = skipTransparent(node);
    const reads = fieldReads(this.file, value, this.bindings);
    if (reads.length === 1 && skipTransparent(reads[0]!.node) === value) return false;
    if (value.type === AST_NODE_TYPES.ConditionalExpression) return this.computes(value.consequent) || this.computes(value.alternate);
    if (value.type === AST_NODE_TYPES.LogicalExpression) return this.computes(value.left) || this.computes(value.right);
    if (isToggle(value)) return this.computes(value.argument);
    const variable = value.type === AST_NODE_TYPES.Identifier ? this.local(value) : undefined;
    if (!variable) return this.reaches(value);
    return this.follow(variable, value, (source) => this.computes(source));
  }

  /**
   * The value only chooses, by whether the field is set, between the field as read, `undefined` (Prisma leaves
   * the column as it is) and values that do not come from the field: keep-or-set (`payout.paidAt ?? new
   * Date()`, `row.canceledAt ? undefined : new Date()`, `row.tenantId ?? other.tenantId`) or a toggle
   * (`row.disabledAt ? null : new Date()`, `!row.enabled`). Nothing accumulates in the field: each outcome is
   * the value read written back as it is, or a value a plain write would set, as the `if`/`else` around two
   * writes that it abbreviates. A test of the field's value (`row.color === DEFAULT ? random() : undefined`)
   * or of another field (a limit) decides on a stale state, and is still reported.
   */
  onlyChooses(node: TSESTree.Node): boolean {
    const value = skipTransparent(node);
    if (value.type === AST_NODE_TYPES.ConditionalExpression) {
      return this.isPresenceTest(value.test) && this.isOutcome(value.consequent) && this.isOutcome(value.alternate);
    }
    if (value.type === AST_NODE_TYPES.LogicalExpression) return this.isReadAsIs(value.left) && this.isOutcome(value.right);
    return isToggle(value) && this.isReadAsIs(value.argument);
  }

  private isOutcome(node: TSESTree.Node): boolean {
    const value = skipTransparent(node);
    if (this.isReadAsIs(value) || isUndefined(value)) return true;
    return this.onlyChooses(value) || !this.reaches(value);
  }

  /** `row.f`, `!row.f`, `row.f == null`, `row.f !== undefined`: whether the field is set, not what it holds. */
  private isPresenceTest(node: TSESTree.Node): boolean {
    const test = skipTransparent(node);
    if (this.isReadAsIs(test)) return true;
    if (isToggle(test)) return this.isPresenceTest(test.argument);
    if (test.type !== AST_NODE_TYPES.BinaryExpression || !['==', '===', '!=', '!=='].includes(test.operator)) return false;
    const isNothing = (side: TSESTree.Node): boolean => {
      const value = skipTransparent(side);
      return isUndefined(value) || (value.type === AST_NODE_TYPES.Literal && value.raw === 'null');
    };
    return (this.isReadAsIs(test.left) && isNothing(test.right)) || (isNothing(test.left) && this.isReadAsIs(test.right));
  }

  /** The field itself, as read (`row.paidAt`, a destructured `paidAt`). */
  private isReadAsIs(node: TSESTree.Node): boolean {
    const value = skipTransparent(node);
    const reads = fieldReads(this.file, value, this.bindings);
    return reads.length === 1 && skipTransparent(reads[0]!.node) === value && sameField(reads[0]!.field, this.field);
  }

  private follow(variable: Scope.Variable, use: TSESTree.Node, test: (source: TSESTree.Node) => boolean): boolean {
    if (this.visiting.has(variable) || ++this.followed > 200) return false;
    this.visiting.add(variable);
    try {
      return this.sources(variable, use).some(test);
    } finally {
      this.visiting.delete(variable);
    }
  }

  /**
   * What the local may hold where it is used: its initialiser and the assignments before the use, from the
   * last one made unconditionally on the way to the use (`let views = row.views; views = await fresh(id);`
   * holds the fresh value only).
   */
  private sources(variable: Scope.Variable, use: TSESTree.Node): TSESTree.Node[] {
    const definition = variable.defs[0]!;
    const given: { value: TSESTree.Node; kills: boolean }[] = [];
    if (definition.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init) {
      given.push({ value: definition.node.init, kills: true });
    }
    for (const reference of variable.references) {
      if (!reference.isWrite() || reference.init || !reference.writeExpr || reference.identifier.range[0] > use.range[0]) continue;
      const assignment = reference.identifier.parent;
      const statement = assignment?.parent;
      const kills =
        assignment?.type === AST_NODE_TYPES.AssignmentExpression &&
        assignment.operator === '=' &&
        statement?.type === AST_NODE_TYPES.ExpressionStatement &&
        statement.parent !== undefined &&
        contains(statement.parent, use);
      given.push({ value: reference.writeExpr, kills });
    }
    given.sort((a, b) => a.value.range[0] - b.value.range[0]);
    let from = 0;
    given.forEach((entry, index) => {
      if (entry.kills) from = index;
    });
    return given.slice(from).map((entry) => entry.value);
  }

  /** A variable declared with a plain name in the writing function (not a parameter, not a row binding). */
  private local(identifier: TSESTree.Identifier): Scope.Variable | undefined {
    const variable = ASTUtils.findVariable(this.file.sourceCode.getScope(identifier), identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    if (enclosingFunction(definition.node) !== this.fn || this.bindings.some((binding) => binding.variable === variable)) return undefined;
    return variable;
  }

  private localsIn(node: TSESTree.Node): { variable: Scope.Variable; use: TSESTree.Identifier }[] {
    const out: { variable: Scope.Variable; use: TSESTree.Identifier }[] = [];
    const visitorKeys = this.file.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
    const visit = (current: TSESTree.Node): void => {
      if (isFunction(current)) return;
      if (current.type === AST_NODE_TYPES.Identifier) {
        const parent = current.parent;
        const isName =
          (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === current && !parent.computed) ||
          (parent?.type === AST_NODE_TYPES.Property && parent.key === current && !parent.computed && !parent.shorthand);
        const variable = isName ? undefined : this.local(current);
        if (variable) out.push({ variable, use: current });
        return;
      }
      for (const key of visitorKeys[current.type] ?? []) {
        if (key === 'typeAnnotation' || key === 'typeArguments') continue;
        const child = (current as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (const item of child) if (item) visit(item as TSESTree.Node);
        } else if (child && typeof child === 'object') visit(child as TSESTree.Node);
      }
    };
    visit(node);
    return out;
  }
}

const isUndefined = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';

/** `!value`: a flag flipped (`enabled: !row.enabled`), the same choice as `row.enabled ? false : true`. */
function isToggle(node: TSESTree.Node): node is TSESTree.UnaryExpression {
  return node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!';
}

/** A delta that is certainly a number: typed as one, or a numeric literal without type information. */
function isNumeric(file: FileContext, node: TSESTree.Node, operator: '+' | '-'): boolean {
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') return true;
  if (file.types) {
    const type = typeOf(file.types, value);
    if (type) return (type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) !== 0 && !type.isUnion();
  }
  // Without a type, `a - b` is numeric whatever the operands are; `+` may be a concatenation.
  return operator === '-';
}

function textOf(file: FileContext, node: TSESTree.Node): string {
  return file.sourceCode.getText(node);
}

function hasComments(file: FileContext, node: TSESTree.Node): boolean {
  return file.sourceCode.getCommentsInside(node).length > 0;
}

function prismaRewrite(file: FileContext, property: TSESTree.Property, derivation: Derivation): Rewrite | undefined {
  const { operator, delta } = derivation;
  if (!operator || !delta || !isNumeric(file, delta, operator) || property.shorthand) return undefined;
  const text = `{ ${operator === '+' ? 'increment' : 'decrement'}: ${textOf(file, delta)} }`;
  return {
    automatic: !hasComments(file, property.value) && skipTransparent(property.value).type === AST_NODE_TYPES.BinaryExpression,
    fix: (fixer) => fixer.replaceText(property.value, text),
  };
}

/** `-(delta)` as source, without parentheses for plain names and numbers. */
function negated(file: FileContext, delta: TSESTree.Node): string {
  const value = skipTransparent(delta);
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') return `-${textOf(file, value)}`;
  if (value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.MemberExpression) return `-${textOf(file, delta)}`;
  return `-(${textOf(file, delta)})`;
}

/** `{ $set: { views: doc.views + 1 } }` (or mongoose's bare `{ views: doc.views + 1 }`) → `{ $inc: { views: 1 } }`. */
function mongoDerived(file: FileContext, write: DatabaseCall, update: TSESTree.ObjectExpression, bindings: ResultBinding[]): DerivedWrite[] {
  const set = objectProperty(update, '$set');
  const setObject = set && skipTransparent(set);
  const target = setObject?.type === AST_NODE_TYPES.ObjectExpression ? setObject : write.library.id === 'mongoose' && !set ? update : undefined;
  if (!target) return [];
  const entries = objectEntries(target).filter(({ key }) => !key.startsWith('$'));
  const out: DerivedWrite[] = [];
  for (const { key, value } of entries) {
    const found = derivation(file, key, value, bindings);
    if (!found) continue;
    let rewrite: Rewrite | undefined;
    const onlyEntry = entries.length === 1 && target.properties.length === 1 && update.properties.length === 1;
    if (onlyEntry && found.operator && found.delta && isNumeric(file, found.delta, found.operator)) {
      const amount = found.operator === '+' ? textOf(file, found.delta) : negated(file, found.delta);
      const text = `{ $inc: { ${keyText(file, target, key)}: ${amount} } }`;
      rewrite = { automatic: !hasComments(file, update), fix: (fixer) => fixer.replaceText(update, text) };
    }
    out.push({ field: key, value, rewrite });
  }
  return out;
}

function keyText(file: FileContext, object: TSESTree.ObjectExpression, key: string): string {
  const property = objectEntries(object).find((entry) => entry.key === key)!.property;
  return textOf(file, property.key);
}

/**
 * `row.count += 1; await repo.save(row)`, `doc.views++; await doc.save()`: a field of the row changed from its
 * own value, then the row saved. Mongoose documents turn the change into `$inc` with `doc.$inc(path, n)`
 * (autofix: the in-memory value changes the same way); Sequelize and TypeORM get a suggestion.
 */
function mutationsBefore(file: FileContext, read: DatabaseCall, write: DatabaseCall, bindings: ResultBinding[]): DerivedWrite[] {
  const fn = enclosingFunction(write.node);
  const out: DerivedWrite[] = [];
  const instance = skipTransparent(write.instance!) as TSESTree.Identifier;
  const binding = bindings.find((entry) => entry.variable.references.some((reference) => reference.identifier === instance))!;
  for (const reference of binding.variable.references) {
    const identifier = reference.identifier;
    if (identifier.range[0] <= read.node.range[1] || identifier.range[1] >= write.node.range[0]) continue;
    if (enclosingFunction(identifier) !== fn) continue;
    const member = identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || member.computed) continue;
    const field = member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
    const change = member.parent;
    if (!field || !change) continue;
    let operator: '+' | '-' | undefined;
    let delta: TSESTree.Node | undefined;
    let derived = false;
    if (change.type === AST_NODE_TYPES.UpdateExpression && change.argument === member) {
      derived = true;
      operator = change.operator === '++' ? '+' : '-';
    } else if (change.type === AST_NODE_TYPES.AssignmentExpression && change.left === member) {
      if (change.operator === '+=' || change.operator === '-=') {
        derived = true;
        operator = change.operator === '+=' ? '+' : '-';
        delta = change.right;
      } else if (change.operator === '=') {
        const found = derivation(file, field, change.right, bindings);
        derived = found !== undefined;
        operator = found?.operator;
        delta = found?.delta;
      } else if (change.operator === '??=' || change.operator === '||=' || change.operator === '&&=') {
        // `row.paidAt ??= new Date()`: keep the value read or set one that does not come from it (see
        // `onlyChooses`); `row.tags ||= [...row.tags, tag]` still computes from it.
        derived = new LocalSources(file, field, bindings, fn).reaches(change.right);
      } else {
        derived = true; // `*=`, `/=`: computed from the old value, no atomic rewrite offered
      }
    }
    if (!derived) continue;
    out.push({ field, value: change, rewrite: mutationRewrite(file, read, write, change, instance, field, operator, delta) });
  }
  return out;
}

/**
 * Sequelize and TypeORM: the atomic `increment` runs instead of the in-memory change, so the `save()` after it
 * would write the stale value back (TypeORM writes every column that differs from the database). The save is
 * dropped when the row has no other change between the read and the save; otherwise no rewrite is offered.
 * Mongoose's `$inc` is part of the save itself.
 */
function withoutStaleSave(file: FileContext, read: DatabaseCall, write: DatabaseCall, bindings: ResultBinding[], derived: DerivedWrite[]): DerivedWrite[] {
  if (write.library.id === 'mongoose' || derived.length === 0 || derived.some((entry) => entry.rewrite === undefined)) return derived;
  const removal = saveRemoval(file, read, write, bindings, derived);
  return derived.map((entry, index) => {
    const rewrite = entry.rewrite!;
    if (!removal) return { ...entry, rewrite: undefined };
    if (index !== derived.length - 1) return entry;
    return { ...entry, rewrite: { automatic: false, fix: (fixer) => [...([rewrite.fix(fixer)].flat() as TSESLint.RuleFix[]), fixer.removeRange(removal)] } };
  });
}

/** The source range of `await repo.save(row);` with its line, when removing it loses nothing but the stale write. */
function saveRemoval(file: FileContext, read: DatabaseCall, write: DatabaseCall, bindings: ResultBinding[], derived: DerivedWrite[]): [number, number] | undefined {
  let { node, parent } = transparentParent(write.node);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) ({ node, parent } = transparentParent(parent));
  // The saved entity is not used (`return repo.save(row)` is), and the statement can go without breaking its block.
  if (parent?.type !== AST_NODE_TYPES.ExpressionStatement || parent.expression !== node) return undefined;
  const statement = parent;
  if (statement.parent?.type !== AST_NODE_TYPES.BlockStatement && statement.parent?.type !== AST_NODE_TYPES.Program) return undefined;
  const sourceCode = file.sourceCode;
  if (sourceCode.getCommentsInside(statement).length > 0) return undefined;
  const instance = skipTransparent(write.instance!);
  const binding = bindings.find((entry) => entry.variable.references.some((reference) => reference.identifier === instance));
  if (!binding) return undefined;
  const changes = derived.map((entry) => entry.value);
  for (const reference of binding.variable.references) {
    const identifier = reference.identifier;
    if (reference.init || identifier === instance || identifier.type !== AST_NODE_TYPES.Identifier) continue;
    if (identifier.range[0] <= read.node.range[1] || identifier.range[1] >= write.node.range[0]) continue;
    if (!unchangedBy(identifier, changes)) return undefined;
  }
  // Remove the whole line when the statement is alone on it.
  const text = sourceCode.text;
  let start = statement.range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = statement.range[1];
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if ((start === 0 || text[start - 1] === '\n') && text[end] === '\n') return [start, end + 1];
  return [statement.range[0], statement.range[1]];
}

/**
 * A use of the row that changes nothing the save would write: the rewritten counter change itself, a read of
 * a field (`row.code`), or a test of the row (`if (!row)`). Anything else (a method call, an assignment,
 * passing the row on) may change it.
 */
function unchangedBy(identifier: TSESTree.Identifier, changes: readonly TSESTree.Node[]): boolean {
  const { node, parent } = transparentParent(identifier);
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    if (changes.includes(parent.parent!)) return true;
    const { node: member, parent: user } = transparentParent(parent);
    if (user?.type === AST_NODE_TYPES.AssignmentExpression && user.left === member) return false;
    if (user?.type === AST_NODE_TYPES.UpdateExpression) return false;
    if (user?.type === AST_NODE_TYPES.UnaryExpression && user.operator === 'delete') return false;
    if (user?.type === AST_NODE_TYPES.CallExpression && user.callee === member) return false;
    if (user?.type === AST_NODE_TYPES.MemberExpression && user.object === member) return false; // `row.tags.push(...)`
    return true;
  }
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') return true;
  if (parent?.type === AST_NODE_TYPES.IfStatement && parent.test === node) return true;
  if (parent?.type === AST_NODE_TYPES.BinaryExpression && ['===', '!==', '==', '!='].includes(parent.operator)) return true;
  return false;
}

function mutationRewrite(
  file: FileContext,
  read: DatabaseCall,
  write: DatabaseCall,
  change: TSESTree.Node,
  instance: TSESTree.Identifier,
  field: string,
  operator: '+' | '-' | undefined,
  delta: TSESTree.Node | undefined,
): Rewrite | undefined {
  if (!operator) return undefined;
  if (delta && !isNumeric(file, delta, operator)) return undefined;
  const statement = change.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const amount = delta ? (operator === '+' ? textOf(file, delta) : negated(file, delta)) : operator === '+' ? '1' : '-1';
  const name = instance.name;
  if (write.library.id === 'mongoose') {
    return { automatic: !hasComments(file, change), fix: (fixer) => fixer.replaceText(change, `${name}.$inc('${field}', ${amount})`) };
  }
  const by = delta ? textOf(file, delta) : '1';
  if (write.library.id === 'sequelize') {
    const method = operator === '+' ? 'increment' : 'decrement';
    return { automatic: false, fix: (fixer) => fixer.replaceText(statement, `await ${name}.${method}('${field}', { by: ${by} });`) };
  }
  if (write.library.id === 'typeorm' && write.owner === 'Repository' && read.filter && write.receiver) {
    const where = skipTransparent(read.filter);
    if (where.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const method = operator === '+' ? 'increment' : 'decrement';
    const repository = textOf(file, write.receiver);
    return { automatic: false, fix: (fixer) => fixer.replaceText(statement, `await ${repository}.${method}(${textOf(file, where)}, '${field}', ${by});`) };
  }
  return undefined;
}

/** `UPDATE t SET n = $1 ...` with `$1` computed from the SELECT's row → `SET n = n + $1` with the delta. */
function sqlDerived(file: FileContext, write: DatabaseCall, bindings: ResultBinding[]): DerivedWrite[] {
  const params = paramValues(write);
  const out: DerivedWrite[] = [];
  for (const assignment of write.sql!.assignments) {
    if (assignment.param === undefined) continue;
    const value = params[assignment.param - 1];
    if (!value) continue;
    const found = derivation(file, assignment.column, value, bindings);
    if (!found) continue;
    let rewrite: Rewrite | undefined;
    const sqlText = write.sqlText!;
    const uses = [...sqlText.text.matchAll(new RegExp(`\\$${assignment.param}(?!\\d)`, 'g'))].length;
    // The SQL is edited in place: only when it is written in the call (a constant may serve other statements).
    if (found.operator && found.delta && sqlText.sourceOffset && contains(write.node, sqlText.node) && uses === 1 && isNumeric(file, found.delta, found.operator)) {
      // The statement's offsets count from its first non-blank character.
      const start = sqlText.sourceOffset(sqlText.text.length - sqlText.text.trimStart().length + assignment.offset);
      const end = start + assignment.expression.length;
      const delta = found.delta;
      rewrite = {
        automatic: !hasComments(file, value),
        fix: (fixer) => [
          fixer.replaceTextRange([start, end], `${assignment.column} ${found.operator} $${assignment.param}`),
          fixer.replaceText(value, textOf(file, delta)),
        ],
      };
    }
    out.push({ field: assignment.column, value, rewrite });
  }
  return out;
}

/**
 * DynamoDB: `UpdateExpression: 'SET balance = :b'` with `':b'` computed from the item read →
 * `'SET balance = balance - :b'` with the delta as `':b'`.
 */
function expressionDerived(file: FileContext, write: DatabaseCall, bindings: ResultBinding[]): DerivedWrite[] {
  const paths = write.operation.updateExpression!;
  const call = write.options?.parent as TSESTree.CallExpression | undefined;
  if (!call) return [];
  const expressionNode = argumentAt(call, paths.expression);
  const valuesNode = argumentAt(call, paths.values);
  const text = expressionNode && sqlTextOf(file, expressionNode);
  const values = valuesNode && skipTransparent(valuesNode);
  if (!text || values?.type !== AST_NODE_TYPES.ObjectExpression) return [];
  const set = /^\s*SET\s+/i.exec(text.text);
  if (!set || /\b(?:REMOVE|ADD|DELETE)\b/i.test(text.text)) return [];
  const out: DerivedWrite[] = [];
  let offset = set[0].length;
  for (const part of text.text.slice(set[0].length).split(',')) {
    const match = /^(\s*)([A-Za-z_#][\w#]*)\s*=\s*(:[\w]+)\s*$/.exec(part);
    const start = offset;
    offset += part.length + 1;
    if (!match) continue;
    const attribute = match[2]!;
    const placeholder = match[3]!;
    const entry = objectEntries(values).find(({ key }) => key === placeholder);
    if (!entry) continue;
    const found = derivation(file, attribute.replace(/^#/, ''), entry.value, bindings);
    if (!found) continue;
    let rewrite: Rewrite | undefined;
    const uses = text.text.split(placeholder).length - 1;
    if (found.operator && found.delta && text.sourceOffset && uses === 1 && isNumeric(file, found.delta, found.operator)) {
      const at = text.sourceOffset(start + part.indexOf(placeholder, match[1]!.length + attribute.length));
      const delta = found.delta;
      rewrite = {
        automatic: !hasComments(file, entry.value),
        fix: (fixer) => [
          fixer.replaceTextRange([at, at + placeholder.length], `${attribute} ${found.operator} ${placeholder}`),
          fixer.replaceText(entry.value, textOf(file, delta)),
        ],
      };
    }
    out.push({ field: attribute.replace(/^#/, ''), value: entry.value, rewrite });
  }
  return out;
}

/**
 * Optimistic concurrency: the write's filter compares a value from the read (`version: acct.version`), and a
 * write that matches nothing is noticed (Prisma's `update` throws; otherwise the result must be used).
 */
function isOptimistic(file: FileContext, write: DatabaseCall, bindings: ResultBinding[]): boolean {
  // Versioned saves declared on the model (Mongoose `optimisticConcurrency`, Sequelize `version: true`): the
  // model's definition is not followed, so any such declaration in the file counts (a miss beats a false report).
  if (write.method === 'save' && write.operation.instance === 'receiver' && /\boptimisticConcurrency\s*:\s*true\b|\bversion\s*:\s*true\b/.test(file.sourceCode.text)) {
    return true;
  }
  // `where: { id: row.id }` names the row that was read; only a mutable field compared (`version: row.version`,
  // `balance: row.balance`) makes the write conditional on what was read.
  const comparesState = (node: TSESTree.Node): boolean => fieldReads(file, node, bindings).some((read) => !isIdentityField(read.field));
  let compared = false;
  if (write.sql) {
    const params = paramValues(write);
    compared = write.sql.whereParams.some((index) => params[index - 1] !== undefined && comparesState(params[index - 1]!));
  } else if (write.filter) {
    compared = comparesState(write.filter);
  }
  if (!compared) return false;
  if (write.library.id === 'prisma' && write.method === 'update') return true;
  let { parent } = transparentParent(write.node);
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) parent = transparentParent(parent).parent;
  return parent?.type !== AST_NODE_TYPES.ExpressionStatement;
}
