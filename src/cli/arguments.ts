import { parseArgs } from 'node:util';

export type OutputFormat = 'stylish' | 'json' | 'sarif';
export type Concurrency = number | 'auto' | 'off';

export interface CliOptions {
  readonly paths: readonly string[];
  /** Write fixes to the files, or only compute them (`dry`). */
  readonly fix: 'off' | 'write' | 'dry';
  readonly format: OutputFormat;
  /** Warnings above this count fail the run; -1 for no limit, as in ESLint. */
  readonly maxWarnings: number;
  readonly quiet: boolean;
  readonly concurrency: Concurrency;
  readonly cache: boolean;
  readonly ruleSet: 'recommended' | 'all';
}

export type ParsedArguments =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' | 'version' }
  | { readonly kind: 'error'; readonly message: string };

export const USAGE = `Usage: race-lint [options] [paths...]

Finds race conditions in JavaScript and TypeScript files with the race/ rules, using type information from
the nearest tsconfig.json. Paths default to the current directory; node_modules and dist are ignored.

Options:
  --fix                      Write automatic fixes to the files
  --fix-dry-run              Compute automatic fixes without writing them (see them with --format json)
  -f, --format <name>        stylish (default), json or sarif
  --max-warnings <n>         Fail when there are more than n warnings
  --quiet                    Report errors only
  --concurrency <n|auto|off> Lint in n worker threads (default: off)
  --cache                    Only lint files changed since the last run (cache in .race-lint-cache/)
  --all                      Enable every rule, not only the recommended ones
  -h, --help                 Show this help
  -v, --version              Show the version
`;

const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif'];

const isNonNegativeInteger = (text: string): boolean => /^\d+$/.test(text);

function parseConcurrency(text: string): Concurrency | undefined {
  if (text === 'auto' || text === 'off') return text;
  return isNonNegativeInteger(text) && Number(text) > 0 ? Number(text) : undefined;
}

/** Reads the command line; usage mistakes come back as an `error` with a one-line cause. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        concurrency: { type: 'string' },
        cache: { type: 'boolean' },
        all: { type: 'boolean' },
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

  if (values.fix && values['fix-dry-run']) return { kind: 'error', message: 'use either --fix or --fix-dry-run, not both' };

  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: 'error', message: `unknown format '${format}' (expected ${FORMATS.join(', ')})` };
  }

  const maxWarningsText = values['max-warnings'] ?? '-1';
  if (maxWarningsText !== '-1' && !isNonNegativeInteger(maxWarningsText)) {
    return { kind: 'error', message: `--max-warnings expects a number, got '${maxWarningsText}'` };
  }

  const concurrency = parseConcurrency(values.concurrency ?? 'off');
  if (concurrency === undefined) {
    return { kind: 'error', message: `--concurrency expects a positive number, auto or off, got '${values.concurrency}'` };
  }

  return {
    kind: 'run',
    options: {
      paths: positionals.length > 0 ? positionals : ['.'],
      fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dry' : 'off',
      format: format as OutputFormat,
      maxWarnings: Number(maxWarningsText),
      quiet: values.quiet ?? false,
      concurrency,
      cache: values.cache ?? false,
      ruleSet: values.all ? 'all' : 'recommended',
    },
  };
}
