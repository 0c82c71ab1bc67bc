import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import type { FileContext } from '../file-context.js';
import { typeOf } from '../recognize/types.js';
import { propertyName, skipTransparent } from './nodes.js';

/**
 * In-memory keyed collections: their `has`/`get`/`set`/`add` are synchronous, so a check and a set with no
 * `await` between them are atomic. Built-ins by name (they are globals); `LRUCache` from 'lru-cache' by import.
 */
const BUILT_IN_COLLECTIONS = new Set(['Map', 'WeakMap', 'Set', 'WeakSet']);
const PACKAGE_COLLECTIONS: Readonly<Record<string, readonly string[]>> = { 'lru-cache': ['LRUCache', 'default'], 'quick-lru': ['default'] };

export type CollectionKind = 'map' | 'set';

/**
 * Whether `node` is an in-memory Map/Set-like collection: by its type when the checker is available (a
 * built-in Map/Set, or any object whose `has` and `set`/`add` return no promise), otherwise by its
 * declaration: initialised with `new Map()`… or annotated `Map<…>`. An external store (Redis, a database)
 * has promise-returning methods and is not one.
 */
export function inMemoryCollection(file: FileContext, node: TSESTree.Node): CollectionKind | undefined {
  if (file.types) {
    const type = typeOf(file.types, node);
    if (type) {
      // `Map<…> | undefined` (an optional field): every present part must be a collection.
      const present = file.types.checker.getNonNullableType(type);
      const parts = present.isUnion() ? present.types : [present];
      const kinds = parts.map((part) => collectionOfType(file.types!.checker, part));
      return kinds.every((kind) => kind === kinds[0]) ? kinds[0] : undefined;
    }
  }
  return collectionOfDeclaration(file, skipTransparent(node));
}

function collectionOfType(checker: ts.TypeChecker, type: ts.Type): CollectionKind | undefined {
  const symbolName = (type.getSymbol() ?? type.aliasSymbol)?.getName();
  if (symbolName && BUILT_IN_COLLECTIONS.has(symbolName)) return symbolName.endsWith('Set') ? 'set' : 'map';
  const has = type.getProperty('has');
  const writer = type.getProperty('set') ?? type.getProperty('add');
  if (!has || !writer) return undefined;
  const returnsPromise = (symbol: ts.Symbol): boolean => {
    const methodType = checker.getTypeOfSymbol(symbol);
    return methodType.getCallSignatures().some((signature) => signature.getReturnType().getProperty('then') !== undefined);
  };
  if (returnsPromise(has) || returnsPromise(writer)) return undefined;
  return type.getProperty('set') ? 'map' : 'set';
}

function collectionOfDeclaration(file: FileContext, node: TSESTree.Node): CollectionKind | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(node), node);
    const definition = variable?.defs[0];
    if (variable?.defs.length !== 1 || definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    return (
      collectionOfAnnotation(definition.node.id.typeAnnotation?.typeAnnotation) ??
      (definition.node.init ? collectionOfInitializer(file, definition.node.init) : undefined)
    );
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && skipTransparent(node.object).type === AST_NODE_TYPES.ThisExpression) {
    const name = propertyName(node);
    const classBody = enclosingClassBody(node);
    if (name === undefined || !classBody) return undefined;
    for (const member of classBody.body) {
      if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.computed || member.key.type !== AST_NODE_TYPES.Identifier) continue;
      if (member.key.name !== name) continue;
      return collectionOfAnnotation(member.typeAnnotation?.typeAnnotation) ?? (member.value ? collectionOfInitializer(file, member.value) : undefined);
    }
  }
  return undefined;
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === AST_NODE_TYPES.ClassBody) return current;
  return undefined;
}

function collectionOfAnnotation(annotation: TSESTree.TypeNode | undefined): CollectionKind | undefined {
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference || annotation.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  const name = annotation.typeName.name;
  if (!BUILT_IN_COLLECTIONS.has(name)) return undefined;
  return name.endsWith('Set') ? 'set' : 'map';
}

function collectionOfInitializer(file: FileContext, init: TSESTree.Expression): CollectionKind | undefined {
  const expression = skipTransparent(init);
  if (expression.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const callee = skipTransparent(expression.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  if (!variable || variable.defs.length === 0) return BUILT_IN_COLLECTIONS.has(callee.name) ? (callee.name.endsWith('Set') ? 'set' : 'map') : undefined;
  const definition = variable.defs[0];
  if (definition?.type !== 'ImportBinding' || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const names = PACKAGE_COLLECTIONS[definition.parent.source.value];
  const specifier = definition.node;
  const imported =
    specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
      ? 'default'
      : specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.imported.type === AST_NODE_TYPES.Identifier
        ? specifier.imported.name
        : undefined;
  return names && imported && names.includes(imported) ? 'map' : undefined;
}
