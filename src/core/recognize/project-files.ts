import fs from 'node:fs';
import path from 'node:path';
import ts from '../typescript.cjs';

/**
 * The project around a linted file, read from the disk: its root (the workspace root of a monorepo) and its
 * own source files. Shared by the analyses that judge a file by the rest of its project (the Prisma schema,
 * the fields the project writes).
 */

/** A folder holding one of these is a project's (or a monorepo's workspace's) root. */
export const PROJECT_ROOT_MARKERS = ['.git', 'pnpm-workspace.yaml', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb'];

/** The root found from each folder searched (null: none), for the life of the process. */
const rootOfFolder = new Map<string, string | null>();

/**
 * The nearest folder at or above `start` that holds a root marker; undefined when there is none, or when the
 * search enters `node_modules` (library code has no project of its own here).
 */
export function projectRootOf(start: string): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let folder = start; ; ) {
    if (folder.split(path.sep).includes('node_modules')) break;
    const known = rootOfFolder.get(folder);
    if (known !== undefined) {
      found = known ?? undefined;
      break;
    }
    visited.push(folder);
    if (PROJECT_ROOT_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)))) {
      found = folder;
      break;
    }
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const folder of visited) rootOfFolder.set(folder, found ?? null);
  return found;
}

/** Folders that hold no source of the project: dependencies, build output, tool state. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit', 'coverage']);
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const SKIPPED_FILE = /\.d\.[cm]?ts$|\.min\.js$|\.bundle\.js$/;

export interface SourceFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface SourceLimits {
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

/**
 * The JavaScript and TypeScript files under `root` (hidden and skipped folders left out, files over the size
 * limit left out), or undefined when the project is larger than the limits: an answer about "every file" is
 * then not possible.
 */
export function sourceFilesUnder(root: string, limits: SourceLimits): SourceFile[] | undefined {
  const files: SourceFile[] = [];
  let total = 0;
  const folders = [root];
  while (folders.length > 0) {
    const folder = folders.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) folders.push(full);
        continue;
      }
      if (!entry.isFile() || !SOURCE_FILE.test(entry.name) || SKIPPED_FILE.test(entry.name)) continue;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        continue;
      }
      if (stat.size > limits.maxFileBytes) continue;
      total += stat.size;
      files.push({ path: full, size: stat.size, mtimeMs: stat.mtimeMs });
      if (files.length > limits.maxFiles || total > limits.maxTotalBytes) return undefined;
    }
  }
  return files;
}

// --- Workspaces ------------------------------------------------------------------------------------------------

const workspacesByDirectory = new Map<string, ReadonlyMap<string, string>>();

/** The packages of the workspace that holds `directory`, by name (empty outside a workspace). */
export function workspacePackages(directory: string): ReadonlyMap<string, string> {
  const cached = workspacesByDirectory.get(directory);
  if (cached) return cached;
  let packages: ReadonlyMap<string, string> = new Map();
  const parent = path.dirname(directory);
  const patterns = workspacePatterns(directory);
  if (patterns) packages = listPackages(directory, patterns);
  else if (parent !== directory && path.basename(directory) !== 'node_modules') packages = workspacePackages(parent);
  workspacesByDirectory.set(directory, packages);
  return packages;
}

/** The package globs a workspace root declares, or undefined when `directory` is not one. */
function workspacePatterns(directory: string): string[] | undefined {
  const pnpm = ts.sys.readFile(path.join(directory, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) {
    // The `packages:` list only: `- "apps/*"` lines up to the next top-level key.
    const block = /^packages:\s*\n((?:[ \t]+-.*\n?|[ \t]*#.*\n?|\s*\n)*)/m.exec(pnpm)?.[1] ?? '';
    return [...block.matchAll(/^[ \t]+-\s*['"]?([^'"#\n]+?)['"]?\s*(?:#.*)?$/gm)].map((line) => line[1]!);
  }
  const workspaces = readJson(path.join(directory, 'package.json'))?.['workspaces'];
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : undefined;
}

/** Directories matched by `dir`, `dir/*` and `dir/**` (three levels at most), named by their package.json. */
function listPackages(root: string, patterns: readonly string[]): ReadonlyMap<string, string> {
  const packages = new Map<string, string>();
  const add = (directory: string, depth: number) => {
    const name = readJson(path.join(directory, 'package.json'))?.['name'];
    if (typeof name === 'string' && !packages.has(name)) packages.set(name, directory);
    if (depth > 0) for (const child of ts.sys.getDirectories(directory)) if (child !== 'node_modules' && !child.startsWith('.')) add(path.join(directory, child), depth - 1);
  };
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    const glob = /^(.*?)\/(\*\*?)$/.exec(pattern.replace(/\/+$/, ''));
    const base = path.join(root, glob ? glob[1]! : pattern);
    if (glob?.[1]?.includes('*') || (!glob && pattern.includes('*'))) continue;
    if (!glob) add(base, 0);
    else for (const child of ts.sys.directoryExists(base) ? ts.sys.getDirectories(base) : []) {
      if (child !== 'node_modules' && !child.startsWith('.')) add(path.join(base, child), glob[2] === '**' ? 2 : 0);
    }
  }
  return packages;
}

export function readJson(fileName: string): Record<string, unknown> | undefined {
  try {
    const text = ts.sys.readFile(fileName);
    const value: unknown = text === undefined ? undefined : JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
