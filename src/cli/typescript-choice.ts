/**
 * Which TypeScript a run uses. typescript-eslint uses the `typescript` its own package resolves, which in a
 * project is the project's; race-lint may be installed elsewhere (npx, a global install) with another version.
 * So it uses the project's own `typescript` when that version is supported, as typescript-eslint would, and its
 * own otherwise. Every module of a thread must see one TypeScript (their syntax kinds differ between versions),
 * so the choice is made before any of them loads it: by redirecting `require('typescript')`, the only way the
 * parser, ts-api-utils and the plugin load it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The versions race-lint and typescript-eslint support (the plugin's peer range). */
export const SUPPORTED_TYPESCRIPT = '>=5.0 <6.1';

export interface TypeScriptChoice {
  /** The `typescript` package's directory, or undefined when none can be found. */
  readonly directory: string | undefined;
  readonly version: string | undefined;
  /** Why this one: the project's, race-lint's own, or already loaded in this process. */
  readonly origin: 'project' | 'own' | 'loaded';
  /** The project's version, when it was turned down as unsupported. */
  readonly unsupportedProjectVersion?: string | undefined;
}

const ownRequire = createRequire(import.meta.url);

function packageDirectory(resolve: (request: string) => string): string | undefined {
  try {
    return path.dirname(resolve('typescript/package.json'));
  } catch {
    return undefined;
  }
}

function versionOf(directory: string | undefined): string | undefined {
  if (directory === undefined) return undefined;
  try {
    return (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export function isSupportedTypeScript(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)(-.*)?$/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major === 5 || (major === 6 && minor === 0);
}

/** The directory of a TypeScript this process has already loaded, if any. */
function loadedTypeScript(): string | undefined {
  const cache = (ownRequire('node:module') as { _cache: Record<string, unknown> })._cache;
  const loaded = Object.keys(cache).find((file) => /[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(file));
  return loaded === undefined ? undefined : path.dirname(path.dirname(loaded));
}

let redirectedTo: string | undefined;

/** Picks the TypeScript for a run in `cwd`, without loading it. */
export function chooseTypeScript(cwd: string): TypeScriptChoice {
  const loaded = redirectedTo ?? loadedTypeScript();
  if (loaded !== undefined) return { directory: loaded, version: versionOf(loaded), origin: 'loaded' };
  const own = packageDirectory((request) => ownRequire.resolve(request));
  const project = packageDirectory((request) => createRequire(path.join(cwd, 'race-lint.js')).resolve(request));
  const projectVersion = versionOf(project);
  if (project !== undefined && projectVersion !== undefined && project !== own && isSupportedTypeScript(projectVersion)) {
    return { directory: project, version: projectVersion, origin: 'project' };
  }
  const unsupported = project !== own && projectVersion !== undefined ? projectVersion : undefined;
  return { directory: own, version: versionOf(own), origin: 'own', unsupportedProjectVersion: unsupported };
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/**
 * Makes every later `require('typescript')` of this thread load the package in `directory`. Nothing happens
 * when TypeScript is already loaded: a second copy next to the first would break both.
 */
export function useTypeScript(directory: string | undefined): void {
  if (directory === undefined || redirectedTo !== undefined || loadedTypeScript() !== undefined) return;
  const main = ownRequire.resolve(directory);
  if (!existsSync(main)) return;
  const Module = ownRequire('node:module') as { _resolveFilename: ResolveFilename };
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'typescript' ? main : resolveFilename.call(this, request, ...rest);
  };
  redirectedTo = directory;
}

/** "6.0.2 (the project's, /p/node_modules/typescript)", for --debug and --env-info. */
export function describeTypeScript(choice: TypeScriptChoice): string {
  if (choice.directory === undefined) return 'not installed';
  const origin = { project: "the project's", own: "race-lint's own", loaded: 'already loaded' }[choice.origin];
  const turnedDown =
    choice.unsupportedProjectVersion === undefined
      ? ''
      : `; the project's ${choice.unsupportedProjectVersion} is not supported (${SUPPORTED_TYPESCRIPT})`;
  return `${choice.version ?? 'of unknown version'} (${origin}, ${choice.directory}${turnedDown})`;
}
