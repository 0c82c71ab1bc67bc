/**
 * The ESLint options of a run, as an options module: ESLint's worker threads can only receive options by
 * importing a module (plugins and parsers cannot be cloned), so the main thread and every worker import this
 * one with the run's settings in its URL's query string.
 */
import type { ESLint, Linter } from 'eslint';
import path from 'node:path';
import type { Concurrency, RuleEntry } from './arguments.js';
import { progressConfig } from './progress.js';
import { useTypeScript } from './typescript-choice.js';

export interface LintSettings {
  /** ESLint's base path: a directory that contains every linted file (it may be above the working directory). */
  readonly basePath: string;
  readonly ruleSet: 'recommended' | 'all';
  /** --rule entries, applied over the rule set. */
  readonly rules: Readonly<Record<string, RuleEntry>>;
  readonly fix: boolean;
  readonly cache: boolean;
  /** ESLint's cache location: a file, or a directory when it ends with a separator. */
  readonly cacheLocation: string;
  readonly concurrency: Concurrency;
  /** The `typescript` package every thread loads (see typescript-choice.ts). */
  readonly typescript: string | undefined;
  /**
   * The tsconfig.json of the files that no tsconfig.json of the project includes (see `createDefaultProgram`);
   * absent, each file gets the program of its nearest tsconfig.json.
   */
  readonly defaultProgram?: string | undefined;
}

export const LINTED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];

/** The default place of ESLint's cache and the default program's tsconfig.json, with `--cache`. */
export const cacheDirectory = (cwd: string): string => path.join(cwd, '.race-lint-cache');

/** The URL of this module carrying the settings, for `ESLint.fromOptionsModule`. */
export const optionsModuleUrl = (settings: LintSettings): URL => {
  const url = new URL(import.meta.url);
  url.search = new URLSearchParams({ settings: JSON.stringify(settings) }).toString();
  return url;
};

/**
 * The options of a run. The files are chosen before (see inputs.ts), so this configuration ignores nothing: its
 * base path may be far above the project, where ignore patterns would match the project's own directories.
 */
export async function eslintOptions(settings: LintSettings): Promise<ESLint.Options> {
  // The parser and the plugin load TypeScript when imported: the thread's TypeScript is chosen first.
  useTypeScript(settings.typescript);
  const typescriptParser = await import('@typescript-eslint/parser');
  const { default: race } = await import('../index.js');
  // Relative to the file system root, the project service finds the nearest tsconfig.json of any file,
  // even above the working directory.
  const tsconfigRootDir = path.parse(settings.basePath).root;
  const parserOptions =
    settings.defaultProgram === undefined
      ? { projectService: true, tsconfigRootDir }
      : { project: settings.defaultProgram, tsconfigRootDir };
  const overrideConfig: Linter.Config[] = [
    {
      files: LINTED_FILES,
      languageOptions: { parser: typescriptParser, parserOptions },
      // The project's own disable comments name rules of its own config, which this run does not enable.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { files: LINTED_FILES, ...(race.configs[settings.ruleSet] as Linter.Config) },
    { files: LINTED_FILES, rules: settings.rules as Linter.RulesRecord },
    // Always present, display or not: the cache keys results by the whole configuration.
    { files: LINTED_FILES, ...progressConfig },
  ];
  return {
    cwd: settings.basePath,
    overrideConfigFile: true,
    overrideConfig,
    // The files were chosen with the project's ignores; here, named files are linted whatever their path.
    ignore: false,
    fix: settings.fix,
    cache: settings.cache,
    cacheLocation: settings.cacheLocation,
    // Content hashes survive a fresh checkout in CI, where every file's modification time changes.
    cacheStrategy: 'content',
    concurrency: settings.concurrency,
    errorOnUnmatchedPattern: false,
  };
}

const settingsText = new URL(import.meta.url).searchParams.get('settings');

/** The options of the run named in this module's URL (absent when imported without settings). */
export default settingsText === null ? undefined : await eslintOptions(JSON.parse(settingsText) as LintSettings);
