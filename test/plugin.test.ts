import { ESLint, Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import race, { rules } from '../src/index.js';
import { ensureBuilt } from './built-cli.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleEntries = Object.entries(rules);

describe('the plugin object', () => {
  it('names itself for flat config', () => {
    expect(race.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'race' });
  });

  it('computes recommended from meta.docs.recommended and all from every rule', () => {
    const recommended = ruleEntries.filter(([, rule]) => rule.meta.docs?.recommended).map(([name]) => `race/${name}`);
    expect(Object.keys(race.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    expect(Object.keys(race.configs.all.rules ?? {}).sort()).toEqual(ruleEntries.map(([name]) => `race/${name}`).sort());
    expect(recommended.length).toBeGreaterThan(0);
  });

  it('refers to itself from its configs, so configs and `plugins: { race }` mix', () => {
    expect(race.configs.recommended.plugins?.race).toBe(race);
    const linter = new Linter();
    const messages = linter.verify('const a = 1;', [race.configs.recommended, { plugins: { race } }, race.configs.all]);
    expect(messages).toEqual([]);
  });
});

describe('per-file cost', () => {
  // ESLintUtils.RuleCreator's rules clone their default options for every file (a fifth of the plugin's own
  // time on a typed lint); ours take the options ESLint has already merged.
  it('clones no options per file: a lint with every rule on clones what one with them off does', () => {
    const linter = new Linter();
    const clones = (config: Linter.Config[]) => {
      const spy = vi.spyOn(globalThis, 'structuredClone');
      try {
        linter.verify('export {};', config);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    // ESLint clones each configured rule's options once per config, whether the rule is on or off.
    const off = Object.fromEntries(Object.keys(race.configs.all.rules ?? {}).map((name) => [name, 'off' as const]));
    expect(clones([race.configs.all])).toBe(clones([{ plugins: { race }, rules: off }]));
  });
});

describe('load cost', () => {
  // Node's ESM loader scans the whole source of a CommonJS module that an ES module imports, for its export
  // names: importing TypeScript's 9 MB that way cost 0.4 s of every lint process. The plugin takes it through
  // require (src/core/typescript.cts). typescript-eslint's type utilities cost about 65 ms to load however taken
  // (eleven of their modules copy TypeScript's exports): the plugin matches type specifiers itself.
  it('the built plugin loads without importing TypeScript through the ESM loader, and without typescript-eslint’s type utilities', () => {
    ensureBuilt();
    const hooks = `export async function resolve(specifier, context, next) {
      if (specifier === 'typescript') throw new Error('imports ' + specifier + ' as an ES module: ' + context.parentURL);
      return next(specifier, context);
    }`;
    const plugin = pathToFileURL(path.join(root, 'dist', 'src', 'index.js')).href;
    const script = `import { createRequire, register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
      const race = (await import(${JSON.stringify(plugin)})).default;
      const typeUtils = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('type-utils'));
      console.log(Object.keys(race.rules).length + ' rules; type utilities loaded: ' + JSON.stringify(typeUtils));`;
    const loaded = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { cwd: root, encoding: 'utf8' });
    expect(loaded.stderr.match(/imports \S+ as an ES module: \S+/)?.[0]).toBeUndefined();
    expect(loaded.stdout).toBe(`${ruleEntries.length} rules; type utilities loaded: []\n`);
  });
});

describe('under ESLint\'s default parser (plain JavaScript, no typescript-eslint)', () => {
  it('reports and fixes without type information or parser services', () => {
    const linter = new Linter();
    const code = `const fs = require('fs');\nasync function ensure(dir) {\n  if (!fs.existsSync(dir)) await fs.promises.mkdir(dir);\n}\n`;
    const config = [{ ...race.configs.all, languageOptions: { sourceType: 'commonjs' as const } }];
    expect(linter.verify(code, config).map((message) => [message.ruleId, message.line, message.column])).toEqual([
      ['race/no-check-then-act', 3, 8],
    ]);
    expect(linter.verifyAndFix(code, config).output).toBe(`const fs = require('fs');\nasync function ensure(dir) {\n  await fs.promises.mkdir(dir, { recursive: true });\n}\n`);
  });
});

describe.each(ruleEntries)('rule %s', (name, rule) => {
  const docPath = path.join(root, 'rules', `${name}.md`);

  it('has a doc whose title and description match its meta', () => {
    expect(existsSync(docPath)).toBe(true);
    const doc = readFileSync(docPath, 'utf8');
    expect(doc.split('\n')[0]).toBe(`# race/${name}`);
    expect(doc).toContain(rule.meta.docs!.description);
  });

  it('points its docs URL at that doc', () => {
    expect(rule.meta.docs!.url).toBe(`https://github.com/eslint-plugin-race/eslint-plugin-race/blob/main/rules/${name}.md`);
  });

  it('works without type information (requiresTypeChecking is false)', () => {
    expect(rule.meta.docs!.requiresTypeChecking).toBe(false);
  });

  it('has default options that pass its own schema', () => {
    const linter = new Linter();
    const defaults = (rule.meta as { defaultOptions?: unknown[] }).defaultOptions ?? [];
    const config = [{ plugins: { race }, rules: { [`race/${name}`]: ['error', ...defaults] } }] as Linter.Config[];
    expect(() => linter.verify('export {};', config)).not.toThrow();
  });

  it('rejects an unknown option with a clear message', () => {
    const linter = new Linter();
    const config = [{ plugins: { race }, rules: { [`race/${name}`]: ['error', { notAnOption: true }] } }] as Linter.Config[];
    expect(() => linter.verify('export {};', config)).toThrow(new RegExp(`Key "race/${name}":\\s+Value .* should NOT have`));
  });

  it('is described in the README', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`race/${name}`);
  });
});

describe('self-lint', () => {
  it('the rule files pass eslint-plugin-eslint-plugin and typescript-eslint', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['rules/*.ts', 'src/index.ts']);
    const problems = results.flatMap((result) => result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line} ${message.ruleId}: ${message.message}`));
    expect(problems).toEqual([]);
  });
});
