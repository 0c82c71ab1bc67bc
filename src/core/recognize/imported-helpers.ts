import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import { memoize, type FileContext } from '../file-context.js';
import { isFunction, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { entryOf } from '../catalogue/model.js';
import { expiryTokens, redisCommands, redisLibraries, upstashExpiryOptions, type RedisLibrary } from '../catalogue/redis.js';
import { definitionExport, requiredSpecifier } from './bindings.js';
import { typeDeclaredBy } from './instances.js';
import { resolveProjectModule } from './module-exports.js';
import { programLoadsRedis } from './redis.js';

/**
 * Redis lock helpers imported from another module of the project (`import { acquireLock } from './locks.js'`),
 * read in their own source through the type checker: what the helper does to which of its parameters.
 * Only with type information; without it an imported function is opaque.
 */
export interface ImportedRedisHelper {
  readonly role: 'acquire' | 'release';
  /** The parameter the key is built from. */
  readonly keyParam: number;
  /** The key it builds, parameters written by position (`lock:${#0}`). */
  readonly shape: string;
  /** Acquire: the parameter holding the token stored in the key. */
  readonly tokenParam: number | undefined;
  /** Acquire: the `SET` gives the key a TTL. */
  readonly ttl: boolean;
  /** Acquire: the helper retries until the lock is taken, or throws when it is not. */
  readonly blocking: boolean;
  /** Release: a plain `DEL`/`UNLINK`, without comparing the token. */
  readonly plainDelete: boolean;
  readonly library: RedisLibrary;
}

/** The helper a call runs, when its callee is an import of a project function that takes or frees a Redis lock. */
export function importedRedisHelper(file: FileContext, call: TSESTree.CallExpression): ImportedRedisHelper | undefined {
  const types = file.types;
  const callee = skipTransparent(call.callee);
  if (!types || callee.type !== AST_NODE_TYPES.Identifier || !programLoadsRedis(types.program)) return undefined;
  // Only a name some project module may export a helper under is worth resolving through the checker.
  const exported = helperExportNames(types.program);
  if (exported !== 'any' && exported.size === 0) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  const definition = variable?.defs[0];
  if (!variable || definition?.type !== 'ImportBinding') return undefined;
  const name = importedName(definition.node);
  if (exported !== 'any' && name !== undefined && !exported.has(name)) return undefined;
  // Every call of one imported name runs the same function: its declaration is looked up once per file.
  const byImport = memoize(file, 'imported-redis-helpers', () => new Map<TSESLint.Scope.Variable, ImportedRedisHelper | null>());
  let helper = byImport.get(variable);
  if (helper === undefined) {
    const fn = declaredFunction(types.checker, types.program, types.services.esTreeNodeToTSNodeMap.get(callee));
    helper = (fn && helperOf(file, types.program, types.checker, fn)) ?? null;
    byImport.set(variable, helper);
  }
  return helper ?? undefined;
}

/**
 * Whether the file imports a name some project module may export a Redis lock helper under: a file that calls
 * `takeLease()` from another module takes a lock although its own text names no lock word.
 */
export function mayImportRedisHelper(file: FileContext): boolean {
  return memoize(file, 'imports-redis-helper', () => {
    const types = file.types;
    if (!types || !programLoadsRedis(types.program)) return false;
    const exported = helperExportNames(types.program);
    if (exported !== 'any' && exported.size === 0) return false;
    return file.program.body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration &&
        statement.specifiers.some((specifier) => {
          const name = importedName(specifier);
          return name !== undefined && (exported === 'any' || exported.has(name));
        }),
    );
  });
}

/** The name an import binding imports (`default` for a default import); undefined for a namespace or `import x = require()`. */
function importedName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return 'default';
  if (node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  return node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
}

/**
 * The names under which the program's own modules may export a Redis lock helper, so that an import of any other
 * name needs no checker: the names of functions whose body has a call `readCall` may accept, plus `default` and
 * every name a module re-exports (`export { a as b }`, `import { a as b } … export { b }`), since an export can
 * rename a function. `'any'` when a JavaScript module declares one (CommonJS exports rename without syntax);
 * empty when no module does. Once per program, from each source file's summary (kept while the file is unchanged).
 */
