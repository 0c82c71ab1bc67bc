/**
 * The in-the-wild evaluation: every rule of `configs.all` over pinned commits of real applications, scored
 * against sites labelled by reading the code (bench/wild/labels.txt) and the triage of every other report
 * (bench/wild/triage.txt). See bench/wild/README.md.
 *
 *   npm run wild                               untyped, every repository
 *   npm run wild -- --typed                    with type information, where the dependencies install
 *   npm run wild -- --repos kutt,dub           repositories whose name contains one of these
 *   npm run wild -- --baseline                 also lint without rules, and print the cost ratio
 *   npm run wild -- --typed --install-only     only materialise and install (slow: run it once, ahead)
 *   npm run wild -- --rescore untyped          score results/untyped.json again with today's labels and triage
 *
 * Options: --snapshots DIR (default /work/.mirror or $RACE_WILD_SNAPSHOTS), --cache DIR (default
 * ~/.cache/race-wild or $RACE_WILD_CACHE), --plugin ENTRY, --install-timeout S, --out NAME, --jobs N.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFingerprint } from '../plugin-build.js';
import { lintedFiles } from './files.js';
import { install, type InstallStatus } from './install.js';
import { readLabels, readTriage } from './labels.js';
import type { LintOutcome, LintRequest } from './lint-repo.js';
import { materialise } from './materialise.js';
import { score, scoreMarkdown, type WildReport } from './score.js';

const WILD_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPOSITORY_DIR = path.resolve(WILD_DIR, '..', '..');

interface PinnedRepository {
  readonly repo: string;
  readonly commit: string;
  readonly about: string;
}

const { values } = parseArgs({
  options: {
    typed: { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: false },
    'install-only': { type: 'boolean', default: false },
    rescore: { type: 'string' },
    repos: { type: 'string' },
    snapshots: { type: 'string', default: process.env.RACE_WILD_SNAPSHOTS ?? '/work/.mirror' },
    cache: { type: 'string', default: process.env.RACE_WILD_CACHE ?? path.join(os.homedir(), '.cache', 'race-wild') },
    plugin: { type: 'string', default: path.join(REPOSITORY_DIR, 'dist', 'src', 'index.js') },
    'install-timeout': { type: 'string', default: '900' },
    jobs: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});

const pluginEntry = path.resolve(values.plugin);
if (!existsSync(pluginEntry)) {
  console.error(`wild: ${pluginEntry} is missing: run \`npm run build\` first`);
  process.exit(2);
}
const cache = path.resolve(values.cache);
mkdirSync(cache, { recursive: true });

const pinned = JSON.parse(readFileSync(path.join(WILD_DIR, 'repositories.json'), 'utf8')) as PinnedRepository[];
const wanted = values.repos?.split(',').map((part) => part.trim().toLowerCase());
const selected = pinned.filter(({ repo }) => !wanted || wanted.some((part) => repo.toLowerCase().includes(part)));
const labels = readLabels(path.join(WILD_DIR, 'labels.txt'));
const triage = readTriage(path.join(WILD_DIR, 'triage.txt'));
/** What a rescored run was: its mode, date and build as saved, not today's. */
const saved = values.rescore
  ? (JSON.parse(readFileSync(path.join(WILD_DIR, 'results', `${values.rescore}.json`), 'utf8')) as { mode: string; date: string; build?: string })
  : undefined;
const mode = saved?.mode ?? (values.typed ? 'typed' : 'untyped');
const runDate = saved?.date ?? new Date().toISOString();
const build = saved?.build ?? buildFingerprint(pluginEntry);

/** Lints in a child of its own, so that one repository's memory and crashes stay apart from the others'. */
function lintInChild(request: LintRequest): Promise<LintOutcome> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(WILD_DIR, 'lint-repo.ts'), [], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=12288'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: LintOutcome | undefined;
    child.once('message', (message: LintOutcome) => (outcome = message));
    child.once('exit', (code, signal) =>
      outcome ? resolve(outcome) : reject(new Error(`the lint of ${request.repo} ended without a result (${signal ?? `exit code ${code}`})`)),
    );
    child.send(request);
  });
}

