/** Recomputes the targets and the Markdown of a saved run: `tsx bench/rerender.ts [latest]` (after changing the report, not the measurements). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkTargets } from './analyse.js';
import { RESULTS_DIR, writeResults } from './paths.js';
import { markdownReport, type BenchReport } from './report.js';

const name = process.argv[2] ?? 'latest';
const saved = JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8')) as BenchReport;
const report: BenchReport = { ...saved, targets: checkTargets(saved.sizes, saved.profiles ?? []), profiles: saved.profiles ?? [] };
const markdown = markdownReport(report);
writeResults(name, report, markdown);
console.log(markdown);
