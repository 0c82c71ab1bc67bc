import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from '../typescript.cjs';
import { memoize, type FileContext } from '../file-context.js';
import { mayNameProjectModule } from './imports.js';
import { readJson, workspacePackages } from './project-files.js';

/**
 * What a module of the application exports, read without the type checker: `import { prisma } from
 * '@/lib/prisma'` where lib/prisma.ts says `export const prisma = globalThis.prisma ?? new PrismaClient()`.
 * The import is resolved with TypeScript's module resolution (relative paths, the nearest tsconfig's
 * `paths`/`baseUrl`, workspace packages linked into node_modules), the target is parsed alone (no program, no
 * binding), and the export is followed to the library construction or call that made it, through local
 * constants, `export default`, `module.exports`, and re-exports. Library sources (anything under
 * node_modules) are never read.
 */

/** How an exported value was made from a library's export. */
export interface ExportSource {
  /**
   * `new`: constructed (`new PrismaClient()`); `call`: returned by a call (`createClient()`, `Redis.fromEnv()`);
   * `instance`: declared with the library class as its type (`let prisma: PrismaClient`); `class`: a class of
   * the application that extends the library export (`class PrismaService extends PrismaClient`).
   */
  readonly made: 'new' | 'call' | 'instance' | 'class';
  /** The library's module specifier, as the exporting file writes it. */
  readonly module: string;
  /** The export's path in that module: `['Redis', 'fromEnv']`; `[]` for the module itself (default import). */
  readonly path: readonly string[];
  /** A string literal first argument of the call (`model('User', schema)`). */
  readonly firstArgument?: string | undefined;
  /** The application class's name, for `class`. */
  readonly className?: string | undefined;
  /** The declared type's first type argument, for `instance` (`Repository<User>` → `User`): the model it serves. */
  readonly typeArgument?: string | undefined;
}

/**
 * How deep re-exports, imports, local names and helper functions' returns are followed; guards cycles too. A
 * getter that memoises a client made by a local factory (`getRedisCache()` → `redisCache = createClient(…)` →
 * `return client`) takes about a dozen steps.
 */
const MAX_HOPS = 16;
/** Larger files are generated or bundled code, not a module that makes a client. */
const MAX_FILE_BYTES = 512 * 1024;

interface ImportedName {
  readonly module: string;
  readonly path: readonly string[];
}

type ExportTarget = { readonly local: string } | { readonly expression: ts.Expression } | { readonly from: string; readonly name: string };

interface ParsedModule {
  readonly fileName: string;
  readonly imports: ReadonlyMap<string, ImportedName>;
  readonly variables: ReadonlyMap<string, ts.VariableDeclaration>;
  readonly classes: ReadonlyMap<string, ts.ClassLikeDeclaration>;
  readonly functions: ReadonlyMap<string, ts.FunctionDeclaration>;
  readonly exports: ReadonlyMap<string, ExportTarget>;
  /** `export * from '...'` specifiers. */
  readonly stars: readonly string[];
}

/**
 * The library source of the value `importedName` names in the module `specifier`, imported by the linted
 * file. Undefined when the specifier is a package outside the project, cannot be resolved, or the export is
 * anything but a recognisable construction.
 */
export function importedExportSource(file: FileContext, specifier: string, importedName: string): ExportSource | undefined {
  return followImport(file, 'imported-export-sources', specifier, importedName, exportSource);
}

/** Resolves `specifier` from the linted file and asks `follow` about `importedName` there, once per file. */
function followImport(
  file: FileContext,
  cacheName: string,
  specifier: string,
  importedName: string,
  follow: (file: FileContext, fileName: string, name: string, hops: number) => ExportSource | undefined,
): ExportSource | undefined {
  const cache = memoize(file, cacheName, () => new Map<string, ExportSource | null>());
  const key = `${specifier}\0${importedName}`;
  let found = cache.get(key);
  if (found === undefined) {
    const target = typescriptLoads() ? resolveProjectModule(file, file.filename, specifier) : undefined;
    found = (target ? follow(file, target, importedName, 0) : undefined) ?? null;
    cache.set(key, found);
  }
  return found ?? undefined;
}

function exportSource(file: FileContext, fileName: string, name: string, hops: number): ExportSource | undefined {
  return followExport(file, fileName, name, hops, {
    local: (module, local, next) => localSource(file, module, local, next),
    expression: (module, expression, next) => expressionSource(file, module, expression, next),
  });
}

/** Where an export ends, once re-exports are followed: a local binding of its module, or an expression. */
interface ExportEnd<T> {
  local(module: ParsedModule, local: string, hops: number): T | undefined;
  expression(module: ParsedModule, expression: ts.Expression, hops: number): T | undefined;
}

