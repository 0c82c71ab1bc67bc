import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { memoize, type FileContext } from '../file-context.js';
import { moduleClass, resolveProjectModule } from '../recognize/module-exports.js';
import { skipTransparent } from './nodes.js';

/**
 * A store class of the application: a class holding a `Map` in a field (`private notes = new Map<…>()`), with
 * lookups that return its entry for their first parameter (`find(id) { return this.notes.get(id); }`) and
 * creates that refuse a key the map already holds (`if (this.notes.has(id)) throw …; … this.notes.set(id, …)`).
 * A get-or-create through such a store across an `await` lets concurrent callers for one key all miss, and the
 * create throws for all but the first. Read from the class's source, in this file or in the project module it
 * is imported from, parsed alone (no checker): the store's behaviour is what its code says, not its name.
 */
export interface StoreClass {
  /** Methods that return the map's entry for their first parameter. */
  readonly lookups: ReadonlySet<string>;
  /** Methods that throw when the map already holds their first parameter, and otherwise set it. */
  readonly refusingCreates: ReadonlySet<string>;
}

/**
 * The store class of `receiver`, a field of `this` (`this.realtimeNoteStore`) declared with a class type, as a
 * property (`store: NoteStore`, `store = new NoteStore()`) or a constructor parameter property (`private
 * store: NoteStore`); undefined for anything else.
 */
export function storeClassOf(file: FileContext, receiver: TSESTree.Node): StoreClass | undefined {
  const member = skipTransparent(receiver);
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.computed || member.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (skipTransparent(member.object).type !== AST_NODE_TYPES.ThisExpression) return undefined;
  let owner: TSESTree.Node | undefined = member.parent;
  while (owner && owner.type !== AST_NODE_TYPES.ClassBody) owner = owner.parent;
  if (!owner) return undefined;
  const className = declaredClassName(owner, member.property.name);
  if (!className) return undefined;
  return memoize(file, `store-class:${className.range[0]}`, () => {
    try {
      return readStoreClass(file, className) ?? null;
    } catch {
      // TypeScript's parser (an optional dependency) cannot be loaded, or a source cannot be read: not known.
      return null;
    }
  }) ?? undefined;
}

/** The identifier naming the class a field is declared with. */
function declaredClassName(body: TSESTree.ClassBody, field: string): TSESTree.Identifier | undefined {
  const named = (annotation: TSESTree.TSTypeAnnotation | undefined): TSESTree.Identifier | undefined => {
    const type = annotation?.typeAnnotation;
    return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName : undefined;
  };
  for (const element of body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === field) {
      const value = element.value && skipTransparent(element.value);
      if (value?.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier) return value.callee;
      return named(element.typeAnnotation);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const parameter of element.value.params) {
        if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const declared = parameter.parameter;
        if (declared.type === AST_NODE_TYPES.Identifier && declared.name === field) return named(declared.typeAnnotation);
      }
    }
  }
  return undefined;
}

/** The class's source: declared in this file, or imported by name from a project module. */
function readStoreClass(file: FileContext, name: TSESTree.Identifier): StoreClass | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(name), name);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || !definition) return undefined;
  if (definition.type === 'ClassName') return storeOf(moduleClass(file, file.filename, name.name, HOLDS_MAP));
  if (definition.type !== 'ImportBinding' || definition.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  const imported = definition.node.imported;
  const importedName = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  const declaration = definition.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const fileName = resolveProjectModule(file, file.filename, declaration.source.value);
  return fileName ? storeOf(moduleClass(file, fileName, importedName, HOLDS_MAP)) : undefined;
}

/** A store holds a `Map` made in a field: a source without `new Map` has no store class to parse for. */
const HOLDS_MAP = /\bnew\s+Map\b/;

function storeOf(declaration: ts.ClassLikeDeclaration | undefined): StoreClass | undefined {
  if (!declaration) return undefined;
  const maps = new Set<string>();
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member) || !(ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) continue;
    const initializer = member.initializer;
    if (initializer && ts.isNewExpression(initializer) && ts.isIdentifier(initializer.expression) && initializer.expression.text === 'Map') maps.add(member.name.text);
  }
  if (maps.size === 0) return undefined;
  const lookups = new Set<string>();
  const refusingCreates = new Set<string>();
  for (const member of declaration.members) {
    if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
    const first = member.parameters[0]?.name;
    if (!first || !ts.isIdentifier(first)) continue;
    const key = first.text;
    const mapCall = (node: ts.Node, method: string): boolean =>
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === method &&
      ts.isPropertyAccessExpression(node.expression.expression) &&
      node.expression.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      maps.has(node.expression.expression.name.text) &&
      node.arguments[0] !== undefined &&
      ts.isIdentifier(node.arguments[0]) &&
      node.arguments[0].text === key;
    let returnsEntry = false;
    let refuses = false;
    let sets = false;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression && mapCall(node.expression, 'get')) returnsEntry = true;
      // `if (this.notes.has(id)) throw …`
      if (ts.isIfStatement(node) && mapCall(node.expression, 'has') && throwsAlways(node.thenStatement)) refuses = true;
      if (mapCall(node, 'set')) sets = true;
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(member.body, visit);
    if (returnsEntry) lookups.add(member.name.text);
    if (refuses && sets) refusingCreates.add(member.name.text);
  }
  return lookups.size > 0 && refusingCreates.size > 0 ? { lookups, refusingCreates } : undefined;
}

function throwsAlways(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some((inner) => ts.isThrowStatement(inner));
}