const exportNamesByProgram = new WeakMap<ts.Program, ReadonlySet<string> | 'any'>();

function helperExportNames(program: ts.Program): ReadonlySet<string> | 'any' {
  let names = exportNamesByProgram.get(program);
  if (names === undefined) {
    const helpers = new Set<string>();
    const reexports = new Set<string>();
    let any = false;
    for (const source of program.getSourceFiles()) {
      if (source.isDeclarationFile || program.isSourceFileFromExternalLibrary(source)) continue;
      const summary = moduleSummary(source);
      for (const name of summary.helpers) helpers.add(name);
      for (const name of summary.reexports) reexports.add(name);
      if (summary.helpers.length > 0 && /\.[cm]?jsx?$/i.test(source.fileName)) any = true;
    }
    names = any ? 'any' : helpers.size === 0 ? helpers : new Set([...helpers, ...reexports, 'default']);
    exportNamesByProgram.set(program, names);
  }
  return names;
}

interface ModuleSummary {
  /** Functions that may be lock helpers, by declared name (`default` for `export default function`). */
  readonly helpers: readonly string[];
  /** Names exported by an export list or `export import`: they can name a function declared under another name. */
  readonly reexports: readonly string[];
}

const summaries = new WeakMap<ts.SourceFile, ModuleSummary>();

function moduleSummary(source: ts.SourceFile): ModuleSummary {
  let summary = summaries.get(source);
  if (summary) return summary;
  const helpers: string[] = [];
  const reexports: string[] = [];
  // The declarations an import can resolve to: top-level ones, and those of namespaces (`export import a = N.f`).
  const visit = (statements: readonly ts.Statement[]): void => {
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement)) {
        if (!statement.body || !mayBeHelper(source, statement)) continue;
        helpers.push(statement.name?.text ?? 'default');
        if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) helpers.push('default');
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && mayBeHelper(source, init)) {
            helpers.push(declaration.name.text);
          }
        }
      } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const specifier of statement.exportClause.elements) reexports.push(specifier.name.text);
      } else if (ts.isImportEqualsDeclaration(statement)) {
        reexports.push(statement.name.text);
      } else if (ts.isModuleDeclaration(statement)) {
        // `namespace A.B { … }`: the declarations hang off the innermost body.
        let body = statement.body;
        while (body && ts.isModuleDeclaration(body)) body = body.body;
        if (body && ts.isModuleBlock(body)) visit(body.statements);
      }
    }
  };
  visit(source.statements);
  summary = { helpers, reexports };
  summaries.set(source, summary);
  return summary;
}

/** A function with a call `readCall` accepts by its syntax: the part of `readHelper` that needs no checker. */
function mayBeHelper(source: ts.SourceFile, fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body) return false;
  // No command name in its text, no command call: a string test spares the walk of most functions (unless an
  // escape sequence, `\u0064el` or `'\x4eX'`, could spell one).
  const text = source.text.slice(body.pos, body.end);
  if (!text.includes('\\') && !COMMAND_TEXT.test(text) && !(/set/i.test(text) && /nx/i.test(text))) return false;
  const params = parameterNames(fn);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && (ts.isFunctionLike(node) || ts.isClassLike(node)))) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && lockCallOf(node, params)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/** The commands `lockCallOf` accepts, in a body's text (case-insensitive, as commands are looked up); `SET`/`SETNX` have `NX` too. */
const COMMAND_TEXT = /del|unlink|eval/i;

/** What each helper does, read once per program (many files import the same helper). */
const helpersByProgram = new WeakMap<ts.Program, WeakMap<ts.Node, ImportedRedisHelper | null>>();

