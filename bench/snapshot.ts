/**
 * Builds the plugin into bench/results/tmp/snapshot (`tsx bench/snapshot.ts [--name X]`) and prints its entry, for
 * `--plugin`: rules land all day and `npm run build` rewrites dist/, so a long benchmark or sweep runs on a
 * build of its own instead of whatever dist/ holds at each moment.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--name X` builds into snapshot-X: a snapshot per person when several measure at once.
const nameAt = process.argv.indexOf('--name');
const name = nameAt >= 0 ? process.argv[nameAt + 1] : undefined;
const snapshot = path.join(repository, 'bench', 'results', 'tmp', name ? `snapshot-${name}` : 'snapshot');
rmSync(snapshot, { recursive: true, force: true });
mkdirSync(snapshot, { recursive: true });
// The entry reads ../../package.json for its name and version.
copyFileSync(path.join(repository, 'package.json'), path.join(snapshot, 'package.json'));
try {
  execFileSync(process.execPath, [path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(snapshot, 'dist')], {
    cwd: repository,
    stdio: 'inherit',
  });
} catch {
  // Type errors in work in progress elsewhere: tsc still emits, and the rules run as written.
}
console.log(path.relative(process.cwd(), path.join(snapshot, 'dist', 'src', 'index.js')));
