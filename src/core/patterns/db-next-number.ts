import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { fieldReads, isIdentityField, objectEntries, resultBindings, sameField, throughConst, type ResultBinding } from '../analysis/db-results.js';
import { calleeName, contains, enclosingFunction, isFunction, keyName, propertyName, skipTransparent } from '../analysis/nodes.js';
import { guardBetween } from '../analysis/transactions.js';
import { handlesUniqueViolation } from '../analysis/unique-violations.js';
import type { FileContext } from '../file-context.js';
import type { DatabaseCall } from '../recognize/database.js';
import { findNodes } from '../recognize/modules.js';
import { prismaSchemaFor } from '../recognize/prisma-schema.js';

export const nextNumberMessages = {
  databaseNextNumber:
    '`{{write}}` inserts `{{field}}` as the highest `{{field}}` that `{{read}}` read from {{resource}}, plus one: two concurrent creators read the same highest value and insert the same number.{{note}} Let the database number the rows (a sequence or an auto-increment column), or declare `{{field}}` unique within its scope and retry the create on the violation, or lock across the read and the insert.',
} as const;

/** A create whose number is the highest one read plus one, and the read it comes from. */
export interface NextNumber {
  readonly read: DatabaseCall;
  readonly field: string;
  /** The `highest + 1` expression. */
  readonly value: TSESTree.Node;
  readonly inTransaction: boolean;
}

/**
 * "Next number": the highest value of a column read (`findFirst` ordered descending, the maximum of rows found)
 * and a row of the same model created with that value plus one (`number: max + 1`, `sort: last.sort + 1`). Two
 * concurrent creators read the same highest value and insert twins. Quiet when the twin cannot be inserted or
 * the pair cannot interleave: a unique key of the Prisma schema holding the field, a handled create
 * (`try`/`catch`, the violation retried), a lock or a serializable transaction around both, a row lock on the
 * read (every creator locks the same highest row).
 */
export function nextNumber(file: FileContext, reads: readonly DatabaseCall[], create: DatabaseCall): NextNumber | undefined {
  if (create.effect !== 'create' || create.operation.overwrites || !create.model) return undefined;
  const created = create.created ?? create.data;
  const values = created && skipTransparent(created);
  if (values?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const read of [...reads].reverse()) {
    if (read.node.range[1] > create.node.range[0] || read.model !== create.model) continue;
    if (!contains(enclosingFunction(read.node), create.node)) continue;
    const bindings = resultBindings(file, read);
    if (bindings.length === 0) continue;
    for (const { key, value } of objectEntries(values)) {
      if (isIdentityField(key)) continue;
      const increment = incrementOfHighest(file, read, key, value, bindings);
      if (!increment) continue;
      if (isHandled(file, create.node) || uniqueInSchema(file, create.model, key) || uniqueInFile(file, key)) return undefined;
      const verdict = guardBetween(file, read, create);
      if (verdict.guard || (read.locking && verdict.inTransaction)) return undefined;
      return { read, field: key, value: increment, inTransaction: verdict.inTransaction };
    }
  }
  return undefined;
}

/** The `highest + 1` in the value written to `field`: directly, through a const, or in an arm of a choice. */
function incrementOfHighest(
  file: FileContext,
  read: DatabaseCall,
  field: string,
  node: TSESTree.Node,
  bindings: readonly ResultBinding[],
): TSESTree.Node | undefined {
  const value = throughConst(file, node);
  if (value.type === AST_NODE_TYPES.ConditionalExpression) {
    return incrementOfHighest(file, read, field, value.consequent, bindings) ?? incrementOfHighest(file, read, field, value.alternate, bindings);
  }
  if (value.type === AST_NODE_TYPES.LogicalExpression) return incrementOfHighest(file, read, field, value.right, bindings);
  if (value.type !== AST_NODE_TYPES.BinaryExpression || value.operator !== '+') return undefined;
  const [highest, one] = isOne(value.right) ? [value.left, value.right] : isOne(value.left) ? [value.right, value.left] : [];
  if (!highest || !one) return undefined;
  return isHighest(file, read, field, highest, bindings) ? value : undefined;
}

const isOne = (node: TSESTree.Node): boolean => {
  const value = skipTransparent(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === 1;
};

/**
 * The highest `field` of the rows read: the field of a row the read ordered by it descending (`last.sort`,
 * `rows[0].number`), or a maximum computed over the rows (`rows.reduce(…)`, `Math.max(...rows.map(…))`) that
 * names the field.
 */
function isHighest(file: FileContext, read: DatabaseCall, field: string, node: TSESTree.Node, bindings: readonly ResultBinding[]): boolean {
  const value = throughConst(file, node);
  // A default for no rows yet (`(last?.number ?? 0) + 1`).
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&' && fieldReads(file, value.right, bindings).length === 0) {
    return isHighest(file, read, field, value.left, bindings);
  }
  const reads = fieldReads(file, value, bindings);
  if (reads.length === 1 && skipTransparent(reads[0]!.node) === value) {
    return sameField(reads[0]!.field, field) && ordersDescendingBy(file, read, field);
  }
  return mentionsBinding(file, value, bindings) && computesMaximum(file, value) && namesField(file, value, field);
}