function helperOf(file: FileContext, program: ts.Program, checker: ts.TypeChecker, fn: FunctionLike): ImportedRedisHelper | undefined {
  let helpers = helpersByProgram.get(program);
  if (!helpers) {
    helpers = new WeakMap();
    helpersByProgram.set(program, helpers);
  }
  let helper = helpers.get(fn);
  if (helper === undefined) {
    helper = readHelper(file, checker, fn) ?? null;
    helpers.set(fn, helper);
  }
  return helper ?? undefined;
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

function declaredFunction(checker: ts.TypeChecker, program: ts.Program, node: ts.Node): FunctionLike | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration) return undefined;
  const source = declaration.getSourceFile();
  if (source.isDeclarationFile || program.isSourceFileFromExternalLibrary(source)) return undefined;
  if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = declaration.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

const parameterNames = (fn: FunctionLike): (string | undefined)[] => fn.parameters.map((param) => (ts.isIdentifier(param.name) ? param.name.text : undefined));

function readHelper(file: FileContext, checker: ts.TypeChecker, fn: FunctionLike): ImportedRedisHelper | undefined {
  const params = parameterNames(fn);
  let found: ImportedRedisHelper | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node !== fn && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) found = readCall(file, checker, node, fn, params);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

interface LockCall {
  readonly command: string;
  readonly keyNode: ts.Node;
  readonly keyParam: number;
  readonly role: 'acquire' | 'plain-delete' | 'script';
}

/** What syntax tells of a helper's call: a command that takes or frees a lock, on a key built from a parameter. */
function lockCallOf(call: ts.CallExpression, params: readonly (string | undefined)[]): LockCall | undefined {
  const access = call.expression as ts.PropertyAccessExpression;
  const command = access.name.text.toLowerCase();
  const spec = entryOf(redisCommands, command);
  if (!spec) return undefined;
  const args = call.arguments;
  const isScript = spec.keys === 'script';
  const keyNode = isScript ? scriptKey(args) : args[0];
  const keyParam = keyNode ? parameterOf(keyNode, params) : undefined;
  if (keyParam === undefined || !keyNode) return undefined;
  const role = roleOf(command, spec.effect === 'delete' && command !== 'hdel', isScript, args);
  return role ? { command, keyNode, keyParam, role } : undefined;
}

function readCall(
  file: FileContext,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  fn: FunctionLike,
  params: readonly (string | undefined)[],
): ImportedRedisHelper | undefined {
  const lockCall = lockCallOf(call, params);
  if (!lockCall) return undefined;
  const { command, keyNode, keyParam, role } = lockCall;
  const args = call.arguments;
  // Syntax said it takes or frees a lock; only now is the receiver's type asked.
  const access = call.expression as ts.PropertyAccessExpression;
  const library = redisLibraries.find((lib) =>
    typeDeclaredBy(file, checker.getTypeAtLocation(access.expression), lib.types, typeNamesOf(lib), lib.declarationPackage),
  );
  if (!library) return undefined;
  const shape = shapeOf(keyNode, params);
  if (role === 'acquire') {
    return {
      role: 'acquire',
      keyParam,
      shape,
      tokenParam: args[1] ? parameterOf(args[1], params) : undefined,
      ttl: command === 'set' && setHasExpiry(args),
      blocking: insideLoopTest(call, fn) || throwsInHelper(fn),
      plainDelete: false,
      library,
    };
  }
  return { role: 'release', keyParam, shape, tokenParam: undefined, ttl: false, blocking: false, plainDelete: role === 'plain-delete', library };
}

/** `SETNX`, `SET … NX`: acquire; `DEL`/`UNLINK`: plain delete; a script: release. */
function roleOf(command: string, deletes: boolean, isScript: boolean, args: ts.NodeArray<ts.Expression>): 'acquire' | 'plain-delete' | 'script' | undefined {
  if (command === 'setnx' || (command === 'set' && setHasNx(args))) return 'acquire';
  if (deletes) return 'plain-delete';
  if (isScript) return 'script';
  return undefined;
}

const setTokens = (args: ts.NodeArray<ts.Expression>): string[] => args.slice(2).flatMap((arg) => (ts.isStringLiteralLike(arg) ? [arg.text.toUpperCase()] : []));

