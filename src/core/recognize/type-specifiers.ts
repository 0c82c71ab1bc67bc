import path from 'node:path';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import ts from '../typescript.cjs';

/**
 * typescript-eslint's type-or-value specifier format, which users already write for its rules
 * (https://typescript-eslint.io/packages/type-utils/type-or-value-specifier): a bare name, or a name declared in
 * the project's files, in TypeScript's lib, or in a package.
 *
 * Matched here rather than with `@typescript-eslint/type-utils`: loading that package cost every lint process
 * (and every thread of `--concurrency`) 0.28 billion instructions, about 65 ms, as eleven of its modules copy
 * TypeScript's 2,244 exports (`__importStar`). The meaning is the same: `test/core/type-specifiers.test.ts`
 * checks it against the package.
 */
export type TypeOrValueSpecifier =
  | string
  | { readonly from: 'file'; readonly name: string | readonly string[]; readonly path?: string }
  | { readonly from: 'lib'; readonly name: string | readonly string[] }
  | { readonly from: 'package'; readonly name: string | readonly string[]; readonly package: string };

const nameSchema: JSONSchema4 = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
};

function objectSpecifierSchema(from: string, extra: Record<string, JSONSchema4>, required: readonly string[]): JSONSchema4 {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { from: { type: 'string', enum: [from] }, name: nameSchema, ...extra },
    required: ['from', 'name', ...required],
  };
}

/** The JSON schema of an option that takes a list of specifiers. */
export const typeOrValueSpecifiersSchema = {
  type: 'array',
  items: {
    oneOf: [
      { type: 'string' },
      objectSpecifierSchema('file', { path: { type: 'string' } }, []),
      objectSpecifierSchema('lib', {}, []),
      objectSpecifierSchema('package', { package: { type: 'string' } }, ['package']),
    ],
  },
} satisfies JSONSchema4;

/**
 * True when `specifier` names `type`: for a union, every member; for an intersection, the whole or one part.
 */
export function typeMatchesSpecifier(type: ts.Type, specifier: TypeOrValueSpecifier, program: ts.Program): boolean {
  if (type.isUnion()) return type.types.every((member) => typeMatchesSpecifier(member, specifier, program));
  if (wholeTypeMatches(type, specifier, program)) return true;
  return type.isIntersection() && type.types.some((part) => typeMatchesSpecifier(part, specifier, program));
}

export function typeMatchesSomeSpecifier(type: ts.Type, specifiers: readonly TypeOrValueSpecifier[], program: ts.Program): boolean {
  return specifiers.some((specifier) => typeMatchesSpecifier(type, specifier, program));
}

interface IntrinsicType extends ts.Type {
  readonly intrinsicName?: string;
}

function wholeTypeMatches(type: ts.Type, specifier: TypeOrValueSpecifier, program: ts.Program): boolean {
  const { intrinsicName } = type as IntrinsicType;
  // The checker's error type (an unresolved import) is named by nothing.
  if (type.flags & ts.TypeFlags.Any && intrinsicName === 'error') return false;
  // The name is the alias's where there is one (`type Client = Redis` is named Client)...
  const nameSymbol = type.aliasSymbol ?? type.getSymbol();
  const names = typeof specifier === 'string' ? [specifier] : typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
  if (!names.some((name) => name === nameSymbol?.escapedName || name === intrinsicName)) return false;
  if (typeof specifier === 'string') return true;
  // ...and the declarations are the type's own, where it has a symbol.
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const declarations = symbol?.getDeclarations() ?? [];
  const files = declarations.map((declaration) => declaration.getSourceFile());
  switch (specifier.from) {
    case 'file':
      return declaredInProjectFile(files, specifier.path, program);
    case 'lib':
      // Intrinsic types (string, number...) have no declaration and count as the lib's.
      return files.length === 0 || files.some((file) => program.isSourceFileDefaultLibrary(file));
    case 'package':
      return (
        declarations.some((declaration) => enclosingModuleName(declaration) === specifier.package) ||
        files.some((file) => program.isSourceFileFromExternalLibrary(file) && fileIsInPackage(file, specifier.package)) ||
        (symbol !== undefined && ambientModuleExports(program, specifier.package).has(symbol))
      );
  }
}

