import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArguments, type CliOptions } from '../src/cli/arguments.js';
import { ProjectIndex } from '../src/cli/projects.js';
import { builtCli, ensureBuilt, makeProject, MKDIR_FIXED, MKDIR_RACE, NODE_TSCONFIG, removeTemporaryDirectories, repository, runBuiltCli, runMainInProcess } from './built-cli.js';

type MainModule = typeof import('../src/cli/main.js');
type PluginModule = typeof import('../src/index.js');

let main: MainModule['main'];
let race: PluginModule['default'];
let rules: PluginModule['rules'];

beforeAll(async () => {
  ensureBuilt();
  ({ main } = (await import(pathToFileURL(path.join(repository, 'dist/src/cli/main.js')).href)) as MainModule);
  ({ default: race, rules } = (await import(pathToFileURL(path.join(repository, 'dist/src/index.js')).href)) as PluginModule);
});
afterAll(removeTemporaryDirectories);

/** Runs the command's main function in-process, as the bin does, capturing its output. */
const raceLint = (args: readonly string[], cwd: string, terminal: { isTTY?: boolean; env?: Record<string, string> } = {}) =>
  runMainInProcess(main, args, cwd, terminal);

const CLEAN = `import { mkdirSync } from 'node:fs';
export const ensure = (dir: string): void => void mkdirSync(dir, { recursive: true });
`;

/** A typed project with one race (src/race.ts, line 3) and one clean file. */
const racyProject = (extra: Record<string, string> = {}): string =>
  makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/race.ts': MKDIR_RACE, 'src/clean.ts': CLEAN, ...extra });

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; severity: number; fatal?: boolean; message: string }[];
  output?: string;
}

const parseJson = (stdout: string): JsonResult[] =>
  (JSON.parse(stdout) as JsonResult[]).sort((a, b) => a.filePath.localeCompare(b.filePath));

/** Each problem as "file:line ruleId", relative to the project. */
const problems = (stdout: string, root: string): string[] =>
  parseJson(stdout).flatMap((result) =>
    result.messages.map((message) => {
      const file = path.relative(root, result.filePath);
      // Messages about a whole file (an ignored file) have no line.
      return `${message.line === undefined ? file : `${file}:${message.line}`} ${message.ruleId ?? 'no rule'}`;
    }),
  );

describe('argument parsing', () => {
  const defaults: CliOptions = {
    paths: ['.'],
    fix: 'off',
    format: 'stylish',
    maxWarnings: -1,
    quiet: false,
    concurrency: 'off',
    cache: false,
    cacheLocation: undefined,
    ruleSet: 'recommended',
    rules: {},
    ignore: true,
    ignorePatterns: [],
    warnIgnored: true,
    errorOnUnmatchedPattern: true,
    maxFileSize: 1024 * 1024,
    outputFile: undefined,
    stdin: false,
    stdinFilename: undefined,
    color: undefined,
    suppressAll: false,
    suppressRules: [],
    pruneSuppressions: false,
    passOnUnprunedSuppressions: false,
    suppressionsLocation: undefined,
    debug: false,
    sarifRoot: undefined,
  };

  it('defaults to the current directory, stylish output, one thread and the recommended rules', () => {
    expect(parseArguments([])).toEqual({ kind: 'run', options: defaults });
  });

  it('reads every option', () => {
    const argv = ['--fix', '--format', 'sarif', '--max-warnings', '3', '--quiet', '--concurrency', '4', '--cache', '--all', 'src', 'lib'];
    expect(parseArguments(argv)).toEqual({
      kind: 'run',
      options: { ...defaults, paths: ['src', 'lib'], fix: 'write', format: 'sarif', maxWarnings: 3, quiet: true, concurrency: 4, cache: true, ruleSet: 'all' },
    });
    expect(parseArguments(['--fix-dry-run', '--concurrency=auto', '-f', 'json'])).toEqual({
      kind: 'run',
      options: { ...defaults, fix: 'dry', concurrency: 'auto', format: 'json' },
    });
  });

  it('recognises --help and --version', () => {
    expect(parseArguments(['src', '--help'])).toEqual({ kind: 'help' });
    expect(parseArguments(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--formatt', 'json'], "Unknown option '--formatt'"],
    [['--format', 'xml'], "unknown format 'xml' (expected stylish, json, sarif)"],
    [['--max-warnings', 'many'], "--max-warnings expects a number, got 'many'"],
    [['--concurrency', '0'], "--concurrency expects a positive number, auto or off, got '0'"],
    [['--fix', '--fix-dry-run'], 'use either --fix or --fix-dry-run, not both'],
    [['--format'], "Option '-f, --format <value>' argument missing"],
  ])('rejects %j', (argv, message) => {
    expect(parseArguments(argv)).toEqual({ kind: 'error', message });
  });
});

describe('the project index', () => {
  it('knows which files a tsconfig.json or jsconfig.json includes, nearest or above, directly or by reference', () => {
    const root = makeProject({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { composite: true }, include: ['app'] }),
      'app/main.ts': '',
      'tools/tsconfig.json': JSON.stringify({ include: ['build.ts'] }),
      'tools/build.ts': '',
      'tools/deploy.ts': '',
      'web/jsconfig.json': JSON.stringify({ include: ['*.js'] }),
      'web/page.js': '',
      'web/page.ts': '',
    });
    const projects = new ProjectIndex();
    const included = (file: string): boolean => projects.includes(path.join(root, file));
    expect(['app/main.ts', 'tools/build.ts', 'tools/deploy.ts', 'web/page.js', 'web/page.ts'].filter(included)).toEqual([
      'app/main.ts',
      'tools/build.ts',
      'web/page.js',
    ]);
  });
});