const setOptionsObject = (args: ts.NodeArray<ts.Expression>): ts.ObjectLiteralExpression | undefined => (args[2] && ts.isObjectLiteralExpression(args[2]) ? args[2] : undefined);

const optionNamesOf = (options: ts.ObjectLiteralExpression | undefined): string[] =>
  options
    ? options.properties.flatMap((property) => (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? [property.name.text] : []))
    : [];

function setHasNx(args: ts.NodeArray<ts.Expression>): boolean {
  const options = setOptionsObject(args);
  const conditionNx =
    options?.properties.some(
      (property) => ts.isPropertyAssignment(property) && property.name.getText() === 'condition' && ts.isStringLiteralLike(property.initializer) && property.initializer.text === 'NX',
    ) ?? false;
  // Upstash names its options in lower case: `{ nx: true }` (`{ nx: false }` is no condition).
  const upstashNx =
    options?.properties.some(
      (property) => ts.isPropertyAssignment(property) && property.name.getText() === 'nx' && property.initializer.kind === ts.SyntaxKind.TrueKeyword,
    ) ?? false;
  return setTokens(args).includes('NX') || optionNamesOf(options).includes('NX') || conditionNx || upstashNx;
}

function setHasExpiry(args: ts.NodeArray<ts.Expression>): boolean {
  return (
    setTokens(args).some((token) => expiryTokens.includes(token)) ||
    optionNamesOf(setOptionsObject(args)).some((name) => expiryTokens.includes(name) || upstashExpiryOptions.includes(name) || name === 'expiration')
  );
}

const typeNamesOf = (library: RedisLibrary): string[] =>
  library.types.flatMap((specifier) => (typeof specifier === 'object' && 'name' in specifier ? [specifier.name].flat() : []));

/** ioredis `eval(script, 1, key, …)`, node-redis `eval(script, { keys: [key] })`, Upstash `eval(script, [key], [token])`. */
function scriptKey(args: ts.NodeArray<ts.Expression>): ts.Node | undefined {
  const second = args[1];
  if (!second) return undefined;
  if (ts.isArrayLiteralExpression(second)) return second.elements[0];
  if (ts.isObjectLiteralExpression(second)) {
    const keys = second.properties.find((property) => ts.isPropertyAssignment(property) && property.name.getText() === 'keys') as ts.PropertyAssignment | undefined;
    return keys && ts.isArrayLiteralExpression(keys.initializer) ? keys.initializer.elements[0] : undefined;
  }
  return args[2];
}

/** The key's text with each parameter written by its position, as `keyShape` in locks.ts does for this file. */
function shapeOf(node: ts.Node, params: readonly (string | undefined)[]): string {
  const source = node.getSourceFile();
  const start = node.getStart(source);
  const replacements: { from: number; to: number; text: string }[] = [];
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current)) {
      const at = params.indexOf(current.text);
      if (at >= 0) replacements.push({ from: current.getStart(source) - start, to: current.getEnd() - start, text: `#${at}` });
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  let text = node.getText(source);
  for (const { from, to, text: replacement } of replacements.sort((a, b) => b.from - a.from)) text = `${text.slice(0, from)}${replacement}${text.slice(to)}`;
  return text.replace(/\s+/g, '');
}

