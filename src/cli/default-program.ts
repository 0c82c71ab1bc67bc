import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The `node_modules/@types` folders above the given files, which TypeScript would search from the files' own tsconfig. */
function typeRootsAbove(filePaths: readonly string[]): string[] {
  const roots = new Set<string>();
  const visited = new Set<string>();
  for (const filePath of filePaths) {
    for (let directory = path.dirname(filePath); !visited.has(directory); directory = path.dirname(directory)) {
      visited.add(directory);
      const typeRoot = path.join(directory, 'node_modules', '@types');
      if (existsSync(typeRoot)) roots.add(typeRoot);
    }
  }
  return [...roots];
}

export interface DefaultProgram {
  readonly tsconfig: string;
  dispose(): void;
}

/**
 * A tsconfig.json that lists the files no tsconfig.json of the project includes, with TypeScript's defaults and
 * JavaScript allowed: one program for all of them. (typescript-eslint's own default project builds a program
 * per directory and rebuilds it for each file: minutes for a few dozen files.)
 *
 * It lives in the temporary directory, or at `cachedAt` when there is a cache: the cache keys results by the
 * configuration, which names this file, so its place must not change between runs.
 */
export function createDefaultProgram(filePaths: readonly string[], cachedAt: string | undefined): DefaultProgram {
  const tsconfig = cachedAt ?? path.join(mkdtempSync(path.join(os.tmpdir(), 'race-lint-program-')), 'default-tsconfig.json');
  mkdirSync(path.dirname(tsconfig), { recursive: true });
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    jsx: 'preserve',
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    typeRoots: typeRootsAbove(filePaths),
  };
  // Written aside and renamed: a run that reads it meanwhile sees the old list or the new one, never half of one.
  const written = `${tsconfig}.${process.pid}`;
  writeFileSync(written, JSON.stringify({ compilerOptions, files: filePaths }, null, 2));
  renameSync(written, tsconfig);
  return { tsconfig, dispose: () => (cachedAt === undefined ? rmSync(path.dirname(tsconfig), { recursive: true, force: true }) : undefined) };
}
