import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
/** The repository, whose node_modules hold the ESLint and parser every measured child loads. */
export const REPOSITORY_DIR = path.resolve(BENCH_DIR, '..');
/** The plugin as `npm run build` leaves it; a long run takes a snapshot of its own (`--plugin`, bench/snapshot.ts). */
export const BUILT_PLUGIN_ENTRY = path.join(REPOSITORY_DIR, 'dist', 'src', 'index.js');

/** Writes a run's report as bench/results/<name>.json and its Markdown as <name>.md. */
export function writeResults(name: string, report: unknown, markdown: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, `${name}.md`), markdown);
}