/** The parameter an expression is built from (`lock:${name}` from `name`). */
function parameterOf(node: ts.Node, params: readonly (string | undefined)[]): number | undefined {
  let index: number | undefined;
  const visit = (current: ts.Node): void => {
    if (index !== undefined) return;
    if (ts.isIdentifier(current)) {
      const at = params.indexOf(current.text);
      if (at >= 0) index = at;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return index;
}

function insideLoopTest(call: ts.Node, fn: ts.Node): boolean {
  for (let current: ts.Node = call; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if ((ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === current) return true;
  }
  return false;
}

/** A helper that throws (when the lock is taken by someone else): its callers hold the lock when it returns. */
function throwsInHelper(fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && ts.isFunctionLike(node))) return;
    if (ts.isThrowStatement(node)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

// --- Functions of the application's other modules, read without the type checker -----------------------------

/**
 * A function another module of the application exports, parsed on its own (no program, no types) so that the
 * analyses can read it as they read the linted file: `import { addComment } from './article.service'` and the
 * `prisma.comment.create(...)` in its body, whose client that module imports in turn.
 */
export interface ImportedFunction {
  /** The other module, as a file context of its own (its imports resolve from its own directory). */
  readonly file: FileContext;
  readonly function: FunctionNode;
  /** The name it is declared by (the name the linted file calls it by, when it has none). */
  readonly name: string;
}

/** How deep `export … from` re-exports are followed. */
const MAX_REEXPORT_HOPS = 4;
/** Larger files are generated or bundled code, not a module of helpers. */
const MAX_MODULE_BYTES = 512 * 1024;

/**
 * What the caller looks for in an imported function, as a test of its module's text: a module whose text cannot
 * hold it is not parsed (most of a large application's modules, when the question is "does it query the
 * database"). Modules that re-export are always read, to reach the declaring one.
 */
export interface ModuleTextFilter {
  /** Names the filter in the per-file cache. */
  readonly name: string;
  readonly mayHold: RegExp;
}

/**
 * The function an imported name calls, when the linted file has no type information (with it, the checker
 * resolves the call) and the import resolves to a module of the project that declares the function.
 */
export function importedFunctionOf(file: FileContext, call: TSESTree.CallExpression, filter?: ModuleTextFilter): ImportedFunction | undefined {
  if (file.types) return undefined;
  const callee = skipTransparent(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return namespaceFunctionOf(file, callee, filter);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (variable && definition?.type === 'Variable') return namespaceFunctionOf(file, callee, filter);
  if (!variable || definition?.type !== 'ImportBinding' || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  if (definition.parent.importKind === 'type') return undefined;
  const name = importedName(definition.node);
  if (name === undefined) return undefined;
  const byImport = memoize(file, `imported-functions:${filter?.name ?? ''}`, () => new Map<TSESLint.Scope.Variable, ImportedFunction | null>());
  let found = byImport.get(variable);
  if (found === undefined) {
    try {
      const target = resolveProjectModule(file, file.filename, definition.parent.source.value);
      found = (target && exportedFunction(file, target, name, 0, filter)) || null;
    } catch {
      // Without TypeScript (optional) nothing resolves: the function stays unknown, as under espree.
      found = null;
    }
    // Named as it is declared, as the checker names it with types (`recordOrder` for `export { recordOrder as quickOrder }`).
    if (found) found = { ...found, name: declaredName(found.function) ?? callee.name };
    byImport.set(variable, found);
  }
  return found ?? undefined;
}

/**
 * A function reached through a module's exports object, CommonJS or namespace: `find` of `const { find } =
 * require('./links')`, `query.link.find` of `const query = require('../queries')` (whose index says
 * `module.exports = { link: require('./link') }`), `links.find` of `import * as links from './links'`.
 */
function namespaceFunctionOf(file: FileContext, callee: TSESTree.Identifier | TSESTree.MemberExpression, filter?: ModuleTextFilter): ImportedFunction | undefined {
  const names: string[] = [];
  let base: TSESTree.Node = callee;
  while (base.type === AST_NODE_TYPES.MemberExpression) {
    if (base.computed || base.property.type !== AST_NODE_TYPES.Identifier) return undefined;
    names.unshift(base.property.name);
    base = skipTransparent(base.object);
  }
  if (base.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(base), base);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const binding = definition && definitionExport(file, definition, base.name);
  if (!variable || !definition || !binding) return undefined;
  // `import q from './queries'`: the module's default export, which `memberFunction` reads as `module.exports` for CommonJS.
  const path = [...(definition.node.type === AST_NODE_TYPES.ImportDefaultSpecifier ? ['default'] : []), ...binding.path, ...names];
  if (path.length === 0) return undefined;
  const byPath = memoize(file, `namespace-functions:${filter?.name ?? ''}`, () => new Map<TSESLint.Scope.Variable, Map<string, ImportedFunction | null>>());
  let byVariable = byPath.get(variable);
  if (!byVariable) byPath.set(variable, (byVariable = new Map()));
  const key = path.join('.');
  let found = byVariable.get(key);
  if (found === undefined) {
    try {
      const target = resolveProjectModule(file, file.filename, binding.module);
      found = (target && memberFunction(file, target, path, 0, filter)) || null;
    } catch {
      found = null;
    }
    if (found) found = { ...found, name: declaredName(found.function) ?? path[path.length - 1]! };
    byVariable.set(key, found);
  }
  return found ?? undefined;
}

/** A module that passes a namespace on from other modules: `module.exports = { link: require('./link') }`, `const link = require(…)`. */
const REQUIRE_TEXT = /\brequire\s*\(/;

/**
 * The function at `path` in the exports of the module `fileName`: an ES export (one name), else what
 * `module.exports = …` or `exports.name = …` assign, followed through object literals, local names and
 * `require` of other modules of the project.
 */
function memberFunction(from: FileContext, fileName: string, path: readonly string[], hops: number, filter?: ModuleTextFilter): ImportedFunction | undefined {
  if (hops > MAX_REEXPORT_HOPS) return undefined;
  if (path.length === 1) {
    const exported = exportedFunction(from, fileName, path[0]!, hops, filter);
    if (exported) return exported;
  }
  if (filter) {
    // The module that declares the function holds what is asked; one on the way to it needs only to require another.
    const text = moduleText(fileName);
    if (text === undefined || !(filter.mayHold.test(text) || (path.length > 1 && REQUIRE_TEXT.test(text)) || /:\s*require\s*\(/.test(text))) return undefined;
  }
  const module = moduleContext(fileName);
  if (!module) return undefined;
  let whole: TSESTree.Expression | undefined;
  const named = new Map<string, TSESTree.Expression>();
  for (const statement of module.program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) continue;
    const { left, right } = statement.expression;
    if (isModuleExports(left)) whole = right;
    else if (left.type === AST_NODE_TYPES.MemberExpression && !left.computed && left.property.type === AST_NODE_TYPES.Identifier) {
      const owner = left.object;
      if (isModuleExports(owner) || (owner.type === AST_NODE_TYPES.Identifier && owner.name === 'exports')) named.set(left.property.name, right);
    }
  }
  // `import query from './queries'` of a CommonJS module: its default is `module.exports`.
  const rest = path[0] === 'default' && whole ? path.slice(1) : path;
  const first = rest[0];
  if (first !== undefined && named.has(first)) return valueFunction(from, module, named.get(first)!, rest.slice(1), hops, filter);
  return whole && valueFunction(from, module, whole, rest, hops, filter);
}

const isModuleExports = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  !node.computed &&
  node.object.type === AST_NODE_TYPES.Identifier &&
  node.object.name === 'module' &&
  node.property.type === AST_NODE_TYPES.Identifier &&
  node.property.name === 'exports';

/** The function at `path` inside the value `node` of the module: an object literal's property, a local name, a required module. */
function valueFunction(from: FileContext, module: FileContext, node: TSESTree.Node, path: readonly string[], hops: number, filter?: ModuleTextFilter): ImportedFunction | undefined {
  if (hops > MAX_REEXPORT_HOPS) return undefined;
  const value = skipTransparent(node);
  const specifier = requiredSpecifier(value);
  if (specifier !== undefined) {
    const next = resolveProjectModule(from, module.filename, specifier);
    return next ? memberFunction(from, next, path, hops + 1, filter) : undefined;
  }
  const [first, ...rest] = path;
  if (first === undefined) {
    if (isFunction(value)) return { file: module, function: value, name: declaredName(value) ?? 'default' };
    const fn = value.type === AST_NODE_TYPES.Identifier ? topLevelFunction(module.program, value.name) : undefined;
    return fn && { file: module, function: fn, name: value.type === AST_NODE_TYPES.Identifier ? value.name : 'default' };
  }
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of value.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier || property.key.name !== first) continue;
      return valueFunction(from, module, property.value, rest, hops, filter);
    }
    return undefined;
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  // A local name: `const link = require('./link')` or `const api = { find }`, declared at the top level.
  for (const statement of module.program.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === value.name && declarator.init) return valueFunction(from, module, declarator.init, path, hops + 1, filter);
    }
  }
  return undefined;
}

/** `export * from`, `export { x } from`: a module that passes names on from another. */
const REEXPORT_TEXT = /\bexport\s*(?:\*|\{[^}]*\}\s*from\b|type\s)/;

function exportedFunction(from: FileContext, fileName: string, name: string, hops: number, filter?: ModuleTextFilter): ImportedFunction | undefined {
  if (hops > MAX_REEXPORT_HOPS) return undefined;
  if (filter) {
    const text = moduleText(fileName);
    if (text === undefined || (!filter.mayHold.test(text) && !REEXPORT_TEXT.test(text))) return undefined;
  }
  const module = moduleContext(fileName);
  if (!module) return undefined;
  const local = (localName: string): FunctionNode | undefined => topLevelFunction(module.program, localName);
  for (const statement of module.program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === 'default') {
      const declaration = statement.declaration;
      if (isFunction(declaration)) return { file: module, function: declaration, name };
      if (declaration.type === AST_NODE_TYPES.Identifier) {
        const fn = local(declaration.name);
        return fn && { file: module, function: fn, name };
      }
    }
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || statement.exportKind === 'type') continue;
    const declaration = statement.declaration;
    if (declaration) {
      const fn = declaredFunctionNode(declaration, name);
      if (fn) return { file: module, function: fn, name };
      continue;
    }
    for (const specifier of statement.specifiers) {
      const exported = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
      if (exported !== name || specifier.exportKind === 'type') continue;
      const localName = specifier.local.type === AST_NODE_TYPES.Identifier ? specifier.local.name : specifier.local.value;
      if (!statement.source) {
        const fn = local(localName);
        return fn && { file: module, function: fn, name };
      }
      const next = resolveProjectModule(from, fileName, statement.source.value);
      return next ? exportedFunction(from, next, localName, hops + 1, filter) : undefined;
    }
  }
  // `export * from './orders'`: the name may come from any of them.
  for (const statement of module.program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportAllDeclaration || statement.exported || statement.exportKind === 'type') continue;
    const next = resolveProjectModule(from, fileName, statement.source.value);
    const found = next && exportedFunction(from, next, name, hops + 1, filter);
    if (found) return found;
  }
  return undefined;
}

