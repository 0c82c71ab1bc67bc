import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import { isFunction } from '../analysis/nodes.js';
import { isLibraryFile } from './types.js';

/** The class that an instance expression is declared to hold. */
export interface DeclaredClass {
  readonly symbol: ts.Symbol;
  readonly declaration: ts.ClassDeclaration;
  /** The class extends another: members it does not declare may come from there. */
  readonly extends: boolean;
  /** Declared by a library (a `.d.ts` or `node_modules` file), not by the application. */
  readonly library: boolean;
}

/**
 * The class that `receiver` holds, read from declarations instead of inferred: `this.repo`
 * with `constructor(private readonly repo: AccountRepository)` or `private readonly cache = new AccountCache()`,
 * a `const` or parameter annotated with a class or initialised with `new`. Only the checker's resolution of
 * the class name is used (an import alias followed), not type inference: inferring the type of `this.repo`
 * type-checks the whole class and its constructor call, which was most of the rules' cost on services.
 *
 * Undefined when the shape is anything else (an interface, a cast, a union, a merged declaration): callers
 * then ask the checker as before.
 */
export function declaredClassOf(file: FileContext, receiver: TSESTree.Node): DeclaredClass | undefined {
  const types = file.types;
  if (!types) return undefined;
  const cache = memoize(file, 'declared-classes', () => new Map<TSESTree.Node, DeclaredClass | null>());
  const cached = cache.get(receiver);
  if (cached !== undefined) return cached ?? undefined;
  const name = className(file, receiver);
  const found = name ? classNamedOnce(file, types, name) : undefined;
  cache.set(receiver, found ?? null);
  return found;
}

/** One name (`new AccountRepository()` in a constructor) serves every `this.repository` of its class. */
function classNamedOnce(file: FileContext, types: TypeServices, name: TSESTree.Identifier): DeclaredClass | undefined {
  const cache = memoize(file, 'classes-by-name', () => new Map<TSESTree.Identifier, DeclaredClass | null>());
  let found = cache.get(name);
  if (found === undefined) cache.set(name, (found = classNamed(types, name) ?? null));
  return found ?? undefined;
}

/** The instance members (overloads included) that a class itself declares under `name`. */
export function declaredMembers(declared: DeclaredClass, name: string): ts.ClassElement[] {
  return declared.declaration.members.filter(
    (member) => member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === name && !isStatic(member),
  );
}

/**
 * What a method call on a declared class runs is the application's own code: an application class declares
 * the method, or extends nothing (then no library can supply it).
 */
export function runsOwnCode(declared: DeclaredClass, method: string): boolean {
  return !declared.library && (!declared.extends || declaredMembers(declared, method).length > 0);
}

const isStatic = (member: ts.ClassElement): boolean => (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;

/** The identifier naming the class: in a type annotation (`: AccountRepository`) or a `new` initialiser. */
function className(file: FileContext, receiver: TSESTree.Node): TSESTree.Identifier | undefined {
  let value = receiver;
  while (value.type === AST_NODE_TYPES.TSNonNullExpression) value = value.expression;
  if (value.type === AST_NODE_TYPES.MemberExpression && value.object.type === AST_NODE_TYPES.ThisExpression && !value.computed) {
    return value.property.type === AST_NODE_TYPES.Identifier ? instanceFieldClass(value, value.property.name) : undefined;
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  if (definition.type === 'Variable') {
    if (definition.parent.kind !== 'const' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    return annotatedOrConstructed(definition.node.id.typeAnnotation, definition.node.init ?? undefined);
  }
  if (definition.type === 'Parameter' && definition.name.type === AST_NODE_TYPES.Identifier) {
    // `(repo: AccountRepository)`, `(repo = new AccountRepository())`, `(private repo: AccountRepository)`.
    const parameter = definition.name.parent;
    if (parameter?.type === AST_NODE_TYPES.AssignmentPattern && parameter.left === definition.name) {
      return annotatedOrConstructed(definition.name.typeAnnotation, parameter.right);
    }
    return annotatedOrConstructed(definition.name.typeAnnotation, undefined);
  }
  return undefined;
}

/** `this.name` inside an instance method (arrow functions keep `this`) of a class declaring the field. */
function instanceFieldClass(member: TSESTree.MemberExpression, name: string): TSESTree.Identifier | undefined {
  let current: TSESTree.Node | undefined = member.parent;
  while (current && current.type !== AST_NODE_TYPES.ClassBody) {
    if (isFunction(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      const owner = current.parent;
      const isInstanceMethod =
        (owner?.type === AST_NODE_TYPES.MethodDefinition || owner?.type === AST_NODE_TYPES.PropertyDefinition) && owner.value === current && !owner.static;
      if (!isInstanceMethod) return undefined;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition && current.static) return undefined;
    current = current.parent;
  }
  if (!current) return undefined;
  const found: TSESTree.Identifier[] = [];
  for (const element of current.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name) {
      const identifier = annotatedOrConstructed(element.typeAnnotation, element.value ?? undefined);
      if (!identifier) return undefined;
      found.push(identifier);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty || param.static) continue;
        const target = param.parameter;
        const binding = target.type === AST_NODE_TYPES.AssignmentPattern ? target.left : target;
        if (binding.type !== AST_NODE_TYPES.Identifier || binding.name !== name) continue;
        const identifier = annotatedOrConstructed(binding.typeAnnotation, target.type === AST_NODE_TYPES.AssignmentPattern ? target.right : undefined);
        if (!identifier) return undefined;
        found.push(identifier);
      }
    }
  }
  // Declared once; anything else (accessors, a field set from several places) is left to the checker.
  return found.length === 1 ? found[0] : undefined;
}

function annotatedOrConstructed(annotation: TSESTree.TSTypeAnnotation | undefined, init: TSESTree.Node | undefined): TSESTree.Identifier | undefined {
  if (annotation) {
    const type = annotation.typeAnnotation;
    return type.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName : undefined;
  }
  if (init?.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) return init.callee;
  return undefined;
}

/** The class a name resolves to (an import alias followed). */
function classNamed(types: TypeServices, name: TSESTree.Identifier): DeclaredClass | undefined {
  const tsName = types.services.esTreeNodeToTSNodeMap.get(name as never) as ts.Node | undefined;
  let symbol = tsName && types.checker.getSymbolAtLocation(tsName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = types.checker.getAliasedSymbol(symbol);
  const declarations = symbol?.declarations ?? [];
  // A class merged with an interface or namespace may gain members elsewhere.
  if (declarations.length !== 1 || !ts.isClassDeclaration(declarations[0]!)) return undefined;
  const declaration = declarations[0];
  const source = declaration.getSourceFile();
  const library = isLibraryFile(source);
  const extendsClass = declaration.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
  return { symbol: symbol!, declaration, extends: extendsClass, library };
}
