/**
 * The benchmark's cases counted in instructions: `npm run bench:instructions -- [--sizes 1000] [--repeat 2]
 * [--cases listening-rule,recommended,all] [--jobs 2] [--out instructions] [--plugin ENTRY] [--no-pretenuring]`.
 * Each lint runs under valgrind (about 20x slower than without); runs go `--jobs` at a time, since a count does
 * not depend on what else runs. `--no-pretenuring` turns off V8's allocation-site pretenuring, whose decisions
 * follow the heap and deoptimize the code that allocates at a site when they change (see bench/README.md). Writes bench/results/<out>.json and <out>.md; the cachegrind files stay in
 * bench/results/tmp/cachegrind/ for `cg_annotate` and `cg_diff`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_CASES, selectCases, writeCaseConfig, type BenchCase } from './cases.js';
import { checkValgrind, countLintInstructions, predictableNodeFlags, type InstructionCount } from './cachegrind.js';
import { generateProject } from './generate/project.js';
import { analyseInstructions, checkInstructionTargets, instructionMarkdown, type InstructionReport, type InstructionSizeReport } from './instruction-report.js';
import { describeMachine } from './machine.js';
import { BUILT_PLUGIN_ENTRY, RESULTS_DIR, writeResults } from './paths.js';
import { buildFingerprint } from './plugin-build.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    cases: { type: 'string', default: 'listening-rule,recommended,all' },
    jobs: { type: 'string', default: String(os.availableParallelism()) },
    out: { type: 'string', default: 'instructions' },
    plugin: { type: 'string', default: BUILT_PLUGIN_ENTRY },
    'no-pretenuring': { type: 'boolean', default: false },
  },
});
const nodeFlags = predictableNodeFlags({ pretenuring: !values['no-pretenuring'] });
const PLUGIN_ENTRY = path.resolve(values.plugin);
const sizes = values.sizes.split(',').map(Number);
const repeat = Number(values.repeat);
const jobs = Math.max(1, Number(values.jobs));
const wanted = values.cases.split(',');
const unknown = wanted.filter((id) => !BENCH_CASES.some((benchCase) => benchCase.id === id));
if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(', ')}: cases are ${BENCH_CASES.map((benchCase) => benchCase.id).join(', ')}`);
const cases = selectCases(wanted);
// A count adds every thread's instructions: worker threads would be counted, not their speed-up; a warm cache
// needs a filling run first. Time says what these cost (`npm run bench`).
const timeOnly = cases.filter((benchCase) => benchCase.concurrency !== undefined || benchCase.warmCache);
if (timeOnly.length > 0) throw new Error(`${timeOnly.map((benchCase) => benchCase.id).join(', ')}: measured in time only (npm run bench)`);

const valgrind = await checkValgrind();
const race = (await import(pathToFileURL(PLUGIN_ENTRY).href)).default as { meta: { version: string } };

/** Runs `tasks` at most `limit` at a time, results in task order. */
async function inPool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const started = new Date();
const sizeReports: InstructionSizeReport[] = [];
for (const files of sizes) {
  const project = generateProject({ directory: path.join(os.tmpdir(), 'race-bench', `service-${files}-seed${values.seed}`), files, seed: Number(values.seed) });
  const outDirectory = path.join(RESULTS_DIR, 'tmp', 'cachegrind', `service-${files}`);
  rmSync(outDirectory, { recursive: true, force: true });
  mkdirSync(outDirectory, { recursive: true });
  console.log(`${files} files in ${project.directory}: ${cases.length} cases × ${repeat} runs and the start-up, ${jobs} at a time`);
  const count = (name: string, benchCase: BenchCase | undefined, round: number) => async () => {
    const request = benchCase ? { project: project.directory, config: writeCaseConfig(project.directory, benchCase, PLUGIN_ENTRY) } : { project: project.directory, config: '', importOnly: true };
    const measured = await countLintInstructions(request, path.join(outDirectory, `${name}.${round + 1}.out`), nodeFlags);
    console.log(`  ${name.padEnd(18)} run ${round + 1}: ${(measured.count.instructions / 1e9).toFixed(3)} billion instructions, ${measured.result.problems} problems`);
    return measured;
  };
  const rounds = Array.from({ length: repeat }, (_, round) => round);
  const startupTasks = rounds.map((round) => count('startup', undefined, round));
  const caseTasks = cases.flatMap((benchCase) => rounds.map((round) => count(benchCase.id, benchCase, round)));
  const measured = await inPool([...startupTasks, ...caseTasks], jobs);
  const startup: InstructionCount[] = measured.slice(0, repeat).map(({ count: instructionCount }) => instructionCount);
  sizeReports.push(
    analyseInstructions(
      files,
      startup,
      cases.map((benchCase, index) => {
        const runs = measured.slice(repeat * (index + 1), repeat * (index + 2));
        return { id: benchCase.id, label: benchCase.label, counts: runs.map((run) => run.count), problems: runs[0]?.result.problems ?? 0 };
      }),
    ),
  );
}

const report: InstructionReport = {
  command: `npm run bench:instructions -- --sizes ${sizes.join(',')} --repeat ${repeat} --cases ${wanted.join(',')}${values.out !== 'instructions' ? ` --out ${values.out}` : ''}${values.plugin.includes('snapshot') ? ' --plugin <snapshot>' : ''}${values['no-pretenuring'] ? ' --no-pretenuring' : ''}`,
  startedAt: started.toISOString(),
  durationSeconds: (Date.now() - started.getTime()) / 1000,
  machine: describeMachine(),
  valgrind,
  nodeFlags,
  plugin: { version: race.meta.version, build: buildFingerprint(PLUGIN_ENTRY) },
  repeat,
  sizes: sizeReports,
  targets: checkInstructionTargets(sizeReports),
};
const markdown = instructionMarkdown(report);
writeResults(values.out, report, markdown);
console.log(`\n${markdown}`);
