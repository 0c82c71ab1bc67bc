/** Recomputes the targets and the Markdown of a saved run: `tsx bench/rerender.ts [latest]` (after changing the report, not the measurements). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTargets } from './analyse.js';
import { markdownReport, type BenchReport } from './report.js';

const results = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const name = process.argv[2] ?? 'latest';
const saved = JSON.parse(readFileSync(path.join(results, `${name}.json`), 'utf8')) as BenchReport;
const report: BenchReport = { ...saved, targets: checkTargets(saved.sizes, saved.profiles ?? []), profiles: saved.profiles ?? [] };
writeFileSync(path.join(results, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(results, `${name}.md`), markdownReport(report));
console.log(markdownReport(report));
