/**
 * Lints one repository in a child process of its own (`npm run wild` forks it), and sends back what the
 * plugin's rules reported. Untyped: typescript-eslint's parser without a program, as most ESLint users run
 * it. Typed: typescript-eslint's project service over the repository's own tsconfig files, with its installed
 * dependencies; files that no tsconfig includes are linted untyped and counted.
 */
import parser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceTypeOf } from '../sweep/files.js';
import type { WildReport } from './score.js';

export interface LintRequest {
  readonly repo: string;
  readonly root: string;
  /** Relative to `root`, with `/`. */
  readonly files: readonly string[];
  readonly typed: boolean;
  /** Without rules: the parse-only floor that the cost is measured against. */
  readonly withRules: boolean;
  readonly pluginEntry: string;
}

export interface LintOutcome {
  readonly repo: string;
  readonly reports: WildReport[];
  readonly files: number;
  readonly parseErrors: number;
  /** Typed runs: files no tsconfig of the repository includes, linted without type information. */
  readonly untypedFallbacks: number;
  readonly crashes: Array<{ readonly path: string; readonly message: string }>;
  /** CPU time of the lint, user plus system. */
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
}

interface RacePlugin extends ESLint.Plugin {
  readonly configs: { readonly all: { readonly rules: Linter.RulesRecord } };
}

const NOT_IN_PROJECT = 'was not found by the project service';

/** Named extensions: a `files` pattern ending in `*` does not make ESLint lint `.ts` files. */
const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'];

/** The repository's own directives name rules and plugins that are not loaded here. */
const linterOptions: Linter.LinterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };

function rulesConfig(plugin: RacePlugin, withRules: boolean): Linter.Config {
  return withRules ? { plugins: { race: plugin }, rules: plugin.configs.all.rules } : {};
}

function untypedConfig(plugin: RacePlugin, withRules: boolean, file: string, text: string): Linter.Config[] {
  return [
    {
      files: SOURCE_FILES,
      languageOptions: { parser, sourceType: sourceTypeOf(file, text), parserOptions: { ecmaFeatures: { jsx: !file.endsWith('.ts') } } },
      linterOptions,
      ...rulesConfig(plugin, withRules),
    },
  ];
}

const toReports = (repo: string, file: string, messages: readonly Linter.LintMessage[]): WildReport[] =>
  messages
    .filter((message) => message.ruleId?.startsWith('race/'))
    .map((message) => ({ repo, path: file, line: message.line, column: message.column, rule: message.ruleId!, message: message.message }));

export async function lintRepository(request: LintRequest): Promise<LintOutcome> {
  const plugin = ((await import(pathToFileURL(request.pluginEntry).href)) as { default: RacePlugin }).default;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const reports: WildReport[] = [];
  const crashes: LintOutcome['crashes'] = [];
  let parseErrors = 0;
  let untypedFallbacks = 0;

  const linter = new Linter({ cwd: request.root });
  const lintUntyped = (file: string) => {
    const text = readFileSync(path.join(request.root, file), 'utf8');
    try {
      const messages = linter.verify(text, untypedConfig(plugin, request.withRules, file, text), { filename: path.join(request.root, file) });
      if (messages.some((message) => message.fatal)) parseErrors += 1;
      reports.push(...toReports(request.repo, file, messages));
    } catch (error) {
      crashes.push({ path: file, message: (error as Error).message.split('\n')[0] ?? String(error) });
    }
  };

  if (!request.typed) {
    for (const file of request.files) lintUntyped(file);
  } else {
    const eslint = new ESLint({
      cwd: request.root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: SOURCE_FILES,
          languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: request.root } },
          linterOptions,
          ...rulesConfig(plugin, request.withRules),
        },
      ],
      errorOnUnmatchedPattern: false,
      // The lint goes file by file; ignore rules of the repository must not drop a file the list names.
      ignore: false,
    });
    for (const file of request.files) {
      try {
        const [result] = await eslint.lintFiles([path.join(request.root, file)]);
        const messages = result?.messages ?? [];
        if (messages.length === 1 && messages[0]!.fatal && messages[0]!.message.includes(NOT_IN_PROJECT)) {
          untypedFallbacks += 1;
          lintUntyped(file);
          continue;
        }
        if (messages.some((message) => message.fatal)) parseErrors += 1;
        reports.push(...toReports(request.repo, file, messages));
      } catch (error) {
        crashes.push({ path: file, message: (error as Error).message.split('\n')[0] ?? String(error) });
      }
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    repo: request.repo,
    reports,
    files: request.files.length,
    parseErrors,
    untypedFallbacks,
    crashes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallStart,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

// Forked by run.ts: one request in, one outcome out.
if (process.send) {
  process.once('message', (request: LintRequest) => {
    void lintRepository(request).then(
      (outcome) => process.send!(outcome, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
