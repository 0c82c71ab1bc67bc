/**
 * A pinned commit of a repository, written out from a local snapshot (a bare git directory, or a clone whose
 * `.git` holds it) into the cache, outside this project. Snapshots leave out files of 4 MiB and more: those
 * blobs are missing, so the checkout skips them instead of failing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const COMPLETE = '.race-wild-complete';

/** `owner/name` as a folder name. */
export const folderName = (repo: string): string => repo.replace('/', '+');

/** The git directory of `repo`'s snapshot in `snapshots`: `<owner>+<name>/repo[/.git]`, or `<owner>+<name>` itself. */
export function snapshotGitDirectory(snapshots: string, repo: string): string | undefined {
  const base = path.join(snapshots, folderName(repo));
  return [path.join(base, 'repo', '.git'), path.join(base, 'repo'), path.join(base, '.git'), base].find(
    (candidate) => existsSync(path.join(candidate, 'HEAD')) && existsSync(path.join(candidate, 'objects')),
  );
}

const git = (gitDirectory: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string =>
  execFileSync('git', ['--git-dir', gitDirectory, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, input: options.input, env: options.env ?? process.env });

/** Paths of the commit's blobs that the snapshot does not hold. */
function missingBlobs(gitDirectory: string, commit: string): string[] {
  const entries = git(gitDirectory, ['ls-tree', '-r', '-z', commit])
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const [meta, file] = entry.split('\t') as [string, string];
      const [, type, object] = meta.split(' ') as [string, string, string];
      return { type, object, file };
    })
    .filter((entry) => entry.type === 'blob');
  const answers = git(gitDirectory, ['cat-file', '--batch-check'], { input: entries.map((entry) => entry.object).join('\n') + '\n' }).split('\n');
  return entries.filter((_, index) => answers[index]?.endsWith(' missing')).map((entry) => entry.file);
}

/**
 * The source tree of `repo` at `commit` under `<cache>/src/<owner>+<name>@<commit>`; written once, then reused.
 * Throws with a one-line cause when the snapshot is absent or lacks the commit.
 */
export function materialise(snapshots: string, cache: string, repo: string, commit: string): string {
  const target = path.join(cache, 'src', `${folderName(repo)}@${commit.slice(0, 12)}`);
  if (existsSync(path.join(target, COMPLETE))) return target;
  const gitDirectory = snapshotGitDirectory(snapshots, repo);
  if (!gitDirectory) throw new Error(`no snapshot of ${repo} in ${snapshots} (fetch it first: see bench/wild/README.md)`);
  try {
    git(gitDirectory, ['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    throw new Error(`the snapshot of ${repo} does not hold the pinned commit ${commit}`);
  }
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // A private index: the snapshot is never written to, and missing blobs are dropped from the checkout.
  const index = path.join(os.tmpdir(), `race-wild-index-${process.pid}-${folderName(repo)}`);
  // update-index and checkout-index want a work tree even on a bare directory: the target is one.
  const env = { ...process.env, GIT_INDEX_FILE: index, GIT_WORK_TREE: target };
  try {
    git(gitDirectory, ['read-tree', commit], { env });
    const missing = missingBlobs(gitDirectory, commit);
    if (missing.length > 0) git(gitDirectory, ['update-index', '-z', '--force-remove', '--stdin'], { env, input: missing.join('\0') });
    git(gitDirectory, ['checkout-index', '-a', `--prefix=${target}${path.sep}`], { env });
  } finally {
    rmSync(index, { force: true });
  }
  writeFileSync(path.join(target, COMPLETE), `${commit}\n`);
  return target;
}

/** Whether the cache has any materialised tree (for a clear message when nothing was fetched). */
export const hasMaterialised = (cache: string): boolean => existsSync(path.join(cache, 'src')) && readdirSync(path.join(cache, 'src')).length > 0;