function declaredName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
}

/** `function name() {}` or `const name = async () => {}` (also `function` expressions) declared by `declaration`. */
function declaredFunctionNode(declaration: TSESTree.Node, name: string): FunctionNode | undefined {
  if (declaration.type === AST_NODE_TYPES.FunctionDeclaration) return declaration.id?.name === name && declaration.body ? declaration : undefined;
  if (declaration.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
  for (const declarator of declaration.declarations) {
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.id.name !== name || !declarator.init) continue;
    const init = skipTransparent(declarator.init);
    return init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression ? init : undefined;
  }
  return undefined;
}

function topLevelFunction(program: TSESTree.Program, name: string): FunctionNode | undefined {
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
    const fn = declaredFunctionNode(declaration, name);
    if (fn) return fn;
  }
  return undefined;
}

interface CachedModule {
  readonly mtimeMs: number;
  readonly size: number;
  readonly text: string | undefined;
  /** Parsed on first need; null when it does not parse. */
  file: FileContext | null | undefined;
}

/** Modules parsed for their functions, by path, for the life of the process; a file changed on disk is parsed again. */
const moduleContexts = new Map<string, CachedModule>();

/**
 * The module at `fileName` as a file context: parsed with typescript-eslint's parser (JSX by the extension),
 * its scopes analysed, parents set as ESLint sets them. Undefined when it cannot be read or parsed, or when the
 * parser or ESLint do not load.
 */
