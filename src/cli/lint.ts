import { existsSync } from 'node:fs';
import { ESLint, type Linter } from 'eslint';
import path from 'node:path';
import { createDefaultProgram } from './default-program.js';
import { optionsModuleUrl, type LintSettings } from './eslint-options.js';
import { ProjectIndex } from './projects.js';

/** typescript-eslint's verdict on a file that no tsconfig.json includes. */
const NOT_IN_ANY_PROJECT = 'was not found by the project service';

const isOutsideAnyProject = (result: ESLint.LintResult): boolean =>
  result.messages.length === 1 && result.messages[0]?.fatal === true && result.messages[0].message.includes(NOT_IN_ANY_PROJECT);

export interface RunSettings extends Omit<LintSettings, 'defaultProgram'> {
  /** Where the default program's tsconfig.json stays between runs, with a cache. */
  readonly defaultProgramAt: string | undefined;
}

const lintSettings = ({ defaultProgramAt: _unused, ...settings }: RunSettings, defaultProgram?: string): LintSettings => ({
  ...settings,
  defaultProgram,
});

/** The ESLint of a run; `files` are linted with the default program when it is given. */
const eslintFor = (settings: RunSettings, defaultProgram?: string): Promise<ESLint> =>
  ESLint.fromOptionsModule(optionsModuleUrl(lintSettings(settings, defaultProgram)));

async function lintWith(settings: RunSettings, files: readonly string[], defaultProgram?: string): Promise<ESLint.LintResult[]> {
  if (files.length === 0) return [];
  return (await eslintFor(settings, defaultProgram)).lintFiles([...files]);
}

/**
 * Lints the files a tsconfig.json includes with the program of that tsconfig.json (typescript-eslint's project
 * service), then the others with one default program, along with any the project service turned down.
 */
export async function lintFiles(settings: RunSettings, files: readonly string[]): Promise<ESLint.LintResult[]> {
  const projects = new ProjectIndex();
  const inProjects = new Set(files.filter((file) => projects.includes(file)));
  const projectResults = await lintWith(settings, [...inProjects]);
  const turnedDown = projectResults.filter(isOutsideAnyProject).map((result) => result.filePath);
  const outsideFiles = new Set([...files.filter((file) => !inProjects.has(file)), ...turnedDown]);
  if (outsideFiles.size === 0) return cleanResults(projectResults);

  const defaultProgram = createDefaultProgram([...outsideFiles], settings.defaultProgramAt);
  try {
    const outsideResults = await lintWith(settings, [...outsideFiles], defaultProgram.tsconfig);
    const results = [...projectResults.filter((result) => !outsideFiles.has(result.filePath)), ...outsideResults];
    return cleanResults(results.sort((a, b) => a.filePath.localeCompare(b.filePath)));
  } finally {
    defaultProgram.dispose();
  }
}

/** Lints code given as text (--stdin) as the file `filePath`, with the program that file would have. */
export async function lintText(settings: RunSettings, text: string, filePath: string): Promise<ESLint.LintResult[]> {
  // The cache and worker threads serve files on disk only.
  const textSettings = { ...settings, cache: false, concurrency: 'off' as const };
  // A file that is not on disk is in no tsconfig's file list; the project service still places it by the
  // tsconfig's include patterns, since it opens the file with the text given.
  if (!existsSync(filePath) || new ProjectIndex().includes(filePath)) {
    const results = await (await eslintFor(textSettings, undefined)).lintText(text, { filePath });
    if (!results.some(isOutsideAnyProject)) return cleanResults(results);
  }
  const defaultProgram = createDefaultProgram([filePath], undefined);
  try {
    return cleanResults(await (await eslintFor(textSettings, defaultProgram.tsconfig)).lintText(text, { filePath }));
  } finally {
    defaultProgram.dispose();
  }
}

/** The message of ESLint for a rule named in a comment that the configuration does not define. */
const UNDEFINED_RULE = /^Definition for rule '.+' was not found\.$/;

/**
 * A disable comment or inline configuration naming another plugin's rule (`@typescript-eslint/…`, `import/…`)
 * is about the project's own ESLint configuration, which race-lint does not load: ESLint's "Definition for rule
 * … was not found" about it is no problem of the code. Those naming a `race/` rule stay: a typo there is ours.
 */
const isForeignRuleNotFound = (message: Linter.LintMessage): boolean =>
  message.ruleId !== null && !message.ruleId.startsWith('race/') && UNDEFINED_RULE.test(message.message);

/**
 * typescript-eslint reports a parse error's column counting from 0, where ESLint counts from 1 (espree's
 * errors are right): "2:0" at the start of a line.
 */
const oneBasedColumn = (message: Linter.LintMessage): Linter.LintMessage =>
  message.fatal === true && message.ruleId === null && typeof message.column === 'number' ? { ...message, column: message.column + 1 } : message;

const isError = (message: Linter.LintMessage): boolean => message.severity === 2;
const count = (messages: readonly Linter.LintMessage[], test: (message: Linter.LintMessage) => boolean): number =>
  messages.filter(test).length;

/** The result with these messages, its counts recomputed as ESLint computes them. */
export function withMessages(result: ESLint.LintResult, messages: Linter.LintMessage[]): ESLint.LintResult {
  return {
    ...result,
    messages,
    errorCount: count(messages, isError),
    fatalErrorCount: count(messages, (message) => message.fatal === true),
    warningCount: count(messages, (message) => message.severity === 1),
    fixableErrorCount: count(messages, (message) => isError(message) && message.fix !== undefined),
    fixableWarningCount: count(messages, (message) => message.severity === 1 && message.fix !== undefined),
  };
}

/** The results with ESLint's complaints about other plugins' rules removed and parse error columns corrected. */
export function cleanResults(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => withMessages(result, result.messages.filter((message) => !isForeignRuleNotFound(message)).map(oneBasedColumn)));
}

/** The default program's tsconfig.json next to ESLint's cache: in its directory, or beside its file. */
export function defaultProgramLocation(cacheLocation: string): string {
  return cacheLocation.endsWith(path.sep) ? path.join(cacheLocation, 'default-tsconfig.json') : `${cacheLocation}.tsconfig.json`;
}