interface RepositoryRun {
  readonly repo: string;
  readonly commit: string;
  readonly skipped?: string;
  readonly install?: InstallStatus;
  readonly withRules?: LintOutcome;
  readonly withoutRules?: LintOutcome;
}

async function runRepository({ repo, commit }: PinnedRepository): Promise<RepositoryRun> {
  let root: string;
  try {
    root = materialise(path.resolve(values.snapshots), cache, repo, commit);
  } catch (error) {
    return { repo, commit, skipped: (error as Error).message };
  }
  let installStatus: InstallStatus | undefined;
  if (values.typed) {
    installStatus = install(root, cache, Number(values['install-timeout']) * 1000);
    if (!installStatus.ok) return { repo, commit, install: installStatus, skipped: `dependencies did not install: ${installStatus.error}` };
    if (values['install-only']) return { repo, commit, install: installStatus, skipped: `installed in ${installStatus.seconds} s; Prisma: ${installStatus.prisma.map((p) => `${p.schema} ${p.ok ? 'generated' : p.error}`).join(', ') || 'none'}` };
  }
  const files = lintedFiles(root);
  const request = { repo, root, files, typed: values.typed, pluginEntry };
  // The floor first and the rules second, in one run, so that the ratio compares like with like.
  const withoutRules = values.baseline ? await lintInChild({ ...request, withRules: false }) : undefined;
  const withRules = await lintInChild({ ...request, withRules: true });
  return { repo, commit, install: installStatus, withRules, withoutRules };
}

/** The runs of an earlier result, to score again after labelling or triage without linting again. */
function readRuns(name: string): RepositoryRun[] {
  const saved = JSON.parse(readFileSync(path.join(WILD_DIR, 'results', `${name}.json`), 'utf8')) as {
    runs: Array<Omit<RepositoryRun, 'withRules'> & { withRules?: Omit<LintOutcome, 'reports'> }>;
    reports: WildReport[];
  };
  return saved.runs.map((run) => ({ ...run, withRules: run.withRules && { ...run.withRules, reports: saved.reports.filter((report) => report.repo === run.repo) } }));
}

async function runAll(): Promise<RepositoryRun[]> {
  if (values.rescore) return readRuns(values.rescore);
  const queue = [...selected];
  const runs: RepositoryRun[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const run = await runRepository(next).catch((error: unknown): RepositoryRun => ({ repo: next!.repo, commit: next!.commit, skipped: (error as Error).message }));
      const outcome = run.withRules;
      console.error(
        outcome
          ? `${run.repo}: ${outcome.files} files, ${outcome.reports.length} reports, ${outcome.parseErrors} parse errors, ${outcome.crashes.length} crashes, ${(outcome.cpuMs / 1000).toFixed(1)} s CPU`
          : `${run.repo}: skipped (${run.skipped})`,
      );
      runs.push(run);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(values.jobs)) }, worker));
  return runs.sort((a, b) => a.repo.localeCompare(b.repo));
}

const reportLine = (report: WildReport): string => `${report.repo} ${report.path}:${report.line} | ${report.rule}`;

