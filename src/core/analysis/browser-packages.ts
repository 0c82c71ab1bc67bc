import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { databaseLibraries } from '../catalogue/databases.js';
import { longRunningPackages } from '../catalogue/processes.js';

/** User-interface libraries that render in a browser: a package built on one ships its code to the browser. */
const BROWSER_UI_PACKAGES = new Set(['react-dom', 'preact', 'vue', 'svelte', 'solid-js', '@angular/core', 'lit']);
/**
 * Frameworks that also run the package's code on a server (server routes, actions, loaders), beside the
 * long-running servers of catalogue/processes.ts: a package depending on one may write a database.
 */
const SERVER_RENDERING_PACKAGES = new Set([
  'nuxt',
  '@sveltejs/kit',
  'astro',
  '@remix-run/react',
  '@solidjs/start',
  '@tanstack/react-start',
  '@tanstack/solid-start',
  'vinxi',
  'vike',
  'waku',
  '@analogjs/platform',
  '@builder.io/qwik-city',
  'electron',
]);
/** Packages that reach a database: the modelled libraries, other drivers, and clients a browser may use directly (Supabase, Firebase). */
const DATABASE_PACKAGES: ReadonlySet<string> = new Set([
  ...databaseLibraries.flatMap((library) => library.packages),
  'prisma',
  'mysql',
  'mysql2',
  'sqlite3',
  'better-sqlite3',
  'postgres',
  '@libsql/client',
  '@neondatabase/serverless',
  '@planetscale/database',
  '@supabase/supabase-js',
  'firebase',
  'firebase-admin',
  'pouchdb',
  'dexie',
]);

/** The answer for each package.json, kept while the file is unchanged (an editor's ESLint server lives long). */
const manifests = new Map<string, { readonly mtimeMs: number; readonly browser: boolean }>();
/** The nearest package.json of each folder searched (null: none up to the root), for one indexing of a project. */
let nearestManifest = new Map<string, string | null>();

/** Forgets the folders searched: a package.json may have been added or removed since. */
export function forgetPackageFolders(): void {
  nearestManifest = new Map();
}

/**
 * Whether `filename` belongs to a browser package: its nearest package.json (up to `root`) depends on a
 * browser user-interface library and on no database library, server or server-rendering framework. Its code
 * cannot reach the database itself; what it sends is written by the server's code, where the write is seen.
 */
export function inBrowserPackage(filename: string, root: string): boolean {
  const manifest = manifestOf(path.dirname(filename), root);
  const mtimeMs = manifest === null ? undefined : statSync(manifest, { throwIfNoEntry: false })?.mtimeMs;
  return manifest !== null && mtimeMs !== undefined && browserManifest(manifest, mtimeMs);
}

function manifestOf(directory: string, root: string): string | null {
  let found = nearestManifest.get(directory);
  if (found !== undefined) return found;
  const own = path.join(directory, 'package.json');
  if (statSync(own, { throwIfNoEntry: false })?.isFile()) found = own;
  else found = directory === root || !directory.startsWith(root) || path.dirname(directory) === directory ? null : manifestOf(path.dirname(directory), root);
  nearestManifest.set(directory, found);
  return found;
}

function browserManifest(manifest: string, mtimeMs: number): boolean {
  const known = manifests.get(manifest);
  if (known?.mtimeMs === mtimeMs) return known.browser;
  let browser: boolean;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) => Object.keys(parsed[key] ?? {}));
    browser =
      names.some((name) => BROWSER_UI_PACKAGES.has(name)) &&
      !names.some((name) => DATABASE_PACKAGES.has(name) || longRunningPackages.has(name) || SERVER_RENDERING_PACKAGES.has(name));
  } catch {
    browser = false; // unreadable: nothing said, the package's files are read
  }
  manifests.set(manifest, { mtimeMs, browser });
  return browser;
}
