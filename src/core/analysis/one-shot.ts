import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { TSESLint } from '@typescript-eslint/utils';
import path from 'node:path';
import { getFileContext, memoize, type FileContext } from '../file-context.js';

/**
 * Code with no second actor: programs a person runs once (scripts, command-line tools, build configuration).
 * A check and an act there cannot be interleaved by another caller of the same code. Read from the file's
 * path (relative to the working directory) and text alone: the rules do not know how a project deploys its
 * files, so the option `scripts: 'report'` brings these reports back.
 */
export const oneShotOptionsSchema: Record<string, JSONSchema4> = {
  scripts: {
    type: 'string',
    enum: ['ignore', 'report'],
    description:
      "'ignore' (default): no report in one-shot code, where nothing runs concurrently: files with a shebang, files under scripts/, bin/ or tooling/, command-line packages (a folder named cli or cli-v3) and *.config.* files. 'report': report there too.",
  },
};

export interface OneShotOptions {
  readonly scripts?: 'ignore' | 'report';
}

/** Folders whose files are run by hand or by the build, never by a server. */
const ONE_SHOT_FOLDERS = new Set(['scripts', 'script', 'bin', 'tooling']);
/** A command-line package's folder: `cli`, `cli-v3` (not `demo-cli`: a name is weak evidence, keep it narrow). */
const CLI_FOLDER = /^cli(?:[-_]v?\d+)?$/;
/** Build and tool configuration: `vite.config.ts`, `next.config.mjs`, `eslint.config.js`. */
const CONFIG_FILE = /\.config\.[cm]?[jt]sx?$/;

/** Whether the whole file is a one-shot program (see above). */
export function isOneShotFile(file: FileContext, filename: string, cwd: string): boolean {
  return memoize(file, 'one-shot-file', () => {
    if (file.sourceCode.text.startsWith('#!')) return true;
    // Folders above the project (a checkout under ~/scripts/) say nothing about its files.
    const relative = path.relative(cwd, filename);
    const segments = (relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(filename) : relative).split(/[\\/]/);
    const base = segments.pop() ?? '';
    return CONFIG_FILE.test(base) || segments.some((segment) => ONE_SHOT_FOLDERS.has(segment) || CLI_FOLDER.test(segment));
  });
}

/** Whether a rule skips this whole file as one-shot code, under its options. */
export function skipsOneShotFile(context: Readonly<TSESLint.RuleContext<string, readonly [OneShotOptions?, ...unknown[]]>>): boolean {
  return context.options[0]?.scripts !== 'report' && isOneShotFile(getFileContext(context), context.filename, context.cwd);
}
