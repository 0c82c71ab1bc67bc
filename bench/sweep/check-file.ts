import type { Linter } from 'eslint';

/** What happened to one file. Crashes are exceptions thrown while linting; parse errors are counted apart. */
export interface FileOutcome {
  readonly file: string;
  readonly ms: number;
  /** Problems reported by the plugin's rules. */
  readonly problems: Readonly<Record<string, number>>;
  readonly parseError?: string;
  readonly crash?: Crash;
  readonly fix?: FixOutcome;
  /** Set by the sweep when the worker had to be stopped on this file (a hang) or died (out of memory). */
  readonly killed?: string;
}

export interface Crash {
  /** `lint`: on the file; `fix`: on a fixed version of it (a later fix pass); `refix`: the second fix run. */
  readonly phase: 'lint' | 'fix' | 'refix';
  /** The rule ESLint names in the error, when it names one. */
  readonly rule: string | undefined;
  readonly message: string;
  readonly stack: string;
}

export interface FixOutcome {
  /** The fixed text differs from the file. */
  readonly changed: boolean;
  /** The fixed text parses with the same parser. */
  readonly parses: boolean;
  /** A second fix run over the fixed text changes nothing. */
  readonly stable: boolean;
  /** The fixed text; the sweep writes it to a copy and drops it from the record. */
  readonly output?: string;
}

export interface CheckConfigs {
  /** The rules, for the first lint. */
  readonly lint: Linter.Config[];
  /** The rules, for the fix passes (without type information when the file's program cannot follow the edits). */
  readonly fix: Linter.Config[];
  /** The parser alone: whether a text parses. */
  readonly parse: Linter.Config[];
}

function toCrash(phase: Crash['phase'], error: unknown): Crash {
  const message = error instanceof Error ? error.message : String(error);
  return {
    phase,
    rule: /\nRule: "([^"]+)"/.exec(message)?.[1],
    message: message.split('\n')[0]!,
    stack: (error instanceof Error ? error.stack ?? '' : '').split('\n').slice(0, 12).join('\n'),
  };
}

const fatalMessage = (messages: readonly Linter.LintMessage[]) => messages.find((message) => message.fatal)?.message;

/** Lints `text` with every rule, then, if it gets fixes, fixes it twice and checks the result. Never throws. */
export function checkFile(linter: Linter, configs: CheckConfigs, filename: string, text: string): FileOutcome {
  const started = performance.now();
  const finish = (rest: Omit<FileOutcome, 'file' | 'ms' | 'problems'>, problems: Record<string, number> = {}): FileOutcome => ({
    file: filename,
    ms: Math.round((performance.now() - started) * 10) / 10,
    problems,
    ...rest,
  });
  let messages: Linter.LintMessage[];
  try {
    messages = linter.verify(text, configs.lint, filename);
  } catch (error) {
    return finish({ crash: toCrash('lint', error) });
  }
  const parseError = fatalMessage(messages);
  if (parseError) return finish({ parseError });
  // A file that no config matches is not linted at all, and ESLint says so only in a warning without a rule.
  const unmatched = messages.find((message) => message.ruleId === null && message.message.startsWith('No matching configuration'));
  if (unmatched) return finish({ crash: { phase: 'lint', rule: undefined, message: unmatched.message, stack: '' } });
  const problems: Record<string, number> = {};
  for (const message of messages) if (message.ruleId) problems[message.ruleId] = (problems[message.ruleId] ?? 0) + 1;
  if (!messages.some((message) => message.fix)) return finish({}, problems);

  let output: string;
  try {
    output = linter.verifyAndFix(text, configs.fix, { filename }).output;
  } catch (error) {
    return finish({ crash: toCrash('fix', error) }, problems);
  }
  const parses = fatalMessage(linter.verify(output, configs.parse, filename)) === undefined;
  let stable = false;
  if (parses) {
    try {
      stable = !linter.verifyAndFix(output, configs.fix, { filename }).fixed;
    } catch (error) {
      return finish({ crash: toCrash('refix', error) }, problems);
    }
  }
  return finish({ fix: { changed: output !== text, parses, stable, output } }, problems);
}
