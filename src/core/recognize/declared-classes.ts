import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import { isFunction } from '../analysis/nodes.js';
import { modelledPackages } from '../catalogue/packages.js';
import { isPackageSpecifier, relativeImportTarget } from './imports.js';
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
  const name = classNameOf(file, receiver);
  const found = name && (name.parent.type === AST_NODE_TYPES.ImportSpecifier || name.parent.type === AST_NODE_TYPES.ImportDefaultSpecifier)
    ? memoizedByName(file, 'imported-instance-classes', name, () => importedInstanceClass(file, types, name))
    : name && memoizedByName(file, 'classes-by-name', name, () => classOfName(file, types, name));
  cache.set(receiver, found ?? null);
  return found;
}

/**
 * `receiver` is declared as an instance of a class imported from a package the catalogue models
 * (`const lock = new Mutex()`, `Mutex` from 'async-mutex'): the package's code, told by the import specifier
 * alone. Resolving that import through the checker is done anew in every importing file. Where the compiler
 * options could send the specifier to the application's own files, the question is left to `declaredClassOf`.
 */
export function isModelledPackageInstance(file: FileContext, receiver: TSESTree.Node): boolean {
  const name = classNameOf(file, receiver);
  if (!name) return false;
  const cache = memoize(file, 'modelled-package-names', () => new Map<TSESTree.Identifier, boolean>());
  let found = cache.get(name);
  if (found === undefined) cache.set(name, (found = isImportedFromModelledPackage(file, name)));
  return found;
}

function isImportedFromModelledPackage(file: FileContext, name: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(name), name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const declaration = definition?.type === 'ImportBinding' ? definition.node.parent : undefined;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || !modelledPackages.has(declaration.source.value)) return false;
  return file.types !== undefined && isPackageSpecifier(file.types, declaration.source.value);
}

/** One name (`new AccountRepository()` in a constructor, an import) serves every receiver that it declares. */
function memoizedByName(file: FileContext, key: string, name: TSESTree.Identifier, compute: () => DeclaredClass | undefined): DeclaredClass | undefined {
  const cache = memoize(file, key, () => new Map<TSESTree.Identifier, DeclaredClass | null>());
  let found = cache.get(name);
  if (found === undefined) cache.set(name, (found = compute() ?? null));
  return found ?? undefined;
}

/**
 * `import { redis } from './db'`, where that module declares `export const redis = new Redis()` (or
 * `: Redis`): the class, read from the declaration the import resolves to.
 */
function importedInstanceClass(file: FileContext, types: TypeServices, local: TSESTree.Identifier): DeclaredClass | undefined {
  const declarations = importedSymbol(file, types, local)?.declarations ?? [];
  const declaration = declarations.length === 1 ? declarations[0]! : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  const { type, initializer } = declaration;
  if (type) return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) ? classNamed(types, type.typeName) : undefined;
  return initializer && ts.isNewExpression(initializer) && ts.isIdentifier(initializer.expression) ? classNamed(types, initializer.expression) : undefined;
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

export const isStatic = (member: ts.ClassElement): boolean => (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;

/** `className`, once per receiver: the callee question and the class question both ask it. */
function classNameOf(file: FileContext, receiver: TSESTree.Node): TSESTree.Identifier | undefined {
  const cache = memoize(file, 'class-names', () => new Map<TSESTree.Node, TSESTree.Identifier | null>());
  let found = cache.get(receiver);
  if (found === undefined) cache.set(receiver, (found = className(file, receiver) ?? null));
  return found ?? undefined;
}

/**
 * The identifier naming the class: in a type annotation (`: AccountRepository`) or a `new` initialiser; for
 * an imported binding, the import's local name (the declaration is in the other module).
 */
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
  if (definition.type === 'ImportBinding' && definition.node.type !== AST_NODE_TYPES.ImportNamespaceSpecifier && !isTypeOnly(definition.node)) {
    return definition.name.type === AST_NODE_TYPES.Identifier ? definition.name : undefined;
  }
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

/**
 * The class name a `this.<field>` receiver is declared with (`constructor(private users: UserRepository)`,
 * `private users: UserRepository`), read from the syntax alone: the identifier in the annotation.
 */
export function fieldClassName(receiver: TSESTree.Node): TSESTree.Identifier | undefined {
  let value = receiver;
  while (value.type === AST_NODE_TYPES.TSNonNullExpression) value = value.expression;
  if (value.type !== AST_NODE_TYPES.MemberExpression || value.object.type !== AST_NODE_TYPES.ThisExpression || value.computed) return undefined;
  return value.property.type === AST_NODE_TYPES.Identifier ? instanceFieldClass(value, value.property.name) : undefined;
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

const isTypeOnly = (specifier: TSESTree.ImportSpecifier | TSESTree.ImportDefaultSpecifier | TSESTree.TSImportEqualsDeclaration): boolean =>
  (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') ||
  (specifier.parent?.type === AST_NODE_TYPES.ImportDeclaration && specifier.parent.importKind === 'type');

/**
 * The class a name (in the TypeScript AST of any file) resolves to, an import alias followed. An
 * application's class merged with an interface or namespace may gain members elsewhere and is left to the
 * checker; a library's (ioredis declares `class Redis` and `interface Redis`) is only ever a library's.
 */
function classNamed(types: TypeServices, tsName: ts.Node | undefined): DeclaredClass | undefined {
  let symbol = tsName && types.checker.getSymbolAtLocation(tsName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = types.checker.getAliasedSymbol(symbol);
  return classOfSymbol(symbol);
}

/** The class an identifier of the linted file names: an import read from its module where that is cheap. */
function classOfName(file: FileContext, types: TypeServices, name: TSESTree.Identifier): DeclaredClass | undefined {
  const imported = relativeImportTarget(file, types, name);
  return imported ? classOfSymbol(imported) : classNamed(types, types.services.esTreeNodeToTSNodeMap.get(name as never) as ts.Node | undefined);
}

/** The symbol an import's local name refers to, an alias followed. */
function importedSymbol(file: FileContext, types: TypeServices, local: TSESTree.Identifier): ts.Symbol | undefined {
  const imported = relativeImportTarget(file, types, local);
  if (imported) return imported;
  const tsLocal = types.services.esTreeNodeToTSNodeMap.get(local as never) as ts.Node | undefined;
  const alias = tsLocal && types.checker.getSymbolAtLocation(tsLocal);
  return alias && alias.flags & ts.SymbolFlags.Alias ? types.checker.getAliasedSymbol(alias) : undefined;
}

function classOfSymbol(symbol: ts.Symbol | undefined): DeclaredClass | undefined {
  const declarations = symbol?.declarations ?? [];
  const classes = declarations.filter(ts.isClassDeclaration);
  if (!symbol || classes.length !== 1) return undefined;
  const declaration = classes[0]!;
  const library = declarations.every((candidate) => isLibraryFile(candidate.getSourceFile()));
  if (declarations.length !== 1 && !(library && declarations.every((candidate) => ts.isClassDeclaration(candidate) || ts.isInterfaceDeclaration(candidate)))) {
    return undefined;
  }
  const extendsAny = declarations.some((candidate) =>
    (candidate as ts.ClassDeclaration | ts.InterfaceDeclaration).heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword),
  );
  return { symbol, declaration, extends: extendsAny, library };
}
