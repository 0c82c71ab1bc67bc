import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from '../core/typescript.cjs';

/** The configuration files TypeScript's language service looks for, nearest first, as it does. */
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

const quietHost: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };

/**
 * Which files a tsconfig.json (or jsconfig.json) of theirs includes, directly or through its project
 * references. typescript-eslint's project service takes seconds to turn down each file that none includes, so
 * those are found here first and given a default program instead.
 */
export class ProjectIndex {
  private readonly filesByConfig = new Map<string, ReadonlySet<string>>();
  private readonly configsByDirectory = new Map<string, readonly string[]>();

  includes(filePath: string): boolean {
    const file = path.resolve(filePath);
    for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
      if (this.configsIn(directory).some((config) => this.filesOf(config).has(file))) return true;
      if (path.dirname(directory) === directory) return false;
    }
  }

  private configsIn(directory: string): readonly string[] {
    let configs = this.configsByDirectory.get(directory);
    if (configs === undefined) {
      configs = CONFIG_NAMES.map((name) => path.join(directory, name)).filter((config) => existsSync(config));
      this.configsByDirectory.set(directory, configs);
    }
    return configs;
  }

  private filesOf(config: string): ReadonlySet<string> {
    const known = this.filesByConfig.get(config);
    if (known) return known;
    const files = new Set<string>();
    // Registered before the references are read, so that a cycle of references ends.
    this.filesByConfig.set(config, files);
    const parsed = ts.getParsedCommandLineOfConfigFile(config, undefined, quietHost);
    for (const fileName of parsed?.fileNames ?? []) files.add(path.resolve(fileName));
    for (const reference of parsed?.projectReferences ?? []) {
      const referenced = ts.resolveProjectReferencePath(reference);
      if (existsSync(referenced)) for (const fileName of this.filesOf(referenced)) files.add(fileName);
    }
    return files;
  }
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
