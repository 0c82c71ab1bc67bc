import { ESLint, type Linter } from 'eslint';
import { createDefaultProgram } from './default-program.js';
import { cacheDirectory, IGNORED, LINTED_FILES, optionsModuleUrl, type LintSettings } from './eslint-options.js';
import { ProjectIndex } from './projects.js';

/** typescript-eslint's verdict on a file that no tsconfig.json includes. */
const NOT_IN_ANY_PROJECT = 'was not found by the project service';

const isOutsideAnyProject = (result: ESLint.LintResult): boolean =>
  result.messages.length === 1 && result.messages[0]?.fatal === true && result.messages[0].message.includes(NOT_IN_ANY_PROJECT);

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

/** The files that the patterns name, after ESLint's own expansion and our ignores. */
export async function listFiles(cwd: string, patterns: readonly string[]): Promise<string[]> {
  const lister = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [IGNORED, { files: LINTED_FILES, languageOptions: { parser: skippingParser } }],
    errorOnUnmatchedPattern: false,
  });
  return (await lister.lintFiles([...patterns])).map((result) => result.filePath);
}

async function lintWith(settings: LintSettings, files: readonly string[]): Promise<ESLint.LintResult[]> {
  if (files.length === 0) return [];
  const eslint = await ESLint.fromOptionsModule(optionsModuleUrl(settings));
  return eslint.lintFiles([...files]);
}

/**
 * Lints the files a tsconfig.json includes with the program of that tsconfig.json (typescript-eslint's project
 * service), then the others with one default program, along with any the project service turned down.
 */
export async function lintFiles(settings: Omit<LintSettings, 'defaultProgram'>, files: readonly string[]): Promise<ESLint.LintResult[]> {
  const projects = new ProjectIndex();
  const inProjects = new Set(files.filter((file) => projects.includes(file)));
  const projectResults = await lintWith(settings, [...inProjects]);
  const turnedDown = projectResults.filter(isOutsideAnyProject).map((result) => result.filePath);
  const outsideFiles = new Set([...files.filter((file) => !inProjects.has(file)), ...turnedDown]);
  if (outsideFiles.size === 0) return projectResults;

  const defaultProgram = createDefaultProgram([...outsideFiles], settings.cache ? cacheDirectory(settings.cwd) : undefined);
  try {
    const outsideResults = await lintWith({ ...settings, defaultProgram: defaultProgram.tsconfig }, [...outsideFiles]);
    return [...projectResults.filter((result) => !outsideFiles.has(result.filePath)), ...outsideResults].sort((a, b) =>
      a.filePath.localeCompare(b.filePath),
    );
  } finally {
    defaultProgram.dispose();
  }
}