/** Follows `name` exported by `fileName` through `export { x } from` and `export *` to the module that declares it. */
function followExport<T>(file: FileContext, fileName: string, name: string, hops: number, end: ExportEnd<T>): T | undefined {
  if (hops > MAX_HOPS) return undefined;
  const module = parsedModule(file, fileName);
  if (!module) return undefined;
  const target = module.exports.get(name);
  if (target) {
    if ('local' in target) return end.local(module, target.local, hops + 1);
    if ('expression' in target) return end.expression(module, target.expression, hops + 1);
    const next = resolveProjectModule(file, fileName, target.from);
    return next ? followExport(file, next, target.name, hops + 1, end) : undefined;
  }
  if (name === 'default') return undefined;
  for (const star of module.stars) {
    const next = resolveProjectModule(file, fileName, star);
    const found = next && followExport(file, next, name, hops + 1, end);
    if (found) return found;
  }
  return undefined;
}

/**
 * What a name declared or imported in `module` holds. `at`, the identifier as written, finds a declaration of
 * an enclosing function or block first (a helper's `const client = new Redis()`).
 */
function localSource(file: FileContext, module: ParsedModule, name: string, hops: number, at?: ts.Node): ExportSource | undefined {
  if (hops > MAX_HOPS) return undefined;
  const scoped = at ? scopedDeclaration(at, name) : undefined;
  if (scoped !== undefined) return scoped !== 'unknown' && ts.isVariableDeclaration(scoped) ? variableSource(file, module, scoped, hops + 1) : undefined;
  const variable = module.variables.get(name);
  if (variable) return variableSource(file, module, variable, hops + 1);
  const declared = module.classes.get(name);
  if (declared) return classSource(file, module, declared, hops + 1);
  const imported = module.imports.get(name);
  // A name imported from another module of the application: follow it there. A package's export is a module
  // or a class, not an instance.
  if (imported && imported.path.length <= 1) {
    const next = resolveProjectModule(file, module.fileName, imported.module);
    return next ? exportSource(file, next, imported.path[0] ?? 'default', hops + 1) : undefined;
  }
  return undefined;
}

/**
 * What a variable holds: its declared type when that names a library class, else every value it is given (its
 * initializer and, for a `let`, each assignment in its scope: `redisCache = createClient()` in a getter), which
 * must all be the same construction. `null`, `undefined` and a cached global say nothing.
 */
function variableSource(file: FileContext, module: ParsedModule, variable: ts.VariableDeclaration, hops: number): ExportSource | undefined {
  if (hops > MAX_HOPS) return undefined;
  // A declared type is the stronger evidence (`let prisma: PrismaClient` assigned in branches), unless it is a
  // type of the application (`let redisCache: ExtendedRedis`, an interface of its own): then the values tell.
  const typed = variable.type && typeSource(file, module, variable.type, hops + 1);
  if (typed && !(typed.made === 'instance' && resolveProjectModule(file, module.fileName, typed.module))) return typed;
  const constant = (variable.parent.flags & ts.NodeFlags.Const) !== 0;
  const assigned = constant ? [] : assignedValues(module, variable);
  if (assigned === undefined) return typed;
  const values = [...(variable.initializer ? [variable.initializer] : []), ...assigned];
  const made = agreedSource(values.map((value) => (saysNothing(value) ? 'nothing' : () => expressionSource(file, module, value, hops + 1))));
  return made ?? typed;
}

/** One source for all the values, or nothing: every value that is not "nothing" must be the same construction. */
function agreedSource(values: ReadonlyArray<(() => ExportSource | undefined) | 'nothing'>): ExportSource | undefined {
  let found: ExportSource | undefined;
  for (const value of values) {
    if (value === 'nothing') continue;
    const source = value();
    if (!source || (found && !sameSource(found, source))) return undefined;
    found = source;
  }
  return found;
}

const assignedValuesCache = new WeakMap<ts.VariableDeclaration, readonly ts.Expression[] | null>();

/**
 * The values assigned to `variable` in its scope (`=`, `??=`, `||=`), the ones that say nothing left out.
 * Undefined when it is also changed otherwise (`+=`, `++`, destructuring): its value is then not known.
 */