describe('race-lint', () => {
  it('prints help and the version', async () => {
    const help = await raceLint(['--help'], repository);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: race-lint \[options\] \[paths\.\.\.\]\n/);
    const packageJson = JSON.parse(readFileSync(path.join(repository, 'package.json'), 'utf8')) as { version: string };
    expect(await raceLint(['--version'], repository)).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('exits 2 with a one-line cause on bad usage', async () => {
    expect(await raceLint(['--format', 'xml'], repository)).toEqual({
      code: 2,
      stdout: '',
      stderr: "race-lint: unknown format 'xml' (expected stylish, json, sarif) (see race-lint --help)\n",
    });
  });

  it('reports problems in stylish format and exits 1', async () => {
    const root = racyProject();
    const { code, stdout, stderr } = await raceLint([], root);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(path.join(root, 'src', 'race.ts'));
    expect(lines[2]).toMatch(/^ {2}3:8 {2}error {2}`existsSync` .+`mkdir`.+ {2}race\/no-check-then-act$/);
    expect(stdout).toContain('\n✖ 1 problem (1 error, 0 warnings)\n');
  });

  it('exits 0 with no output on a clean project', async () => {
    const root = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/clean.ts': CLEAN });
    expect(await raceLint(['src'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports JSON results for every linted file', async () => {
    const root = racyProject();
    const { code, stdout } = await raceLint(['--format', 'json'], root);
    expect(code).toBe(1);
    const results = parseJson(stdout);
    expect(results.map((result) => path.relative(root, result.filePath))).toEqual(['src/clean.ts', 'src/race.ts']);
    expect(results[1]?.messages).toMatchObject([{ ruleId: 'race/no-check-then-act', line: 3, column: 8, severity: 2 }]);
  });

  it('writes SARIF 2.1.0 that GitHub code scanning reads', async () => {
    const root = racyProject();
    const { code, stdout } = await raceLint(['--format', 'sarif'], root);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.tool.driver).toMatchObject({ name: 'race-lint', version: race.meta.version });
    const ruleIds = Object.keys(race.configs.recommended.rules ?? {});
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(ruleIds);
    for (const rule of run.tool.driver.rules) {
      const name = rule.id.replace('race/', '') as keyof typeof rules;
      expect(rule).toMatchObject({
        id: rule.id,
        shortDescription: { text: rules[name].meta.docs?.description },
        fullDescription: { text: expect.stringContaining(rules[name].meta.docs?.description ?? '') },
        help: { text: expect.stringMatching(/^# race\//), markdown: expect.stringMatching(/^# race\//) },
        helpUri: `https://github.com/eslint-plugin-race/eslint-plugin-race/blob/main/rules/${name}.md`,
        properties: { tags: ['security', 'concurrency'] },
      });
    }
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(root).href + '/' } });
    expect(run.results).toHaveLength(1);
    expect(run.results[0]).toMatchObject({
      ruleId: 'race/no-check-then-act',
      ruleIndex: ruleIds.indexOf('race/no-check-then-act'),
      level: 'error',
      message: { text: expect.stringMatching(/^`existsSync` .+`mkdir`/) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/race.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 8, endLine: 3, endColumn: 23 },
          },
        },
      ],
      // The rules ran in this process: the steps of the race are known.
      codeFlows: [{ threadFlows: [{ id: 'A' }, { id: 'B' }] }],
    });
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('marks races disabled by a comment as suppressed in SARIF, with URI-encoded paths', async () => {
    const disabled = MKDIR_RACE.replace('  if (', '  // eslint-disable-next-line race/no-check-then-act -- one process only\n  if (');
    const root = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/old code/race.ts': disabled });
    const { code, stdout } = await raceLint(['--format', 'sarif'], root);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).runs[0].results).toMatchObject([
      {
        ruleId: 'race/no-check-then-act',
        suppressions: [{ kind: 'inSource', justification: 'one process only' }],
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/old%20code/race.ts' }, region: { startLine: 4 } } }],
      },
    ]);
  });

  it('lists every rule in SARIF with --all', async () => {
    const root = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/clean.ts': CLEAN });
    const { code, stdout } = await raceLint(['--all', '--format', 'sarif'], root);
    expect(code).toBe(0);
    const ids = JSON.parse(stdout).runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ids).toEqual(Object.keys(race.rules ?? {}).map((name) => `race/${name}`));
  });

  it('fails on warnings over --max-warnings, and --quiet hides them', async () => {
    // An explicitly named file under dist/ is ignored with a warning, as ESLint does.
    const root = racyProject({ 'dist/built.js': 'export {};\n' });
    const counted = await raceLint(['--format', 'json', '--max-warnings', '0', 'src/clean.ts', 'dist/built.js'], root);
    expect(counted.code).toBe(1);
    expect(counted.stderr).toBe('race-lint: too many warnings (1, maximum: 0)\n');
    expect(problems(counted.stdout, root)).toEqual(['dist/built.js no rule']);
    const allowed = await raceLint(['--format', 'json', '--max-warnings', '1', 'src/clean.ts', 'dist/built.js'], root);
    expect(allowed.code).toBe(0);
    const quiet = await raceLint(['--format', 'json', '--quiet', '--max-warnings', '0', 'src/clean.ts', 'dist/built.js'], root);
    expect(quiet).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('names a missing path, lints the others and exits 2', async () => {
    const root = racyProject();
    const { code, stdout, stderr } = await raceLint(['--format', 'json', 'missing', 'src'], root);
    expect(code).toBe(2);
    expect(stderr).toBe('race-lint: no such file or directory: missing\n');
    expect(problems(stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('exits 2 without output when no path exists', async () => {
    const root = racyProject();
    expect(await raceLint(['nothing-here'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'race-lint: no such file or directory: nothing-here\n',
    });
  });

  it('exits 2 when the paths hold no file to lint', async () => {
    const root = makeProject({ 'docs/README.md': '# Docs\n' });
    expect(await raceLint(['docs'], root)).toEqual({ code: 2, stdout: '', stderr: 'race-lint: no JavaScript or TypeScript files to lint in docs\n' });
  });

  it('names a tsconfig.json that is not valid JSON, still lints its files and exits 2', async () => {
    const root = racyProject({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, }, "include": ["src"] ,, }' });
    const { code, stdout, stderr } = await raceLint(['--format', 'json'], root);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'race-lint: tsconfig.json is not valid: TS1136: Property assignment expected. (line 1, column 63); its files were linted with the settings that could be read\n',
    );
    expect(problems(stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('reports a syntax error as a problem of its file and lints the others', async () => {
    const root = racyProject({ 'src/broken.ts': 'export const answer = ;\n' });
    const { code, stdout, stderr } = await raceLint(['--format', 'json'], root);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(problems(stdout, root)).toEqual(['src/broken.ts:1 no rule', 'src/race.ts:3 race/no-check-then-act']);
    expect(parseJson(stdout)[0]?.messages[0]).toMatchObject({ fatal: true, message: 'Parsing error: Expression expected.' });
  });

  it('lists parse errors as SARIF tool notifications', async () => {
    const root = makeProject({ 'tsconfig.json': NODE_TSCONFIG, 'src/broken.ts': 'export const answer = ;\n' });
    const { stdout } = await raceLint(['--format', 'sarif'], root);
    const [run] = JSON.parse(stdout).runs;
    expect(run.results).toEqual([]);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'Parsing error: Expression expected.' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 23 } } }],
      },
    ]);
  });

  it('lints JavaScript and files outside any tsconfig.json with a default program', async () => {
    const root = makeProject({
      'tsconfig.json': NODE_TSCONFIG,
      'src/race.ts': MKDIR_RACE,
      'worker/setup.ts': MKDIR_RACE,
      'worker/clean.cjs': `const fs = require('node:fs');\nmodule.exports = async () => { if (fs.existsSync('out.lock')) await fs.promises.unlink('out.lock'); };\n`,
      'worker/build.mjs': `import { existsSync, promises as fs } from 'node:fs';\nif (!existsSync('out.txt')) await fs.writeFile('out.txt', '');\n`,
      'web/view.jsx': `import { existsSync, promises as fs } from 'node:fs';\nif (!existsSync('cache')) await fs.mkdir('cache');\nexport const View = () => <p>cache</p>;\n`,
      'web/page.tsx': `import { existsSync, promises as fs } from 'node:fs';\nif (!existsSync('cache')) await fs.mkdir('cache');\nexport const Page = () => <p>{'page' as string}</p>;\n`,
      'worker/task.mts': MKDIR_RACE,
      'worker/task.cts': MKDIR_RACE,
    });
    const { code, stdout } = await raceLint(['--format', 'json'], root);
    expect(code).toBe(1);
    expect(problems(stdout, root)).toEqual([
      'src/race.ts:3 race/no-check-then-act',
      'web/page.tsx:2 race/no-check-then-act',
      'web/view.jsx:2 race/no-check-then-act',
      'worker/build.mjs:2 race/no-check-then-act',
      'worker/clean.cjs:2 race/no-check-then-act',
      'worker/setup.ts:3 race/no-check-then-act',
      'worker/task.cts:3 race/no-check-then-act',
      'worker/task.mts:3 race/no-check-then-act',
    ]);
  });

  it('ignores node_modules and dist', async () => {
    const root = racyProject({ 'dist/race.js': MKDIR_RACE.replace(': string', '').replace(': void', ''), 'packages/a/node_modules/x/race.ts': MKDIR_RACE });
    const { stdout } = await raceLint(['--format', 'json'], root);
    expect(parseJson(stdout).map((result) => path.relative(root, result.filePath))).toEqual(['src/clean.ts', 'src/race.ts']);
  });

  it('computes fixes without writing them with --fix-dry-run', async () => {
    const root = racyProject();
    const { code, stdout } = await raceLint(['--fix-dry-run', '--format', 'json'], root);
    expect(code).toBe(0);
    expect(parseJson(stdout)[1]).toMatchObject({ messages: [], output: MKDIR_FIXED });
    expect(readFileSync(path.join(root, 'src', 'race.ts'), 'utf8')).toBe(MKDIR_RACE);
  });

  it('fixes right in a CI job, where CI=true makes typescript-eslint infer a single run (one program for the run)', () => {
    // ESLint lints each fixed text again; a stale program would give that pass the types of the text on disk.
    const root = racyProject({ 'worker/setup.ts': MKDIR_RACE });
    const dryRun = runBuiltCli(['--fix-dry-run', '--format', 'json'], root, { CI: 'true' });
    expect({ status: dryRun.status, stderr: dryRun.stderr }).toEqual({ status: 0, stderr: '' });
    expect(parseJson(dryRun.stdout).map((result) => [path.relative(root, result.filePath), result.messages, result.output])).toEqual([
      ['src/clean.ts', [], undefined],
      ['src/race.ts', [], MKDIR_FIXED],
      ['worker/setup.ts', [], MKDIR_FIXED],
    ]);
    expect(runBuiltCli(['--fix'], root, { CI: 'true' })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(root, 'worker', 'setup.ts'), 'utf8')).toBe(MKDIR_FIXED);
  });

  it('writes fixes with --fix', async () => {
    const root = racyProject();
    expect(await raceLint(['--fix'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(root, 'src', 'race.ts'), 'utf8')).toBe(MKDIR_FIXED);
    expect(readFileSync(path.join(root, 'src', 'clean.ts'), 'utf8')).toBe(CLEAN);
  });

  it('lints in worker threads with --concurrency, with the same results', async () => {
    const root = racyProject({ 'worker/setup.ts': MKDIR_RACE });
    const single = await raceLint(['--format', 'json'], root);
    const threaded = await raceLint(['--format', 'json', '--concurrency', '2'], root);
    expect(problems(threaded.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act', 'worker/setup.ts:3 race/no-check-then-act']);
    expect(problems(threaded.stdout, root)).toEqual(problems(single.stdout, root));
    expect(threaded.code).toBe(1);
  });

  it('keeps results in .race-lint-cache/ with --cache, for files in and outside a tsconfig.json', async () => {
    const root = racyProject({ 'worker/setup.ts': MKDIR_RACE });
    const expected = ['src/race.ts:3 race/no-check-then-act', 'worker/setup.ts:3 race/no-check-then-act'];
    const first = await raceLint(['--cache', '--format', 'json'], root);
    expect(problems(first.stdout, root)).toEqual(expected);
    expect(readdirSync(path.join(root, '.race-lint-cache')).sort()).toEqual([expect.stringMatching(/^\.cache_/), 'default-tsconfig.json']);
    // Progress counts the files ESLint lints: from the cache, none.
    const second = await raceLint(['--cache', '--format', 'json'], root, { isTTY: true });
    expect(problems(second.stdout, root)).toEqual(expected);
    expect(second.stderr).not.toMatch(/[1-9]\d*\/3 files linted/);
    // A changed file is linted again, not served from the cache.
    writeFileSync(path.join(root, 'src', 'race.ts'), MKDIR_FIXED);
    const afterEdit = await raceLint(['--cache', '--format', 'json'], root, { isTTY: true });
    expect(problems(afterEdit.stdout, root)).toEqual(['worker/setup.ts:3 race/no-check-then-act']);
    expect(afterEdit.stderr).toMatch(/1\/3 files linted/);
    expect(afterEdit.stderr).not.toMatch(/[2-9]\/3 files linted/);
  });

  it('shows progress on a terminal, and not in CI', async () => {
    const root = racyProject();
    const onTerminal = await raceLint(['--format', 'json'], root, { isTTY: true });
    // Each redraw erases the line first, and the last erase leaves it empty.
    const frames = onTerminal.stderr.split('\r\u001b[K');
    expect(frames.length).toBeGreaterThan(2);
    expect(frames[0]).toBe('');
    expect(frames.at(-1)).toBe('');
    for (const frame of frames.slice(1, -1)) expect(frame).toMatch(/^race-lint: [0-2]\/2 files linted \(\d+s\)$/);
    expect(problems(onTerminal.stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
    const inCi = await raceLint(['--format', 'json'], root, { isTTY: true, env: { CI: 'true' } });
    expect(inCi.stderr).toBe('');
  });
});

describe('the race-lint binary', () => {
  it('runs from dist with a shebang and exits 1 on problems', () => {
    expect(readFileSync(builtCli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const root = racyProject();
    const { status, stdout, stderr } = runBuiltCli(['--format', 'json'], root);
    expect({ status, stderr }).toEqual({ status: 1, stderr: '' });
    expect(problems(stdout, root)).toEqual(['src/race.ts:3 race/no-check-then-act']);
  });

  it('exits 2 with a one-line cause on bad usage', () => {
    expect(runBuiltCli(['--concurrency', 'many'], repository)).toEqual({
      status: 2,
      stdout: '',
      stderr: "race-lint: --concurrency expects a positive number, auto or off, got 'many' (see race-lint --help)\n",
    });
  });
});
