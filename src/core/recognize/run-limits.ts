import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getStaticValue } from '@eslint-community/eslint-utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from 'eslint';
import { memoize, type FileContext } from '../file-context.js';
import { keyName, skipTransparent } from '../analysis/nodes.js';
import { platformRunLimits } from '../catalogue/locks.js';

/**
 * The longest a run of the linted module can last, in milliseconds, when a serverless platform stops it at a
 * limit the project writes down: Next.js route segment config (`export const maxDuration = 600` in a
 * `route.ts`, `export const config = { maxDuration }` in `pages/api/`) and the `functions` entries of the
 * nearest `vercel.json` whose glob matches the file. The largest limit found, so that no run is taken as shorter
 * than the platform lets it be. Undefined when the code says nothing: a platform default is not evidence.
 */
export function runLimitMs(file: FileContext): number | undefined {
  return memoize(file, 'run-limit-ms', () => {
    const limits = [segmentLimit(file), projectFileLimit(file.filename)].filter((limit): limit is number => limit !== undefined);
    return limits.length > 0 ? Math.max(...limits) * 1000 : undefined;
  });
}

/** `export const maxDuration = 600` (App Router segment files), `export const config = { maxDuration: 600 }` (pages/api), in seconds. */
function segmentLimit(file: FileContext): number | undefined {
  const filename = file.filename.replace(/\\/g, '/');
  const segmentFile = platformRunLimits.segmentFiles.test(path.basename(filename));
  const pagesApi = filename.includes(platformRunLimits.pagesApiDirectory);
  if (!segmentFile && !pagesApi) return undefined;
  for (const statement of file.program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : undefined;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind !== 'const') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
      if (segmentFile && declarator.id.name === platformRunLimits.segmentExport) return seconds(file, declarator.init);
      if (pagesApi && declarator.id.name === platformRunLimits.pagesConfigExport) {
        const config = skipTransparent(declarator.init);
        if (config.type !== AST_NODE_TYPES.ObjectExpression) continue;
        const property = config.properties.find(
          (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && keyName(p.key) === platformRunLimits.segmentExport,
        );
        if (property) return seconds(file, property.value);
      }
    }
  }
  return undefined;
}

function seconds(file: FileContext, node: TSESTree.Node): number | undefined {
  const value = getStaticValue(node as never, file.sourceCode.getScope(node) as unknown as Scope.Scope)?.value;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

// --- vercel.json ---------------------------------------------------------------------------------------------

interface ProjectFile {
  readonly directory: string;
  /** `functions` entries: a glob relative to the directory, and its `maxDuration` in seconds. */
  readonly functions: readonly { readonly pattern: RegExp; readonly maxDuration: number }[];
}

/** The nearest project file above each directory (null: none), for the life of the process. */
const projectFiles = new Map<string, ProjectFile | null>();

/** The largest `maxDuration` of the nearest vercel.json's `functions` entries whose glob matches the file. */
function projectFileLimit(filename: string): number | undefined {
  if (!path.isAbsolute(filename)) return undefined;
  const project = nearestProjectFile(path.dirname(filename));
  if (!project) return undefined;
  const relative = path.relative(project.directory, filename).replace(/\\/g, '/');
  const matching = project.functions.filter((entry) => entry.pattern.test(relative)).map((entry) => entry.maxDuration);
  return matching.length > 0 ? Math.max(...matching) : undefined;
}

function nearestProjectFile(directory: string): ProjectFile | undefined {
  const known = projectFiles.get(directory);
  if (known !== undefined) return known ?? undefined;
  let found: ProjectFile | undefined;
  const candidate = path.join(directory, platformRunLimits.projectFile);
  if (isFile(candidate)) found = readProjectFile(directory, candidate);
  else {
    const parent = path.dirname(directory);
    found = parent === directory ? undefined : nearestProjectFile(parent);
  }
  projectFiles.set(directory, found ?? null);
  return found;
}

function isFile(fileName: string): boolean {
  try {
    return statSync(fileName).isFile();
  } catch {
    return false;
  }
}

/** A project file that does not parse, or has no `functions`, says nothing (and stops the search: it is the nearest). */
function readProjectFile(directory: string, fileName: string): ProjectFile {
  const functions: { pattern: RegExp; maxDuration: number }[] = [];
  try {
    const config = JSON.parse(readFileSync(fileName, 'utf8')) as { functions?: Record<string, { maxDuration?: unknown } | undefined> };
    for (const [glob, settings] of Object.entries(config.functions ?? {})) {
      const maxDuration = settings?.maxDuration;
      if (typeof maxDuration === 'number' && Number.isFinite(maxDuration) && maxDuration > 0) functions.push({ pattern: globPattern(glob), maxDuration });
    }
  } catch {
    // Unreadable or not JSON: no limits.
  }
  return { directory, functions };
}

/**
 * A glob of vercel.json (`app/(ee)/api/cron/**\/*.ts`, `api/*.js`, `pages/api/{a,b}.ts`) as a regular expression
 * over a path relative to the file's directory: `**` any directories, `*` and `?` within one segment, `{a,b}`
 * alternatives; everything else literal (parentheses of route groups included).
 */
export function globPattern(glob: string): RegExp {
  let out = '';
  let braces = 0;
  const text = glob.replace(/^\.\//, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '*' && text[i + 1] === '*') {
      // `**/` matches no directory or several; a trailing `**` anything.
      if (text[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      braces++;
      out += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (char === ',' && braces > 0) out += '|';
    else out += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