function assignedValues(module: ParsedModule, variable: ts.VariableDeclaration): readonly ts.Expression[] | undefined {
  const cached = assignedValuesCache.get(variable);
  if (cached !== undefined) return cached ?? undefined;
  const name = variable.name;
  const values: ts.Expression[] = [];
  let unknown = false;
  if (ts.isIdentifier(name)) {
    const topLevel = module.variables.get(name.text) === variable;
    let container: ts.Node = variable;
    while (!ts.isSourceFile(container) && !ts.isFunctionLike(container)) container = container.parent;
    const isThisVariable = (identifier: ts.Identifier) => {
      const scoped = scopedDeclaration(identifier, name.text);
      return scoped === variable || (scoped === undefined && topLevel);
    };
    const visit = (node: ts.Node): void => {
      if (unknown) return;
      if (ts.isIdentifier(node) && node.text === name.text && node !== name && isWrite(node) && isThisVariable(node)) {
        const parent = node.parent;
        const operator = ts.isBinaryExpression(parent) && parent.left === node ? parent.operatorToken.kind : undefined;
        if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) {
          if (!saysNothing((parent as ts.BinaryExpression).right)) values.push((parent as ts.BinaryExpression).right);
        } else unknown = true;
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(container, visit);
  } else unknown = true;
  assignedValuesCache.set(variable, unknown ? null : values);
  return unknown ? undefined : values;
}

/** An identifier written to: the target of an assignment, `++`/`--`, or inside a destructuring target. */
function isWrite(identifier: ts.Identifier): boolean {
  let node: ts.Node = identifier;
  let parent = node.parent;
  // `[a, b] = …`, `({ a } = …)`: up through the literal that is the target.
  while (ts.isArrayLiteralExpression(parent) || ts.isObjectLiteralExpression(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent) || ts.isSpreadElement(parent)) {
    if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
    node = parent;
    parent = node.parent;
  }
  if (ts.isBinaryExpression(parent) && parent.left === node) return parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && node === identifier) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  return (ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.initializer === node;
}

/** `null`, `undefined`, `void 0`, and a global cache (`globalThis.prisma`): a value that holds no construction of its own. */
function saysNothing(node: ts.Expression): boolean {
  const expression = skipOuter(node);
  if (expression.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(expression)) return true;
  if (ts.isIdentifier(expression)) return expression.text === 'undefined';
  let root: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuter(root.expression);
  return root !== expression && ts.isIdentifier(root) && (root.text === 'globalThis' || root.text === 'global' || /^globalFor/.test(root.text));
}

/**
 * The declaration of `name` seen from `at` in an enclosing function or block: a variable, function or class
 * declared there; `'unknown'` for a parameter, a catch or loop binding or a destructured name (a value this
 * reading does not follow); undefined when the name is the module's.
 */
function scopedDeclaration(at: ts.Node, name: string): ts.VariableDeclaration | ts.FunctionDeclaration | ts.ClassDeclaration | 'unknown' | undefined {
  for (let node: ts.Node = at.parent; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node) || ts.isModuleBlock(node)) {
      for (const statement of node.statements) {
        if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            if (ts.isIdentifier(declaration.name) ? declaration.name.text === name : bindsName(declaration.name, name)) {
              return ts.isIdentifier(declaration.name) ? declaration : 'unknown';
            }
          }
        } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) return statement;
      }
    } else if (ts.isFunctionLike(node)) {
      if (node.parameters.some((parameter) => bindsName(parameter.name, name))) return 'unknown';
      if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name?.text === name) return 'unknown';
    } else if (ts.isCatchClause(node)) {
      if (node.variableDeclaration && bindsName(node.variableDeclaration.name, name)) return 'unknown';
    } else if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const list = node.initializer;
      if (list && ts.isVariableDeclarationList(list) && list.declarations.some((declaration) => bindsName(declaration.name, name))) return 'unknown';
    }
  }
  return undefined;
}

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}

/**
 * Whether the linted file imports a module of the application (a relative path, a `paths` alias, a workspace
 * package in the project): without types, a client may come from there even when the file names no client
 * package. Undefined specifiers and packages under node_modules do not count.
 */
export function importsProjectModule(file: FileContext): boolean {
  return memoize(file, 'imports-project-module', () => {
    if (!typescriptLoads()) return false;
    for (const statement of file.sourceCode.ast.body) {
      if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
      if (resolveProjectModule(file, file.filename, statement.source.value)) return true;
    }
    // `require('../db')`, found by its text: a file without imports is rarely an ES module.
    for (const match of file.sourceCode.text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      if (resolveProjectModule(file, file.filename, match[1]!)) return true;
    }
    return false;
  });
}

// --- Following a helper's return ------------------------------------------------------------------------------

/**
 * What calling the function `importedName` of the module `specifier` returns: `getRedisCache()` where the
 * module says `export function getRedisCache() { return redisCache ??= new Redis(url) }`. Undefined when the
 * module or the function cannot be read, or any of its returns is not the same recognisable construction.
 */
