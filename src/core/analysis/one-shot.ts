import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { TSESLint } from '@typescript-eslint/utils';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { longRunningPackages, terminalPromptPackages } from '../catalogue/processes.js';
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
      "'ignore' (default): no report in one-shot code, where nothing runs concurrently: files with a shebang, files under scripts/, bin/, tooling/, migrations/ (code-migrations/, data-migrations/), seeds/ or cutover/ (or tools/, extra/, releases/, prisma/ outside a src/ folder), files a package.json script runs (node extra/x.js) unless the file listens or loads a server or queue-worker package, command-line packages (a package.json with a bin or a terminal prompt library such as inquirer, no exports or types, and no server or queue-worker dependency, or a folder named cli or cli-v3), build configuration (*.config.*) and build-tool plugins (vite-plugin-*), and start-up code (a NestJS onModuleInit or onApplicationBootstrap and the methods of its class only such hooks call). 'report': report there too.",
  },
};

export interface OneShotOptions {
  readonly scripts?: 'ignore' | 'report';
}

/** Folders whose files are run by hand or by the build, never by a server. */
const ONE_SHOT_FOLDERS = new Set(['scripts', 'script', 'bin', 'tooling']);
/**
 * Folders of a repository's own tooling (`tools/backup-db.ts`, `extra/build-healthcheck.js`,
 * `releases/bundle-trim.mjs`), and Prisma's folder of schema, migrations and seed scripts (`prisma/seed.ts`,
 * `prisma/populate.ts`), counted only outside a `src/` folder: `src/mcp/tools/` holds request handlers, and
 * `src/prisma/prisma.service.ts` is a server's client.
 */
const TOOLING_FOLDERS = new Set(['tools', 'extra', 'releases', 'prisma']);
/**
 * Folders of code a deploy runs once, before or instead of the server: `migrations/`, `code-migrations/`,
 * `data-migrations/`, `seeds/`, `cutover/` (a one-time switch from one system to another). Their runner records
 * what ran and runs each file once, in one process.
 */
const DEPLOY_ONCE_FOLDER = /^(?:[a-z]+[-_])?migrations?$|^seeds?$|^seeders$|^cutover$/;

/** Whether a path (relative to the project, `/`-separated) lies in a folder of code a deploy runs once. */
export const inDeployOnceFolder = (relative: string): boolean => relative.split('/').slice(0, -1).some((segment) => DEPLOY_ONCE_FOLDER.test(segment));
/** A command-line package's folder: `cli`, `cli-v3` (not `demo-cli`: a name is weak evidence, keep it narrow). */
const CLI_FOLDER = /^cli(?:[-_]v?\d+)?$/;
/** Build and tool configuration: `vite.config.ts`, `next.config.mjs`, `eslint.config.js`. */
const CONFIG_FILE = /\.config\.[cm]?[jt]sx?$/;
/** A build tool's plugin: `vite-plugin-translations.ts`, `rollup-plugin-x.js`. */
const BUILD_PLUGIN_FILE = /^(?:vite|rollup|rolldown|webpack|esbuild|babel|postcss)-plugin\b/;
/** A file a package script runs (`node extra/download-dist.js`, `tsx ./tools/seed.ts`). */
const SCRIPT_FILE_TOKEN = /^(?:\.\/)?[\w@./-]+\.[cm]?[jt]sx?$/;

interface PackageFacts {
  /** Files its `scripts` run, as absolute paths. */
  readonly scriptFiles: ReadonlySet<string>;
  /**
   * A command-line tool: it has a `bin` or depends on a terminal prompt library, declares no `exports` or
   * `types` (nothing for others to import), and depends on no server or queue worker (catalogue/processes.ts).
   */
  readonly commandLine: boolean;
  readonly modified: number;
}

/** package.json facts by directory, kept while the file is unchanged (an editor's ESLint server lives long). */
const packageFacts = new Map<string, PackageFacts | null>();

