/**
 * Which files of a repository the evaluation lints: the application's JavaScript and TypeScript, as a
 * project's lint script would, without tests, fixtures, generated or vendored code and build output. The
 * labels leave the same files out.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Folders never linted, at any depth. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.turbo',
  '.output',
  // Yarn's own release and plug-in bundles (a 3 MB yarn-4.x.cjs in Yarn 2+ repositories).
  '.yarn',
  'coverage',
  'vendor',
  'public',
  'static',
  '__tests__',
  '__mocks__',
  '__fixtures__',
  'fixtures',
  'test',
  'tests',
  'e2e',
  'cypress',
  'playwright',
]);

/** Test, declaration, minified and generated files. */
const SKIPPED_FILES = /(?:^\.pnp\.[cm]?js$|\.(?:test|spec|e2e|stories|story|bench)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$|\.min\.js$|-min\.js$|\.bundle\.js$|\.generated\.[jt]sx?$)/;

/** The files to lint under `root`, relative and with `/`, sorted. */
export function lintedFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (directory: string, relative: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const next = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path.join(directory, entry.name), next);
      } else if (entry.isFile() && SOURCE.test(entry.name) && !SKIPPED_FILES.test(entry.name)) files.push(next);
    }
  };
  walk(root, '');
  return files.sort();
}
