// Lints the plugin's own source: typescript-eslint's recommended rules and eslint-plugin-eslint-plugin's
// checks of rule definitions.
import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/require-meta-docs-url': 'off', // the URL comes from createRule
      // Rules delegate reporting to the analysis core, where this rule cannot see the suggestions.
      'eslint-plugin/require-meta-has-suggestions': 'off',
    },
  },
  {
    // Plain Node scripts, such as bench/prototype-retention.mjs, which must run without a build or imports.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // `import x = require()` is how TypeScript writes a CommonJS module (src/core/typescript.cts).
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
