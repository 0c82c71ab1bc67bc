import { ESLint, Linter, type Rule } from 'eslint';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTargets, type SizeReport } from '../bench/analyse.js';
import { summarize } from '../bench/stats.js';
import { BENCH_CASES, writeCaseConfig } from '../bench/cases.js';
import { areaOf, countLintInstructions, parseCachegrind, type InstructionCount } from '../bench/cachegrind.js';
import { readCompileTrace, totalCompilations, totalMs } from '../bench/compile-trace.js';
import { readGcTrace } from '../bench/gc-trace.js';
import { generateProject } from '../bench/generate/project.js';
import { BUILT_PLUGIN_ENTRY, REPOSITORY_DIR } from '../bench/paths.js';
import { analyseInstructions, checkInstructionTargets, instructionMarkdown } from '../bench/instruction-report.js';
import { checkFile, type CheckConfigs } from '../bench/sweep/check-file.js';
import { checkConfigs, type RacePlugin } from '../bench/sweep/configs.js';
import { sampleFiles, sourceTypeOf } from '../bench/sweep/files.js';

/** Rules that misbehave on purpose: the sweep must tell a crash, a broken fix and an unstable fix apart. */
const rules: Record<string, Rule.RuleModule> = {
  crash: { create: () => ({ Identifier: () => { throw new TypeError('boom'); } }) },
  'breaking-fix': {
    meta: { fixable: 'code' },
    create: (context) => ({ Program: (node) => context.report({ node, message: 'x', fix: (fixer) => fixer.insertTextAfter(node, ' ((') }) }),
  },
  'endless-fix': {
    meta: { fixable: 'code' },
    create: (context) => ({ Program: (node) => context.report({ node, message: 'x', fix: (fixer) => fixer.insertTextAfter(node, ';') }) }),
  },
  'good-fix': {
    meta: { fixable: 'code' },
    create: (context) => ({
      Literal: (node) => {
        if (node.raw === '"a"') context.report({ node, message: 'x', fix: (fixer) => fixer.replaceText(node, "'a'") });
      },
    }),
  },
};

function configsFor(rule: string): CheckConfigs {
  const lint: Linter.Config[] = [{ plugins: { test: { rules } }, rules: { [`test/${rule}`]: 'error' } }];
  return { lint, fix: lint, parse: [{}] };
}

const check = (rule: string, code: string) => checkFile(new Linter(), configsFor(rule), 'file.js', code);

describe('sweep: one file', () => {
  it('reports an exception thrown by a rule as a crash, with the rule', () => {
    const outcome = check('crash', 'const a = 1;');
    expect(outcome.crash).toMatchObject({ phase: 'lint', rule: 'test/crash', message: expect.stringContaining('boom') });
  });

  it('reports a file that no config matches, which ESLint would leave unlinted with only a warning', () => {
    const lint: Linter.Config[] = [{ files: ['**/*'], plugins: { test: { rules } }, rules: { 'test/crash': 'error' } }];
    const outcome = checkFile(new Linter(), { lint, fix: lint, parse: lint }, path.join(process.cwd(), 'file.ts'), 'const a = 1;');
    expect(outcome.crash).toEqual({ phase: 'lint', rule: undefined, message: `No matching configuration found for ${path.join(process.cwd(), 'file.ts')}.`, stack: '' });
  });

  it("lints TypeScript files with the sweep's own configs, in node_modules", async () => {
    const race = (await import(BUILT_PLUGIN_ENTRY)).default as RacePlugin;
    // A repository of its own: this one's package.json has a bin, which would make its files one-shot code.
    const repositoryDir = path.join(os.tmpdir(), 'race-sweep-one-file');
    for (const file of ['node_modules/pkg/a.ts', 'node_modules/pkg/a.tsx', 'node_modules/pkg/a.mts', 'node_modules/pkg/a.js']) {
      const filename = path.join(repositoryDir, file);
      const text = "import { existsSync, promises as fs } from 'node:fs';\nexport async function f() {\n  if (!existsSync('a.txt')) await fs.writeFile('a.txt', '');\n}\n";
      const outcome = checkFile(new Linter({ cwd: repositoryDir }), checkConfigs('untyped', race, filename, text), filename, text);
      expect([file, outcome.crash, outcome.problems]).toEqual([file, undefined, { 'race/no-check-then-act': 1 }]);
    }
  });

  it('counts a parse error of the input apart from crashes', () => {
    const outcome = check('crash', 'const = ;');
    expect(outcome.crash).toBeUndefined();
    expect(outcome.parseError).toContain('Parsing error');
  });

  it('flags a fix whose result does not parse', () => {
    expect(check('breaking-fix', 'a();').fix).toMatchObject({ changed: true, parses: false });
  });

  it('flags a fix that a second run changes again', () => {
    expect(check('endless-fix', 'a();').fix).toMatchObject({ changed: true, parses: true, stable: false });
  });

  it('accepts a fix that parses and is stable', () => {
    const outcome = check('good-fix', 'f("a");');
    expect(outcome.fix).toMatchObject({ changed: true, parses: true, stable: true, output: "f('a');" });
    expect(outcome.problems).toEqual({ 'test/good-fix': 1 });
  });
});