export function importedCallSource(file: FileContext, specifier: string, importedName: string): ExportSource | undefined {
  return followImport(file, 'imported-call-sources', specifier, importedName, exportedCallSource);
}

function exportedCallSource(file: FileContext, fileName: string, name: string, hops: number): ExportSource | undefined {
  if (hops > MAX_HOPS) return undefined;
  const module = parsedModule(file, fileName);
  if (!module) return undefined;
  const target = module.exports.get(name);
  if (target) {
    if ('local' in target) return calledLocal(file, module, target.local, hops + 1) ?? undefined;
    if ('expression' in target) return calledSource(file, module, target.expression, hops + 1) ?? undefined;
    const next = resolveProjectModule(file, fileName, target.from);
    return next ? exportedCallSource(file, next, target.name, hops + 1) : undefined;
  }
  if (name === 'default') return undefined;
  for (const star of module.stars) {
    const next = resolveProjectModule(file, fileName, star);
    const found = next && exportedCallSource(file, next, name, hops + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * What calling `callee` returns, when it is a function of the application: its source, or `null` when the
 * function is the application's but what it returns is not known. Undefined when `callee` is not a function
 * this reading finds (a library's export, say).
 */
function calledSource(file: FileContext, module: ParsedModule, callee: ts.Expression, hops: number): ExportSource | null | undefined {
  if (hops > MAX_HOPS) return null;
  const node = skipOuter(callee);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return returnSource(file, module, node, hops + 1) ?? null;
  return ts.isIdentifier(node) ? calledLocal(file, module, node.text, hops + 1, node) : undefined;
}

function calledLocal(file: FileContext, module: ParsedModule, name: string, hops: number, at?: ts.Node): ExportSource | null | undefined {
  if (hops > MAX_HOPS) return null;
  const scoped = at ? scopedDeclaration(at, name) : undefined;
  if (scoped === 'unknown') return null;
  const declaration = scoped ?? module.functions.get(name) ?? module.variables.get(name) ?? module.classes.get(name);
  if (declaration) {
    const helper = ts.isFunctionDeclaration(declaration) ? declaration : ts.isVariableDeclaration(declaration) ? functionHeldBy(declaration) : undefined;
    return helper ? (returnSource(file, module, helper, hops + 1) ?? null) : null;
  }
  const imported = module.imports.get(name);
  if (imported && imported.path.length <= 1) {
    const next = resolveProjectModule(file, module.fileName, imported.module);
    if (next) return exportedCallSource(file, next, imported.path[0] ?? 'default', hops + 1) ?? null;
  }
  return undefined;
}

/** The function a constant holds: `const getDb = () => drizzle(pool)`. */
function functionHeldBy(variable: ts.VariableDeclaration): ts.FunctionLikeDeclaration | undefined {
  if ((variable.parent.flags & ts.NodeFlags.Const) === 0 || !variable.initializer) return undefined;
  const value = skipOuter(variable.initializer);
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : undefined;
}

/** What a function returns: its expression body, or every `return` of its body (nested functions aside), agreeing. */
function returnSource(file: FileContext, module: ParsedModule, helper: ts.FunctionLikeDeclaration, hops: number): ExportSource | undefined {
  if (hops > MAX_HOPS || helper.asteriskToken || !helper.body) return undefined;
  if (!ts.isBlock(helper.body)) return expressionSource(file, module, helper.body, hops + 1);
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(helper.body, visit);
  return agreedSource(returned.map((value) => (saysNothing(value) ? 'nothing' : () => expressionSource(file, module, value, hops + 1))));
}

/** Methods whose result is the client they are called on: `new PrismaClient().$extends(...)`. */
const RETURNS_RECEIVER = new Set(['$extends', 'connect', 'duplicate', 'on', 'once']);

function expressionSource(file: FileContext, module: ParsedModule, node: ts.Expression, hops: number): ExportSource | undefined {
  if (hops > MAX_HOPS) return undefined;
  const expression = skipOuter(node);
  if (ts.isIdentifier(expression)) return localSource(file, module, expression.text, hops + 1, expression);
  if (ts.isNewExpression(expression)) {
    const callee = calleeName(module, expression.expression);
    if (callee) return { made: 'new', ...callee };
    // `new PrismaService()`: an application class whose base is a library's.
    const local = ts.isIdentifier(expression.expression) ? module.classes.get(expression.expression.text) : undefined;
    const base = local && classSource(file, module, local, hops + 1);
    return base && { made: 'new', module: base.module, path: base.path };
  }
  if (ts.isCallExpression(expression)) {
    // `module.exports.User = require('./user.model')` (a models index): what that module of the application exports.
    const required = requiredModule(expression);
    const next = required === undefined ? undefined : resolveProjectModule(file, module.fileName, required);
    if (next) return exportSource(file, next, 'default', hops + 1);
    const callee = skipOuter(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && RETURNS_RECEIVER.has(callee.name.text)) return expressionSource(file, module, callee.expression, hops + 1);
    // A helper of the application (`createRedisClient(name, url)`): what it returns, never its name as a library's.
    const returned = calledSource(file, module, callee, hops + 1);
    if (returned !== undefined) return returned ?? undefined;
    const name = calleeName(module, callee);
    const first = expression.arguments[0];
    return name && { made: 'call', ...name, firstArgument: first && ts.isStringLiteralLike(first) ? first.text : undefined };
  }
  // `globalForPrisma.prisma ?? new PrismaClient()`: the construction is what the cache holds too.
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      return expressionSource(file, module, expression.right, hops + 1) ?? expressionSource(file, module, expression.left, hops + 1);
    }
    if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken) {
      return expressionSource(file, module, expression.right, hops + 1);
    }
    return undefined;
  }
  if (ts.isConditionalExpression(expression)) {
    const whenTrue = expressionSource(file, module, expression.whenTrue, hops + 1);
    const whenFalse = expressionSource(file, module, expression.whenFalse, hops + 1);
    // Both branches must agree, or one must say nothing (a cached global): never a guess between two libraries.
    if (whenTrue && whenFalse) return sameSource(whenTrue, whenFalse) ? whenTrue : undefined;
    return whenTrue ?? whenFalse;
  }
  if (ts.isClassExpression(expression)) return classSource(file, module, expression, hops + 1);
  return undefined;
}

const sameSource = (a: ExportSource, b: ExportSource): boolean => a.module === b.module && a.path.join('.') === b.path.join('.');

function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current)) {
      current = current.expression;
    } else if (ts.isTypeAssertionExpression(current) || ts.isAwaitExpression(current)) current = current.expression;
    else return current;
  }
}

