/**
 * The command, from its arguments to its exit code. This module loads nothing that loads TypeScript: the run's
 * TypeScript is chosen first (see typescript-choice.ts), then the linting modules are imported.
 */
import { ESLint } from 'eslint';
import os from 'node:os';
import { parseArguments, USAGE } from './arguments.js';
import { chooseTypeScript, describeTypeScript, useTypeScript } from './typescript-choice.js';

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
  /** The standard input's text, for --stdin (the process's standard input when absent). */
  readonly readStdin?: () => Promise<string>;
  /** Writes a fixed file (fs.promises.writeFile when absent): a test's stand-in can refuse one. */
  readonly writeFile?: (filePath: string, text: string) => Promise<void>;
}

export const EXIT_CLEAN = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE_OR_CRASH = 2;

const pluginVersion = async (): Promise<string> => (await import('../index.js')).default.meta.version;

export async function main(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const fail = (cause: string): void => void environment.stderr.write(`race-lint: ${cause}\n`);
  const parsed = parseArguments(argv);
  if (parsed.kind === 'error') {
    fail(`${parsed.message} (see race-lint --help)`);
    return EXIT_USAGE_OR_CRASH;
  }
  if (parsed.kind === 'help') {
    environment.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  try {
    const typescript = chooseTypeScript(environment.cwd);
    useTypeScript(typescript.directory);
    if (parsed.kind === 'version') {
      environment.stdout.write(`${await pluginVersion()}\n`);
      return EXIT_CLEAN;
    }
    if (parsed.kind === 'env-info') {
      environment.stdout.write(
        [
          `race-lint: ${await pluginVersion()}`,
          `ESLint: ${ESLint.version}`,
          `TypeScript: ${describeTypeScript(typescript)}`,
          `Node.js: ${process.version}`,
          `Operating system: ${os.platform()} ${os.release()}`,
          '',
        ].join('\n'),
      );
      return EXIT_CLEAN;
    }
    if (parsed.options.debug) fail(`debug: TypeScript ${describeTypeScript(typescript)}; ESLint ${ESLint.version}`);
    const { run } = await import('./run.js');
    return await run(parsed.options, environment, fail);
  } catch (error) {
    fail((error as Error).message.split('\n')[0] ?? String(error));
    return EXIT_USAGE_OR_CRASH;
  }
}
