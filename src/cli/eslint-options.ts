/**
 * The ESLint options of a run, as an options module: ESLint's worker threads can only receive options by
 * importing a module (plugins and parsers cannot be cloned), so the main thread and every worker import this
 * one with the run's settings in its URL's query string.
 */
import * as typescriptParser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';
import path from 'node:path';
import race from '../index.js';
import type { Concurrency } from './arguments.js';
import { progressConfig } from './progress.js';

export interface LintSettings {
  readonly cwd: string;
  readonly ruleSet: 'recommended' | 'all';
  readonly fix: boolean;
  readonly cache: boolean;
  readonly concurrency: Concurrency;
  /**
   * The tsconfig.json of the files that no tsconfig.json of the project includes (see `createDefaultProgram`);
   * absent, each file gets the program of its nearest tsconfig.json.
   */
  readonly defaultProgram?: string | undefined;
}

export const LINTED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];

/** ESLint's cache and the default program's tsconfig.json, with `--cache`. */
export const cacheDirectory = (cwd: string): string => path.join(cwd, '.race-lint-cache');

export const IGNORED: Linter.Config = { ignores: ['**/node_modules/', '**/dist/'] };

/** The URL of this module carrying the settings, for `ESLint.fromOptionsModule`. */
export const optionsModuleUrl = (settings: LintSettings): URL => {
  const url = new URL(import.meta.url);
  url.search = new URLSearchParams({ settings: JSON.stringify(settings) }).toString();
  return url;
};

export function eslintOptions(settings: LintSettings): ESLint.Options {
  // Relative to the file system root, the project service finds the nearest tsconfig.json of any file,
  // even above the working directory.
  const tsconfigRootDir = path.parse(settings.cwd).root;
  const parserOptions =
    settings.defaultProgram === undefined
      ? { projectService: true, tsconfigRootDir }
      : { project: settings.defaultProgram, tsconfigRootDir };
  const overrideConfig: Linter.Config[] = [
    IGNORED,
    {
      files: LINTED_FILES,
      languageOptions: { parser: typescriptParser, parserOptions },
      // The project's own disable comments name rules of its own config, which this run does not enable.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { files: LINTED_FILES, ...(race.configs[settings.ruleSet] as Linter.Config) },
    // Always present, display or not: the cache keys results by the whole configuration.
    { files: LINTED_FILES, ...progressConfig },
  ];
  return {
    cwd: settings.cwd,
    overrideConfigFile: true,
    overrideConfig,
    fix: settings.fix,
    cache: settings.cache,
    // A trailing separator tells ESLint that the location is a directory.
    cacheLocation: `${cacheDirectory(settings.cwd)}${path.sep}`,
    // Content hashes survive a fresh checkout in CI, where every file's modification time changes.
    cacheStrategy: 'content',
    concurrency: settings.concurrency,
    errorOnUnmatchedPattern: false,
  };
}

const settingsText = new URL(import.meta.url).searchParams.get('settings');

/** The options of the run named in this module's URL (absent when imported without settings). */
export default settingsText === null ? undefined : eslintOptions(JSON.parse(settingsText) as LintSettings);