describe('sweep: files', () => {
  it('samples the same files whatever else is in the list', () => {
    const files = Array.from({ length: 200 }, (_, index) => `/n/${index}.js`);
    const sample = sampleFiles(files, 20, '/n');
    expect(sampleFiles([...files, '/n/extra.js'], 20, '/n').filter((file) => file !== '/n/extra.js').length).toBeGreaterThanOrEqual(19);
    expect(sampleFiles(files, 20, '/n')).toEqual(sample);
  });

  it('samples the same files in a checkout in another folder', () => {
    const files = Array.from({ length: 200 }, (_, index) => `/work/main/node_modules/p/${index}.js`);
    const elsewhere = files.map((file) => file.replace('/work/main/', '/tmp/ci-clone/'));
    const sample = sampleFiles(files, 20, '/work/main/node_modules');
    expect(sampleFiles(elsewhere, 20, '/tmp/ci-clone/node_modules')).toEqual(sample.map((file) => file.replace('/work/main/', '/tmp/ci-clone/')));
  });

  it('reads .js files with import statements as modules', () => {
    expect(sourceTypeOf('/nowhere/a.cjs', 'import x from "y";')).toBe('commonjs');
    expect(sourceTypeOf('/nowhere/a.js', 'import x from "y";')).toBe('module');
    expect(sourceTypeOf('/nowhere/a.js', 'const x = require("y"); // import x')).toBe('commonjs');
  });
});

