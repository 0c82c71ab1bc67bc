/**
 * What loading the plugin costs a lint process: `npm run bench:load -- [--rounds 11] [--plugin ENTRY]...`
 * (default: the built plugin). Each measurement is a fresh Node that loads ESLint and typescript-eslint's parser,
 * as every typed lint does, and then imports the plugin, as a flat config does; builds take turns, round by
 * round, so a slow minute of the machine falls on all of them. Prints wall and CPU time, median and range.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.js';
import { BUILT_PLUGIN_ENTRY, REPOSITORY_DIR } from './paths.js';
import { summarize, type Summary } from './stats.js';

const CHILD = `await import('eslint');
await import('@typescript-eslint/parser');
const wallBefore = performance.now();
const cpuBefore = process.cpuUsage();
await import(process.argv[1]);
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ wallMs: performance.now() - wallBefore, cpuMs: (cpu.user + cpu.system) / 1000 }));`;

interface LoadTime {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function loadOnce(entry: string): LoadTime {
  const output = execFileSync(process.execPath, ['--input-type=module', '--eval', CHILD, pathToFileURL(entry).href], {
    cwd: REPOSITORY_DIR,
    encoding: 'utf8',
  });
  return JSON.parse(output) as LoadTime;
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '11' }, plugin: { type: 'string', multiple: true } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number of rounds, not "${values.rounds}"`);
const entries = (values.plugin ?? [BUILT_PLUGIN_ENTRY]).map((entry) => path.resolve(entry));

const times = new Map<string, LoadTime[]>(entries.map((entry) => [entry, []]));
for (let round = 0; round < rounds; round++) {
  // Every other round in reverse order: no build always runs right after another.
  for (const entry of round % 2 === 0 ? entries : [...entries].reverse()) times.get(entry)!.push(loadOnce(entry));
}

const milliseconds = (summary: Summary) => `${summary.median.toFixed(0)} (${summary.min.toFixed(0)}–${summary.max.toFixed(0)})`;
const machine = describeMachine();
console.log(`Loading the plugin after ESLint and the parser, ${rounds} interleaved rounds; ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load average ${machine.loadAverage}.\n`);
console.log('| build | wall ms, median (min–max) | CPU ms, median (min–max) |\n|---|---|---|');
for (const [entry, measured] of times) {
  console.log(`| ${path.relative(process.cwd(), entry)} | ${milliseconds(summarize(measured.map((time) => time.wallMs)))} | ${milliseconds(summarize(measured.map((time) => time.cpuMs)))} |`);
}