/** `Pool` / `pg.Pool` / `Redis.fromEnv` as an import of the module: its package and export path. */
function calleeName(module: ParsedModule, callee: ts.Expression): ImportedName | undefined {
  const expression = skipOuter(callee);
  if (ts.isIdentifier(expression)) return module.imports.get(expression.text);
  if (ts.isPropertyAccessExpression(expression)) {
    const object = calleeName(module, expression.expression);
    return object && { module: object.module, path: [...object.path, expression.name.text] };
  }
  return undefined;
}

/** An application class's library base: `class PrismaService extends PrismaClient`, followed across modules. */
function classSource(file: FileContext, module: ParsedModule, declaration: ts.ClassLikeDeclaration, hops: number): ExportSource | undefined {
  if (hops > MAX_HOPS) return undefined;
  const heritage = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage) return undefined;
  const className = declaration.name?.text;
  const base = skipOuter(heritage.expression);
  if (ts.isIdentifier(base)) {
    const local = module.classes.get(base.text);
    if (local) {
      const found = classSource(file, module, local, hops + 1);
      return found && { ...found, className };
    }
    const imported = module.imports.get(base.text);
    if (imported && imported.path.length <= 1) {
      const next = resolveProjectModule(file, module.fileName, imported.module);
      const found = next ? exportSource(file, next, imported.path[0] ?? 'default', hops + 1) : undefined;
      if (found?.made === 'class') return { ...found, className };
    }
  }
  const name = calleeName(module, base);
  return name && { made: 'class', ...name, className };
}

/** `PrismaClient` / `pg.Pool` / an application class, as a declared type: an instance of the library class. */
function typeSource(file: FileContext, module: ParsedModule, type: ts.TypeNode, hops: number): ExportSource | undefined {
  if (!ts.isTypeReferenceNode(type)) return undefined;
  const names: string[] = [];
  let name: ts.EntityName = type.typeName;
  while (ts.isQualifiedName(name)) {
    names.unshift(name.right.text);
    name = name.left;
  }
  const local = module.classes.get(name.text);
  const imported = module.imports.get(name.text);
  if (local && names.length === 0) {
    const base = classSource(file, module, local, hops + 1);
    return base && { made: 'instance', module: base.module, path: base.path };
  }
  if (!imported) return undefined;
  const next = names.length === 0 && imported.path.length <= 1 ? resolveProjectModule(file, module.fileName, imported.module) : undefined;
  const found = next ? exportSource(file, next, imported.path[0] ?? 'default', hops + 1) : undefined;
  if (found?.made === 'class') return { made: 'instance', module: found.module, path: found.path };
  return { made: 'instance', module: imported.module, path: [...imported.path, ...names] };
}