describe('benchmark project generator', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'race-generated-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes the same project for the same seed, with every kind of race', () => {
    const first = generateProject({ directory, files: 60, seed: 7 });
    const text = readFileSync(path.join(directory, first.races[0]!.file), 'utf8');
    const second = generateProject({ directory, files: 60, seed: 7 });
    expect(second.races).toEqual(first.races);
    expect(readFileSync(path.join(directory, second.races[0]!.file), 'utf8')).toBe(text);
    expect(new Set(first.races.map((race) => race.kind)).size).toBe(4);
  });

  it('type-checks clean', () => {
    generateProject({ directory, files: 60, seed: 3 });
    const config = ts.getParsedCommandLineOfConfigFile(path.join(directory, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    expect(config.fileNames).toHaveLength(60);
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});

describe('benchmark cases', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'race-cases-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('loads the plugin only in the cases with its rules, so that (c) over (a) counts loading it', () => {
    const loadsPlugin = BENCH_CASES.filter((benchCase) =>
      readFileSync(writeCaseConfig(directory, benchCase, '/plugin/dist/src/index.js'), 'utf8').includes('import race from "file:///plugin/dist/src/index.js";'),
    );
    expect(loadsPlugin.map((benchCase) => benchCase.id)).toEqual(['recommended', 'all', 'untyped-all', 'all-concurrency-2', 'all-warm-cache']);
  });

  it('writes configs that ESLint loads, each turning on the rules its case names', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'race-case-configs-'));
    try {
      symlinkSync(path.join(REPOSITORY_DIR, 'node_modules'), path.join(project, 'node_modules'), 'dir');
      const rulesOn = async (id: string) => {
        const benchCase = BENCH_CASES.find((candidate) => candidate.id === id)!;
        const eslint = new ESLint({ cwd: project, overrideConfigFile: writeCaseConfig(project, benchCase, BUILT_PLUGIN_ENTRY) });
        const config = (await eslint.calculateConfigForFile(path.join(project, 'a.ts'))) as { rules?: Record<string, unknown> };
        return Object.keys(config.rules ?? {}).sort();
      };
      expect(await rulesOn('floor')).toEqual([]);
      expect(await rulesOn('listening-rule')).toEqual(['bench/listening']);
      expect(await rulesOn('floating-promises')).toEqual(['@typescript-eslint/no-floating-promises']);
      expect(await rulesOn('all')).toEqual([
        'race/no-check-then-act',
        'race/no-read-modify-write',
        'race/no-unguarded-lock-release',
        'race/require-idempotency-key',
        'race/require-lock-ttl',
      ]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('optimizing compiler trace', () => {
  it('sums --trace-opt compilations per function, anonymous, accessor and on-stack-replacement ones included', () => {
    const output = [
      '[marking 0x1 <JSFunction convertNode (sfi = 0x2)> for optimization to TURBOFAN, ConcurrencyMode::kConcurrent, reason: hot and stable]',
      '[completed compiling 0x1 <JSFunction convertNode (sfi = 0x2)> (target TURBOFAN) - took 0.010, 163.993, 1.809 ms]',
      '[completed compiling 0x3 <JSFunction (sfi = 0x4)> (target TURBOFAN) - took 0.010, 1.676, 0.032 ms]',
      '[completed compiling 0x5 <JSFunction get protocol (sfi = 0x6)> (target TURBOFAN) - took 0.009, 0.901, 0.022 ms]',
      '[completed compiling 0x7 <JSFunction forEach (sfi = 0x8)> (target TURBOFAN) OSR - took 0.010, 1.547, 0.014 ms]',
      '[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x1 <JSFunction convertNode (sfi = 0x2)>, opt id 1]',
      '[completed compiling 0x1 <JSFunction convertNode (sfi = 0x2)> (target TURBOFAN) - took 0.032, 162.804, 1.934 ms]',
      '{"files":2}',
    ].join('\n');
    const trace = readCompileTrace(output);
    expect(Object.fromEntries(trace.compilationsByFunction)).toEqual({ convertNode: 2, '(anonymous)': 1, 'get protocol': 1, forEach: 1 });
    expect(trace.msByFunction.get('convertNode')).toBeCloseTo(330.582, 6);
    expect(totalCompilations(trace)).toBe(5);
    expect(totalMs(trace)).toBeCloseTo(330.582 + 1.718 + 0.932 + 1.571, 6);
  });
});

describe('garbage collection trace', () => {
  it("counts scavenges, full collections and promoted bytes from --trace-gc-nvp, not the handles' nodes_promoted", () => {
    const output = [
      '[1:0x1]     1201 ms: pause=1.2 mutator=30.1 gc=s reduce_memory=0 allocated=80 promoted=1000 nodes_promoted=7',
      'a line the lint printed, promoted=999999',
      '[1:0x1]     1500 ms: pause=9.5 mutator=90.0 gc=mc reduce_memory=0 allocated=10 promoted=0 nodes_promoted=0',
      '[1:0x1]     1600 ms: pause=1.1 mutator=20.0 gc=s reduce_memory=0 allocated=80 promoted=2048 nodes_promoted=3',
      '{"files":2,"cpuMs":12}',
    ].join('\n');
    expect(readGcTrace(output)).toEqual({ scavenges: 2, fullCollections: 1, promotedBytes: 3048 });
  });

  // The claim of bench/upstream-eslint-rule-contexts.md: if a Node release stops showing it, the report is stale.
  it('shows without ESLint that a per-file object used as a prototype keeps each file alive through scavenges', () => {
    const script = path.join(import.meta.dirname, '..', 'bench', 'prototype-retention.mjs');
    const promotedMb = (mode: string) =>
      readGcTrace(execFileSync(process.execPath, ['--trace-gc-nvp', script, mode], { encoding: 'utf8', maxBuffer: 1 << 28 })).promotedBytes / 2 ** 20;
    const perFilePrototype = promotedMb('per-file-prototype');
    const classPrototype = promotedMb('class-prototype');
    expect(perFilePrototype).toBeGreaterThan(200);
    expect(classPrototype).toBeLessThan(50);
    expect(() => execFileSync(process.execPath, [script, 'other'], { stdio: 'pipe' })).toThrow(/usage: node --trace-gc-nvp prototype-retention.mjs <per-file-prototype \| class-prototype \| none>/);
  });
});

describe('benchmark targets', () => {
  it("reads the overhead target off the profiled run: its CPU over that CPU less the plugin's", () => {
    const share = { gcMs: 1600, otherMs: 5000 };
    const checks = checkTargets([], [
      { files: 1000, cpuMs: 9000, share: { ...share, pluginMs: 300 } },
      { files: 5000, cpuMs: 9000, share: { ...share, pluginMs: 600 } },
    ]);
    expect(checks).toEqual([
      {
        target: "(c)/(a) ≤ 1.05 on 1000 files, from the CPU profile: the profiled run's CPU over that CPU less the plugin's",
        value: '9.00 s / (9.00 s - 300 ms) = 1.034',
        pass: true,
      },
      {
        target: "(c)/(a) ≤ 1.05 on 5000 files, from the CPU profile: the profiled run's CPU over that CPU less the plugin's",
        value: '9.00 s / (9.00 s - 600 ms) = 1.071',
        pass: false,
      },
      { target: "the plugin's main-thread time (CPU profile), 5,000 vs 1,000 files: at most 5x + 10%", value: '300 → 600 ms, 2.00x', pass: true },
    ]);
  });
});

describe('benchmark targets: peak memory', () => {
  const size = (floorMb: number[], allMb: number[], pairedMedian: number): SizeReport => ({
    files: 1000,
    plantedRaces: 0,
    ruleMs: {},
    parseMs: 0,
    statsRunMs: 0,
    cases: [
      { id: 'floor', label: '(a)', wallMs: summarize([1, 1, 1]), cpuMs: summarize([1, 1, 1]), maxRssMb: summarize(floorMb), filesPerSecond: 1, problems: 0, fatal: 0 },
      {
        id: 'all',
        label: '(c)',
        wallMs: summarize([1, 1, 1]),
        cpuMs: summarize([1, 1, 1]),
        maxRssMb: summarize(allMb),
        filesPerSecond: 1,
        problems: 0,
        fatal: 0,
        toFloor: { wall: summarize([1, 1, 1]), cpu: summarize([1, 1, 1]), maxRss: summarize([pairedMedian]) },
      },
    ],
  });
  const memoryCheck = (report: SizeReport) => checkTargets([report]).find((check) => check.target.startsWith('peak memory'));

  it("fails when the floor's lowest run peaks far below the rules' lowest, whatever the medians say", () => {
    expect(memoryCheck(size([580, 968, 991], [990, 1023, 1049], 1.056))).toEqual({
      target: 'peak memory of (c) within 10% of the floor, 1000 files',
      value: '1.056x paired (median); lowest against lowest run 1.707x (990 MB against 580 MB)',
      pass: false,
    });
  });

  it('passes when both the paired median and the lowest runs are within 10%', () => {
    expect(memoryCheck(size([940, 960, 980], [990, 1000, 1010], 1.04))).toEqual({
      target: 'peak memory of (c) within 10% of the floor, 1000 files',
      value: '1.040x paired (median); lowest against lowest run 1.053x (990 MB against 940 MB)',
      pass: true,
    });
  });
});

describe('instruction counts', () => {
  /** A count whose instructions outside garbage collection are all JavaScript. */
  const count = (instructions: number, collector: number): InstructionCount => ({
    instructions,
    byArea: { 'garbage collection': collector, 'optimizing compiler': 0, 'parsing and bytecode': 0, 'JavaScript and builtins': instructions - collector, 'other native code': 0 },
  });

  it('sorts native functions into areas by name', () => {
    expect(areaOf('void v8::internal::MarkingVisitorBase<v8::internal::MainMarkingVisitor>::ProcessStrongHeapObject()')).toBe('garbage collection');
    expect(areaOf('Builtins_RecordWriteSaveFP')).toBe('garbage collection');
    expect(areaOf('v8::internal::compiler::GraphReducer::ReduceTop()')).toBe('optimizing compiler');
    expect(areaOf('v8::internal::Scanner::Next()')).toBe('parsing and bytecode');
    expect(areaOf('???')).toBe('JavaScript and builtins');
    expect(areaOf('Builtins_LoadIC')).toBe('JavaScript and builtins');
    expect(areaOf('_int_malloc')).toBe('other native code');
  });

  it('reads the total and the split by area from a cachegrind file', () => {
    const text = ['events: Ir', 'fl=???', 'fn=???', '0 700', '12 50', 'fn=v8::internal::Scavenger::ScavengePage()', '0 200', 'fl=libc.c', 'fn=_int_malloc', '5 50', 'summary: 1000', ''].join('\n');
    expect(parseCachegrind(text)).toEqual({
      instructions: 1000,
      byArea: { 'garbage collection': 200, 'optimizing compiler': 0, 'parsing and bytecode': 0, 'JavaScript and builtins': 750, 'other native code': 50 },
    });
    expect(() => parseCachegrind('events: Ir\n')).toThrow('not a cachegrind file');
  });

  it('subtracts the start-up, divides by the floor and splits the difference by area', () => {
    const size = analyseInstructions(1000, [count(10, 0), count(10, 0)], [
      { id: 'floor', label: '(a)', counts: [count(110, 20), count(112, 20)], problems: 0 },
      { id: 'all', label: '(c)', counts: [count(114, 23), count(116, 25)], problems: 3 },
    ]);
    expect(size.cases[1]).toEqual({
      id: 'all',
      label: '(c)',
      instructions: { median: 105, min: 104, max: 106, spread: 2 / 105 },
      toFloor: { median: 105 / 101, min: 104 / 102, max: 106 / 100, spread: (106 / 100 - 104 / 102) / (105 / 101) },
      overFloorByArea: { 'garbage collection': 4, 'optimizing compiler': 0, 'parsing and bytecode': 0, 'JavaScript and builtins': 0, 'other native code': 0 },
      problems: 3,
    });
    // The target holds only when the whole range does: 1.060 at its highest.
    expect(checkInstructionTargets([size])).toEqual([{ target: '(c)/(a) ≤ 1.05 on 1000 files, in instructions', value: '1.040 (1.020–1.060)', pass: false }]);
  });

  it('reads (c) over a rule that only listens, when both were measured', () => {
    const size = analyseInstructions(1000, [count(10, 0)], [
      { id: 'floor', label: '(a)', counts: [count(110, 20)], problems: 0 },
      { id: 'listening-rule', label: "(a''')", counts: [count(112, 22), count(114, 22)], problems: 0 },
      { id: 'all', label: '(c)', counts: [count(115, 24), count(117, 26)], problems: 3 },
    ]);
    // Medians 103 over 106 (start-up 10 subtracted); the range divides extremes: 105/104 and 107/102.
    expect(size.allOverListening).toEqual({
      ratio: { median: 106 / 103, min: 105 / 104, max: 107 / 102, spread: (107 / 102 - 105 / 104) / (106 / 103) },
      byArea: { 'garbage collection': 3, 'optimizing compiler': 0, 'parsing and bytecode': 0, 'JavaScript and builtins': 0, 'other native code': 0 },
    });
    const markdown = instructionMarkdown({
      command: 'c', startedAt: 's', durationSeconds: 1, machine: { cpus: 2, cpuModel: 'm', memoryGb: 8, node: 'v20', platform: 'linux', loadAverage: 0 },
      valgrind: 'v', nodeFlags: [], plugin: { version: '0' }, repeat: 2, sizes: [size], targets: [],
    });
    expect(markdown).toContain("(c) over (a'''), what the rules add beyond a rule that only listens: 1.029 (1.010–1.049); by area, billions: 0.00 / 0.00 / 0.00 / 0.00 / 0.00.");
    // Without the listening rule there is nothing to read.
    expect(analyseInstructions(1000, [count(10, 0)], [{ id: 'floor', label: '(a)', counts: [count(110, 20)], problems: 0 }]).allOverListening).toBeUndefined();
  });

  // Runs valgrind (a Debian package, on every machine of this project): the child and its flags work under it.
  it('counts a Node process under cachegrind, the same split as its total', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'race-cachegrind-')), 'startup.out');
    const { count, result } = await countLintInstructions({ project: os.tmpdir(), config: '', importOnly: true }, out);
    expect(result.files).toBe(0);
    expect(count.instructions).toBeGreaterThan(1e8);
    expect(Object.values(count.byArea).reduce((sum, part) => sum + part, 0)).toBe(count.instructions);
    // JIT-compiled code ran and was counted.
    expect(count.byArea['JavaScript and builtins']).toBeGreaterThan(1e7);
    rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
