/**
 * The ESLint config of README.md's "Use it in ESLint", pasted verbatim into a fresh TypeScript project (a
 * `tsc --init` tsconfig.json, TypeScript sources, a JavaScript module the tsconfig does not include, the config file
 * itself) with the packages of the README's install line, and linted by ESLint's own binary: so the README
 * cannot drift from a config that works.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, removeTemporaryDirectories, repository, temporaryDirectory } from './built-cli.js';
import { linkPackage, readmeConfig, readmePackages } from './readme.js';

beforeAll(ensureBuilt);
afterAll(removeTemporaryDirectories);

/** The tsconfig.json that `tsc --init` writes with the repository's TypeScript. */
function tscInit(root: string): void {
  const tsc = path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc');
  const init = spawnSync(process.execPath, [tsc, '--init'], { cwd: root, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`tsc --init failed: ${init.stdout}${init.stderr}`);
}

const SOURCES: Readonly<Record<string, string>> = {
  // Reported only with type information: the client is known by its declared type, not by a `new Redis()`.
  'src/counter.ts': `import type { Redis } from 'ioredis';
export async function hit(redis: Redis, key: string): Promise<void> {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}
`,
  'src/config.ts': `import { existsSync, promises as fs } from 'node:fs';
export async function ensureConfig(file: string): Promise<void> {
  if (!existsSync(file)) await fs.writeFile(file, '{}');
}
`,
  // Plain JavaScript, which the tsconfig.json does not include.
  'lib/cache.js': `import { existsSync, promises as fs } from 'node:fs';
export async function clearCache(dir) {
  if (existsSync(dir)) await fs.rm(dir, { recursive: true });
}
`,
};

interface JsonResult {
  readonly filePath: string;
  readonly messages: readonly { ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }[];
}

describe("README's ESLint config", () => {
  it('works verbatim on a fresh TypeScript project: TypeScript typed, JavaScript and the config itself untyped', () => {
    const { fileName, text } = readmeConfig();
    const root = temporaryDirectory();
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', type: 'module', private: true }, null, 2));
    tscInit(root);
    for (const [name, source] of Object.entries(SOURCES)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), source);
    }
    writeFileSync(path.join(root, fileName), text);
    expect(readmePackages()).toEqual(expect.arrayContaining(['eslint', 'eslint-plugin-race', 'typescript']));
    for (const name of [...readmePackages(), 'ioredis']) linkPackage(root, name);

    const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '.'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as JsonResult[];
    const problems = results.flatMap((result) =>
      result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? message.message}`),
    );
    expect(problems.sort()).toEqual([
      'lib/cache.js:3:7 race/no-check-then-act',
      'src/config.ts:3:8 race/no-check-then-act',
      'src/counter.ts:4:9 race/no-read-modify-write',
    ]);
    // The config file is linted too, and parses.
    expect(results.map((result) => path.relative(root, result.filePath)).sort()).toEqual([fileName, 'lib/cache.js', 'src/config.ts', 'src/counter.ts'].sort());
    expect(run.status).toBe(1);
  });
});