function readPackageFacts(directory: string): PackageFacts | undefined {
  const manifest = path.join(directory, 'package.json');
  // Most folders have no package.json: asked without an exception, which costs more than the look itself.
  const modified = statSync(manifest, { throwIfNoEntry: false })?.mtimeMs;
  if (modified === undefined) {
    packageFacts.set(directory, null);
    return undefined;
  }
  const known = packageFacts.get(directory);
  if (known && known.modified === modified) return known;
  let facts: PackageFacts;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {
      scripts?: Record<string, unknown>;
      bin?: unknown;
      exports?: unknown;
      types?: unknown;
      typings?: unknown;
      dependencies?: Record<string, unknown>;
      optionalDependencies?: Record<string, unknown>;
    };
    const scriptFiles = new Set<string>();
    for (const command of Object.values(parsed.scripts ?? {})) {
      if (typeof command !== 'string') continue;
      for (const token of command.split(/[\s;&|()]+/)) if (SCRIPT_FILE_TOKEN.test(token)) scriptFiles.add(path.resolve(directory, token));
    }
    const dependencies = [...Object.keys(parsed.dependencies ?? {}), ...Object.keys(parsed.optionalDependencies ?? {})];
    const hasBin = typeof parsed.bin === 'string' || (typeof parsed.bin === 'object' && parsed.bin !== null && Object.keys(parsed.bin).length > 0);
    // A package that declares an import surface (`exports`, `types`) is a library first, whatever its `bin`.
    const library = parsed.exports !== undefined || parsed.types !== undefined || parsed.typings !== undefined;
    const asksAtTerminal = dependencies.some((name) => terminalPromptPackages.has(name));
    const commandLine = (hasBin || asksAtTerminal) && !library && !dependencies.some((name) => longRunningPackages.has(name));
    facts = { scriptFiles, commandLine, modified };
  } catch {
    facts = { scriptFiles: new Set(), commandLine: false, modified };
  }
  packageFacts.set(directory, facts);
  return facts;
}

/**
 * Whether a package.json around `filename` (up to the working directory) runs it as one of its `scripts`, or
 * the file's own package (the nearest package.json) is a command-line tool. Two invocations of a command can
 * still share a lock file or an output folder (fixtures/demo-cli): `scripts: 'report'` lints them.
 */
function isPackageScript(filename: string, cwd: string): boolean {
  let ownPackage = true;
  for (let directory = path.dirname(filename); ; directory = path.dirname(directory)) {
    const facts = readPackageFacts(directory);
    if (facts?.scriptFiles.has(filename) || (ownPackage && facts?.commandLine)) return true;
    if (facts) ownPackage = false;
    if (directory === cwd || path.dirname(directory) === directory || !directory.startsWith(cwd)) return false;
  }
}

/** Whether the whole file is a one-shot program (see above). */
export function isOneShotFile(file: FileContext, filename: string, cwd: string): boolean {
  return memoize(file, 'one-shot-file', () => {
    if (file.sourceCode.text.startsWith('#!')) return true;
    // Folders above the project (a checkout under ~/scripts/) say nothing about its files.
    const relative = path.relative(cwd, filename);
    const segments = (relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(filename) : relative).split(/[\\/]/);
    const base = segments.pop() ?? '';
    if (CONFIG_FILE.test(base) || BUILD_PLUGIN_FILE.test(base)) return true;
    if (segments.some((segment) => ONE_SHOT_FOLDERS.has(segment) || CLI_FOLDER.test(segment) || DEPLOY_ONCE_FOLDER.test(segment))) return true;
    if (!segments.includes('src') && segments.some((segment) => TOOLING_FOLDERS.has(segment))) return true;
    return path.isAbsolute(filename) && isPackageScript(filename, cwd) && !startsServer(file.sourceCode.text);
  });
}

/** A module named in an `import`, `export … from`, `require()` or `import()`. */
const MODULE_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/**
 * A file that a package script starts and that serves: it listens, or loads a server or queue-worker package
 * (`"start-server": "node server/server.js"`). A script entry of that kind is the server, not a one-shot program.
 */
function startsServer(text: string): boolean {
  if (/\.listen\s*\(/.test(text)) return true;
  for (const [, specifier] of text.matchAll(MODULE_SPECIFIER)) if (specifier && longRunningPackages.has(specifier.replace(/^(@[^/]+\/[^/]+|[^@/][^/]*).*$/, '$1'))) return true;
  return false;
}

/** Whether a rule skips this whole file as one-shot code, under its options. */
export function skipsOneShotFile(context: Readonly<TSESLint.RuleContext<string, readonly [OneShotOptions?, ...unknown[]]>>): boolean {
  return context.options[0]?.scripts !== 'report' && isOneShotFile(getFileContext(context), context.filename, context.cwd);
}
