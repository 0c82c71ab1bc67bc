import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { databaseLibraries, operationOf, type DatabaseLibrary } from '../catalogue/databases.js';
import { memoize, type FileContext } from '../file-context.js';
import { propertyName, skipTransparent } from '../analysis/nodes.js';
import { sqlTextOf, type SqlText } from '../analysis/sql.js';
import { untypedOwner } from './database.js';

/** A call that sends SQL text to a catalogued database client, whatever the statement. */
export interface SqlCall {
  readonly node: TSESTree.CallExpression;
  readonly library: DatabaseLibrary;
  readonly sqlText: SqlText;
}

/**
 * Every call in the file that sends SQL to a catalogued client (`pool.query(sql)`), including statements
 * that `databaseCallOf` leaves out because they read or write no rows (`CREATE TABLE`, `CREATE INDEX`).
 * The client is recognised by its declared type (the package declaring it) or, without types, by its
 * binding (`new Pool()` imported from 'pg').
 */
export function sqlCallsIn(file: FileContext): readonly SqlCall[] {
  return memoize(file, 'sql-calls-in', () => {
    const out: SqlCall[] = [];
    const visitorKeys = file.sourceCode.visitorKeys as Readonly<Record<string, readonly string[] | undefined>>;
    const stack: TSESTree.Node[] = [file.program];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const found = sqlCallOf(file, node);
        if (found) out.push(found);
      }
      for (const key of visitorKeys[node.type] ?? []) {
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) for (const child of value) if (child) stack.push(child as TSESTree.Node);
        if (value && typeof value === 'object' && !Array.isArray(value)) stack.push(value as TSESTree.Node);
      }
    }
    return out.sort((a, b) => a.node.range[0] - b.node.range[0]);
  });
}

function sqlCallOf(file: FileContext, call: TSESTree.CallExpression): SqlCall | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (method === undefined || !SQL_METHODS.has(method)) return undefined;
  for (const { library, owner } of ownersOf(file, callee.object)) {
    const position = operationOf(library, owner, method)?.sql;
    if (position === undefined) continue;
    const sqlText = sqlTextOf(file, call.arguments[position]);
    return sqlText ? { node: call, library, sqlText } : undefined;
  }
  return undefined;
}

/** Method names that take SQL text in some catalogued owner: the cheap filter. */
const SQL_METHODS = new Set(
  databaseLibraries.flatMap((library) =>
    Object.values(library.owners).flatMap((table) => Object.entries(table).filter(([, operation]) => operation.sql !== undefined).map(([name]) => name)),
  ),
);

function ownersOf(file: FileContext, receiver: TSESTree.Expression): { library: DatabaseLibrary; owner: string }[] {
  if (file.types) {
    const type = file.types.services.getTypeAtLocation(receiver);
    const found: { library: DatabaseLibrary; owner: string }[] = [];
    const parts = type.isUnion() ? type.types : [type];
    for (const part of parts) {
      for (const candidate of [part, ...(part.isClassOrInterface() ? file.types.checker.getBaseTypes(part) : [])]) {
        const symbol = candidate.getSymbol();
        const declaration = symbol?.declarations?.[0];
        const packageName = declaration && /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(declaration.getSourceFile().fileName.replace(/\\/g, '/'))?.[1];
        const library = packageName ? databaseLibraries.find((entry) => entry.packages.includes(packageName)) : undefined;
        if (library && symbol && library.owners[symbol.getName()]) found.push({ library, owner: symbol.getName() });
      }
    }
    if (found.length > 0) return found;
  }
  const owner = untypedOwner(file, receiver, 0);
  return owner ? [owner] : [];
}
