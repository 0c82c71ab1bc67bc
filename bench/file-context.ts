/**
 * What any enabled rule costs a typed lint in garbage collection, and where it comes from:
 * `npm run bench:file-context -- [--files 1000] [--seed 1] [--no-pretenuring] [--without-eslint]`.
 *
 * ESLint makes each rule's context with `Object.create(fileContext)`, so every file's FileContext becomes a
 * prototype. Three lints of the generated project, each in a fresh Node with V8 in predictable mode and
 * `--trace-gc-nvp`: the floor, one enabled rule that does nothing, and that rule with ESLint's
 * `FileContext.prototype.extend` patched to give the context the class's prototype instead. Prints scavenges,
 * full collections, bytes promoted to the old generation, and CPU. Then the peak RSS of the same three lints in a
 * Node with default flags, as users run it (`--rss-runs N` times each: V8's pretenuring gives a lint with no rules
 * one of two peaks, so one run can mislead). Then the same three ways without ESLint:
 * `bench/prototype-retention.mjs`, the standalone script for a report upstream (`--without-eslint`: only that).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { predictableNodeFlags } from './cachegrind.js';
import { BENCH_CASES, writeCaseConfig } from './cases.js';
import { readGcTrace, type GcTrace } from './gc-trace.js';
import { summarize } from './stats.js';
import { generateProject } from './generate/project.js';
import { BUILT_PLUGIN_ENTRY, REPOSITORY_DIR } from './paths.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'no-pretenuring': { type: 'boolean', default: false },
    'rss-runs': { type: 'string', default: '3' },
    'without-eslint': { type: 'boolean', default: false },
  },
});
const files = Number(values.files);
if (!Number.isInteger(files) || files < 1) throw new Error(`--files takes a number of files, not "${values.files}"`);
const rssRuns = Number(values['rss-runs']);
if (!Number.isInteger(rssRuns) || rssRuns < 0) throw new Error(`--rss-runs takes a number of runs, not "${values['rss-runs']}"`);

const fileContextModule = path.join(path.dirname(createRequire(import.meta.url).resolve('eslint/package.json')), 'lib', 'linter', 'file-context.js');

const CHILD = `const [config, project, fileContextModule, patched] = process.argv.slice(1);
if (patched === 'patched') {
  const { createRequire } = await import('node:module');
  const { FileContext } = createRequire(import.meta.url)(fileContextModule);
  FileContext.prototype.extend = function (extension) {
    return Object.freeze(Object.assign(Object.create(FileContext.prototype), this, extension));
  };
}
const { ESLint } = await import('eslint');
const before = process.cpuUsage();
const results = await new ESLint({ cwd: project, overrideConfigFile: config }).lintFiles(['src']);
const cpu = process.cpuUsage(before);
// maxRSS is in kilobytes.
console.log(JSON.stringify({ files: results.length, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }));`;

const nodeFlags = predictableNodeFlags({ pretenuring: !values['no-pretenuring'] });

interface GcCount extends GcTrace {
  readonly cpuMs: number;
}

interface ChildResult {
  readonly output: string;
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

function lintInChild(flags: readonly string[], config: string, project: string, patched: boolean): ChildResult {
  const output = execFileSync(
    process.execPath,
    [...flags, '--input-type=module', '--eval', CHILD, config, project, fileContextModule, patched ? 'patched' : 'as-is'],
    { cwd: REPOSITORY_DIR, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const result = JSON.parse(output.split('\n').findLast((line) => line.startsWith('{')) ?? '{}') as { files?: number; cpuMs?: number; peakRssMb?: number };
  if (result.files !== files) throw new Error(`the lint of ${config} checked ${result.files ?? 'no'} files, not ${files}`);
  return { output, cpuMs: result.cpuMs ?? Number.NaN, peakRssMb: result.peakRssMb ?? Number.NaN };
}

function lintCounted(config: string, project: string, patched: boolean): GcCount {
  const { output, cpuMs } = lintInChild([...nodeFlags, '--trace-gc-nvp'], config, project, patched);
  return { ...readGcTrace(output), cpuMs };
}

const printTable = (rows: readonly { label: string; count: GcCount }[]) => {
  console.log('| case | scavenges | full collections | promoted MB | CPU s |\n|---|---|---|---|---|');
  for (const { label, count } of rows) {
    console.log(`| ${label} | ${count.scavenges} | ${count.fullCollections} | ${(count.promotedBytes / 2 ** 20).toFixed(0)} | ${(count.cpuMs / 1000).toFixed(2)} |`);
  }
};

if (!values['without-eslint']) {
  if (!existsSync(fileContextModule)) throw new Error(`${fileContextModule} is missing: this ESLint makes rule contexts elsewhere, nothing to patch`);
  const project = generateProject({ directory: path.join(os.tmpdir(), 'race-bench', `service-${files}-seed${values.seed}`), files, seed: Number(values.seed) });
  const configOf = (id: string) => writeCaseConfig(project.directory, BENCH_CASES.find((benchCase) => benchCase.id === id)!, BUILT_PLUGIN_ENTRY);
  const cases = [
    { label: '(a) typed parse, no rules', config: configOf('floor'), patched: false },
    { label: "(a') + one rule that does nothing", config: configOf('empty-rule'), patched: false },
    { label: "(a') with ESLint's FileContext.extend patched", config: configOf('empty-rule'), patched: true },
  ];
  const runs = cases.map(({ label, config, patched }) => ({ label, count: lintCounted(config, project.directory, patched) }));
  console.log(`${files} files, node ${nodeFlags.join(' ')} --trace-gc-nvp\n`);
  printTable(runs);
  console.log('');
  if (rssRuns > 0) printPeakRss(cases, project.directory);
}

/** Peak RSS with V8's default heap decisions, as users run it: rounds interleaved, each lint in a fresh Node. */
function printPeakRss(cases: readonly { label: string; config: string; patched: boolean }[], project: string): void {
  const flags = values['no-pretenuring'] ? ['--no-allocation-site-pretenuring'] : [];
  const peaks = cases.map((): number[] => []);
  for (let round = 0; round < rssRuns; round++) {
    cases.forEach(({ config, patched }, index) => peaks[index]!.push(lintInChild(flags, config, project, patched).peakRssMb));
  }
  console.log(`Peak RSS, ${rssRuns} runs each, node ${flags.join(' ') || 'with default flags'}\n`);
  console.log('| case | peak RSS MB, each run | median |\n|---|---|---|');
  cases.forEach(({ label }, index) => {
    console.log(`| ${label} | ${peaks[index]!.map((mb) => mb.toFixed(0)).join(', ')} | ${summarize(peaks[index]!).median.toFixed(0)} |`);
  });
  console.log('');
}

// The same without ESLint, in a Node with default flags: what a report to ESLint can paste and run.
const RETENTION_SCRIPT = path.join(REPOSITORY_DIR, 'bench', 'prototype-retention.mjs');
const retentionFlags = values['no-pretenuring'] ? ['--no-allocation-site-pretenuring'] : [];
const retentionRuns = ['per-file-prototype', 'class-prototype', 'none'].map((mode) => {
  const output = execFileSync(process.execPath, [...retentionFlags, '--trace-gc-nvp', RETENTION_SCRIPT, mode], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const result = JSON.parse(output.split('\n').findLast((line) => line.startsWith('{')) ?? '{}') as { cpuMs?: number };
  return { label: `\`prototype-retention.mjs ${mode}\``, count: { ...readGcTrace(output), cpuMs: result.cpuMs ?? Number.NaN } };
});
console.log(`Without ESLint (\`bench/prototype-retention.mjs\`): 2,000 "files" of 20,000 objects each, node ${[...retentionFlags, '--trace-gc-nvp'].join(' ')}\n`);
printTable(retentionRuns);
