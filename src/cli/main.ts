import { ESLint } from 'eslint';
import path from 'node:path';
import { REPOSITORY } from '../core/create-rule.js';
import race, { rules } from '../index.js';
import { parseArguments, USAGE, type CliOptions } from './arguments.js';
import { partitionPaths } from './inputs.js';
import { unreadableTsconfigs } from './projects.js';
import { lintFiles, listFiles } from './lint.js';
import { startProgress } from './progress.js';
import { formatSarif, type RuleDescription } from './sarif.js';

export interface CliOutput {
  write(text: string): unknown;
}

/** Where the command runs: the process, or a test's stand-in. */
export interface CliEnvironment {
  readonly cwd: string;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long a run lasts before its progress shows on a terminal. */
  readonly progressDelayMs?: number;
}

export const EXIT_CLEAN = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE_OR_CRASH = 2;

/** The command, from its arguments to its exit code. */
export async function main(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const fail = (cause: string): void => void environment.stderr.write(`race-lint: ${cause}\n`);
  const parsed = parseArguments(argv);
  switch (parsed.kind) {
    case 'help':
      environment.stdout.write(USAGE);
      return EXIT_CLEAN;
    case 'version':
      environment.stdout.write(`${race.meta.version}\n`);
      return EXIT_CLEAN;
    case 'error':
      fail(`${parsed.message} (see race-lint --help)`);
      return EXIT_USAGE_OR_CRASH;
  }
  try {
    return await run(parsed.options, environment, fail);
  } catch (error) {
    fail((error as Error).message.split('\n')[0] ?? String(error));
    return EXIT_USAGE_OR_CRASH;
  }
}

async function run(options: CliOptions, environment: CliEnvironment, fail: (cause: string) => void): Promise<number> {
  const { cwd } = environment;
  const { existing, missing } = partitionPaths(cwd, options.paths);
  for (const given of missing) fail(`no such file or directory: ${given}`);
  if (existing.length === 0) return EXIT_USAGE_OR_CRASH;

  const files = await listFiles(cwd, existing);
  if (files.length === 0) {
    fail(`no JavaScript or TypeScript files to lint in ${existing.join(', ')}`);
    return EXIT_USAGE_OR_CRASH;
  }
  const showProgress = environment.stderr.isTTY === true && !environment.env.CI;
  const progress = showProgress ? startProgress(environment.stderr, files.length, environment.progressDelayMs ?? 1000) : undefined;
  let results;
  try {
    const settings = { cwd, ruleSet: options.ruleSet, fix: options.fix !== 'off', cache: options.cache, concurrency: options.concurrency };
    results = await lintFiles(settings, files);
  } finally {
    progress?.stop();
  }

  const tsconfigProblems = unreadableTsconfigs(results.map((result) => result.filePath));
  for (const [tsconfig, reason] of tsconfigProblems) {
    fail(`${path.relative(cwd, tsconfig)} is not valid: ${reason}; its files were linted with the settings that could be read`);
  }

  if (options.fix === 'write') await ESLint.outputFixes(results);
  const reported = options.quiet ? ESLint.getErrorResults(results) : results;
  environment.stdout.write(await format(reported, options, cwd));

  const errorCount = reported.reduce((sum, result) => sum + result.errorCount, 0);
  const warningCount = reported.reduce((sum, result) => sum + result.warningCount, 0);
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;
  if (tooManyWarnings) fail(`too many warnings (${warningCount}, maximum: ${options.maxWarnings})`);

  if (missing.length > 0 || tsconfigProblems.size > 0) return EXIT_USAGE_OR_CRASH;
  return errorCount > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_CLEAN;
}

type RuleDocs = { readonly meta: { readonly docs?: { readonly description?: string; readonly url?: string } } };

function describeRule(id: string): RuleDescription {
  const docs = (rules as Readonly<Record<string, RuleDocs | undefined>>)[id.replace(/^race\//, '')]?.meta.docs;
  return { id, description: docs?.description, url: docs?.url };
}

async function format(results: ESLint.LintResult[], options: CliOptions, cwd: string): Promise<string> {
  if (options.format === 'sarif') {
    const enabledRules = Object.keys(race.configs[options.ruleSet].rules ?? {}).map(describeRule);
    const tool = { name: 'race-lint', version: race.meta.version, informationUri: REPOSITORY };
    return `${formatSarif(results, enabledRules, tool, cwd)}\n`;
  }
  // ESLint's own formatters, loaded from an instance that only serves to find them.
  const formatter = await new ESLint({ cwd, overrideConfigFile: true }).loadFormatter(options.format);
  const text = await formatter.format(results);
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
