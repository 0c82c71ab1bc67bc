import { ESLint } from 'eslint';
import path from 'node:path';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/require-idempotency-key.js';
import { typedFixtures } from '../../rule-tester.js';

/**
 * The demo shop, linted as a project with full type information: the reports are exactly its known bugs
 * (including one reached through a helper in another file), and every suggestion, applied, type-checks
 * against the real Express, Next.js and Stripe types and removes the report it was offered for.
 */
const root = path.join(typedFixtures, '..', 'demo-shop');
const ruleOptions = { keyStore: { name: 'claimIdempotencyKey', module: '#lib/idempotency.js' } };

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      // Not single-run: the test lints each fixed text again, and typescript-eslint's single-run mode (inferred
      // from CI=true) keeps the program of the text on disk, so the fixed text would be read with stale types.
      languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: root, disallowAutomaticSingleRunInference: true } },
      plugins: { race: { rules: { 'require-idempotency-key': rule as never } } },
      rules: { 'race/require-idempotency-key': ['error', ruleOptions] },
    },
  ],
});

function typeErrors(patched: ReadonlyMap<string, string>, previous?: ts.Program): { errors: string[]; program: ts.Program } {
  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => patched.get(path.resolve(fileName)) ?? readFile(fileName);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, create) => {
    const text = patched.get(path.resolve(fileName));
    return text === undefined ? getSourceFile(fileName, language, onError, create) : ts.createSourceFile(fileName, text, language, true);
  };
  const program = ts.createProgram(config.fileNames, config.options, host, previous);
  // The whole project once; after that only the patched file (its imports are unchanged).
  const diagnostics =
    patched.size === 0
      ? ts.getPreEmitDiagnostics(program)
      : [...patched.keys()].flatMap((fileName) => {
          const source = program.getSourceFile(fileName)!;
          return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
        });
  const errors = diagnostics
    .map((diagnostic) => `${diagnostic.file ? path.relative(root, diagnostic.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  return { errors, program };
}

describe('demo shop (a project with full types, across files)', () => {
  it('reports exactly the known bugs, and each suggestion type-checks and removes its report', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts', 'app/**/*.ts']);
    const found = results.flatMap((result) =>
      result.messages.map((message) => [path.relative(root, result.filePath), message.line, message.messageId, (message.suggestions ?? []).length]),
    );
    expect(found.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]))).toEqual([
      ['app/api/checkout/route.ts', 7, 'missingKey', 1],
      ['app/api/checkout/route.ts', 8, 'missingKey', 2],
      ['app/api/webhooks/stripe/route.ts', 13, 'webhookNotDeduplicated', 1],
      ['src/express/shop.ts', 11, 'missingKey', 1],
      ['src/express/shop.ts', 12, 'missingKey', 2],
      ['src/express/shop.ts', 18, 'missingKey', 1],
      ['src/express/shop.ts', 24, 'missingKey', 1],
      ['src/express/shop.ts', 32, 'freshKey', 0],
      ['src/express/webhooks.ts', 12, 'webhookNotDeduplicated', 1],
    ]);

    const baseline = typeErrors(new Map());
    expect(baseline.errors).toEqual([]);
    let previous = baseline.program;
    for (const result of results) {
      const source = result.source ?? '';
      for (const message of result.messages) {
        for (const suggestion of message.suggestions ?? []) {
          const output = source.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + source.slice(suggestion.fix.range[1]);
          const checked = typeErrors(new Map([[result.filePath, output]]), previous);
          previous = checked.program;
          expect({ suggestion: suggestion.desc, file: result.filePath, errors: checked.errors }).toEqual({
            suggestion: suggestion.desc,
            file: result.filePath,
            errors: [],
          });
          const [relinted] = await eslint.lintText(output, { filePath: result.filePath });
          // On failure, say which reports the fixed file still has.
          expect({ file: result.filePath, suggestion: suggestion.desc, fewer: relinted!.messages.length < result.messages.length, after: relinted!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? m.message}`) }).toMatchObject({ fewer: true });
        }
      }
    }
  }, 240_000);
});
