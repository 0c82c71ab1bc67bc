import { clearCaches } from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import path from 'node:path';
import { optionsModuleUrl, type LintSettings } from './eslint-options.js';

/** typescript-eslint's verdict on a file that no tsconfig.json includes. */
const NOT_IN_ANY_PROJECT = 'was not found by the project service';

const isOutsideAnyProject = (result: ESLint.LintResult): boolean =>
  result.messages.length === 1 && result.messages[0]?.fatal === true && result.messages[0].message.includes(NOT_IN_ANY_PROJECT);

async function lintWith(settings: LintSettings, patterns: readonly string[]): Promise<ESLint.LintResult[]> {
  const eslint = await ESLint.fromOptionsModule(optionsModuleUrl(settings));
  return eslint.lintFiles([...patterns]);
}

/**
 * Lints in two passes. The first gives each file the program of its nearest tsconfig.json. typescript-eslint
 * refuses files that no tsconfig.json includes unless they are listed, one by one, for its default project, and
 * refuses listed files that a tsconfig.json does include: so the files the first pass refused are linted again,
 * listed. The project service is created once per thread with the options of its first use, hence the reset.
 */
export async function lintProject(
  settings: Omit<LintSettings, 'defaultProjectFiles'>,
  patterns: readonly string[],
): Promise<ESLint.LintResult[]> {
  const firstPass = await lintWith({ ...settings, defaultProjectFiles: [] }, patterns);
  const outsideFiles = firstPass.filter(isOutsideAnyProject).map((result) => result.filePath);
  if (outsideFiles.length === 0) return firstPass;

  clearCaches();
  const root = path.parse(settings.cwd).root;
  const defaultProjectFiles = outsideFiles.map((filePath) => path.relative(root, filePath));
  const secondPass = await lintWith({ ...settings, defaultProjectFiles }, outsideFiles);
  const secondByFile = new Map(secondPass.map((result) => [result.filePath, result]));
  return firstPass.map((result) => secondByFile.get(result.filePath) ?? result);
}
