import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import path from 'node:path';
import { expect } from 'vitest';
import { getFileContext, type FileContext } from '../../src/core/file-context.js';
import { typedFixtures } from '../rule-tester.js';

/**
 * Lints `code` as `fixtures/typed/file.ts` with one probe rule whose listeners `listen` returns, given the
 * file as the core's analyses see it: how the core tests ask an analysis about chosen nodes. With `typed`, the
 * fixtures' TypeScript program gives type information. The code must parse.
 */
export function probe(code: string, listen: (file: FileContext) => TSESLint.RuleListener, { typed = false } = {}): void {
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create: (context: never) => listen(getFileContext(context)),
  };
  const messages = new Linter({ cwd: typedFixtures }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser as never,
          parserOptions: typed ? { projectService: { allowDefaultProject: ['*.js'], defaultProject: 'tsconfig.json' }, tsconfigRootDir: typedFixtures } : {},
        },
        plugins: { probe: { rules: { probe: rule as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    path.join(typedFixtures, 'file.ts'),
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
}
