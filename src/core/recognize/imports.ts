import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import ts from '../typescript.cjs';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import { workspacePackages } from './project-files.js';

/**
 * The symbol a name imported from a relative path refers to, when that module declares it itself:
 * `import { AccountRepository } from './account.repository.js'` gives the class exported there. Found through
 * the program's source file for the path and the module's exports, which the checker computes once per module;
 * resolving the import alias instead works out the resolution mode and options of every import of every file,
 * which was a large part of the rules' cost on services.
 *
 * Undefined for anything else (a package, a namespace import, a re-export, a directory, a path that options
 * such as `rootDirs` or `moduleSuffixes` redirect): callers then ask the checker. Answered once per import of
 * the file.
 */
export function relativeImportTarget(
  file: FileContext,
  types: TypeServices,
  name: TSESTree.Identifier,
  variable = ASTUtils.findVariable(file.sourceCode.getScope(name), name),
): ts.Symbol | undefined {
  const definition = variable?.defs;
  const binding = definition?.length === 1 && definition[0]!.type === 'ImportBinding' ? definition[0]!.node : undefined;
  if (binding?.type !== AST_NODE_TYPES.ImportSpecifier && binding?.type !== AST_NODE_TYPES.ImportDefaultSpecifier) return undefined;
  const cache = memoize(file, 'relative-import-targets', () => new Map<TSESTree.Node, ts.Symbol | null>());
  let found = cache.get(binding);
  if (found === undefined) cache.set(binding, (found = importTarget(file, types, binding) ?? null));
  return found ?? undefined;
}

function importTarget(file: FileContext, types: TypeServices, binding: TSESTree.ImportSpecifier | TSESTree.ImportDefaultSpecifier): ts.Symbol | undefined {
  const declaration = binding.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const specifier = declaration.source.value;
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const options = types.program.getCompilerOptions();
  if (options.rootDirs?.length || options.moduleSuffixes?.length) return undefined;
  const importer = (types.services.esTreeNodeToTSNodeMap.get(file.program as never) as ts.Node | undefined)?.getSourceFile();
  if (!importer) return undefined;
  const base = path.posix.join(path.posix.dirname(importer.fileName), specifier);
  const target = sourceFileFor(types.program, base);
  const module = target && types.checker.getSymbolAtLocation(target);
  if (!module) return undefined;
  const imported = binding.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : importedName(binding);
  const symbol = exportsOf(types.checker, module).get(imported);
  // A re-export is an alias to follow: the checker does that.
  return symbol && !(symbol.flags & ts.SymbolFlags.Alias) ? symbol : undefined;
}

const importedName = (specifier: TSESTree.ImportSpecifier): string =>
  specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;

/** The file TypeScript loads for a relative path: the TypeScript files an emitted `.js` name stands for first. */
const extensionCandidates: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js', '.jsx'],
  '.jsx': ['.tsx', '.d.ts', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
  '.ts': ['.ts'],
  '.tsx': ['.tsx'],
  '.mts': ['.mts'],
  '.cts': ['.cts'],
};
const extensionless = ['.ts', '.tsx', '.d.ts', '.js', '.jsx'];

function sourceFileFor(program: ts.Program, base: string): ts.SourceFile | undefined {
  const extension = path.posix.extname(base);
  const known = extensionCandidates[extension];
  const stem = known ? base.slice(0, -extension.length) : base;
  for (const candidate of known ?? extensionless) {
    const found = program.getSourceFile(stem + candidate);
    if (found) return found;
  }
  return undefined;
}

const exportsByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.Symbol, ReadonlyMap<string, ts.Symbol>>>();

function exportsOf(checker: ts.TypeChecker, module: ts.Symbol): ReadonlyMap<string, ts.Symbol> {
  let byModule = exportsByChecker.get(checker);
  if (!byModule) exportsByChecker.set(checker, (byModule = new WeakMap()));
  let exports = byModule.get(module);
  if (!exports) byModule.set(module, (exports = new Map(checker.getExportsOfModule(module).map((symbol) => [symbol.getName(), symbol]))));
  return exports;
}

/**
 * A bare specifier (`'ioredis'`) that TypeScript can only resolve in `node_modules`: one that cannot name a file of
 * the program's project (see `mayNameProjectModule`, asked from the program's directory).
 */
export function isPackageSpecifier(types: TypeServices, specifier: string): boolean {
  return !mayNameProjectModule(types.program.getCurrentDirectory(), specifier, types.program.getCompilerOptions());
}

/**
 * Whether `specifier`, imported from a file in `directory`, can name a file of the project at all, asked before TypeScript's resolution, which probes
 * every `node_modules` folder up the tree (most of the cost on a checkout without installed dependencies): a
 * relative or absolute path, a package `imports` entry (`#db`), a `paths` alias, a name under `baseUrl`, or a
 * package of the workspace. Any other bare name is a dependency, whose files are never read.
 */
export function mayNameProjectModule(directory: string, specifier: string, options: ts.CompilerOptions): boolean {
  if (/^[./#]/.test(specifier) || options.moduleSuffixes?.length) return true;
  if (options.paths && Object.keys(options.paths).some((pattern) => matchesPathPattern(pattern, specifier))) return true;
  // `@scope/name` or `name`: a package, or the first folder under `baseUrl`.
  const packageName = /^(?:@[^/]+\/)?[^/]+/.exec(specifier)![0];
  if (options.baseUrl && existsUnderBaseUrl(options.baseUrl, packageName)) return true;
  return workspacePackages(directory).has(packageName);
}

const baseUrlEntries = new Map<string, boolean>();

/** A folder or source file named `segment` in `baseUrl`: `lib/db` with `baseUrl: "src"` and src/lib/. */
function existsUnderBaseUrl(baseUrl: string, segment: string): boolean {
  const key = `${baseUrl}\0${segment}`;
  let found = baseUrlEntries.get(key);
  if (found === undefined) {
    const target = path.join(baseUrl, segment);
    found = ts.sys.directoryExists(target) || ['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'].some((extension) => ts.sys.fileExists(target + extension));
    baseUrlEntries.set(key, found);
  }
  return found;
}

/** A `paths` key matches a specifier: exactly, or around its one `*`. */
export function matchesPathPattern(pattern: string, specifier: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
}
