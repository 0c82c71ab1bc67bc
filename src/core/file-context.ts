import type { TSESLint, TSESTree, ParserServicesWithTypeInformation } from '@typescript-eslint/utils';
import type ts from 'typescript';

/**
 * What every analysis of one file shares: the source, and the type checker when the user configured type
 * information. Computed once per file and shared by all rules (keyed by the `Program` node, which every rule
 * of one lint run sees as the same object).
 */
export interface FileContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly program: TSESTree.Program;
  /** The linted file's path, as ESLint names it (its directory places the file's project configuration). */
  readonly filename: string;
  /** Present only when the file was parsed with type information. */
  readonly types: TypeServices | undefined;
  /** Per-file memo for analyses that are expensive to repeat (module references, resolved declarations). */
  readonly memo: Map<string, unknown>;
  /** Another module of the project, parsed by the plugin rather than linted by ESLint (see `moduleContext`). */
  readonly standalone?: boolean;
}

export interface TypeServices {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly services: ParserServicesWithTypeInformation;
}

const fileContexts = new WeakMap<TSESTree.Program, FileContext>();

export function getFileContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileContext {
  const sourceCode = context.sourceCode;
  const program = sourceCode.ast;
  let file = fileContexts.get(program);
  if (!file) {
    file = { sourceCode, program, filename: context.filename, types: readTypeServices(context), memo: new Map() };
    fileContexts.set(program, file);
  }
  return file;
}

/** Memoises `compute` for this file under `key`. */
export function memoize<T>(file: FileContext, key: string, compute: () => T): T {
  if (file.memo.has(key)) return file.memo.get(key) as T;
  const value = compute();
  file.memo.set(key, value);
  return value;
}

function readTypeServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TypeServices | undefined {
  // Read the services directly: `getParserServices` throws under parsers other than typescript-eslint's
  // (espree for plain JavaScript), and every rule must fall back to syntax there.
  const services = context.sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  return {
    program: services.program,
    checker: services.program.getTypeChecker(),
    services: services as ParserServicesWithTypeInformation,
  };
}
