/**
 * race-lint on projects as they are found (issue 26): paths outside the working directory, other plugins'
 * disable comments, ignores, the project's TypeScript, huge files, the options CI and hooks rely on, a
 * baseline, files it cannot write, parse errors.
 */
import { ESLint } from 'eslint';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArguments } from '../src/cli/arguments.js';
import { ensureBuilt, makeProject, MKDIR_FIXED, MKDIR_RACE, NODE_TSCONFIG, removeTemporaryDirectories, repository, runBuiltCli, runMainInProcess, temporaryDirectory } from './built-cli.js';

type MainModule = typeof import('../src/cli/main.js');
type RunModule = typeof import('../src/cli/run.js');

let main: MainModule['main'];
let sarifRoot: RunModule['sarifRoot'];

beforeAll(async () => {
  ensureBuilt();
  ({ main } = (await import(pathToFileURL(path.join(repository, 'dist/src/cli/main.js')).href)) as MainModule);
  ({ sarifRoot } = (await import(pathToFileURL(path.join(repository, 'dist/src/cli/run.js')).href)) as RunModule);
});
afterAll(removeTemporaryDirectories);

interface Stand {
  readonly stdin?: string;
  readonly writeFile?: (filePath: string, text: string) => Promise<void>;
}

/** Runs the command's main function in-process, capturing its output; `stand` stands in for stdin or writes. */
const raceLint = (args: readonly string[], cwd: string, stand: Stand = {}) =>
  runMainInProcess(main, args, cwd, {
    ...(stand.stdin === undefined ? {} : { readStdin: () => Promise.resolve(stand.stdin!) }),
    ...(stand.writeFile === undefined ? {} : { writeFile: stand.writeFile }),
  });

/** The race in plain JavaScript, line 2. */
const JS_RACE = `import { existsSync, promises as fs } from 'node:fs';\nif (!existsSync('cache')) await fs.mkdir('cache');\n`;
const CLEAN = `import { mkdirSync } from 'node:fs';
export const ensure = (dir: string): void => void mkdirSync(dir, { recursive: true });
`;

const racyProject = (extra: Record<string, string> = {}): string =>
  makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/race.ts': MKDIR_RACE, 'src/clean.ts': CLEAN, ...extra });

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line?: number; column?: number; severity: number; message: string }[];
  suppressedMessages?: { ruleId: string | null }[];
}

/** Each problem as "file:line ruleId", relative to `root`, sorted. */
const problems = (stdout: string, root: string): string[] =>
  (JSON.parse(stdout) as JsonResult[])
    .flatMap((result) =>
      result.messages.map((message) => {
        const file = path.relative(root, result.filePath);
        return `${message.line === undefined ? file : `${file}:${message.line}`} ${message.ruleId ?? message.message}`;
      }),
    )
    .sort();

