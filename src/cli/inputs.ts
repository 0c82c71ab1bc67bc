/**
 * The files a run lints: the command line's paths, wherever they are, expanded by ESLint with the project's
 * ignores, less the files too large or minified to be worth the time (a 12 MB bundle ran out of memory).
 */
import { includeIgnoreFile } from '@eslint/compat';
import { ESLint, type Linter } from 'eslint';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LINTED_FILES } from './eslint-options.js';

const GLOB_CHARACTERS = /[*?[\]{}]/;

/** Build output and bundles, which hold no code of the project's own to fix (ESLint ignores node_modules itself). */
export const DEFAULT_IGNORES = [
  '**/dist/',
  '**/build/',
  '**/out/',
  '**/.next/',
  '**/.nuxt/',
  '**/.output/',
  '**/.svelte-kit/',
  '**/coverage/',
  '**/.race-lint-cache/',
  '**/*.min.{js,mjs,cjs}',
  '**/*.bundle.{js,mjs,cjs}',
  '**/*-bundle.{js,mjs,cjs}',
];

export interface SelectionOptions {
  readonly paths: readonly string[];
  readonly ignore: boolean;
  readonly ignorePatterns: readonly string[];
  readonly warnIgnored: boolean;
  readonly maxFileSize: number;
}

export interface Selection {
  /** Absolute paths of the files to lint. */
  readonly files: string[];
  /** ESLint's warnings for files named on the command line that the ignores exclude. */
  readonly ignoredResults: ESLint.LintResult[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  /** Paths given that exist (or are globs). */
  readonly existing: string[];
  /** One line per file left out for its size or minification. */
  readonly skipped: string[];
}

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

const isInside = (directory: string, file: string): boolean => {
  const relative = path.relative(directory, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The directory a path's files are looked up from: a directory itself, a file's folder, a glob's fixed part. */
function directoryOf(absolute: string): string {
  const segments = absolute.split(path.sep);
  const firstGlob = segments.findIndex((segment) => GLOB_CHARACTERS.test(segment));
  if (firstGlob >= 0) return segments.slice(0, firstGlob).join(path.sep) || path.sep;
  return existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
}

/**
 * The paths grouped by the base path ESLint lists them from. ESLint ignores whatever is outside its base path
 * ("File ignored because outside of base path"): paths inside the working directory are listed from it, and
 * each path outside from its own directory, so that the ignores apply as they would from within that project.
 */
export function groupByBase(cwd: string, paths: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const base = isInside(cwd, directoryOf(absolute)) ? cwd : directoryOf(absolute);
    groups.set(base, [...(groups.get(base) ?? []), base === cwd ? given : absolute]);
  }
  return groups;
}

/** The git repository root containing `directory`, if any (`.git` is a directory, or a file in a worktree). */
export function gitRoot(directory: string): string | undefined {
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The .gitignore files that apply to `base`: its own and those above it, up to the repository's root. */
function gitignoreConfigs(base: string): Linter.Config[] {
  const top = gitRoot(base) ?? base;
  const configs: Linter.Config[] = [];
  for (let directory = base; isInside(top, directory); directory = path.dirname(directory)) {
    const gitignore = path.join(directory, '.gitignore');
    if (existsSync(gitignore) && statSync(gitignore).isFile()) {
      // Its patterns are relative to its own directory, which may be above ESLint's base path.
      configs.push({ ...includeIgnoreFile(gitignore), basePath: directory });
    }
    if (directory === top || path.dirname(directory) === directory) break;
  }
  return configs;
}

/** A parser that reads nothing: linting with it only lists the files ESLint would lint. */
const skippingParser: Linter.Parser = {
  meta: { name: 'race-lint/skip' },
  parse: (text) => ({
    type: 'Program',
    body: [],
    sourceType: 'module',
    comments: [],
    tokens: [],
    range: [0, text.length],
    loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } },
  }),
};

async function listFrom(base: string, patterns: readonly string[], cwd: string, options: SelectionOptions): Promise<ESLint.LintResult[]> {
  const ignores: Linter.Config[] = [
    { name: 'race-lint/build-output', ignores: DEFAULT_IGNORES },
    ...gitignoreConfigs(base),
    // ESLint's --ignore-pattern is relative to the working directory.
    ...(options.ignorePatterns.length > 0 ? [{ name: 'race-lint/ignore-pattern', basePath: cwd, ignores: [...options.ignorePatterns] }] : []),
  ];
  const lister = new ESLint({
    cwd: base,
    overrideConfigFile: true,
    overrideConfig: [...ignores, { files: LINTED_FILES, languageOptions: { parser: skippingParser } }],
    ignore: options.ignore,
    warnIgnored: options.warnIgnored,
    errorOnUnmatchedPattern: false,
  });
  return lister.lintFiles([...patterns]);
}

/** Minified code has long lines: on average, more than this many characters. */
const MINIFIED_LINE_LENGTH = 300;
/** Files smaller than this are linted even when minified: they cost little. */
const MINIFIED_CHECK_SIZE = 4096;

const formatSize = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} bytes`;

/** Why a file is not worth linting, or undefined when it is. */
function reasonToSkip(file: string, maxFileSize: number): string | undefined {
  const { size } = statSync(file);
  if (size > maxFileSize) return `${formatSize(size)}, over the limit of ${formatSize(maxFileSize)} (raise it with --max-file-size)`;
  if (size < MINIFIED_CHECK_SIZE) return undefined;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').length;
  const averageLine = Math.round(text.length / lines);
  return averageLine > MINIFIED_LINE_LENGTH ? `minified or generated (lines of ${averageLine} characters on average)` : undefined;
}

/** The files to lint for the command line's paths. */
export async function selectFiles(cwd: string, options: SelectionOptions): Promise<Selection> {
  const { existing, missing } = partitionPaths(cwd, options.paths);
  const files = new Set<string>();
  const ignoredResults: ESLint.LintResult[] = [];
  for (const [base, patterns] of groupByBase(cwd, existing)) {
    for (const result of await listFrom(base, patterns, cwd, options)) {
      if (result.messages.length > 0) ignoredResults.push(result);
      else files.add(result.filePath);
    }
  }
  const skipped: string[] = [];
  const linted = [...files].filter((file) => {
    const reason = reasonToSkip(file, options.maxFileSize);
    if (reason !== undefined) skipped.push(`skipped ${path.relative(cwd, file)}: ${reason}`);
    return reason === undefined;
  });
  return { files: linted, ignoredResults, missing, existing, skipped };
}
