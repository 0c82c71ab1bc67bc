/**
 * The crash-free sweep: every rule of `configs.all` over the source files of node_modules, then the fixes.
 *
 *   npm run sweep                      all files untyped and with espree, a typed sample; resumes an interrupted run
 *   npm run sweep -- --fresh           start over
 *   npm run sweep -- --failures        only the files that failed in the last full sweep (quick check of a fix)
 *   npm run sweep:ci                   a fixed sample, fresh; exits non-zero on any failure
 *
 * Options: --modes untyped,espree,typed  --sample N (untyped and espree)  --typed-sample N  --jobs N  --timeout S  --plugin ENTRY
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFingerprint } from '../plugin-build.js';
import type { FileOutcome } from './check-file.js';
import { modeAccepts, SWEEP_MODES, type SweepMode } from './configs.js';
import { listSourceFiles, packageRoot, sampleFiles } from './files.js';
import { runBatches } from './pool.js';
import { summarizeMode, sweepMarkdown, type ModeSummary, type SweepReport } from './summary.js';
import type { BatchRequest } from './worker.js';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const RESULTS = path.join(REPOSITORY, 'bench', 'results');
const FULL_REPORT = path.join(RESULTS, 'sweep.json');

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: SWEEP_MODES.join(',') },
    sample: { type: 'string' },
    'typed-sample': { type: 'string', default: '600' },
    jobs: { type: 'string', default: String(Math.max(1, os.availableParallelism() - 1)) },
    timeout: { type: 'string', default: '300' },
    root: { type: 'string', default: path.join(REPOSITORY, 'node_modules') },
    ci: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    failures: { type: 'boolean', default: false },
    // A build of its own (bench/snapshot.ts) keeps a long sweep on one version of the rules.
    plugin: { type: 'string', default: path.join(REPOSITORY, 'dist', 'src', 'index.js') },
  },
});
const PLUGIN_ENTRY = path.resolve(values.plugin);
// The CI slice: a fixed sample that takes a few minutes on a busy 2-core machine.
const CI_SAMPLES: Record<SweepMode, number> = { untyped: 1500, espree: 600, typed: 80 };
const kind = values.ci ? 'ci' : values.failures ? 'failures' : 'full';
const modes = values.modes.split(',') as SweepMode[];
const root = path.resolve(values.root);

if (!existsSync(PLUGIN_ENTRY)) throw new Error(`${PLUGIN_ENTRY} is missing: run \`npm run build\` first`);

function filesOf(mode: SweepMode, all: readonly string[]): string[] {
  if (values.failures) {
    const last = JSON.parse(readFileSync(FULL_REPORT, 'utf8')) as SweepReport;
    return [...new Set(last.modes.find((m) => m.mode === mode)?.failures.map((failure) => failure.file) ?? [])];
  }
  const inScope = all.filter((file) => modeAccepts(mode, file));
  const sample = values.ci ? CI_SAMPLES[mode] : mode === 'typed' ? Number(values['typed-sample']) : Number(values.sample ?? Infinity);
  return sampleFiles(inScope, sample, root);
}

/** Untyped batches are slices; typed ones are a package each (one program), split when large. */
function batchesOf(mode: SweepMode, files: readonly string[], fixedDirectory: string): BatchRequest[] {
  const groups = new Map<string, string[]>();
  files.forEach((file, index) => {
    const key = mode === 'typed' ? packageRoot(file) : String(Math.floor(index / 100));
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(file);
  });
  return [...groups.values()].flatMap((group) => {
    const slices: BatchRequest[] = [];
    for (let at = 0; at < group.length; at += 200) {
      slices.push({ mode, files: group.slice(at, at + 200), pluginEntry: PLUGIN_ENTRY, fixedDirectory, root });
    }
    return slices;
  });
}

function readState(file: string): Map<string, FileOutcome> {
  const outcomes = new Map<string, FileOutcome>();
  if (!existsSync(file)) return outcomes;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line) {
      const outcome = JSON.parse(line) as FileOutcome;
      outcomes.set(outcome.file, outcome);
    }
  }
  return outcomes;
}

const fingerprint = buildFingerprint(PLUGIN_ENTRY);
const stateDirectory = path.join(RESULTS, 'tmp', 'sweep', `${kind}-${fingerprint}`);
// CI and failure runs always start over: their point is the current verdict.
if (values.fresh || kind !== 'full') rmSync(stateDirectory, { recursive: true, force: true });
mkdirSync(stateDirectory, { recursive: true });

const started = Date.now();
const all = values.failures ? [] : listSourceFiles(root);
const rules = Object.keys(((await import(PLUGIN_ENTRY)) as { default: { configs: { all: { rules: object } } } }).default.configs.all.rules);
console.log(`Sweep (${kind}) of ${root}: ${all.length} source files; rules ${rules.join(', ')}; build ${fingerprint}`);

const summaries: ModeSummary[] = [];
for (const mode of modes) {
  const files = filesOf(mode, all);
  const stateFile = path.join(stateDirectory, `${mode}.jsonl`);
  const outcomes = readState(stateFile);
  const pending = files.filter((file) => !outcomes.has(file));
  console.log(`${mode}: ${files.length} files, ${files.length - pending.length} already checked by this build`);
  const modeStarted = Date.now();
  let checked = 0;
  await runBatches(batchesOf(mode, pending, path.join(stateDirectory, 'fixed', mode)), Number(values.jobs), Number(values.timeout) * 1000, (outcome) => {
    outcomes.set(outcome.file, outcome);
    appendFileSync(stateFile, `${JSON.stringify(outcome)}\n`);
    if (outcome.crash || outcome.killed) console.log(`  ${outcome.crash ? `CRASH ${outcome.crash.rule ?? ''}` : 'KILLED'} ${outcome.file}: ${outcome.crash?.message ?? outcome.killed}`);
    if (++checked % 1000 === 0) console.log(`  ${checked}/${pending.length} in ${Math.round((Date.now() - modeStarted) / 1000)} s`);
  });
  const inScope = new Set(files);
  const summary = summarizeMode(mode, files.length, [...outcomes.values()].filter((outcome) => inScope.has(outcome.file)));
  summaries.push(summary);
  console.log(`  done in ${Math.round((Date.now() - modeStarted) / 1000)} s: ${summary.crashes} crashes, ${summary.fixesNotParsing} fixes not parsing, ${summary.fixesUnstable} unstable, ${summary.killed} killed`);
}

const report: SweepReport = {
  command: `npm run ${kind === 'ci' ? 'sweep:ci' : `sweep${kind === 'failures' ? ' -- --failures' : ''}`}`,
  finishedAt: new Date().toISOString(),
  wallSeconds: (Date.now() - started) / 1000,
  pluginFingerprint: fingerprint,
  rules,
  root: path.relative(REPOSITORY, root) || '.',
  modes: summaries,
};
const markdown = sweepMarkdown(report, (file) => path.relative(root, file));
const [jsonFile, markdownFile] =
  kind === 'full' ? [FULL_REPORT, path.join(RESULTS, 'sweep.md')] : [path.join(stateDirectory, 'report.json'), path.join(stateDirectory, 'report.md')];
writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(markdownFile, markdown);
console.log(`\n${markdown}\nWritten to ${path.relative(REPOSITORY, markdownFile)}`);
const failed = summaries.some((m) => m.failures.length > 0);
process.exitCode = failed ? 1 : 0;
