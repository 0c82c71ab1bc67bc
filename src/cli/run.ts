/**
 * A lint run: the files, the lint, the fixes, the suppressions, the report and the exit code. Imported once the
 * run's TypeScript is chosen (see main.ts), since the plugin and the parser load it.
 */
import { ESLint } from 'eslint';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPOSITORY } from '../core/create-rule.js';
import race, { rules } from '../index.js';
import type { CliOptions } from './arguments.js';
import { cacheDirectory } from './eslint-options.js';
import { gitRoot, selectFiles } from './inputs.js';
import { defaultProgramLocation, lintFiles, lintText, type RunSettings } from './lint.js';
import { EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE_OR_CRASH, type CliEnvironment } from './main.js';
import { startProgress } from './progress.js';
import { unreadableTsconfigs } from './projects.js';
import { formatSarif, type RuleDescription } from './sarif.js';
import { chooseTypeScript } from './typescript-choice.js';

type Fail = (cause: string) => void;

/** The deepest directory that contains every one of the files. */
export function commonDirectory(files: readonly string[]): string {
  const [first, ...others] = files.map((file) => path.dirname(path.resolve(file)).split(path.sep));
  if (first === undefined) return path.sep;
  let length = first.length;
  for (const segments of others) {
    length = Math.min(length, segments.length);
    while (length > 0 && segments.slice(0, length).join(path.sep) !== first.slice(0, length).join(path.sep)) length--;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

/** ESLint's base path for these files: the working directory (rules read it as `context.cwd`), or above. */
const basePathOf = (cwd: string, files: readonly string[]): string => commonDirectory([path.join(cwd, 'race-lint'), ...files]);

/** ESLint's --cache-location: a directory when it ends with a separator or is one, else a file. */
function cacheLocationOf(cwd: string, given: string | undefined): string {
  if (given === undefined) return `${cacheDirectory(cwd)}${path.sep}`;
  const resolved = path.resolve(cwd, given);
  const isDirectory = /[\\/]$/.test(given) || (existsSync(resolved) && statSync(resolved).isDirectory());
  return isDirectory ? `${resolved}${path.sep}` : resolved;
}

const RULE_NAMES = new Set(Object.keys(rules).map((name) => `race/${name}`));

function unknownRules(options: CliOptions): string[] {
  return Object.keys(options.rules).filter((name) => !RULE_NAMES.has(name));
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Linted {
  readonly results: ESLint.LintResult[];
  /** A cause of exit status 2 was reported. */
  readonly failed: boolean;
}

async function lintPaths(options: CliOptions, environment: CliEnvironment, settings: Omit<RunSettings, 'basePath'>, fail: Fail): Promise<Linted | number> {
  const { cwd } = environment;
  const selection = await selectFiles(cwd, options);
  const missing = options.errorOnUnmatchedPattern ? selection.missing : [];
  for (const given of missing) fail(`no such file or directory: ${given}`);
  for (const line of selection.skipped) fail(line);
  if (options.debug) fail(`debug: ${selection.files.length} file${selection.files.length === 1 ? '' : 's'} to lint`);
  if (selection.files.length === 0 && selection.ignoredResults.length === 0) {
    if (!options.errorOnUnmatchedPattern || options.paths.length === 0) return { results: [], failed: false };
    if (selection.existing.length === 0) return EXIT_USAGE_OR_CRASH;
    if (selection.skipped.length === 0) {
      fail(`no JavaScript or TypeScript files to lint in ${selection.existing.join(', ')}`);
      return EXIT_USAGE_OR_CRASH;
    }
  }

  const showProgress = environment.stderr.isTTY === true && !environment.env.CI;
  const progress = showProgress ? startProgress(environment.stderr, selection.files.length, environment.progressDelayMs ?? 1000) : undefined;
  let results;
  try {
    // ESLint ignores files outside its base path: the working directory, or above it where a file is outside.
    const basePath = basePathOf(cwd, selection.files);
    results = selection.files.length === 0 ? [] : await lintFiles({ ...settings, basePath }, selection.files);
  } finally {
    progress?.stop();
  }
  return {
    results: [...results, ...selection.ignoredResults].sort((a, b) => a.filePath.localeCompare(b.filePath)),
    failed: missing.length > 0,
  };
}

/**
 * Writes each fixed file; a file that cannot be written (read-only) is named, and its problems are linted again
 * as they stand in the file. The other files keep their fixes.
 */
async function writeFixes(results: ESLint.LintResult[], settings: RunSettings, environment: CliEnvironment, fail: Fail): Promise<Linted> {
  const write = environment.writeFile ?? ((filePath: string, text: string) => writeFile(filePath, text));
  const fixed = results.filter((result) => typeof result.output === 'string');
  const outcomes = await Promise.allSettled(fixed.map((result) => write(result.filePath, result.output!)));
  const unwritten = fixed.filter((_result, index) => outcomes[index]!.status === 'rejected');
  if (unwritten.length === 0) return { results, failed: false };
  for (const [index, result] of fixed.entries()) {
    const outcome = outcomes[index]!;
    if (outcome.status === 'fulfilled') continue;
    const reason = ((outcome.reason as Error).message ?? String(outcome.reason)).split('\n')[0]!.replace(/, \w+ '.*'$/, '');
    fail(`could not write the fixes of ${path.relative(environment.cwd, result.filePath)} (${reason}); its problems are reported unfixed`);
  }
  const unwrittenPaths = new Set(unwritten.map((result) => result.filePath));
  const relinted = await lintFiles({ ...settings, fix: false }, [...unwrittenPaths]);
  return { results: [...results.filter((result) => !unwrittenPaths.has(result.filePath)), ...relinted].sort((a, b) => a.filePath.localeCompare(b.filePath)), failed: true };
}

interface SuppressionsService {
  suppress(results: ESLint.LintResult[], rules?: readonly string[]): Promise<void>;
  prune(results: ESLint.LintResult[]): Promise<void>;
  load(): Promise<object>;
  applySuppressions(results: ESLint.LintResult[], suppressions: object): { results: ESLint.LintResult[]; unused: object };
}

/** ESLint's own bulk suppressions, as its command line applies them (the Node API has no suppress or prune). */
function suppressionsService(filePath: string, cwd: string): SuppressionsService {
  const eslintRequire = createRequire(createRequire(import.meta.url).resolve('eslint'));
  const { SuppressionsService } = eslintRequire('./services/suppressions-service.js') as {
    SuppressionsService: new (options: { filePath: string; cwd: string }) => SuppressionsService;
  };
  return new SuppressionsService({ filePath, cwd });
}

const SUPPRESSIONS_FILE = 'eslint-suppressions.json';

/** --suppress-all, --suppress-rule, --prune-suppressions and eslint-suppressions.json, with ESLint's meaning. */
async function applySuppressions(results: ESLint.LintResult[], options: CliOptions, cwd: string, fail: Fail): Promise<Linted | number> {
  const filePath = path.resolve(cwd, options.suppressionsLocation ?? SUPPRESSIONS_FILE);
  const suppressing = options.suppressAll || options.suppressRules.length > 0;
  if (options.suppressionsLocation !== undefined && !existsSync(filePath) && !suppressing) {
    fail(`the suppressions file ${options.suppressionsLocation} does not exist: create it with --suppress-all or --suppress-rule`);
    return EXIT_USAGE_OR_CRASH;
  }
  if (!suppressing && !options.pruneSuppressions && !existsSync(filePath)) return { results, failed: false };
  const suppressions = suppressionsService(filePath, cwd);
  if (suppressing) await suppressions.suppress(results, options.suppressAll ? undefined : options.suppressRules);
  if (options.pruneSuppressions) await suppressions.prune(results);
  const applied = suppressions.applySuppressions(results, await suppressions.load());
  const unused = Object.keys(applied.unused).length;
  if (unused > 0 && !options.passOnUnprunedSuppressions) {
    fail(
      `${path.relative(cwd, filePath)} has suppressions that no longer occur (in ${unused} file${unused === 1 ? '' : 's'}): remove them with --prune-suppressions, or allow them with --pass-on-unpruned-suppressions`,
    );
    return { results: applied.results, failed: true };
  }
  return { results: applied.results, failed: false };
}

type RuleDocs = { readonly meta: { readonly docs?: { readonly description?: string; readonly url?: string } } };

function describeRule(id: string): RuleDescription {
  const docs = (rules as Readonly<Record<string, RuleDocs | undefined>>)[id.replace(/^race\//, '')]?.meta.docs;
  return { id, description: docs?.description, url: docs?.url };
}

/** The rules the run enabled: the rule set's, with --rule's changes. */
function enabledRules(options: CliOptions): RuleDescription[] {
  const levels: Record<string, unknown> = { ...race.configs[options.ruleSet].rules, ...options.rules };
  const isOn = (entry: unknown): boolean => (Array.isArray(entry) ? entry[0] : entry) !== 'off';
  // In the plugin's order, as before.
  return [...RULE_NAMES].filter((id) => id in levels && isOn(levels[id])).map(describeRule);
}

/** Where SARIF's URIs start: --sarif-root, else the git repository's root, else the working directory. */
export const sarifRoot = (cwd: string, given: string | undefined): string =>
  given === undefined ? (gitRoot(cwd) ?? cwd) : path.resolve(cwd, given);

async function format(results: ESLint.LintResult[], options: CliOptions, cwd: string, meta: ESLint.ResultsMeta): Promise<string> {
  if (options.format === 'sarif') {
    const tool = { name: 'race-lint', version: race.meta.version, informationUri: REPOSITORY };
    return `${formatSarif(results, enabledRules(options), tool, cwd, { root: sarifRoot(cwd, options.sarifRoot) })}\n`;
  }
  // ESLint's own formatters, loaded from an instance that only serves to find them.
  const formatter = await new ESLint({ cwd, overrideConfigFile: true }).loadFormatter(options.format);
  const text = await formatter.format(results, meta);
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

const count = (results: readonly ESLint.LintResult[], key: 'errorCount' | 'warningCount'): number =>
  results.reduce((sum, result) => sum + result[key], 0);

/** Terminal colour and style escapes (SGR), as formatters write them. */
// eslint-disable-next-line no-control-regex -- the escape character is what this pattern is for
const ANSI_STYLE = /\u001b\[[0-9;]*m/g;

export async function run(options: CliOptions, environment: CliEnvironment, fail: Fail): Promise<number> {
  const { cwd } = environment;
  const unknown = unknownRules(options);
  if (unknown.length > 0) {
    fail(`unknown rule ${unknown.map((name) => `'${name}'`).join(', ')} in --rule (race-lint runs ${[...RULE_NAMES].join(', ')})`);
    return EXIT_USAGE_OR_CRASH;
  }
  const cacheLocation = cacheLocationOf(cwd, options.cacheLocation);
  const settings = {
    ruleSet: options.ruleSet,
    rules: options.rules,
    fix: options.fix !== 'off',
    cache: options.cache,
    cacheLocation,
    concurrency: options.concurrency,
    typescript: chooseTypeScript(cwd).directory,
    defaultProgramAt: options.cache ? defaultProgramLocation(cacheLocation) : undefined,
  };

  let linted: Linted;
  if (options.stdin) {
    const text = await (environment.readStdin ?? readProcessStdin)();
    const filePath = path.resolve(cwd, options.stdinFilename ?? 'stdin.ts');
    linted = { results: await lintText({ ...settings, basePath: basePathOf(cwd, [filePath]) }, text, filePath), failed: false };
  } else {
    const outcome = await lintPaths(options, environment, settings, fail);
    if (typeof outcome === 'number') return outcome;
    linted = outcome;
  }
  let failed = linted.failed;
  let results = linted.results;

  const tsconfigProblems = unreadableTsconfigs(results.map((result) => result.filePath));
  for (const [tsconfig, reason] of tsconfigProblems) {
    fail(`${path.relative(cwd, tsconfig)} is not valid: ${reason}; its files were linted with the settings that could be read`);
  }
  failed ||= tsconfigProblems.size > 0;

  if (options.fix === 'write') {
    const written = await writeFixes(results, { ...settings, basePath: basePathOf(cwd, results.map((result) => result.filePath)) }, environment, fail);
    results = written.results;
    failed ||= written.failed;
  }

  if (!options.stdin) {
    const suppressed = await applySuppressions(results, options, cwd, fail);
    if (typeof suppressed === 'number') return suppressed;
    results = suppressed.results;
    failed ||= suppressed.failed;
  }

  const reported = options.quiet ? ESLint.getErrorResults(results) : results;
  const errorCount = count(reported, 'errorCount');
  const warningCount = count(reported, 'warningCount');
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;
  const meta: ESLint.ResultsMeta = {
    // Written to a file, the report has no colours unless asked for.
    color: options.color ?? (options.outputFile === undefined ? undefined : false),
    ...(tooManyWarnings ? { maxWarningsExceeded: { maxWarnings: options.maxWarnings, foundWarnings: warningCount } } : {}),
  };
  const formatted = await format(reported, options, cwd, meta);
  // ESLint 9's formatters ignore `meta.color` and ask the terminal; without colours means without, whatever it says.
  const report = meta.color === false ? formatted.replace(ANSI_STYLE, '') : formatted;
  if (options.outputFile === undefined) {
    environment.stdout.write(report);
  } else {
    const outputFile = path.resolve(cwd, options.outputFile);
    await mkdir(path.dirname(outputFile), { recursive: true });
    await writeFile(outputFile, report);
  }
  if (tooManyWarnings) fail(`too many warnings (${warningCount}, maximum: ${options.maxWarnings})`);

  if (failed) return EXIT_USAGE_OR_CRASH;
  return errorCount > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_CLEAN;
}
