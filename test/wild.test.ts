import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintedFiles } from '../bench/wild/files.js';
import { FAMILIES, parseLabels, parseTriage, readLabels, readTriage } from '../bench/wild/labels.js';
import { materialise } from '../bench/wild/materialise.js';
import { score, type WildReport } from '../bench/wild/score.js';

const WILD = path.join(import.meta.dirname, '..', 'bench', 'wild');
const temporary: string[] = [];
const makeTemporary = (): string => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'race-wild-test-'));
  temporary.push(directory);
  return directory;
};
afterAll(() => temporary.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

describe('labels and triage', () => {
  it('reads a label line with a span, and a single line as a span of one', () => {
    const labels = parseLabels(
      [
        '# comment',
        'acme/shop src/orders.ts:10-14 | check-then-act:db | TRUE | findFirst then create; two requests both create',
        'acme/shop src/files.ts:7 | check-then-act:fs | FALSE-LOOKALIKE | package.json read after existsSync',
      ].join('\n'),
    );
    expect(labels).toEqual([
      { repo: 'acme/shop', path: 'src/orders.ts', start: 10, end: 14, family: 'check-then-act', kind: 'db', verdict: 'TRUE', reason: 'findFirst then create; two requests both create', line: 2 },
      { repo: 'acme/shop', path: 'src/files.ts', start: 7, end: 7, family: 'check-then-act', kind: 'fs', verdict: 'FALSE-LOOKALIKE', reason: 'package.json read after existsSync', line: 3 },
    ]);
  });

  it('names the file and line of a malformed label', () => {
    expect(() => parseLabels('acme/shop src/a.ts:3 | locks:redis | TRUE | x', 'labels.txt')).toThrow("labels.txt:1: unknown family 'locks' (expected check-then-act, read-modify-write, lock, idempotency)");
    expect(() => parseLabels('acme/shop src/a.ts:3 | lock:cache | TRUE | x')).toThrow("labels.txt:1: unknown kind 'cache' (expected fs, db, redis, lock, handler, memory)");
    expect(() => parseLabels('acme/shop src/a.ts:9-3 | lock:redis | TRUE | x')).toThrow('labels.txt:1: the span ends before it starts (9-3)');
    expect(() => parseLabels('acme/shop src/a.ts:3 | lock:redis | MAYBE | x')).toThrow("labels.txt:1: verdict must be TRUE or FALSE-LOOKALIKE, got 'MAYBE'");
  });

  it('reads a triage line', () => {
    expect(parseTriage('acme/shop src/cache.ts:42 | race/no-check-then-act | DEBATABLE | memory | memo of a config read')).toEqual([
      { repo: 'acme/shop', path: 'src/cache.ts', line: 42, rule: 'race/no-check-then-act', verdict: 'DEBATABLE', kind: 'memory', reason: 'memo of a config read' },
    ]);
    expect(() => parseTriage('acme/shop src/cache.ts:42 | race/no-such-rule | TRUE | memory | x', 'triage.txt')).toThrow("triage.txt:1: unknown rule 'race/no-such-rule'");
  });
});

describe('the committed labels', () => {
  const labels = readLabels(path.join(WILD, 'labels.txt'));
  const triage = readTriage(path.join(WILD, 'triage.txt'));
  const pinned = new Set((JSON.parse(readFileSync(path.join(WILD, 'repositories.json'), 'utf8')) as Array<{ repo: string }>).map(({ repo }) => repo));
  const heldOut = ['documenso/documenso', 'mfts/papermark', 'juice-shop/juice-shop', 'boxyhq/saas-starter-kit', 'lukevella/rallly', 't3-oss/create-t3-app', 'elie222/inbox-zero', 'outline/outline', 'NodeBB/NodeBB', 'linkwarden/linkwarden', 'jprichardson/node-fs-extra', 'growthbook/growthbook', 'umami-software/umami', 'salsita/node-pg-migrate', 'graphile/worker'];

  it('pin at least 20 repositories, none of them held out, each at a full commit', () => {
    expect(pinned.size).toBeGreaterThanOrEqual(20);
    expect([...pinned].filter((repo) => heldOut.includes(repo))).toEqual([]);
    const commits = (JSON.parse(readFileSync(path.join(WILD, 'repositories.json'), 'utf8')) as Array<{ commit: string }>).map(({ commit }) => commit);
    expect(commits.filter((commit) => !/^[0-9a-f]{40}$/.test(commit))).toEqual([]);
  });

  it('hold at least 150 sites, on pinned repositories only, with both verdicts in every family', () => {
    expect(labels.length).toBeGreaterThanOrEqual(150);
    expect(labels.filter((label) => !pinned.has(label.repo)).map((label) => label.repo)).toEqual([]);
    for (const family of Object.keys(FAMILIES)) {
      const verdicts = new Set(labels.filter((label) => label.family === family).map((label) => label.verdict));
      expect([family, [...verdicts].sort()]).toEqual([family, ['FALSE-LOOKALIKE', 'TRUE']]);
    }
  });

  it('label each site once and triage each report once', () => {
    const siteKeys = labels.map((label) => `${label.repo} ${label.path}:${label.start}-${label.end} ${label.family}`);
    expect(siteKeys.filter((key, index) => siteKeys.indexOf(key) !== index)).toEqual([]);
    const reportKeys = triage.map((entry) => `${entry.repo} ${entry.path}:${entry.line} ${entry.rule}`);
    expect(reportKeys.filter((key, index) => reportKeys.indexOf(key) !== index)).toEqual([]);
    expect(triage.filter((entry) => !pinned.has(entry.repo)).map((entry) => entry.repo)).toEqual([]);
  });
});

describe('scoring', () => {
  const labels = parseLabels(
    [
      'acme/shop src/a.ts:10-14 | check-then-act:db | TRUE | real',
      'acme/shop src/a.ts:30-31 | check-then-act:fs | FALSE-LOOKALIKE | static file',
      'acme/shop src/b.ts:5-9 | read-modify-write:redis | TRUE | missed',
      'acme/other src/c.ts:1-2 | lock:redis | TRUE | another repository, not run',
    ].join('\n'),
  );
  const triage = parseTriage(
    ['acme/shop src/d.ts:3 | race/no-check-then-act | TRUE | memory | lazy pool', 'acme/shop src/d.ts:9 | race/no-check-then-act | FALSE | memory | deterministic memo'].join('\n'),
  );
  const report = (file: string, line: number, rule = 'race/no-check-then-act'): WildReport => ({ repo: 'acme/shop', path: file, line, column: 1, rule, message: '' });

  it('matches a report of the family inside the span, counts look-alikes hit, misses and triaged reports', () => {
    const result = score(
      [report('src/a.ts', 12), report('src/a.ts', 30), report('src/b.ts', 6, 'race/no-check-then-act'), report('src/d.ts', 3), report('src/d.ts', 9), report('src/d.ts', 20)],
      labels,
      triage,
      new Set(['acme/shop']),
    );
    expect(result.families.map((family) => [family.family, family.truePositives, family.falseNegatives, family.falsePositives, family.trueNegatives])).toEqual([
      ['check-then-act', 1, 0, 1, 0],
      ['read-modify-write', 0, 1, 0, 0],
      ['lock', 0, 0, 0, 0],
      ['idempotency', 0, 0, 0, 0],
    ]);
    expect(result.families[0]!.precision).toBe(0.5);
    expect(result.families[1]!.recall).toBe(0);
    // The check-then-act report inside a read-modify-write span matches no label: another family.
    expect(result.unlabelled.map(({ report: r, verdict }) => `${r.path}:${r.line} ${verdict}`)).toEqual(['src/b.ts:6 UNTRIAGED', 'src/d.ts:3 TRUE', 'src/d.ts:9 FALSE', 'src/d.ts:20 UNTRIAGED']);
    expect(result.allReportsByRule['race/no-check-then-act']).toEqual({ TRUE: 2, DEBATABLE: 0, FALSE: 2, UNTRIAGED: 2 });
    expect(result.allReportsByKind.memory).toEqual({ TRUE: 1, DEBATABLE: 0, FALSE: 1, UNTRIAGED: 0 });
    expect(result.allReportsByKind.db).toEqual({ TRUE: 1, DEBATABLE: 0, FALSE: 0, UNTRIAGED: 0 });
    expect(result.overallPrecision).toBe(0.5);
  });
});

describe('materialising a pinned commit', () => {
  it('writes the commit out of a bare snapshot, leaving out blobs the snapshot lacks', () => {
    const work = makeTemporary();
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
    const source = path.join(work, 'source');
    mkdirSync(path.join(source, 'src'), { recursive: true });
    git(source, 'init', '-q');
    writeFileSync(path.join(source, 'src', 'app.ts'), 'export const app = 1;\n');
    writeFileSync(path.join(source, 'big.bin'), 'large file the snapshot leaves out\n');
    git(source, 'add', '.');
    git(source, 'commit', '-qm', 'first');
    const commit = git(source, 'rev-parse', 'HEAD');
    const snapshots = path.join(work, 'snapshots');
    git(work, 'clone', '-q', '--bare', source, path.join(snapshots, 'acme+shop', 'repo'));
    const bare = path.join(snapshots, 'acme+shop', 'repo');
    const bigBlob = git(bare, 'rev-parse', `${commit}:big.bin`);
    rmSync(path.join(bare, 'objects', bigBlob.slice(0, 2), bigBlob.slice(2)));

    const cache = path.join(work, 'cache');
    const root = materialise(snapshots, cache, 'acme/shop', commit);
    expect(root).toBe(path.join(cache, 'src', `acme+shop@${commit.slice(0, 12)}`));
    expect(readFileSync(path.join(root, 'src', 'app.ts'), 'utf8')).toBe('export const app = 1;\n');
    expect(existsSync(path.join(root, 'big.bin'))).toBe(false);
    expect(() => materialise(snapshots, cache, 'acme/absent', commit)).toThrow(`no snapshot of acme/absent in ${snapshots}`);
    expect(() => materialise(snapshots, cache, 'acme/shop', 'f'.repeat(40))).toThrow(`the snapshot of acme/shop does not hold the pinned commit ${'f'.repeat(40)}`);
  });
});

describe('the files linted', () => {
  it('are the sources, without tests, declarations, build output, minified or vendored files', () => {
    const root = makeTemporary();
    for (const file of ['src/a.ts', 'src/b.tsx', 'src/c.mjs', 'src/a.test.ts', 'src/types.d.ts', 'dist/a.js', 'node_modules/x/index.js', 'test/a.ts', 'app/(auth)/page.tsx', 'public/lib.min.js', 'src/readme.md', '.yarn/releases/yarn-4.12.0.cjs', '.pnp.cjs']) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '');
    }
    expect(lintedFiles(root)).toEqual(['app/(auth)/page.tsx', 'src/a.ts', 'src/b.tsx', 'src/c.mjs']);
  });
});
