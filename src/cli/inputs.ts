import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const GLOB_CHARACTERS = /[*?[\]{}]/;

/** Splits the command line's paths into those ESLint can lint and those that do not exist (globs pass through). */
export function partitionPaths(cwd: string, paths: readonly string[]): { existing: string[]; missing: string[] } {
  const existing: string[] = [];
  const missing: string[] = [];
  for (const given of paths) {
    const found = GLOB_CHARACTERS.test(given) || existsSync(path.resolve(cwd, given));
    (found ? existing : missing).push(given);
  }
  return { existing, missing };
}

/**
 * The nearest tsconfig.json of each linted file that TypeScript cannot read, with the reason. The project
 * service lints such files with whatever part of the file it could read, silently; the user should know.
 */
export function unreadableTsconfigs(filePaths: readonly string[]): Map<string, string> {
  const directories = new Set(filePaths.map((filePath) => path.dirname(filePath)));
  const tsconfigs = new Set([...directories].map((directory) => ts.findConfigFile(directory, ts.sys.fileExists)));
  const problems = new Map<string, string>();
  for (const tsconfig of tsconfigs) {
    if (tsconfig === undefined) continue;
    const { error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
    if (error) problems.set(tsconfig, describeDiagnostic(error));
  }
  return problems;
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${message} (line ${line + 1}, column ${character + 1})`;
}