/** The read's options order by `field` descending: `{ sort: -1 }`, `orderBy: { n: 'desc' }`, `[['n', 'DESC']]`, `'-n'`. */
function ordersDescendingBy(file: FileContext, read: DatabaseCall, field: string): boolean {
  return read.node.arguments.some((argument) =>
    findNodes(file, argument, AST_NODE_TYPES.Property).some((property) => {
      if (property.computed || !['sort', 'orderBy', 'order'].includes(keyName(property.key) ?? '')) return false;
      const literals = findNodes(file, property.value, AST_NODE_TYPES.Literal);
      if (literals.some((literal) => literal.value === `-${field}`)) return true;
      return namesField(file, property.value, field) && isDescending(file, property.value);
    }),
  );
}

function isDescending(file: FileContext, node: TSESTree.Node): boolean {
  const literals = findNodes(file, node, AST_NODE_TYPES.Literal);
  if (literals.some((literal) => typeof literal.value === 'string' && literal.value.toLowerCase() === 'desc')) return true;
  if (findNodes(file, node, AST_NODE_TYPES.UnaryExpression).some((unary) => unary.operator === '-' && isOne(unary.argument))) return true;
  // Drizzle's `desc(table.n)`.
  return findNodes(file, node, AST_NODE_TYPES.CallExpression).some((call) => calleeName(call) === 'desc');
}

/** A maximum: `Math.max(…)`, lodash's `max`/`maxBy`, a `reduce` that compares (a sum is no maximum). */
function computesMaximum(file: FileContext, node: TSESTree.Node): boolean {
  return findNodes(file, node, AST_NODE_TYPES.CallExpression).some((call) => {
    const name = calleeName(call);
    if (name === 'max' || name === 'maxBy') return true;
    const reducer = name === 'reduce' ? call.arguments[0] : undefined;
    return reducer !== undefined && findNodes(file, reducer, AST_NODE_TYPES.BinaryExpression).some((test) => ['>', '>=', '<', '<='].includes(test.operator));
  });
}

/** The field named anywhere in the expression, callbacks included: `d.number`, `'number'`, `{ number }`. */
function namesField(file: FileContext, node: TSESTree.Node, field: string): boolean {
  return (
    findNodes(file, node, AST_NODE_TYPES.MemberExpression).some((member) => propertyName(member) === field) ||
    findNodes(file, node, AST_NODE_TYPES.Property).some((property) => !property.computed && keyName(property.key) === field) ||
    findNodes(file, node, AST_NODE_TYPES.Literal).some((literal) => literal.value === field)
  );
}

function mentionsBinding(file: FileContext, node: TSESTree.Node, bindings: readonly ResultBinding[]): boolean {
  return findNodes(file, node, AST_NODE_TYPES.Identifier).some((identifier) => {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
    return bindings.some((binding) => binding.variable === variable && binding.field === undefined);
  });
}

/**
 * The create runs in a `try` with a `catch` (a conflict of the twin is handled there, or retried), or before a
 * `.catch()` that tells a unique violation apart.
 */
function isHandled(file: FileContext, node: TSESTree.Node): boolean {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.handler && contains(current.block, node)) return true;
  }
  return handlesUniqueViolation(file, node);
}

/**
 * The file declares a unique index holding the field, where the model is defined: a column `number: { type,
 * unique: true }`, a Sequelize index `{ unique: true, fields: ['pubId', 'number'] }`, Mongoose
 * `schema.index({ listId: 1, sort: 1 }, { unique: true })`, TypeORM `@Index(['pubId', 'number'], { unique: true })`
 * or `@Unique(['pubId', 'number'])`, Drizzle `unique().on(t.pubId, t.number)`. Which model the index belongs to
 * is not checked: an index of another model on a field of the same name only keeps this quiet.
 */
function uniqueInFile(file: FileContext, field: string): boolean {
  const program = file.sourceCode.ast;
  const uniqueOptions = findNodes(file, program, AST_NODE_TYPES.Property).filter(
    (property) => !property.computed && keyName(property.key) === 'unique' && property.value.type === AST_NODE_TYPES.Literal && property.value.value !== false,
  );
  const declared = uniqueOptions.some((property) => {
    const options = property.parent;
    if (options.type !== AST_NODE_TYPES.ObjectExpression) return false;
    const column = options.parent;
    if (column.type === AST_NODE_TYPES.Property && !column.computed && keyName(column.key) === field) return true;
    const fields = options.properties.find((other) => other.type === AST_NODE_TYPES.Property && keyName(other.key) === 'fields');
    if (fields?.type === AST_NODE_TYPES.Property && namesField(file, fields.value, field)) return true;
    return column.type === AST_NODE_TYPES.CallExpression && column.arguments[1] === options && namesField(file, column.arguments[0]!, field);
  });
  if (declared) return true;
  return findNodes(file, program, AST_NODE_TYPES.CallExpression).some(
    (call) => ['Unique', 'on'].includes(calleeName(call) ?? '') && isUniqueDeclaration(call) && call.arguments.some((argument) => namesField(file, argument, field)),
  );
}

/** `@Unique([…])`, or `.on(…)` of Drizzle's `unique()` / `uniqueIndex(name)`. */
function isUniqueDeclaration(call: TSESTree.CallExpression): boolean {
  if (calleeName(call) === 'Unique') return true;
  const callee = skipTransparent(call.callee);
  const maker = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparent(callee.object) : undefined;
  return maker?.type === AST_NODE_TYPES.CallExpression && ['unique', 'uniqueIndex'].includes(calleeName(maker) ?? '');
}

/** The Prisma schema declares a unique key of the model holding the field (`@@unique([pubId, number])`). */
function uniqueInSchema(file: FileContext, model: string, field: string): boolean {
  const keys = prismaSchemaFor(file.filename)?.uniques.get(model.toLowerCase()) ?? [];
  return keys.some((key) => key.includes(field));
}