/** A class declared in a module of the application, with the imports of its module (to follow what it names). */
export interface ProjectClass {
  readonly fileName: string;
  readonly declaration: ts.ClassLikeDeclaration;
  readonly imports: ReadonlyMap<string, { readonly module: string; readonly path: readonly string[] }>;
  readonly classes: ReadonlyMap<string, ts.ClassLikeDeclaration>;
}

/**
 * The class that `name`, declared or imported in the module `fileName`, names: declared there, or followed
 * through imports and re-exports to the module of the application that declares it.
 */
export function projectClassIn(file: FileContext, fileName: string, name: string, hops = 0): ProjectClass | undefined {
  if (hops > MAX_HOPS || !typescriptLoads()) return undefined;
  const module = fileName === file.filename ? lintedModule(file) : parsedModule(file, fileName);
  if (!module) return undefined;
  const declared = module.classes.get(name);
  if (declared) return { fileName, declaration: declared, imports: module.imports, classes: module.classes };
  const imported = module.imports.get(name);
  const next = imported?.path.length === 1 ? resolveProjectModule(file, fileName, imported.module) : undefined;
  return next ? exportedClass(file, next, imported!.path[0]!, hops + 1) : undefined;
}

/** The class a module of the application exports as `name`, re-exports followed. */
export function exportedClass(file: FileContext, fileName: string, name: string, hops = 0): ProjectClass | undefined {
  if (!typescriptLoads()) return undefined;
  return followExport<ProjectClass>(file, fileName, name, hops, {
    local: (module, local, next) => projectClassIn(file, module.fileName, local, next),
    expression: () => undefined,
  });
}

// --- Reading a module ----------------------------------------------------------------------------------------

/**
 * The class `name` declares at the top level of the module `fileName` (of the linted file's own text when it is
 * that file), parsed alone as the rest of this reading is: for analyses that read an application class's code.
 * A module not parsed yet whose text fails `mayHold` is not parsed for it.
 */
export function moduleClass(file: FileContext, fileName: string, name: string, mayHold?: RegExp): ts.ClassLikeDeclaration | undefined {
  if (!typescriptLoads()) return undefined;
  if (fileName === file.filename) {
    if (mayHold && !mayHold.test(file.sourceCode.text)) return undefined;
    return lintedModule(file).classes.get(name);
  }
  if (mayHold && !parsedModules.has(fileName) && !textHolds(fileName, mayHold)) return undefined;
  return parsedModule(file, fileName)?.classes.get(name);
}

/** The linted file itself, read from the text ESLint has (an editor's unsaved buffer, stdin), not from disk. */
const lintedModule = (file: FileContext): ParsedModule => memoize(file, 'parsed-linted-file', () => parseModule(file.filename, file.sourceCode.text));

function textHolds(fileName: string, pattern: RegExp): boolean {
  try {
    return statSync(fileName).size <= MAX_FILE_BYTES && pattern.test(readFileSync(fileName, 'utf8'));
  } catch {
    return false;
  }
}

interface CachedModule {
  readonly mtimeMs: number;
  readonly size: number;
  readonly module: ParsedModule | undefined;
}

/** Parsed modules by path, for the life of the process; a file changed on disk is parsed again. */
const parsedModules = new Map<string, CachedModule>();

function parsedModule(file: FileContext, fileName: string): ParsedModule | undefined {
  // One look at the disk per linted file and module.
  const seen = memoize(file, 'parsed-modules', () => new Map<string, ParsedModule | null>());
  const known = seen.get(fileName);
  if (known !== undefined) return known ?? undefined;
  let module: ParsedModule | undefined;
  try {
    const stat = statSync(fileName);
    const cached = parsedModules.get(fileName);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) module = cached.module;
    else {
      module = stat.size <= MAX_FILE_BYTES ? parseModule(fileName, readFileSync(fileName, 'utf8')) : undefined;
      parsedModules.set(fileName, { mtimeMs: stat.mtimeMs, size: stat.size, module });
    }
  } catch {
    module = undefined;
  }
  seen.set(fileName, module ?? null);
  return module;
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);