function repositoryTable(runs: readonly RepositoryRun[]): string {
  const rows = runs.map((run) => {
    const o = run.withRules;
    if (!o) return `| ${run.repo} | ${run.commit.slice(0, 12)} | skipped: ${run.skipped} | | | | |`;
    const floor = run.withoutRules ? (o.cpuMs / run.withoutRules.cpuMs).toFixed(2) : '–';
    const typedNote = values.typed ? ` (${o.untypedFallbacks} untyped)` : '';
    return `| ${run.repo} | ${run.commit.slice(0, 12)} | ${o.files}${typedNote} | ${o.reports.length} | ${o.parseErrors} | ${o.crashes.length} | ${(o.cpuMs / 1000).toFixed(1)} s, ${floor} | ${o.peakRssMb} MB |`;
  });
  return ['| repository | commit | files | reports | parse errors | crashes | CPU, over no rules | peak RSS |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function costLine(runs: readonly RepositoryRun[]): string {
  const measured = runs.filter((run) => run.withRules && run.withoutRules);
  if (measured.length === 0) return '';
  const sum = (pick: (run: RepositoryRun) => number) => measured.reduce((total, run) => total + pick(run), 0);
  const rules = sum((run) => run.withRules!.cpuMs);
  const floor = sum((run) => run.withoutRules!.cpuMs);
  const peak = Math.max(...measured.map((run) => run.withRules!.peakRssMb / run.withoutRules!.peakRssMb));
  return `Cost: ${(rules / 1000).toFixed(1)} s CPU with the rules against ${(floor / 1000).toFixed(1)} s without, ${(rules / floor).toFixed(3)}x; highest peak-RSS ratio of one repository ${peak.toFixed(2)}x.\n`;
}

const runs = await runAll();
if (values['install-only']) process.exit(0);
const linted = runs.filter((run) => run.withRules);
const reports = linted.flatMap((run) => run.withRules!.reports);
const result = score(reports, labels, triage, new Set(linted.map((run) => run.repo)));

const markdown = [
  `# Wild run: ${mode}, ${runDate.slice(0, 10)}, plugin build ${build}${saved ? ' (scored again with the labels and triage of today)' : ''}`,
  '',
  `\`npm run wild${mode === 'typed' ? ' -- --typed' : ''}\`: ${linted.length} of ${runs.length} repositories linted, ${linted.reduce((n, run) => n + run.withRules!.files, 0)} files, ${reports.length} reports; ${result.labels.length} labels.`,
  '',
  repositoryTable(runs),
  '',
  costLine(runs),
  scoreMarkdown(result),
  '## Labelled sites missed (TRUE, not reported)',
  '',
  ...result.labels.filter(({ label, reported }) => label.verdict === 'TRUE' && !reported).map(({ label }) => `- ${label.repo} ${label.path}:${label.start}-${label.end} | ${label.family}:${label.kind} | ${label.reason}`),
  '',
  '## Look-alikes reported (FALSE-LOOKALIKE, reported)',
  '',
  ...result.labels.filter(({ label, reported }) => label.verdict === 'FALSE-LOOKALIKE' && reported).map(({ label }) => `- ${label.repo} ${label.path}:${label.start}-${label.end} | ${label.family}:${label.kind} | ${label.reason}`),
  '',
  '## Reports on no labelled site',
  '',
  ...result.unlabelled.map(({ report, verdict, reason }) => `- ${reportLine(report)} | ${verdict}${reason ? ` | ${reason}` : ''}`),
  '',
  '## Crashes',
  '',
  ...linted.flatMap((run) => run.withRules!.crashes.map((crash) => `- ${run.repo} ${crash.path}: ${crash.message}`)),
  '',
].join('\n');

process.stdout.write(markdown);
const out = values.out ?? values.rescore ?? (values.repos ? undefined : mode);
if (out) {
  const resultsDir = path.join(WILD_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${out}.md`), markdown);
  // Locations only: the messages quote the repositories' code, which this project does not keep.
  writeFileSync(
    path.join(resultsDir, `${out}.json`),
    `${JSON.stringify({ mode, date: runDate, build, runs: runs.map(({ withRules, withoutRules, ...rest }) => ({ ...rest, withRules: withRules && { ...withRules, reports: withRules.reports.length }, withoutRules: withoutRules && { ...withoutRules, reports: undefined } })), reports: reports.map(({ message: _message, ...site }) => ({ ...site, message: '' })) }, null, 2)}\n`,
  );
  console.error(`wild: wrote bench/wild/results/${out}.md and .json`);
}
