/**
 * What package.json promises its users: `typescript` is an optional peer (the built plugin loads and its rules
 * work on syntax where the package cannot be resolved), the ESLint range starts where race-lint's API exists,
 * and the typescript-eslint packages are caret ranges, so that a project has one copy of them.
 */
import { ESLint } from 'eslint';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, removeTemporaryDirectories, repository, temporaryDirectory } from './built-cli.js';

beforeAll(ensureBuilt);
afterAll(removeTemporaryDirectories);

interface Manifest {
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

const manifest = JSON.parse(readFileSync(path.join(repository, 'package.json'), 'utf8')) as Manifest;

/**
 * Preloaded with `--require`: `typescript` cannot be resolved, by `require` (CommonJS, the plugin's loader and
 * typescript-eslint) or by `import` (ES modules), as in a project that did not install it.
 */
const WITHOUT_TYPESCRIPT = `
const Module = require('node:module');
const hidden = (specifier) => specifier === 'typescript' || specifier.startsWith('typescript/');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (hidden(request)) throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  return resolveFilename.call(this, request, ...rest);
};
Module.register('data:text/javascript,' + encodeURIComponent(\`
  export async function resolve(specifier, context, next) {
    if (specifier === 'typescript' || specifier.startsWith('typescript/'))
      throw Object.assign(new Error("Cannot find package 'typescript'"), { code: 'ERR_MODULE_NOT_FOUND' });
    return next(specifier, context);
  }\`));
`;

/** One JavaScript file with a race for each rule of `configs.all`, linted under ESLint's default parser. */
const RACES = `import { existsSync, promises as fs } from 'node:fs';
import Redis from 'ioredis';
import express from 'express';
import Stripe from 'stripe';
import { Mutex } from 'async-mutex';

const redis = new Redis();
const stripe = new Stripe('sk_test');
const app = express();
const mutex = new Mutex();

export async function ensureCache(dir) {
  if (!existsSync(dir)) await fs.mkdir(dir);
}

export async function hit(key) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}

export async function withLock(key, work) {
  await redis.set(key, 'token', 'NX');
  await work();
  await redis.del(key);
}

export async function exclusive(work) {
  const release = await mutex.acquire();
  await work();
  release();
}

app.post('/charges', async (req, res) => {
  const charge = await stripe.charges.create({ amount: req.body.amount, currency: 'usd', source: req.body.source });
  res.json(charge);
});
`;

/** The script run without TypeScript: the plugin's rules and its configs over `RACES`, as JSON on stdout. */
const LINT_WITHOUT_TYPESCRIPT = `
let typescriptResolves = true;
try { require.resolve('typescript'); } catch { typescriptResolves = false; }
const { ESLint } = require(${JSON.stringify(require.resolve('eslint'))});
import(${JSON.stringify(pathToFileURL(path.join(repository, 'dist', 'src', 'index.js')).href)}).then(async ({ default: race }) => {
  const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: [race.configs.all] });
  const [result] = await eslint.lintText(process.env.RACES, { filePath: 'races.mjs' });
  const problems = result.messages.map((message) => message.line + ':' + message.column + ' ' + (message.ruleId ?? message.message));
  console.log(JSON.stringify({ typescriptResolves, rules: Object.keys(race.rules), problems }));
});
`;

describe('peer dependencies', () => {
  it('loads the built plugin where typescript cannot be resolved, and its rules work on syntax', () => {
    const directory = temporaryDirectory();
    writeFileSync(path.join(directory, 'without-typescript.cjs'), WITHOUT_TYPESCRIPT);
    writeFileSync(path.join(directory, 'lint.cjs'), LINT_WITHOUT_TYPESCRIPT);
    const run = spawnSync(process.execPath, ['--require', './without-typescript.cjs', 'lint.cjs'], {
      cwd: directory,
      encoding: 'utf8',
      env: { ...process.env, RACES },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      typescriptResolves: false,
      rules: ['no-check-then-act', 'no-read-modify-write', 'require-idempotency-key', 'no-unguarded-lock-release', 'require-lock-ttl'],
      problems: [
        '13:8 race/no-check-then-act',
        '18:9 race/no-read-modify-write',
        '22:9 race/require-lock-ttl',
        '30:3 race/no-unguarded-lock-release',
        '34:24 race/require-idempotency-key',
      ],
    });
    expect(run.status).toBe(0);
  });

  it('declares typescript an optional peer', () => {
    expect(manifest.peerDependencies.typescript).toBeDefined();
    expect(manifest.peerDependenciesMeta?.typescript?.optional).toBe(true);
  });

  it('starts the ESLint range at 9.34, the first version with ESLint.fromOptionsModule, which race-lint needs', () => {
    const lowest = manifest.peerDependencies.eslint
      ?.split('||')
      .map((range) => /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(range)?.slice(1).map(Number))
      .sort((a, b) => (a && b ? a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]! : 0))[0];
    expect(lowest).toEqual([9, 34, 0]);
    expect(typeof ESLint.fromOptionsModule).toBe('function');
  });

  it('takes the typescript-eslint packages with caret ranges, which the tested version satisfies, so a project has one copy', () => {
    const tested = manifest.devDependencies['typescript-eslint']?.replace(/^\^/, '');
    const ranges = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
      ([name]) => name.startsWith('@typescript-eslint/') || name === 'typescript-eslint',
    );
    expect(ranges.length).toBeGreaterThan(0);
    for (const [name, range] of ranges) expect(`${name}@${range}`).toBe(`${name}@^${tested}`);
    const lock = JSON.parse(readFileSync(path.join(repository, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const nestedCopies = Object.keys(lock.packages).filter((key) => /node_modules\/.+\/node_modules\/(@typescript-eslint\/|typescript-eslint$)/.test(key));
    expect(nestedCopies).toEqual([]);
  });
});