/** The imports, top-level declarations and exports of one file: its syntax alone (a parse error leaves what parsed). */
function parseModule(fileName: string, text: string): ParsedModule {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const imports = new Map<string, ImportedName>();
  const variables = new Map<string, ts.VariableDeclaration>();
  const classes = new Map<string, ts.ClassLikeDeclaration>();
  const functions = new Map<string, ts.FunctionDeclaration>();
  const exports = new Map<string, ExportTarget>();
  const stars: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) imports.set(clause.name.text, { module, path: [] });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, path: [] });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          imports.set(element.name.text, { module, path: imported === 'default' ? [] : [imported] });
        }
      }
    } else if (ts.isVariableStatement(statement)) {
      const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
      for (const declaration of statement.declarationList.declarations) {
        const required = declaration.initializer && requiredModule(declaration.initializer);
        if (required !== undefined) {
          // `const pg = require('pg')`, `const { Pool } = require('pg')`
          if (ts.isIdentifier(declaration.name)) imports.set(declaration.name.text, { module: required, path: [] });
          else if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              const key = element.propertyName ?? element.name;
              if (ts.isIdentifier(element.name) && ts.isIdentifier(key)) imports.set(element.name.text, { module: required, path: [key.text] });
            }
          }
          continue;
        }
        if (!ts.isIdentifier(declaration.name)) continue;
        variables.set(declaration.name.text, declaration);
        if (exported) exports.set(declaration.name.text, { local: declaration.name.text });
      }
    } else if (ts.isClassDeclaration(statement)) {
      // An anonymous `export default class extends Model` is kept under a name no identifier can have.
      const local = statement.name?.text ?? '*default*';
      classes.set(local, statement);
      if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        exports.set(hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : local, { local });
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.body) {
      const local = statement.name?.text ?? '*default*';
      functions.set(local, statement);
      if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        exports.set(hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : local, { local });
      }
    } else if (ts.isExportAssignment(statement)) {
      exports.set('default', { expression: statement.expression });
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) stars.push(from);
      } else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const local = (element.propertyName ?? element.name).text;
          exports.set(element.name.text, from ? { from, name: local } : { local });
        }
      }
    } else if (ts.isExpressionStatement(statement)) {
      readCommonJsExport(statement.expression, exports);
    }
  }
  return { fileName, imports, variables, classes, functions, exports, stars };
}

/** `module.exports = x`, `module.exports = { prisma }`, `module.exports.prisma = x`, `exports.prisma = x`. */
function readCommonJsExport(expression: ts.Expression, exports: Map<string, ExportTarget>): void {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const target = expression.left;
  if (!ts.isPropertyAccessExpression(target)) return;
  const isModuleExports = (node: ts.Expression) =>
    ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
  if (isModuleExports(target)) {
    exports.set('default', { expression: expression.right });
    const value = skipOuter(expression.right);
    if (ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        if (ts.isShorthandPropertyAssignment(property)) exports.set(property.name.text, { local: property.name.text });
        else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) exports.set(property.name.text, { expression: property.initializer });
      }
    }
    return;
  }
  const owner = target.expression;
  if (isModuleExports(owner) || (ts.isIdentifier(owner) && owner.text === 'exports')) exports.set(target.name.text, { expression: expression.right });
}

function requiredModule(node: ts.Expression): string | undefined {
  const expression = skipOuter(node);
  if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression) || expression.expression.text !== 'require') return undefined;
  const [argument] = expression.arguments;
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

// --- Resolving a specifier -------------------------------------------------------------------------------------

/**
 * The project file that `specifier`, imported by `importer`, loads: resolved as TypeScript would with the
 * compiler options of the program (with types) or of the nearest tsconfig.json / jsconfig.json (without).
 * Undefined for anything under node_modules (a workspace package linked there counts when its real path is
 * in the project), and for specifiers that do not resolve.
 */
export function resolveProjectModule(file: FileContext, importer: string, specifier: string): string | undefined {
  const options = file.types?.program.getCompilerOptions() ?? configuredOptions(path.dirname(importer));
  let byOptions = resolutions.get(options);
  if (!byOptions) resolutions.set(options, (byOptions = new Map()));
  const key = `${path.dirname(importer)}\0${specifier}`;
  let found = byOptions.get(key);
  if (found === undefined) {
    found = resolve(importer, specifier, options) ?? null;
    byOptions.set(key, found);
  }
  return found ?? undefined;
}

const resolutions = new WeakMap<ts.CompilerOptions, Map<string, string | null>>();

function resolve(importer: string, specifier: string, options: ts.CompilerOptions): string | undefined {
  if (!mayNameProjectModule(path.dirname(importer), specifier, options)) return undefined;
  try {
    const resolved = ts.resolveModuleName(specifier, importer, options, ts.sys).resolvedModule;
    const fileName = resolved?.resolvedFileName.replace(/\\/g, '/');
    if (fileName) return fileName.includes('/node_modules/') ? undefined : fileName;
    // Not installed: a package of the monorepo, found by its name among the workspace's packages.
    return workspaceModule(importer, specifier, options);
  } catch {
    return undefined;
  }
}

