import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileContext } from '../../src/core/file-context.js';
import { resolveProjectModule } from '../../src/core/recognize/module-exports.js';

/**
 * Which imports resolve to a file of the project without type information: bare names are asked about only
 * when a compiler option or the workspace can send them to the project's files (a dependency's folders are not
 * probed), and whatever they name is still found.
 */
let root: string;
const untypedFile = { types: undefined, memo: new Map() } as unknown as FileContext;

function write(relative: string, text: string): void {
  const target = path.join(root, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'race-resolution-'));
  write('package.json', JSON.stringify({ name: 'shop', private: true, workspaces: ['apps/*', 'packages/*'] }));
  write('apps/web/tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: 'src', paths: { '@/*': ['./*'] } } }));
  write('apps/web/src/app/route.ts', "export {};\n");
  write('apps/web/src/lib/db.ts', 'export const db = 1;\n');
  write('apps/web/src/redis.ts', 'export const redis = 1;\n');
  write('packages/database/package.json', JSON.stringify({ name: '@shop/database', main: './src/index.ts' }));
  write('packages/database/src/index.ts', 'export const prisma = 1;\n');
  // A dependency installed as a real folder with source: never a file of the project.
  write('apps/web/node_modules/left-pad/package.json', JSON.stringify({ name: 'left-pad', main: 'index.ts' }));
  write('apps/web/node_modules/left-pad/index.ts', 'export default 1;\n');
  // A workspace package linked into node_modules, as npm and pnpm install it: found at its real path.
  mkdirSync(path.join(root, 'apps/web/node_modules/@shop'), { recursive: true });
  symlinkSync(path.join(root, 'packages/database'), path.join(root, 'apps/web/node_modules/@shop/database'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveProjectModule', () => {
  it('finds relative paths, `paths` aliases, names under `baseUrl` and workspace packages; never a dependency', () => {
    const importer = path.join(root, 'apps/web/src/app/route.ts');
    const resolved = (specifier: string) => {
      const found = resolveProjectModule(untypedFile, importer, specifier);
      return found === undefined ? undefined : path.relative(root, found);
    };
    expect({
      relative: resolved('../lib/db'),
      alias: resolved('@/lib/db'),
      baseUrlFolder: resolved('lib/db'),
      baseUrlFile: resolved('redis'),
      workspacePackage: resolved('@shop/database'),
      installedDependency: resolved('left-pad'),
      missingDependency: resolved('ioredis'),
      missingUnderBaseUrl: resolved('stripe/lib'),
    }).toEqual({
      relative: 'apps/web/src/lib/db.ts',
      alias: 'apps/web/src/lib/db.ts',
      baseUrlFolder: 'apps/web/src/lib/db.ts',
      baseUrlFile: 'apps/web/src/redis.ts',
      workspacePackage: 'packages/database/src/index.ts',
      installedDependency: undefined,
      missingDependency: undefined,
      missingUnderBaseUrl: undefined,
    });
  });
});