export function moduleContext(fileName: string): FileContext | undefined {
  const module = moduleEntry(fileName);
  if (module && module.file === undefined && module.text !== undefined) {
    try {
      module.file = parseModuleFile(fileName, module.text) ?? null;
    } catch {
      module.file = null;
    }
  }
  return module?.file ?? undefined;
}

/** The text of a module (undefined when it cannot be read or is too large), from the same cache. */
function moduleText(fileName: string): string | undefined {
  return moduleEntry(fileName)?.text;
}

function moduleEntry(fileName: string): CachedModule | undefined {
  try {
    const stat = statSync(fileName);
    const cached = moduleContexts.get(fileName);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const text = stat.size <= MAX_MODULE_BYTES ? readFileSync(fileName, 'utf8') : undefined;
    const entry: CachedModule = { mtimeMs: stat.mtimeMs, size: stat.size, text, file: text === undefined ? null : undefined };
    moduleContexts.set(fileName, entry);
    return entry;
  } catch {
    moduleContexts.delete(fileName);
    return undefined;
  }
}

function parseModuleFile(fileName: string, text: string): FileContext | undefined {
  const { estree, scopes, keys, SourceCode } = parsing();
  const jsx = /\.[cm]?[jt]sx$/u.test(fileName) || /\.[cm]?js$/u.test(fileName);
  // Kept for the life of the process, for many modules: no tokens or comments, which the analyses of another
  // module's functions never ask for. The parser's ESLint entry point always makes both (tokens cost about as
  // much as the tree), so the tree is made by typescript-estree and its scopes by the scope manager directly.
  const ast = estree.parse(text, { filePath: fileName, jsx, range: true, loc: true, tokens: false, comment: false }) as unknown as TSESTree.Program;
  ast.sourceType = 'module';
  ast.tokens = [];
  ast.comments = [];
  setParents(ast, keys.visitorKeys as Record<string, readonly string[] | undefined>);
  const sourceCode = new SourceCode({
    text,
    ast: ast as never,
    parserServices: {} as never,
    scopeManager: analysedOnFirstUse(() => scopes.analyze(ast, { sourceType: 'module' })) as never,
    visitorKeys: keys.visitorKeys as never,
  }) as unknown as TSESLint.SourceCode;
  return { sourceCode, program: ast, filename: fileName, types: undefined, memo: new Map(), standalone: true };
}