/**
 * The file a bare specifier names when it is a package of the importer's workspace (pnpm-workspace.yaml or the
 * root package.json's `workspaces`) and nothing is installed: the checkout of a monorepo before `pnpm install`.
 * The package's `exports` / `types` / `main` entry (or a subpath) must be a source file that exists.
 */
function workspaceModule(importer: string, specifier: string, options: ts.CompilerOptions): string | undefined {
  const match = /^((?:@[^/]+\/)?[^/.][^/]*)(?:\/(.+))?$/.exec(specifier);
  if (!match) return undefined;
  const directory = workspacePackages(path.dirname(importer)).get(match[1]!);
  if (!directory) return undefined;
  const entries = match[2] ? [match[2]] : packageEntries(directory);
  for (const entry of entries) {
    const target = path.join(directory, entry);
    if (/\.[cm]?[jt]sx?$/.test(entry) && !/\.d\.[cm]?ts$/.test(entry) && ts.sys.fileExists(target)) return target.replace(/\\/g, '/');
    const relative = `./${entry.replace(/^\.\//, '').replace(/\.[cm]?js$/, '')}`;
    const resolved = ts.resolveModuleName(relative, path.join(directory, 'package.json'), options, ts.sys).resolvedModule;
    const fileName = resolved?.resolvedFileName.replace(/\\/g, '/');
    if (fileName && !fileName.includes('/node_modules/') && !/\.d\.[cm]?ts$/.test(fileName)) return fileName;
  }
  return undefined;
}

/** The entry points a package.json names, in the order a bundler would try them, then `index`. */
function packageEntries(directory: string): string[] {
  const manifest = readJson(path.join(directory, 'package.json'));
  const entries: string[] = [];
  const exported = manifest?.['exports'];
  const root = typeof exported === 'object' && exported !== null && !Array.isArray(exported) ? (exported as Record<string, unknown>)['.'] ?? exported : exported;
  if (typeof root === 'string') entries.push(root);
  else if (typeof root === 'object' && root !== null) {
    for (const condition of ['types', 'import', 'default', 'require']) {
      const value = (root as Record<string, unknown>)[condition];
      if (typeof value === 'string') entries.push(value);
    }
  }
  for (const field of ['types', 'module', 'main']) {
    const value = manifest?.[field];
    if (typeof value === 'string') entries.push(value);
  }
  // A package built to `dist/` from `src/` and not built in this checkout: its sources stand for it.
  for (const entry of [...entries]) {
    const source = /^(?:\.\/)?dist\/(.+?)(?:\.d)?\.[cm]?[jt]s$/.exec(entry);
    if (source) entries.push(`src/${source[1]}`);
  }
  entries.push('index');
  return entries;
}

let loads: boolean | undefined;
/**
 * Whether the optional `typescript` package loads: it resolves and parses the imported modules. Without it the
 * rules work on the linted file alone, as they do under espree.
 */
function typescriptLoads(): boolean {
  if (loads === undefined) {
    try {
      loads = typeof ts.version === 'string';
    } catch {
      loads = false;
    }
  }
  return loads;
}

// A function, not a constant: reading `ts` when this module loads would load TypeScript in every lint process.
const defaultOptions = (): ts.CompilerOptions => ({ moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, allowJs: true });
const optionsByDirectory = new Map<string, ts.CompilerOptions>();

/** The compiler options of the nearest tsconfig.json (or jsconfig.json) above `directory`, `extends` followed. */
function configuredOptions(directory: string): ts.CompilerOptions {
  const cached = optionsByDirectory.get(directory);
  if (cached) return cached;
  let options = defaultOptions();
  const configFile = ts.findConfigFile(directory, ts.sys.fileExists, 'tsconfig.json') ?? ts.findConfigFile(directory, ts.sys.fileExists, 'jsconfig.json');
  if (configFile) {
    const alreadyParsed = optionsByDirectory.get(`config:${configFile}`);
    if (alreadyParsed) options = alreadyParsed;
    else {
      try {
        const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
        // Only the options are wanted: no directory is read for the file list.
        const host: ts.ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
        const parsed = ts.parseJsonConfigFileContent(config ?? {}, host, path.dirname(configFile), undefined, configFile);
        options = { ...parsed.options, allowJs: true };
        if (options.moduleResolution === undefined) options.moduleResolution = ts.ModuleResolutionKind.Bundler;
      } catch {
        options = defaultOptions();
      }
      optionsByDirectory.set(`config:${configFile}`, options);
    }
  }
  optionsByDirectory.set(directory, options);
  return options;
}