describe('paths outside the working directory', () => {
  it('lints a directory given by absolute path or by ../, alone', async () => {
    const elsewhere = racyProject();
    const here = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/clean.ts': CLEAN });
    const absolute = await raceLint(['--format', 'json', elsewhere], here);
    expect({ code: absolute.code, stderr: absolute.stderr }).toEqual({ code: 1, stderr: '' });
    expect(problems(absolute.stdout, elsewhere)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    const relative = await raceLint(['--format', 'json', path.relative(here, elsewhere)], here);
    expect(relative.code).toBe(1);
    expect(problems(relative.stdout, elsewhere)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('lints a single file outside, and an outside path mixed with one inside', async () => {
    const elsewhere = racyProject();
    const here = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/race.ts': MKDIR_RACE });
    const single = await raceLint(['--format', 'json', path.join(elsewhere, 'src', 'race.ts')], here);
    expect({ code: single.code, stderr: single.stderr }).toEqual({ code: 1, stderr: '' });
    expect(problems(single.stdout, elsewhere)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    const mixed = await raceLint(['--format', 'json', 'src', path.join(elsewhere, 'src')], here);
    expect(mixed.code).toBe(1);
    const files = (JSON.parse(mixed.stdout) as JsonResult[]).map((result) => result.filePath).sort();
    expect(files).toEqual([path.join(elsewhere, 'src', 'clean.ts'), path.join(elsewhere, 'src', 'race.ts'), path.join(here, 'src', 'race.ts')].sort());
    expect(problems(mixed.stdout, here)).toEqual([
      `${path.relative(here, path.join(elsewhere, 'src', 'race.ts'))}:3 race/no-check-then-act`,
      'src/race.ts:3 race/no-check-then-act',
    ]);
  });
});

describe('disable comments', () => {
  it("are no problem when they name other plugins' rules; race/ ones still disable", async () => {
    const root = makeProject({
      'tsconfig.json': NODE_TSCONFIG,
      'src/other.ts': `/* eslint-disable import/no-cycle */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const value: any = 1;
export const effect = (): number => value; // eslint-disable-line react-hooks/exhaustive-deps
/* eslint-enable import/no-cycle */
`,
      'src/race.ts': MKDIR_RACE.replace('  if (', '  // eslint-disable-next-line race/no-check-then-act, @typescript-eslint/no-unsafe-call\n  if ('),
    });
    const { code, stdout, stderr } = await raceLint(['--format', 'json'], root);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(problems(stdout, root)).toEqual([]);
    const race = (JSON.parse(stdout) as JsonResult[]).find((result) => result.filePath.endsWith('race.ts'));
    expect(race?.suppressedMessages?.map((message) => message.ruleId)).toEqual(['race/no-check-then-act']);
  });

  it('still reports a disable comment naming a race/ rule that does not exist', async () => {
    const root = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/typo.ts': '// eslint-disable-next-line race/no-check-than-act\nexport const x = 1;\n' });
    const { code, stdout } = await raceLint(['--format', 'json'], root);
    expect(code).toBe(1);
    expect(problems(stdout, root)).toEqual(['src/typo.ts:1 race/no-check-than-act']);
  });
});

describe('ignores', () => {
  const withOutput = (): string =>
    makeProject({
      'tsconfig.json': NODE_TSCONFIG,
      '.gitignore': '# generated\n/generated/\n*.gen.js\n',
      'src/race.ts': MKDIR_RACE,
      'generated/race.js': JS_RACE,
      'src/api.gen.js': JS_RACE,
      'build/race.js': JS_RACE,
      'out/race.js': JS_RACE,
      '.next/server/race.js': JS_RACE,
      'coverage/lcov-report/race.js': JS_RACE,
      'public/vendor.min.js': JS_RACE,
      'public/app.bundle.js': JS_RACE,
      'dist/race.js': JS_RACE,
    });

  it("honours the project's .gitignore and ignores build output by default", async () => {
    const root = withOutput();
    const { code, stdout, stderr } = await raceLint(['--format', 'json'], root);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(problems(stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('lints ignored files with --no-ignore, and ignores more with --ignore-pattern', async () => {
    const root = withOutput();
    const all = await raceLint(['--format', 'json', '--no-ignore'], root);
    expect(problems(all.stdout, root)).toHaveLength(10);
    const fewer = await raceLint(['--format', 'json', '--ignore-pattern', 'src/**'], root);
    expect(fewer).toEqual({ code: 2, stdout: '', stderr: 'race-lint: no JavaScript or TypeScript files to lint in .\n' });
  });

  it('honours a .gitignore above the working directory, up to the repository root', async () => {
    const root = makeProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'packages/app/generated/\n',
      'packages/app/tsconfig.json': NODE_TSCONFIG,
      'packages/app/src/race.ts': MKDIR_RACE,
      'packages/app/generated/race.js': JS_RACE,
    });
    const { stdout } = await raceLint(['--format', 'json'], path.join(root, 'packages', 'app'));
    expect(problems(stdout, path.join(root, 'packages', 'app'))).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('warns about an ignored file named on the command line only with flags it accepts, and --no-warn-ignored silences it', async () => {
    const root = withOutput();
    const warned = await raceLint(['--format', 'json', 'src/race.ts', 'build/race.js'], root);
    const [warning] = (JSON.parse(warned.stdout) as JsonResult[]).find((result) => result.filePath.endsWith('build/race.js'))!.messages;
    expect(warning?.message).toMatch(/^File ignored because of a matching ignore pattern/);
    const advised = warning!.message.match(/--[a-z-]+/g) ?? [];
    expect(advised).toEqual(['--no-ignore', '--no-warn-ignored']);
    for (const flag of advised) expect(parseArguments([flag]).kind).toBe('run');
    const silent = await raceLint(['--format', 'json', '--no-warn-ignored', 'src/race.ts', 'build/race.js'], root);
    expect(problems(silent.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });
});

/**
 * A project whose `typescript` is a package of its own with the given version: it loads the repository's
 * TypeScript under that version, and leaves a mark in `loaded-by-race-lint` when a thread loads it.
 */
function projectWithTypeScript(version: string, extra: Record<string, string> = {}): string {
  const root = temporaryDirectory();
  const files: Record<string, string> = {
    'tsconfig.json': NODE_TSCONFIG,
    'src/race.ts': MKDIR_RACE,
    'node_modules/typescript/package.json': JSON.stringify({ name: 'typescript', version, main: 'index.js' }),
    'node_modules/typescript/index.js': `require('node:fs').writeFileSync(require('node:path').join(__dirname, 'loaded-by-race-lint'), '');
module.exports = { ...require(${JSON.stringify(path.join(repository, 'node_modules', 'typescript'))}), version: ${JSON.stringify(version)} };
`,
    ...extra,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  symlinkSync(path.join(repository, 'node_modules', '@types'), path.join(root, 'node_modules', '@types'), 'dir');
  return root;
}

describe("the project's TypeScript", () => {
  it('is used when its version is supported, and --env-info and --debug say so', () => {
    const root = projectWithTypeScript('6.0.2');
    const typescript = path.join(root, 'node_modules', 'typescript');
    const info = runBuiltCli(['--env-info'], root);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain(`\nTypeScript: 6.0.2 (the project's, ${typescript})\n`);
    const linted = runBuiltCli(['--debug', '--format', 'json'], root);
    expect(linted.status).toBe(1);
    expect(linted.stderr).toContain(`race-lint: debug: TypeScript 6.0.2 (the project's, ${typescript}); ESLint `);
    expect(problems(linted.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    expect(existsSync(path.join(typescript, 'loaded-by-race-lint'))).toBe(true);
  });

  it("is used in every worker thread with --concurrency", () => {
    const root = projectWithTypeScript('5.8.3', { 'src/other.ts': MKDIR_RACE });
    const linted = runBuiltCli(['--format', 'json', '--concurrency', '2'], root);
    expect(problems(linted.stdout, root)).toEqual(['src/other.ts:3 race/no-check-then-act', 'src/race.ts:3 race/no-check-then-act']);
    expect(existsSync(path.join(root, 'node_modules', 'typescript', 'loaded-by-race-lint'))).toBe(true);
  });

  it("is not used when unsupported: race-lint's own is, and --env-info says why", () => {
    const root = projectWithTypeScript('4.9.5');
    const info = runBuiltCli(['--env-info'], root);
    expect(info.stdout).toMatch(/\nTypeScript: \d+\.\d+\.\d+ \(race-lint's own, .+; the project's 4\.9\.5 is not supported \(>=5\.0 <6\.1\)\)\n/);
    const linted = runBuiltCli(['--format', 'json'], root);
    expect(problems(linted.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    expect(existsSync(path.join(root, 'node_modules', 'typescript', 'loaded-by-race-lint'))).toBe(false);
  });

  it('names a tsconfig.json whose options TypeScript rejects (TS5095) or whose extends is missing, on one line', async () => {
    const bundler = racyProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'bundler', types: ['node'] }, include: ['src'] }),
    });
    const rejected = await raceLint(['--format', 'json'], bundler);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(/^race-lint: tsconfig\.json is not valid: TS5095: Option 'bundler' can only be used when 'module' is set to .+ \(line 1, column \d+\); its files were linted with the settings that could be read\n$/);
    expect(problems(rejected.stdout, bundler)).toEqual(['src/race.ts:3 race/no-check-then-act']);

    const extending = racyProject({ 'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['src'] }) });
    const missing = await raceLint(['--format', 'json'], extending);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^race-lint: tsconfig\.json is not valid: TS5083: Cannot read file '.*tsconfig\.base\.json'\.; its files were linted with the settings that could be read\n$/);
  });
});

describe('huge and minified files', () => {
  /** A valid module of about `kilobytes` kB on many short lines. */
  const large = (kilobytes: number): string =>
    `${JS_RACE}export const table = [\n${'  "0123456789012345678901234567890123456789",\n'.repeat(Math.ceil((kilobytes * 1024) / 45))}];\n`;

  it('skips a file over the size limit with a one-line notice, and --max-file-size raises the limit', async () => {
    const root = racyProject({ 'src/data.js': large(40) });
    const skipped = await raceLint(['--format', 'json', '--max-file-size', '32kB'], root);
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toMatch(/^race-lint: skipped src\/data\.js: 4\d\.\d kB, over the limit of 32\.0 kB \(raise it with --max-file-size\)\n$/);
    expect(problems(skipped.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    const linted = await raceLint(['--format', 'json'], root);
    expect(linted.stderr).toBe('');
    expect(problems(linted.stdout, root)).toEqual(['src/data.js:2 race/no-check-then-act', 'src/race.ts:3 race/no-check-then-act']);
  });

  it('skips a file over the default limit of 1 MB', async () => {
    const root = racyProject({ 'src/bundle.js': large(1100) });
    const { code, stdout, stderr } = await raceLint(['--format', 'json'], root);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^race-lint: skipped src\/bundle\.js: 1\.1 MB, over the limit of 1\.0 MB \(raise it with --max-file-size\)\n$/);
    expect(problems(stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('skips a minified file with a one-line notice', async () => {
    const minified = `${JS_RACE.replace(/\n/g, ';')}${'var a=1,b=2,c=a+b;'.repeat(400)}\n`;
    const root = racyProject({ 'public/app.js': minified });
    const { code, stdout, stderr } = await raceLint(['--format', 'json'], root);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^race-lint: skipped public\/app\.js: minified or generated \(lines of \d+ characters on average\)\n$/);
    expect(problems(stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });
});

describe("ESLint's options", () => {
  it('-o and --output-file write the report to a file', async () => {
    const root = racyProject();
    const { code, stdout } = await raceLint(['--format', 'json', '-o', 'reports/race.json'], root);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(problems(readFileSync(path.join(root, 'reports', 'race.json'), 'utf8'), root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    await raceLint(['--output-file', 'race.txt'], root);
    expect(readFileSync(path.join(root, 'race.txt'), 'utf8')).toMatch(/race\.ts\n {2}3:8 {2}error/);
  });

  it('--stdin lints the standard input as --stdin-filename, with type information', async () => {
    const root = racyProject();
    const { code, stdout } = await raceLint(['--stdin', '--stdin-filename', 'src/piped.ts', '--format', 'json'], root, { stdin: MKDIR_RACE });
    expect(code).toBe(1);
    expect(problems(stdout, root)).toEqual(['src/piped.ts:3 race/no-check-then-act']);
    const fixed = await raceLint(['--stdin', '--stdin-filename', 'src/race.ts', '--fix-dry-run', '--format', 'json'], root, { stdin: MKDIR_RACE });
    expect((JSON.parse(fixed.stdout) as { output?: string }[])[0]?.output).toBe(MKDIR_FIXED);
    expect(parseArguments(['--stdin', '--fix'])).toEqual({ kind: 'error', message: '--fix does not apply to --stdin: use --fix-dry-run' });
  });

  it('--rule turns a race rule off or changes its level, and rejects unknown rules', async () => {
    const root = racyProject();
    expect(await raceLint(['--rule', 'race/no-check-then-act: off'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
    const warned = await raceLint(['--format', 'json', '--rule', '{"race/no-check-then-act": "warn"}'], root);
    expect(warned.code).toBe(0);
    expect((JSON.parse(warned.stdout) as JsonResult[]).flatMap((result) => result.messages.map((message) => message.severity))).toEqual([1]);
    const unknown = await raceLint(['--rule', 'no-console: off'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^race-lint: unknown rule 'no-console' in --rule \(race-lint runs race\/no-check-then-act, .+\)\n$/);
    const sarif = JSON.parse((await raceLint(['--format', 'sarif', '--rule', 'race/no-check-then-act:0'], root)).stdout);
    expect(sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).not.toContain('race/no-check-then-act');
  });

  it('--cache-location puts the cache where it says', async () => {
    const root = racyProject({ 'worker/setup.ts': MKDIR_RACE });
    const first = await raceLint(['--cache', '--cache-location', 'tmp/lint-cache/', '--format', 'json'], root);
    expect(problems(first.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act', 'worker/setup.ts:3 race/no-check-then-act']);
    expect(existsSync(path.join(root, 'tmp', 'lint-cache', 'default-tsconfig.json'))).toBe(true);
    expect(existsSync(path.join(root, '.race-lint-cache'))).toBe(false);
    await raceLint(['--cache', '--cache-location', '.eslintcache', '--format', 'json'], root);
    expect(existsSync(path.join(root, '.eslintcache'))).toBe(true);
  });

  it('--no-error-on-unmatched-pattern and --pass-on-no-patterns exit 0 when there is nothing to lint', async () => {
    const root = makeProject({ 'docs/README.md': '# Docs\n' });
    expect(await raceLint(['--no-error-on-unmatched-pattern', 'missing', 'docs', 'src/**/*.ts'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await raceLint(['--pass-on-no-patterns'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
    const racy = racyProject();
    expect((await raceLint(['--pass-on-no-patterns'], racy)).code).toBe(0);
    expect((await raceLint(['--pass-on-no-patterns', 'src'], racy)).code).toBe(1);
  });

  it('--max-warnings -1 means no limit, as in ESLint', async () => {
    const root = racyProject();
    const outcome = await raceLint(['--max-warnings', '-1', '--rule', 'race/no-check-then-act: warn', '--format', 'json'], root);
    expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    const limited = await raceLint(['--max-warnings', '0', '--rule', 'race/no-check-then-act: warn'], root);
    expect(limited.code).toBe(1);
  });

  it('--color and --no-color decide the colours of the report', async () => {
    const root = racyProject();
    expect((await raceLint(['--no-color'], root)).stdout).not.toContain('\u001b[');
    expect((await raceLint(['--no-color', '--format', 'json'], root)).stdout).not.toContain('\u001b[');
    // ESLint 10's formatters take the colour from race-lint; ESLint 9's ask the terminal (FORCE_COLOR), so
    // --color forces colours from ESLint 10 on (the README says so).
    if (Number(ESLint.version.split('.')[0]) >= 10) expect((await raceLint(['--color'], root)).stdout).toContain('\u001b[');
  });
});

describe('bulk suppressions', () => {
  it('--suppress-all records a baseline; later runs fail only on new races', async () => {
    const root = racyProject();
    const baseline = await raceLint(['--suppress-all'], root);
    expect(baseline).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(path.join(root, 'eslint-suppressions.json'), 'utf8'))).toEqual({
      'src/race.ts': { 'race/no-check-then-act': { count: 1 } },
    });
    expect(await raceLint([], root)).toEqual({ code: 0, stdout: '', stderr: '' });
    writeFileSync(path.join(root, 'src', 'new.ts'), MKDIR_RACE);
    const fresh = await raceLint(['--format', 'json'], root);
    expect(fresh.code).toBe(1);
    expect(problems(fresh.stdout, root)).toEqual(['src/new.ts:3 race/no-check-then-act']);
  });

  it('fails on suppressions that no longer occur until --prune-suppressions removes them', async () => {
    const root = racyProject({ 'src/other.ts': MKDIR_RACE });
    await raceLint(['--suppress-rule', 'race/no-check-then-act', '--suppressions-location', 'baseline.json'], root);
    expect(Object.keys(JSON.parse(readFileSync(path.join(root, 'baseline.json'), 'utf8')))).toEqual(['src/other.ts', 'src/race.ts']);
    writeFileSync(path.join(root, 'src', 'race.ts'), MKDIR_FIXED);
    const unused = await raceLint(['--suppressions-location', 'baseline.json'], root);
    expect(unused).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'race-lint: baseline.json has suppressions that no longer occur (in 1 file): remove them with --prune-suppressions, or allow them with --pass-on-unpruned-suppressions\n',
    });
    expect((await raceLint(['--suppressions-location', 'baseline.json', '--pass-on-unpruned-suppressions'], root)).code).toBe(0);
    expect(await raceLint(['--suppressions-location', 'baseline.json', '--prune-suppressions'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(Object.keys(JSON.parse(readFileSync(path.join(root, 'baseline.json'), 'utf8')))).toEqual(['src/other.ts']);
    const missing = await raceLint(['--suppressions-location', 'none.json'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('race-lint: the suppressions file none.json does not exist: create it with --suppress-all or --suppress-rule\n');
  });
});

describe('--fix with a file it cannot write', () => {
  it('keeps the other fixes, reports the file unfixed, names it on one line and exits 2', async () => {
    const root = racyProject({ 'src/locked.ts': MKDIR_RACE });
    const locked = path.join(root, 'src', 'locked.ts');
    const refuseLocked = async (filePath: string, text: string): Promise<void> => {
      if (filePath === locked) throw Object.assign(new Error(`EACCES: permission denied, open '${filePath}'`), { code: 'EACCES' });
      writeFileSync(filePath, text);
    };
    const { code, stdout, stderr } = await raceLint(['--fix', '--format', 'json'], root, { writeFile: refuseLocked });
    expect(code).toBe(2);
    expect(stderr).toBe('race-lint: could not write the fixes of src/locked.ts (EACCES: permission denied); its problems are reported unfixed\n');
    expect(problems(stdout, root)).toEqual(['src/locked.ts:3 race/no-check-then-act']);
    expect(readFileSync(path.join(root, 'src', 'race.ts'), 'utf8')).toBe(MKDIR_FIXED);
    expect(readFileSync(locked, 'utf8')).toBe(MKDIR_RACE);
  });
});

describe('a file that does not parse', () => {
  it('has a real column (from 1) in stylish output', async () => {
    const root = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/broken.ts': 'export const a = 1;\n}\n' });
    const { code, stdout } = await raceLint([], root);
    expect(code).toBe(1);
    expect(stdout.split('\n')[2]).toBe('  2:1  error  Parsing error: Declaration or statement expected');
  });
});

describe('--sarif-root', () => {
  it('defaults to the git repository root above the working directory, else the working directory', () => {
    const repositoryRoot = makeProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'packages/app/src/a.ts': '' });
    expect(sarifRoot(path.join(repositoryRoot, 'packages', 'app'), undefined)).toBe(repositoryRoot);
    expect(sarifRoot(path.join(repositoryRoot, 'packages', 'app'), '.')).toBe(path.join(repositoryRoot, 'packages', 'app'));
    const plain = temporaryDirectory();
    expect(sarifRoot(plain, undefined)).toBe(plain);
    expect(parseArguments(['--sarif-root', 'web'])).toMatchObject({ kind: 'run', options: { sarifRoot: 'web' } });
  });

  it('makes SARIF URIs relative to it, so a job in a monorepo package uploads paths that resolve', async () => {
    const root = makeProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'packages/app/tsconfig.json': NODE_TSCONFIG, 'packages/app/src/race.ts': MKDIR_RACE });
    const app = path.join(root, 'packages', 'app');
    const uriOf = (stdout: string): string => JSON.parse(stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    expect(uriOf((await raceLint(['--format', 'sarif'], app)).stdout)).toBe('packages/app/src/race.ts');
    expect(uriOf((await raceLint(['--format', 'sarif', '--sarif-root', '.'], app)).stdout)).toBe('src/race.ts');
  });
});
