import { parseArgs } from 'node:util';

export type OutputFormat = 'stylish' | 'json' | 'sarif';
export type Concurrency = number | 'auto' | 'off';
export type RuleLevel = 'off' | 'warn' | 'error';
/** A rule's entry as ESLint's `--rule` gives it: a level, or a level and the rule's options. */
export type RuleEntry = RuleLevel | readonly [RuleLevel, ...unknown[]];

export interface CliOptions {
  /** The paths to lint; empty only with --pass-on-no-patterns and no path given, when nothing is linted. */
  readonly paths: readonly string[];
  /** Write fixes to the files, or only compute them (`dry`). */
  readonly fix: 'off' | 'write' | 'dry';
  readonly format: OutputFormat;
  /** Warnings above this count fail the run; -1 for no limit, as in ESLint. */
  readonly maxWarnings: number;
  readonly quiet: boolean;
  readonly concurrency: Concurrency;
  readonly cache: boolean;
  /** ESLint's --cache-location: a file, or a directory when it ends with a separator or exists as one. */
  readonly cacheLocation: string | undefined;
  readonly ruleSet: 'recommended' | 'all';
  /** --rule entries, in order: later ones win. */
  readonly rules: Readonly<Record<string, RuleEntry>>;
  /** --no-ignore: ignore nothing but node_modules (as ESLint does). */
  readonly ignore: boolean;
  readonly ignorePatterns: readonly string[];
  /** --no-warn-ignored: no warning for an explicitly named file that is ignored. */
  readonly warnIgnored: boolean;
  readonly errorOnUnmatchedPattern: boolean;
  /** Files larger than this many bytes are skipped with a notice. */
  readonly maxFileSize: number;
  readonly outputFile: string | undefined;
  /** --stdin: lint the standard input as the file `stdinFilename`. */
  readonly stdin: boolean;
  readonly stdinFilename: string | undefined;
  /** --color / --no-color; undefined lets the formatter decide from the output stream. */
  readonly color: boolean | undefined;
  readonly suppressAll: boolean;
  readonly suppressRules: readonly string[];
  readonly pruneSuppressions: boolean;
  readonly passOnUnprunedSuppressions: boolean;
  readonly suppressionsLocation: string | undefined;
  readonly debug: boolean;
  /** SARIF URIs are relative to this directory; undefined for the git repository root, else the working directory. */
  readonly sarifRoot: string | undefined;
}

export type ParsedArguments =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'env-info' }
  | { readonly kind: 'error'; readonly message: string };

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export const USAGE = `Usage: race-lint [options] [paths...]

Finds race conditions in JavaScript and TypeScript files with the race/ rules, using type information from
the nearest tsconfig.json and the project's own TypeScript. Paths default to the current directory and may
be outside it. node_modules, the .gitignore's files, build output (dist, build, out, .next, coverage, ...)
and minified files are ignored.

Options:
  --fix                      Write automatic fixes to the files
  --fix-dry-run              Compute automatic fixes without writing them (see them with --format json)
  -f, --format <name>        stylish (default), json or sarif
  -o, --output-file <path>   Write the report to a file instead of the standard output
  --max-warnings <n>         Fail when there are more than n warnings (-1: no limit)
  --quiet                    Report errors only
  --rule <rule: level>       Set a rule's level (off, warn, error), e.g. --rule 'race/require-lock-ttl: off'
  --all                      Enable every rule, not only the recommended ones
  --stdin                    Lint the code on the standard input
  --stdin-filename <path>    The file name of the standard input's code (its tsconfig.json applies)
  --ignore-pattern <glob>    Ignore files matching the pattern, relative to the current directory
  --no-ignore                Lint ignored files too (node_modules stays ignored)
  --no-warn-ignored          No warning for an ignored file named on the command line
  --no-error-on-unmatched-pattern  A path or glob that matches no file is not an error
  --pass-on-no-patterns      Exit 0 without linting when no path is given
  --max-file-size <size>     Skip larger files with a notice (default: 1MB; e.g. 500kB, 5MB)
  --suppress-all             Record every error in the suppressions file (a baseline)
  --suppress-rule <rule>     Record the errors of a rule in the suppressions file (repeatable)
  --prune-suppressions       Remove suppressions that no longer occur
  --pass-on-unpruned-suppressions  Unused suppressions do not fail the run
  --suppressions-location <path>  The suppressions file (default: eslint-suppressions.json)
  --concurrency <n|auto|off> Lint in n worker threads (default: off)
  --cache                    Only lint files changed since the last run (cache in .race-lint-cache/)
  --cache-location <path>    Where the cache lives (a file, or a directory ending with /)
  --sarif-root <dir>         SARIF paths relative to this directory (default: the git repository root)
  --color, --no-color        Force colours in the report on or off
  --debug                    Print which TypeScript, ESLint and files the run uses, on stderr
  --env-info                 Print the versions race-lint runs with
  -h, --help                 Show this help
  -v, --version              Show the version
`;

