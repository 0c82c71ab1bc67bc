/**
 * Where V8's optimizing compiler goes between two cases, by function:
 * `npm run bench:compile -- [--files 1000] [--seed 1] [--base listening-rule] [--case all] [--top 15] [--no-pretenuring]`.
 *
 * Each case lints the generated project once in a fresh Node with V8 in predictable mode, which compiles on the
 * main thread, and `--trace-opt`. Prints TurboFan's compilations and milliseconds per case, how much of the
 * difference is functions compiled again (deoptimized, then optimized anew), and the functions that differ
 * most. `--no-pretenuring` adds `--no-allocation-site-pretenuring` to both: V8 then makes no pretenuring
 * decisions, whose changes deoptimize the code that allocates at a site. Milliseconds depend on the machine's
 * load; run it on an idle machine, and read the counts of compilations where it is not.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { predictableNodeFlags } from './cachegrind.js';
import { BENCH_CASES, writeCaseConfig } from './cases.js';
import { readCompileTrace, totalCompilations, totalMs, type CompileTrace } from './compile-trace.js';
import { generateProject } from './generate/project.js';
import type { LintCaseResult } from './lint-case.js';
import { lintCaseScript } from './measure.js';
import { BUILT_PLUGIN_ENTRY, REPOSITORY_DIR } from './paths.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    base: { type: 'string', default: 'listening-rule' },
    case: { type: 'string', default: 'all' },
    top: { type: 'string', default: '15' },
    'no-pretenuring': { type: 'boolean', default: false },
  },
});
const files = Number(values.files);
if (!Number.isInteger(files) || files < 1) throw new Error(`--files takes a number of files, not "${values.files}"`);
const caseOf = (id: string) => {
  const found = BENCH_CASES.find((benchCase) => benchCase.id === id);
  if (!found || found.concurrency !== undefined || found.warmCache) {
    throw new Error(`"${id}" is not a case this can trace: cases are ${BENCH_CASES.filter((benchCase) => benchCase.concurrency === undefined && !benchCase.warmCache).map((benchCase) => benchCase.id).join(', ')}`);
  }
  return found;
};
const [baseCase, comparedCase] = [caseOf(values.base), caseOf(values.case)];
const nodeFlags = [...predictableNodeFlags({ pretenuring: !values['no-pretenuring'] }), '--trace-opt'];

const project = generateProject({ directory: path.join(os.tmpdir(), 'race-bench', `service-${files}-seed${values.seed}`), files, seed: Number(values.seed) });

function traceCase(id: string): CompileTrace {
  const config = writeCaseConfig(project.directory, caseOf(id), BUILT_PLUGIN_ENTRY);
  const output = execFileSync(process.execPath, [...nodeFlags, lintCaseScript(), JSON.stringify({ project: project.directory, config })], {
    cwd: REPOSITORY_DIR,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const result = JSON.parse(output.trim().split('\n').pop()!) as LintCaseResult;
  if (result.files !== files) throw new Error(`the lint of case ${id} checked ${result.files} files, not ${files}`);
  return readCompileTrace(output);
}

const base = traceCase(baseCase.id);
const compared = traceCase(comparedCase.id);

const names = new Set([...base.msByFunction.keys(), ...compared.msByFunction.keys()]);
const rows = [...names].map((name) => ({
  name,
  extraMs: (compared.msByFunction.get(name) ?? 0) - (base.msByFunction.get(name) ?? 0),
  baseCompilations: base.compilationsByFunction.get(name) ?? 0,
  comparedCompilations: compared.compilationsByFunction.get(name) ?? 0,
}));
// Functions both cases optimized, that this case compiled more often: the same code compiled again after a deopt.
const recompiledMs = rows
  .filter((row) => row.baseCompilations > 0 && row.comparedCompilations > row.baseCompilations)
  .reduce((sum, row) => sum + row.extraMs, 0);
const onlyComparedMs = rows.filter((row) => row.baseCompilations === 0).reduce((sum, row) => sum + row.extraMs, 0);

console.log(`${files} files, node ${nodeFlags.join(' ')}, one lint per case\n`);
console.log('| case | TurboFan compilations | TurboFan ms |\n|---|---|---|');
for (const [benchCase, trace] of [[baseCase, base], [comparedCase, compared]] as const) {
  console.log(`| ${benchCase.label} | ${totalCompilations(trace)} | ${totalMs(trace).toFixed(0)} |`);
}
console.log(
  `\n${comparedCase.label} over ${baseCase.label}: ${(totalMs(compared) - totalMs(base)).toFixed(0)} ms; functions optimized in both and compiled again more often here: ${recompiledMs.toFixed(0)} ms; functions optimized only here: ${onlyComparedMs.toFixed(0)} ms.\n`,
);
console.log(`| function | ms more | compilations (${values.base} → ${values.case}) |\n|---|---|---|`);
for (const row of rows.sort((left, right) => right.extraMs - left.extraMs).slice(0, Number(values.top))) {
  console.log(`| \`${row.name}\` | ${row.extraMs.toFixed(1)} | ${row.baseCompilations} → ${row.comparedCompilations} |`);
}
