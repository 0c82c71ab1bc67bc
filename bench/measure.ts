import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { BENCH_CASES, writeCaseConfig, type BenchCase } from './cases.js';
import type { LintCaseRequest, LintCaseResult } from './lint-case.js';
import { BENCH_DIR, RESULTS_DIR } from './paths.js';

const run = promisify(execFile);

let transpiledLintCase: string | undefined;

/**
 * The child as plain JavaScript, transpiled from `lint-case.ts` once per run. Under tsx every module the lint
 * loads would pass through tsx's loader hooks, a cost that users' `eslint` does not pay and that differs between
 * cases: ESLint loads ajv and its dependencies only once a rule is configured.
 */
export function lintCaseScript(): string {
  if (transpiledLintCase) return transpiledLintCase;
  const { outputText } = ts.transpileModule(readFileSync(path.join(BENCH_DIR, 'lint-case.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = path.join(RESULTS_DIR, 'tmp', 'lint-case.mjs');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, outputText);
  return (transpiledLintCase = file);
}

/** Runs one lint in a fresh Node process, without tsx; `nodeFlags` adds flags such as `--cpu-prof`. */
export async function lintInChild(request: LintCaseRequest, nodeFlags: readonly string[] = []): Promise<LintCaseResult> {
  const { stdout } = await run(process.execPath, [...nodeFlags, lintCaseScript(), JSON.stringify(request)], {
    maxBuffer: 64 * 2 ** 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LintCaseResult;
}

export interface CaseRuns {
  readonly benchCase: BenchCase;
  /** One per round, in round order. */
  readonly runs: LintCaseResult[];
}

export interface ProjectMeasurements {
  readonly cases: CaseRuns[];
  /** One extra run of `race.configs.all` with ESLint's `stats`: time per rule and parse time. */
  readonly stats: LintCaseResult | undefined;
}

export interface MeasureOptions {
  readonly repeat: number;
  /** Skips the unmeasured warm-up run and the `stats` run (when time is short: each costs a full lint). */
  readonly quick?: boolean;
}

/**
 * Measures every case `repeat` times, interleaved: each round runs every case once, starting one case later
 * than the previous round, so that no case always runs first (or right after the slowest).
 */
export async function measureProject(
  project: string,
  pluginEntry: string,
  { repeat, quick = false }: MeasureOptions,
  cases: readonly BenchCase[] = BENCH_CASES,
  onRun: (benchCase: BenchCase, round: number, result: LintCaseResult) => void = () => {},
): Promise<ProjectMeasurements> {
  const requests = new Map<BenchCase, LintCaseRequest>();
  for (const benchCase of cases) {
    const cacheLocation = benchCase.warmCache ? path.join(project, `.eslintcache-${benchCase.id}`) : undefined;
    if (cacheLocation) rmSync(cacheLocation, { force: true });
    requests.set(benchCase, {
      project,
      config: writeCaseConfig(project, benchCase, pluginEntry),
      ...(benchCase.concurrency !== undefined && { concurrency: benchCase.concurrency }),
      ...(cacheLocation !== undefined && { cacheLocation }),
    });
  }
  // Unmeasured: fills the OS file cache (first read of the project and of the libraries) and the lint caches.
  if (!quick) await lintInChild(requests.get(cases[0]!)!);
  for (const benchCase of cases) if (benchCase.warmCache) await lintInChild(requests.get(benchCase)!);

  const measured = cases.map((benchCase) => ({ benchCase, runs: [] as LintCaseResult[] }));
  for (let round = 0; round < repeat; round++) {
    for (let step = 0; step < measured.length; step++) {
      const entry = measured[(round + step) % measured.length]!;
      const result = await lintInChild(requests.get(entry.benchCase)!);
      entry.runs[round] = result;
      onRun(entry.benchCase, round, result);
    }
  }
  const allCase = cases.find((benchCase) => benchCase.id === 'all') ?? cases[0]!;
  const stats = quick ? undefined : await lintInChild({ ...requests.get(allCase)!, stats: true });
  return { cases: measured, stats };
}
