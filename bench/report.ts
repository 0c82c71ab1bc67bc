import type { SizeReport, TargetCheck } from './analyse.js';
import type { Machine } from './machine.js';
import type { ProfiledRun } from './profile.js';
import type { Summary } from './stats.js';

export interface BenchReport {
  readonly command: string;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  /** Load average when the run ended (the machine's at the start is in `machine`). */
  readonly loadAverageAtEnd: number;
  readonly plugin: {
    readonly version: string;
    /** Fingerprints of the build at the start and the end: they differ when dist/ was rebuilt during the run. */
    readonly build?: string;
    readonly buildAtEnd?: string;
    readonly rules: readonly string[];
    readonly recommended: readonly string[];
  };
  readonly repeat: number;
  readonly sizes: readonly SizeReport[];
  readonly targets: readonly TargetCheck[];
  /** With `--cpu-prof`: the plugin's functions by total time, per size. */
  readonly profiles: readonly ProfiledRun[];
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const range = (summary: Summary, format: (value: number) => string) =>
  `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
const ratio = (value: number) => value.toFixed(3);

function sizeSection(size: SizeReport, repeat: number): string {
  const rows = size.cases.map((entry) =>
    [
      entry.label,
      range(entry.wallMs, seconds),
      seconds(entry.cpuMs.median),
      entry.toFloor ? range(entry.toFloor.wall, ratio) : '1',
      entry.toFloor ? range(entry.toFloor.cpu, ratio) : '1',
      `${Math.round(entry.maxRssMb.median)}`,
      entry.toFloor ? ratio(entry.toFloor.maxRss.median) : '1',
      `${Math.round(entry.filesPerSecond)}`,
      `${entry.problems}`,
    ].join(' | '),
  );
  const rules = Object.entries(size.ruleMs)
    .sort(([, a], [, b]) => b - a)
    .map(([rule, ms]) => `\`${rule}\` ${ms.toFixed(0)} ms`);
  const mainThread = size.cases.filter((entry) => entry.toFloor?.mainThreadCpu);
  const extras = [
    mainThread.length > 0 &&
      `main thread's CPU alone / (a), paired (without the garbage collector's helper threads): ${mainThread.map((entry) => `${entry.id} ${range(entry.toFloor!.mainThreadCpu!, ratio)}`).join(', ')}`,
    size.concurrencySpeedup && `concurrency 2 speed-up: ${range(size.concurrencySpeedup, (v) => `${v.toFixed(2)}x`)}`,
    size.warmCacheFraction && `warm cache: ${range(size.warmCacheFraction, (v) => `${(v * 100).toFixed(1)}%`)} of the uncached time`,
    size.statsRunMs > 0 &&
      `per rule (one \`stats: true\` run of (c), ${seconds(size.statsRunMs)} s): parse ${size.parseMs.toFixed(0)} ms; ${rules.join(', ') || 'no rule time'}`,
  ].filter(Boolean);
  return `### ${size.files} files (${size.plantedRaces} planted races), ${repeat} interleaved rounds

| case | wall s, median (min–max) | CPU s | wall / (a), paired (min–max) | CPU / (a) (min–max) | peak RSS MB | RSS / (a) | files/s | problems |
|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row} |`).join('\n')}

${extras.map((line) => `- ${line}`).join('\n')}
`;
}

function profileSection({ files, hotSpots, share }: BenchReport['profiles'][number]): string {
  const shareLine = share
    ? `\nOn the main thread the plugin's functions, with the TypeScript work they asked for, took ${share.pluginMs} ms: ${((100 * share.pluginMs) / share.otherMs).toFixed(1)}% on top of the rest of the lint (${share.otherMs} ms; garbage collection, ${share.gcMs} ms, is not attributed). Both parts come from one run, so machine load moves them together.\n`
    : '';
  return `
## CPU profile of (c), ${files} files: the plugin's functions by total time
${shareLine}
| function (dist file:line) | total ms | in TypeScript ms | self ms |
|---|---|---|---|
${hotSpots.map((spot) => `| ${spot.frame} | ${spot.totalMs} | ${spot.typeScriptMs} | ${spot.selfMs} |`).join('\n')}
`;
}

export function markdownReport(report: BenchReport): string {
  const { machine } = report;
  return `# Benchmark: ${report.startedAt}

\`${report.command}\` — eslint-plugin-race ${report.plugin.version}, build ${report.plugin.build ?? '?'}, rules: ${report.plugin.rules.join(', ')} (recommended: ${report.plugin.recommended.join(', ') || 'none'}).${
    report.plugin.build !== report.plugin.buildAtEnd
      ? ` **dist/ was rebuilt during the run (build ${report.plugin.buildAtEnd ?? '?'} at the end): rounds mix rule versions; use \`--plugin\` with a snapshot.**`
      : ''
  }

Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; load average ${machine.loadAverage} at start, ${report.loadAverageAtEnd} at end (shared machine: compare ratios within this run, not absolute times across runs). Run took ${Math.round(report.durationSeconds)} s.

${report.sizes.map((size) => sizeSection(size, report.repeat)).join('\n')}
## Targets

| target | measured | pass |
|---|---|---|
${report.targets.map((check) => `| ${check.target} | ${check.value} | ${check.pass ? 'yes' : '**no**'} |`).join('\n')}
${report.profiles.map(profileSection).join('')}`;
}