/**
 * A scope manager analysed when first asked: finding an export, or the fields a module writes, reads its tree
 * alone, and most modules parsed for that are never asked for a scope.
 */
function analysedOnFirstUse(analyse: () => object): object {
  let manager: object | undefined;
  return new Proxy(
    {},
    {
      get(_target, key) {
        manager ??= analyse();
        const value: unknown = Reflect.get(manager, key, manager);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(manager) : value;
      },
    },
  );
}

interface Parsing {
  readonly estree: typeof import('@typescript-eslint/typescript-estree');
  readonly scopes: typeof import('@typescript-eslint/scope-manager');
  readonly keys: typeof import('@typescript-eslint/visitor-keys');
  readonly SourceCode: typeof import('eslint').SourceCode;
}

let loadedParsing: Parsing | undefined;

/** typescript-estree, the scope manager and the visitor keys, as the parser (a dependency) loads them. */
function parsing(): Parsing {
  if (!loadedParsing) {
    const fromParser = createRequire(requireFromHere.resolve('@typescript-eslint/parser'));
    loadedParsing = {
      estree: fromParser('@typescript-eslint/typescript-estree') as Parsing['estree'],
      scopes: fromParser('@typescript-eslint/scope-manager') as Parsing['scopes'],
      keys: fromParser('@typescript-eslint/visitor-keys') as Parsing['keys'],
      SourceCode: (requireFromHere('eslint') as typeof import('eslint')).SourceCode,
    };
  }
  return loadedParsing;
}

function setParents(root: TSESTree.Node, visitorKeys: Record<string, readonly string[] | undefined>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof (child as TSESTree.Node).type === 'string') {
          (child as { parent: TSESTree.Node }).parent = node;
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}

const requireFromHere = createRequire(import.meta.url);
