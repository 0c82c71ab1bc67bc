import type { TSESTree } from '@typescript-eslint/utils';
import { typeMatchesSomeSpecifier, type TypeOrValueSpecifier } from './type-specifiers.js';
import ts from '../typescript.cjs';
import type { TypeServices } from '../file-context.js';

export type { TypeOrValueSpecifier };

/** The type the checker gives `node`, or undefined when it cannot say (`any`, `unknown`, errors). */
export function typeOf(types: TypeServices, node: TSESTree.Node): ts.Type | undefined {
  const type = types.services.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  return type;
}

/**
 * True when `type` (or, for unions and intersections, one of its parts) is declared by one of `specifiers`
 * (typescript-eslint's type-or-value specifier format, so users can name their own wrappers).
 */
export function typeMatches(types: TypeServices, type: ts.Type, specifiers: readonly TypeOrValueSpecifier[]): boolean {
  if (specifiers.length === 0) return false;
  const parts = type.isUnionOrIntersection() ? type.types : [type];
  return parts.some(
    (part) =>
      typeMatchesSomeSpecifier(part, specifiers, types.program) ||
      baseTypes(types, part).some((base) => typeMatchesSomeSpecifier(base, specifiers, types.program)),
  );
}

/** Base classes and extended interfaces, transitively: a subclass of `Repository` is a repository. */
function baseTypes(types: TypeServices, type: ts.Type): ts.Type[] {
  const out: ts.Type[] = [];
  const queue: ts.Type[] = [type];
  const seen = new Set<ts.Type>();
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const target = (current as ts.TypeReference).target ?? current;
    if (!(target.flags & ts.TypeFlags.Object) || !((target as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) continue;
    for (const base of types.checker.getBaseTypes(target as ts.InterfaceType)) {
      out.push(base);
      queue.push(base);
    }
  }
  return out;
}

/** True when `type` has every one of `names` as a property: recognition by shape (a generated Prisma client). */
export function hasProperties(type: ts.Type, names: readonly string[]): boolean {
  return names.every((name) => type.getProperty(name) !== undefined);
}

/** A declaration file or a file of `node_modules`: a library's code, whose bodies the rules never follow. */
export function isLibraryFile(source: ts.SourceFile): boolean {
  return source.isDeclarationFile || /[\\/]node_modules[\\/]/u.test(source.fileName);
}