/** A path as the file system compares it: normalised, without a trailing separator, case-folded where case does not count. */
function canonical(fileName: string): string {
  const normalized = path.normalize(fileName).replace(/[\\/]$/u, '');
  return ts.sys.useCaseSensitiveFileNames ? normalized : normalized.toLowerCase();
}

/** Without `path`, any file under the project's directory; with it, that file (relative to the directory). */
function declaredInProjectFile(files: readonly ts.SourceFile[], relativePath: string | undefined, program: ts.Program): boolean {
  const directory = program.getCurrentDirectory();
  if (relativePath === undefined) {
    const projectDirectory = canonical(directory);
    return files.some((file) => canonical(file.fileName).startsWith(projectDirectory));
  }
  const wanted = canonical(path.join(directory, relativePath));
  return files.some((file) => canonical(file.fileName) === wanted);
}

/** The name of the `declare module 'name' { ... }` around `node`, if any (namespaces and `declare global` are not modules). */
function enclosingModuleName(node: ts.Node): string | undefined {
  for (let current: ts.Node | undefined = node; current && !ts.isSourceFile(current); current = current.parent) {
    if (!ts.isModuleDeclaration(current) || current.flags & (ts.NodeFlags.Namespace | ts.NodeFlags.GlobalAugmentation)) continue;
    return ts.isStringLiteral(current.name) ? current.name.text : undefined;
  }
  return undefined;
}

/**
 * True when a library file belongs to `packageName`: the package itself or, with a path (`pkg/sub`), a part of
 * it, or its DefinitelyTyped package (`@types/pkg`, `@types/scope__pkg` for `@scope/pkg`).
 */
function fileIsInPackage(file: ts.SourceFile, packageName: string): boolean {
  const inPackage = packagePathOf(file.fileName);
  if (inPackage === undefined) return false;
  const typesName = packageName.replace(/^@([^/]+)\//u, '$1__');
  const isWithin = (candidate: string, name: string) => candidate === name || candidate.startsWith(`${name}/`);
  return isWithin(inPackage, packageName) || (inPackage.startsWith('@types/') && isWithin(inPackage.slice('@types/'.length), typesName));
}

// Directory → the package that holds it, looked up once per directory for the whole process.
const packageRoots = new Map<string, { readonly directory: string; readonly name: string } | undefined>();

/**
 * `name/path/in/package.d.ts` for a file, from the nearest package.json with a name: a file's directory names
 * its package wherever the package manager put it (node_modules, pnpm's store, a linked workspace).
 */
function packagePathOf(fileName: string): string | undefined {
  const root = packageRootOf(path.dirname(fileName));
  return root && `${root.name}${fileName.slice(root.directory.length).replaceAll('\\', '/')}`;
}

function packageRootOf(directory: string): { readonly directory: string; readonly name: string } | undefined {
  if (packageRoots.has(directory)) return packageRoots.get(directory);
  const name = packageNameIn(directory);
  const parent = path.dirname(directory);
  const root = name !== undefined ? { directory, name } : parent === directory ? undefined : packageRootOf(parent);
  packageRoots.set(directory, root);
  return root;
}

function packageNameIn(directory: string): string | undefined {
  const text = ts.sys.readFile(path.join(directory, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const manifest: unknown = JSON.parse(text);
    const name = (manifest as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    // A malformed package.json names no package.
    return undefined;
  }
}

// Per program: the symbols that `declare module 'name'` exports, by module name (an ambient module can
// re-export a package's types under another name).
const ambientExports = new WeakMap<ts.Program, Map<string, ReadonlySet<ts.Symbol>>>();

function ambientModuleExports(program: ts.Program, moduleName: string): ReadonlySet<ts.Symbol> {
  let byName = ambientExports.get(program);
  if (!byName) ambientExports.set(program, (byName = new Map()));
  let exported = byName.get(moduleName);
  if (!exported) {
    const checker = program.getTypeChecker();
    const module = checker.getAmbientModules().find((candidate) => candidate.name === `"${moduleName}"`);
    const symbols = module ? checker.getExportsOfModule(module) : [];
    exported = new Set(symbols.map((symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol)));
    byName.set(moduleName, exported);
  }
  return exported;
}
