import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { databaseCallOf, type DatabaseCall } from '../recognize/database.js';
import { findNodes } from '../recognize/modules.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';
import { enclosingFunction, isFunction, skipTransparent } from './nodes.js';

/** A set of rows replaced (deleted, then written again): a repeat writes the same set. */

/**
 * A set replaced: rows of the model deleted earlier in the same function, by a filter whose every value the
 * insert writes too (`deleteMany({ where: { userId, organizationId } })` then `createMany` of rows with that
 * `userId` and `organizationId`; Drizzle's `delete(t).where(eq(t.projectId, id))` then `insert(t)` of rows
 * with `projectId: id`). A repeat deletes what the first wrote and writes it again: the same set.
 */
export function replacesScope(file: FileContext, create: DatabaseCall, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const model = create.model;
  const fn = enclosingFunction(create.node);
  if (model === undefined || !isFunction(fn)) return false;
  // The values the insert writes, as written: a filter value must be one of them, not a part of one.
  const written = new Set(
    [AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.Literal].flatMap((type) =>
      findNodes(file, create.node, type).map((node) => file.sourceCode.getText(node)),
    ),
  );
  return findNodes(file, fn.body, AST_NODE_TYPES.CallExpression).some((call) => {
    if (call.range[1] > create.node.range[0] || enclosingFunction(call) !== fn) return false;
    const deletion = databaseCallOf(file, call, repositories);
    if (deletion?.effect !== 'delete' || deletion.model?.toLowerCase() !== model.toLowerCase() || !deletion.filter) return false;
    const values = filterValues(file, deletion.filter, model);
    return values.length > 0 && values.every((value) => written.has(file.sourceCode.getText(value)));
  });
}

/** The values a filter compares with: a `where` object's property values, or Drizzle's `eq(table.column, value)` (in `and`). */
function filterValues(file: FileContext, filter: TSESTree.Node, model: string): TSESTree.Node[] {
  const node = skipTransparent(filter);
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    // A spread or computed key: the filter is not known.
    const plain = node.properties.filter((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && !property.computed);
    return plain.length === node.properties.length ? plain.map((property) => property.value) : [];
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return [];
  const [column, value] = node.arguments;
  if (node.arguments.length === 2 && column?.type === AST_NODE_TYPES.MemberExpression && file.sourceCode.getText(column.object) === model) return [value!];
  return node.arguments.flatMap((argument) => filterValues(file, argument, model));
}
