/**
 * The command as users get it: built to dist/ (ESLint's worker threads and the options module import plain
 * JavaScript, so the sources cannot be tested in place) and run in throw-away projects.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const builtCli = path.join(repository, 'dist', 'src', 'cli.js');

const newestModification = (directory: string): number =>
  Math.max(
    0,
    ...readdirSync(directory, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.c?ts$/.test(entry.name))
      .map((entry) => statSync(path.join(entry.parentPath, entry.name)).mtimeMs),
  );

const builtAt = (): number => {
  try {
    return statSync(builtCli).mtimeMs;
  } catch {
    return 0;
  }
};

/** Builds dist/ when a source is newer than the built command (type errors elsewhere still emit JavaScript). */
export function ensureBuilt(): void {
  const sourcesChangedAt = Math.max(newestModification(path.join(repository, 'src')), newestModification(path.join(repository, 'rules')));
  if (builtAt() >= sourcesChangedAt) return;
  spawnSync(process.execPath, [path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: repository,
    stdio: 'ignore',
  });
  if (builtAt() === 0) throw new Error('npm run build did not produce dist/src/cli.js');
}

const temporaryDirectories: string[] = [];

/** A new directory in the temporary directory, removed by `removeTemporaryDirectories`. */
export function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'race-lint-test-'));
  temporaryDirectories.push(directory);
  return directory;
}

export function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/**
 * A project in the temporary directory with the given files. Its node_modules links to the repository's, so
 * that `@types/node` resolves as in a real project (race-lint ignores node_modules).
 */
export function makeProject(files: Readonly<Record<string, string>>): string {
  const root = temporaryDirectory();
  symlinkSync(path.join(repository, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

export const NODE_TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', types: ['node'], strict: true, noEmit: true, skipLibCheck: true },
  include: ['src'],
});

/**
 * A file with one check-then-mkdir race (line 3), and what race-lint's fix makes of it. The act is
 * asynchronous: a synchronous pair is not reported by default (option `synchronousPairs`).
 */
export const MKDIR_RACE = `import { existsSync, promises as fs } from 'node:fs';
export async function ensure(dir: string): Promise<void> {
  if (!existsSync(dir)) await fs.mkdir(dir);
}
`;
export const MKDIR_FIXED = `import { promises as fs } from 'node:fs';
export async function ensure(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
}
`;

type CliMain = (typeof import('../src/cli/main.js'))['main'];
type CliEnvironment = Parameters<CliMain>[1];

export interface InProcessOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the command's main function (of the built dist/, imported by the test) in-process, as the bin does,
 * capturing its output: not a terminal and no environment variables unless `options` says otherwise.
 */
export async function runMainInProcess(
  main: CliMain,
  args: readonly string[],
  cwd: string,
  options: { readonly isTTY?: boolean; readonly env?: Record<string, string> } & Pick<CliEnvironment, 'readStdin' | 'writeFile'> = {},
): Promise<InProcessOutcome> {
  let stdout = '';
  let stderr = '';
  const { isTTY = false, env = {}, ...stands } = options;
  const code = await main(args, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY },
    env,
    progressDelayMs: 0,
    ...stands,
  });
  return { code, stdout, stderr };
}

export interface CommandOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `race-lint` in a child process, outside CI so that nothing depends on the runner's settings. */
export function runBuiltCli(args: readonly string[], cwd: string, extraEnv: Readonly<Record<string, string>> = {}): CommandOutcome {
  const { CI: _ci, ...env } = process.env;
  const { status, stdout, stderr } = spawnSync(process.execPath, [builtCli, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status, stdout, stderr };
}

/** `tsc --noEmit -p <project>`: its exit status and diagnostics. */
export function typeCheck(project: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', project], {
      encoding: 'utf8',
    });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout: string };
    return { status: failure.status, output: failure.stdout };
  }
}
