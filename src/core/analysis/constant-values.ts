import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { moduleContext } from '../recognize/imported-helpers.js';
import { resolveProjectModule } from '../recognize/module-exports.js';
import { propertyName, skipTransparent } from './nodes.js';

/**
 * The literal a value stands for: a literal, a `const` of the module initialised with one, or a member of an
 * enum declared in the module or exported by a module of the application (`PrismaErrorType.UniqueConstraintViolation`).
 */
export function constantValue(file: FileContext, node: TSESTree.Node, depth = 0): unknown {
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.Literal) return expression.value;
  if (depth > 2) return undefined;
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
    return constantValue(file, definition.node.init, depth + 1);
  }
  if (expression.type !== AST_NODE_TYPES.MemberExpression || expression.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const member = propertyName(expression);
  const declaration = enumDeclarationOf(file, expression.object);
  const found = declaration && enumMembers(declaration).find((candidate) => candidate.id.type === AST_NODE_TYPES.Identifier && candidate.id.name === member);
  return found?.initializer?.type === AST_NODE_TYPES.Literal ? found.initializer.value : undefined;
}

/** The enum an identifier names: declared in the module, or imported from a module of the application. */
function enumDeclarationOf(file: FileContext, enumName: TSESTree.Identifier): TSESTree.TSEnumDeclaration | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(enumName), enumName);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.node.type === AST_NODE_TYPES.TSEnumDeclaration) return definition.node;
  if (definition?.type !== 'ImportBinding' || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration || definition.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  const imported = definition.node.imported;
  const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  let target: string | undefined;
  try {
    target = resolveProjectModule(file, file.filename, definition.parent.source.value);
  } catch {
    target = undefined; // Without TypeScript (optional) nothing resolves.
  }
  const module = target ? moduleContext(target) : undefined;
  return module?.program.body.flatMap((statement) =>
    statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.TSEnumDeclaration && statement.declaration.id.name === name ? [statement.declaration] : [],
  )[0];
}

function enumMembers(declaration: TSESTree.TSEnumDeclaration): readonly TSESTree.TSEnumMember[] {
  // typescript-eslint 8 moved the members into `body`.
  const withBody = declaration as { body?: { members: TSESTree.TSEnumMember[] }; members?: TSESTree.TSEnumMember[] };
  return withBody.body?.members ?? withBody.members ?? [];
}
