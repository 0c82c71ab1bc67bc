import parser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';
import type ts from 'typescript';
import type { CheckConfigs } from './check-file.js';
import { isJavaScript, sourceTypeOf } from './files.js';

/**
 * `untyped`: typescript-eslint without type information, every file. `espree`: ESLint's default parser,
 * JavaScript files (the rules must cope with an AST that has no TypeScript in it). `typed`: typescript-eslint
 * with a TypeScript program per package, on a sample.
 */
export type SweepMode = 'untyped' | 'espree' | 'typed';

export const SWEEP_MODES: readonly SweepMode[] = ['untyped', 'espree', 'typed'];

export const modeAccepts = (mode: SweepMode, file: string): boolean => mode !== 'espree' || isJavaScript(file);

export interface RacePlugin extends ESLint.Plugin {
  readonly configs: { readonly all: { readonly rules: Linter.RulesRecord } };
}

const cache = new Map<string, Linter.Config[]>();

function config(plugin: RacePlugin | undefined, languageOptions: Linter.LanguageOptions): Linter.Config[] {
  return [
    // The files live in node_modules, which flat config ignores by default.
    { ignores: ['!**/node_modules/'] },
    {
      // Named extensions: a pattern ending in `*` makes ESLint lint only `.js`, `.mjs` and `.cjs` files, so
      // until 2026-12-07 the sweep's `.ts` and `.tsx` files were never linted ("No matching configuration").
      files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
      languageOptions,
      // Installed code carries directives for rules that are not loaded here.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      ...(plugin && { plugins: { race: plugin }, rules: plugin.configs.all.rules }),
    },
  ];
}

function cached(key: string, build: () => Linter.Config[]): Linter.Config[] {
  let configs = cache.get(key);
  if (!configs) cache.set(key, (configs = build()));
  return configs;
}

function syntaxConfig(mode: 'untyped' | 'espree', plugin: RacePlugin | undefined, file: string, text: string): Linter.Config[] {
  const sourceType = sourceTypeOf(file, text);
  const jsx = file.endsWith('.tsx') || isJavaScript(file);
  return cached(`${mode}:${sourceType}:${jsx}:${plugin ? 'rules' : 'parse'}`, () =>
    mode === 'espree'
      ? config(plugin, { ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx: true } } })
      : config(plugin, { parser, sourceType, parserOptions: { ecmaFeatures: { jsx } } }),
  );
}

/**
 * The configs to check `file` in `mode`. A typed file's fix passes run without type information: its program
 * holds the original text, not the fixed one.
 */
export function checkConfigs(mode: SweepMode, plugin: RacePlugin, file: string, text: string, program?: ts.Program): CheckConfigs {
  const syntaxMode = mode === 'espree' ? 'espree' : 'untyped';
  const fix = syntaxConfig(syntaxMode, plugin, file, text);
  const parse = syntaxConfig(syntaxMode, undefined, file, text);
  if (mode !== 'typed' || !program) return { lint: fix, fix, parse };
  const sourceType = sourceTypeOf(file, text);
  // Not cached: one program per package, dropped after it.
  const lint = config(plugin, { parser, sourceType, parserOptions: { programs: [program], ecmaFeatures: { jsx: !file.endsWith('.ts') } } });
  return { lint, fix, parse };
}