const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif'];

const isNonNegativeInteger = (text: string): boolean => /^\d+$/.test(text);

function parseConcurrency(text: string): Concurrency | undefined {
  if (text === 'auto' || text === 'off') return text;
  return isNonNegativeInteger(text) && Number(text) > 0 ? Number(text) : undefined;
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** A size such as 1048576, 500kB or 5MB, in bytes. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = SIZE_UNITS[match[2]!.toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

const LEVELS: Readonly<Record<string, RuleLevel>> = { off: 'off', warn: 'warn', error: 'error', 0: 'off', 1: 'warn', 2: 'error' };

const toLevel = (value: unknown): RuleLevel | undefined => (typeof value === 'string' || typeof value === 'number' ? LEVELS[String(value)] : undefined);

function toEntry(value: unknown): RuleEntry | undefined {
  if (!Array.isArray(value)) return toLevel(value);
  const level = toLevel(value[0]);
  return level === undefined ? undefined : [level, ...(value.slice(1) as unknown[])];
}

/**
 * One --rule value, as ESLint reads it: `name: level`, or a JSON object of rules (for options:
 * `{"race/require-idempotency-key": ["warn", {...}]}`).
 */
export function parseRuleOption(text: string): Record<string, RuleEntry> | string {
  const trimmed = text.trim();
  let raw: Record<string, unknown>;
  if (trimmed.startsWith('{')) {
    try {
      raw = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return `--rule expects 'rule: level' or a JSON object, got '${text}'`;
    }
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon < 0) return `--rule expects 'rule: level', got '${text}'`;
    raw = { [trimmed.slice(0, colon).trim()]: trimmed.slice(colon + 1).trim() };
  }
  const entries: Record<string, RuleEntry> = {};
  for (const [name, value] of Object.entries(raw)) {
    const entry = toEntry(value);
    if (entry === undefined) return `--rule expects a level of off, warn or error for ${name}, got '${JSON.stringify(value)}'`;
    entries[name] = entry;
  }
  return entries;
}

/** Options that take a value which may start with a dash, as in `--max-warnings -1`. */
const NUMERIC_OPTIONS = new Set(['--max-warnings']);

/** `--max-warnings -1` as `--max-warnings=-1`: parseArgs takes a value starting with a dash for an option. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const next = argv[index + 1];
    if (NUMERIC_OPTIONS.has(argument) && next !== undefined && /^-\d+$/.test(next)) {
      joined.push(`${argument}=${next}`);
      index++;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

/** Reads the command line; usage mistakes come back as an `error` with a one-line cause. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        all: { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        ignore: { type: 'boolean' },
        'ignore-pattern': { type: 'string', multiple: true },
        'warn-ignored': { type: 'boolean' },
        'error-on-unmatched-pattern': { type: 'boolean' },
        'pass-on-no-patterns': { type: 'boolean' },
        'max-file-size': { type: 'string' },
        'suppress-all': { type: 'boolean' },
        'suppress-rule': { type: 'string', multiple: true },
        'prune-suppressions': { type: 'boolean' },
        'pass-on-unpruned-suppressions': { type: 'boolean' },
        'suppressions-location': { type: 'string' },
        'sarif-root': { type: 'string' },
        color: { type: 'boolean' },
        debug: { type: 'boolean' },
        'env-info': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs explains the mistake in its first sentence; the hints after it differ between Node versions.
    return { kind: 'error', message: (error as Error).message.split(/\.\s/)[0] ?? 'invalid arguments' };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (values['env-info']) return { kind: 'env-info' };

  const error = (message: string): ParsedArguments => ({ kind: 'error', message });
  if (values.fix && values['fix-dry-run']) return error('use either --fix or --fix-dry-run, not both');

  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) return error(`unknown format '${format}' (expected ${FORMATS.join(', ')})`);

  const maxWarningsText = values['max-warnings'] ?? '-1';
  if (maxWarningsText !== '-1' && !isNonNegativeInteger(maxWarningsText)) {
    return error(`--max-warnings expects a number, got '${maxWarningsText}'`);
  }

  const concurrency = parseConcurrency(values.concurrency ?? 'off');
  if (concurrency === undefined) return error(`--concurrency expects a positive number, auto or off, got '${values.concurrency}'`);

  const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(values['max-file-size']);
  if (maxFileSize === undefined || maxFileSize <= 0) {
    return error(`--max-file-size expects a size such as 2MB or 500kB, got '${values['max-file-size']}'`);
  }

  let rules: Record<string, RuleEntry> = {};
  for (const text of values.rule ?? []) {
    const parsedRule = parseRuleOption(text);
    if (typeof parsedRule === 'string') return error(parsedRule);
    rules = { ...rules, ...parsedRule };
  }

  const stdin = values.stdin ?? false;
  if (values['stdin-filename'] !== undefined && !stdin) return error('--stdin-filename needs --stdin');
  if (stdin && positionals.length > 0) return error('use either --stdin or paths, not both');
  if (stdin && values.fix) return error('--fix does not apply to --stdin: use --fix-dry-run');

  const suppressAll = values['suppress-all'] ?? false;
  const suppressRules = values['suppress-rule'] ?? [];
  const pruneSuppressions = values['prune-suppressions'] ?? false;
  if ([suppressAll, suppressRules.length > 0, pruneSuppressions].filter(Boolean).length > 1) {
    return error('use only one of --suppress-all, --suppress-rule and --prune-suppressions');
  }
  if (stdin && (suppressAll || suppressRules.length > 0 || pruneSuppressions)) {
    return error('--suppress-all, --suppress-rule and --prune-suppressions cannot be used with --stdin');
  }

  const passOnNoPatterns = values['pass-on-no-patterns'] ?? false;
  return {
    kind: 'run',
    options: {
      paths: positionals.length > 0 ? positionals : passOnNoPatterns || stdin ? [] : ['.'],
      fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dry' : 'off',
      format: format as OutputFormat,
      maxWarnings: Number(maxWarningsText),
      quiet: values.quiet ?? false,
      concurrency,
      cache: values.cache ?? false,
      cacheLocation: values['cache-location'],
      ruleSet: values.all ? 'all' : 'recommended',
      rules,
      ignore: values.ignore ?? true,
      ignorePatterns: values['ignore-pattern'] ?? [],
      warnIgnored: values['warn-ignored'] ?? true,
      errorOnUnmatchedPattern: values['error-on-unmatched-pattern'] ?? true,
      maxFileSize,
      outputFile: values['output-file'],
      stdin,
      stdinFilename: values['stdin-filename'],
      color: values.color,
      suppressAll,
      suppressRules,
      pruneSuppressions,
      passOnUnprunedSuppressions: values['pass-on-unpruned-suppressions'] ?? false,
      suppressionsLocation: values['suppressions-location'],
      debug: values.debug ?? false,
      sarifRoot: values['sarif-root'],
    },
  };
}
