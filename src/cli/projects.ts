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

/** "No inputs were found": the linted file's own tsconfig.json includes it, or it gets the default program. */
const NO_INPUTS = 18003;

/** The first problem TypeScript finds in a tsconfig.json: its JSON, its `extends`, then its options (TS5095). */
function tsconfigProblem(tsconfig: string): ts.Diagnostic | undefined {
  const { error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (error) return error;
  let unrecoverable: ts.Diagnostic | undefined;
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => (unrecoverable ??= diagnostic) };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, undefined, host);
  const problem = unrecoverable ?? parsed?.errors.find((diagnostic) => diagnostic.code !== NO_INPUTS);
  if (problem || parsed === undefined) return problem;
  // Options that contradict each other (TS5095) are found by a program; one without files costs milliseconds.
  return ts.createProgram({ rootNames: [], options: parsed.options }).getOptionsDiagnostics()[0];
}

/**
 * The nearest tsconfig.json of each linted file that TypeScript cannot read or rejects, with the reason. The
 * project service lints such files with whatever part of the settings it could read, silently; the user should
 * know.
 */
export function unreadableTsconfigs(filePaths: readonly string[]): Map<string, string> {
  const directories = new Set(filePaths.map((filePath) => path.dirname(filePath)));
  const tsconfigs = new Set([...directories].map((directory) => ts.findConfigFile(directory, ts.sys.fileExists)));
  const problems = new Map<string, string>();
  for (const tsconfig of tsconfigs) {
    if (tsconfig === undefined) continue;
    const problem = tsconfigProblem(tsconfig);
    if (problem) problems.set(tsconfig, describeDiagnostic(problem));
  }
  return problems;
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  // Named as tsc names it, "TS5095: …", which is what a search for the problem finds.
  const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${message} (line ${line + 1}, column ${character + 1})`;
}
