import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
 * A tsconfig.json in the temporary directory that lists the files no tsconfig.json of the project includes, with
 * TypeScript's defaults and JavaScript allowed: one program for all of them. (typescript-eslint's own default
 * project builds a program per directory and rebuilds it for each file: minutes for a few dozen files.)
 */
export function createDefaultProgram(filePaths: readonly string[]): DefaultProgram {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'race-lint-'));
  const tsconfig = path.join(directory, 'tsconfig.json');
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
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: filePaths }, null, 2));
  return { tsconfig, dispose: () => rmSync(directory, { recursive: true, force: true }) };
}
