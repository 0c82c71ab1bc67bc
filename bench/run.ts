/**
 * The benchmark: `npm run bench -- [--sizes 300] [--repeat 3] [--seed 1] [--cases floor,all] [--cpu-prof] [--quick] [--out latest] [--plugin ENTRY]`.
 * Generates a service project per size, lints it in a fresh process per case and round, and writes
 * bench/results/<out>.json and <out>.md (`--quick`: no warm-up run, no per-rule stats run).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { analyseSize, checkTargets, type SizeReport } from './analyse.js';
import { BENCH_CASES, FLOOR_CASE, selectCases, writeCaseConfig } from './cases.js';
import { generateProject } from './generate/project.js';
import { describeMachine } from './machine.js';
import { buildFingerprint } from './plugin-build.js';
import { lintInChild, measureProject } from './measure.js';
import { BUILT_PLUGIN_ENTRY, RESULTS_DIR, writeResults } from './paths.js';
import { hotSpots, threadShare, type ProfiledRun } from './profile.js';
import { markdownReport, type BenchReport } from './report.js';

const { values } = parseArgs({
  options: {
    // A few minutes on an idle 2-core machine; the targets name 1,000 and 5,000 files (`--sizes 1000,5000`).
    sizes: { type: 'string', default: '300' },
    repeat: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    cases: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'latest' },
    // A build of its own (bench/snapshot.ts), so that rebuilds of dist/ during the run do not mix rule versions.
    plugin: { type: 'string', default: BUILT_PLUGIN_ENTRY },
  },
});
const PLUGIN_ENTRY = path.resolve(values.plugin);
const sizes = values.sizes.split(',').map(Number);
const repeat = Number(values.repeat);
const seed = Number(values.seed);
const wanted = values.cases?.split(',');
const cases = selectCases(wanted);

if (!existsSync(PLUGIN_ENTRY)) throw new Error(`${PLUGIN_ENTRY} is missing: run \`npm run build\` first`);
const race = (await import(pathToFileURL(PLUGIN_ENTRY).href)).default as {
  meta: { version: string };
  configs: { all: { rules: object }; recommended: { rules: object } };
};

/** One more run of `race.configs.all` under `--cpu-prof`: the plugin's functions by time spent in them. */
async function profileRules(project: string): Promise<Omit<ProfiledRun, 'files'>> {
  const directory = path.join(RESULTS_DIR, 'tmp', 'profiles', path.basename(project));
  rmSync(directory, { recursive: true, force: true });
  const allCase = BENCH_CASES.find((benchCase) => benchCase.id === 'all')!;
  const run = await lintInChild({ project, config: writeCaseConfig(project, allCase, PLUGIN_ENTRY) }, ['--cpu-prof', '--cpu-prof-dir', directory]);
  const profile = path.join(directory, readdirSync(directory).find((file) => file.endsWith('.cpuprofile'))!);
  // The plugin's own dist/ (a snapshot's when --plugin names one): dist/src/index.js → dist.
  const pluginRoot = pathToFileURL(path.dirname(path.dirname(PLUGIN_ENTRY))).href;
  console.log(`CPU profile: ${path.relative(process.cwd(), profile)}`);
  const isPlugin = (url: string) => url.startsWith(pluginRoot);
  return { hotSpots: hotSpots(profile, isPlugin, (url) => url.slice(pluginRoot.length + 1)), share: threadShare(profile, isPlugin), cpuMs: run.cpuMs };
}

const profiles: ProfiledRun[] = [];
const buildAtStart = buildFingerprint(PLUGIN_ENTRY);
const machine = describeMachine();
const started = new Date();
const sizeReports: SizeReport[] = [];
for (const files of sizes) {
  const project = generateProject({ directory: path.join(os.tmpdir(), 'race-bench', `service-${files}-seed${seed}`), files, seed });
  console.log(`${files} files (${project.races.length} planted races) in ${project.directory}`);
  const measurements = await measureProject(project.directory, PLUGIN_ENTRY, { repeat, quick: values.quick }, cases, (benchCase, round, result) =>
    console.log(`  round ${round + 1} ${benchCase.id.padEnd(18)} ${(result.wallMs / 1000).toFixed(2)} s wall, ${(result.cpuMs / 1000).toFixed(2)} s CPU, ${Math.round(result.maxRssMb)} MB, ${result.problems} problems`),
  );
  sizeReports.push(analyseSize(files, project.races.length, FLOOR_CASE, measurements));
  if (values['cpu-prof']) profiles.push({ files, ...(await profileRules(project.directory)) });
}

const report: BenchReport = {
  command: `npm run bench -- --sizes ${sizes.join(',')} --repeat ${repeat}${wanted ? ` --cases ${wanted.join(',')}` : ''}${values['cpu-prof'] ? ' --cpu-prof' : ''}${values.quick ? ' --quick' : ''}${values.out !== 'latest' ? ` --out ${values.out}` : ''}${values.plugin.includes('snapshot') ? ' --plugin <snapshot>' : ''}`,
  startedAt: started.toISOString(),
  durationSeconds: (Date.now() - started.getTime()) / 1000,
  machine,
  loadAverageAtEnd: Math.round(os.loadavg()[0]! * 100) / 100,
  plugin: {
    version: race.meta.version,
    build: buildAtStart,
    buildAtEnd: buildFingerprint(PLUGIN_ENTRY),
    rules: Object.keys(race.configs.all.rules),
    recommended: Object.keys(race.configs.recommended.rules),
  },
  repeat,
  sizes: sizeReports,
  targets: checkTargets(sizeReports, profiles),
  profiles,
};
const markdown = markdownReport(report);
writeResults(values.out, report, markdown);
console.log(`\n${markdown}`);
