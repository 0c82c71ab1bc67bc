/**
 * The built `race-lint` on the demo projects, as a user runs it: the findings, then `--fix` on a copy, which
 * must leave a project that type-checks and has only the races no automatic fix can remove.
 */
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, removeTemporaryDirectories, repository, runBuiltCli, temporaryDirectory, typeCheck } from './built-cli.js';

beforeAll(ensureBuilt);
afterAll(removeTemporaryDirectories);

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number }[];
}

/** Each problem as "file:line:column ruleId", relative to `root`. */
function findings(stdout: string, root: string): string[] {
  return (JSON.parse(stdout) as JsonResult[])
    .flatMap((result) =>
      result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`),
    )
    .sort();
}

/** A copy of a demo in the temporary directory, with the repository's node_modules for its types. */
function copyDemo(name: string): string {
  const copy = path.join(temporaryDirectory(), name);
  cpSync(path.join(repository, 'fixtures', name), copy, { recursive: true });
  symlinkSync(path.join(repository, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

const demos = [
  {
    name: 'demo-cli',
    // A command-line package (a bin, no server dependency) whose own code is quiet by default (option `scripts`);
    // two runs of the command sharing the lock file and the output folder are the race, between processes, so
    // synchronous pairs are asked for too (option `synchronousPairs`).
    args: ['--rule', JSON.stringify({ 'race/no-check-then-act': ['error', { scripts: 'report', synchronousPairs: 'report' }] })],
    findings: [
      // Writes the default configuration only if the file is absent.
      'src/config.ts:13:8 race/no-check-then-act',
      // Deletes the lock file if it exists.
      'src/lock.ts:9:7 race/no-check-then-act',
      // Creates the output directory if it is missing.
      'src/output.ts:6:8 race/no-check-then-act',
    ],
    afterFix: [],
    fixedText: {
      'src/config.ts': "await fs.writeFile(file, `${JSON.stringify(DEFAULT_CONFIG, null, 2)}\\n`, { flag: 'wx' });",
      'src/lock.ts': "if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;",
      'src/output.ts': 'mkdirSync(outDir, { recursive: true });',
    },
  },
  {
    name: 'demo-uploads',
    args: [],
    // scripts/purge-temp.mjs (a stat, then an unlink) is one-shot code, not reported by default (option `scripts`).
    findings: [
      // Removes the temporary file if it still exists.
      'src/cleanup.ts:6:7 race/no-check-then-act',
      // Creates the storage directories when stat fails.
      'src/storage.ts:11:13 race/no-check-then-act',
      // Refuses to overwrite an upload by checking first, then renames over it.
      'src/storage.ts:23:9 race/no-check-then-act',
    ],
    // Refusing to overwrite needs a different design (link, then unlink).
    afterFix: ['src/storage.ts:19:9 race/no-check-then-act'],
    fixedText: {
      'src/cleanup.ts': 'await rm(tempFile, { force: true });',
      'src/storage.ts': 'await fsp.mkdir(dir, { recursive: true });',
    },
  },
  {
    name: 'demo-workers',
    args: [],
    findings: [
      // An in-process flag lock released outside finally.
      'src/job-worker.ts:25:3 race/no-unguarded-lock-release',
      // A hand-written Redis lock helper pair, released outside finally.
      'src/job-worker.ts:32:9 race/no-unguarded-lock-release',
      // GET, +1, SET on a Redis counter.
      'src/job-worker.ts:40:9 race/no-read-modify-write',
      // async-mutex acquire/release outside finally.
      'src/job-worker.ts:48:3 race/no-unguarded-lock-release',
      // A redlock `using` routine that never checks its abort signal.
      'src/job-worker.ts:53:51 race/no-unguarded-lock-release',
      // SET NX without a TTL.
      'src/job-worker.ts:61:25 race/require-lock-ttl',
      // A lock freed by a plain DEL with no token comparison, and no token in scope.
      'src/locks.ts:15:9 race/no-unguarded-lock-release',
      // redlock acquire/release outside finally.
      'src/payment-processor.ts:26:9 race/no-unguarded-lock-release',
      // A JSON blob read, changed and written back.
      'src/payment-processor.ts:35:9 race/no-read-modify-write',
      // A PostgreSQL advisory lock released outside finally.
      'src/payment-processor.ts:44:11 race/no-unguarded-lock-release',
    ],
    // Suggestions only: the signal check, the TTL, the compare-and-delete without a token, WATCH/MULTI.
    afterFix: [
      'src/job-worker.ts:60:51 race/no-unguarded-lock-release',
      'src/job-worker.ts:68:25 race/require-lock-ttl',
      'src/locks.ts:15:9 race/no-unguarded-lock-release',
      'src/payment-processor.ts:38:9 race/no-read-modify-write',
    ],
    fixedText: {
      'src/job-worker.ts': 'const next = await redis.incrby(`stats:processed:${kind}`, 1);',
      'src/payment-processor.ts': '  } finally {\n    await lock.release();\n  }',
    },
  },
  {
    name: 'demo-lazy-init',
    args: [],
    findings: [
      // src/cache.ts's Map of profiles is a memo of rows: quiet by default (duplicateWork: 'ignore').
      // `if (!pool) pool = await connectPool()`.
      'src/db.ts:14:14 race/no-check-then-act',
      // A cold-start flag guarding CREATE TABLE in a module that exports a handler.
      'src/handler.ts:14:11 race/no-check-then-act',
      // A singleton's field checked, then changed after an await.
      'src/service.ts:18:22 race/no-check-then-act',
      // A singleton's counter read before an await and written after it.
      'src/service.ts:24:5 race/no-read-modify-write',
      // `total = total + await countRows(...)`, a module-level total and a per-table record.
      'src/stats.ts:14:3 race/no-read-modify-write',
      'src/stats.ts:22:3 race/no-read-modify-write',
    ],
    afterFix: [
      'src/handler.ts:14:11 race/no-check-then-act',
      'src/service.ts:18:22 race/no-check-then-act',
      'src/service.ts:24:5 race/no-read-modify-write',
    ],
    fixedText: {
      'src/db.ts': 'poolPromise ??= connectPool().catch((error: unknown) => {',
      'src/stats.ts': 'const delta = await countRows(table);\n  perTable[table] = (perTable[table] ?? 0) + delta;',
    },
  },
] as const;

describe.each(demos)('race-lint on fixtures/$name', (demo) => {
  it('type-checks as shipped', () => {
    expect(typeCheck(path.join(repository, 'fixtures', demo.name))).toEqual({ status: 0, output: '' });
  });

  it('finds the races', () => {
    const { status, stdout, stderr } = runBuiltCli([...demo.args, '--format', 'json', path.join('fixtures', demo.name)], repository);
    expect({ status, stderr }).toEqual({ status: 1, stderr: '' });
    expect(findings(stdout, path.join(repository, 'fixtures', demo.name))).toEqual(demo.findings);
  });

  it('reports them in SARIF relative to the working directory', () => {
    const { stdout } = runBuiltCli([...demo.args, '--format', 'sarif', path.join('fixtures', demo.name)], repository);
    const locations = JSON.parse(stdout).runs[0].results.map(
      (result: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => {
        const { artifactLocation, region } = result.locations[0]!.physicalLocation;
        return `${artifactLocation.uri}:${region.startLine}:${region.startColumn}`;
      },
    );
    expect(locations.sort()).toEqual(demo.findings.map((finding) => `fixtures/${demo.name}/${finding.split(' ')[0]}`));
  });

  it('fixes them with --fix into a project that type-checks and keeps only the unfixable races', () => {
    const copy = copyDemo(demo.name);
    const fixed = runBuiltCli([...demo.args, '--fix', '--format', 'json'], copy);
    expect(fixed.stderr).toBe('');
    expect(findings(fixed.stdout, copy)).toEqual(demo.afterFix);
    expect(fixed.status).toBe(demo.afterFix.length === 0 ? 0 : 1);
    for (const [file, text] of Object.entries(demo.fixedText)) expect(readFileSync(path.join(copy, file), 'utf8')).toContain(text);
    expect(typeCheck(copy)).toEqual({ status: 0, output: '' });

    const relinted = runBuiltCli([...demo.args, '--format', 'json'], copy);
    expect(findings(relinted.stdout, copy)).toEqual(demo.afterFix);
  });
});

describe('race-lint on fixtures/demo-cli without options', () => {
  it('finds nothing: the code of a command-line package runs once per invocation (option `scripts`)', () => {
    const { status, stdout, stderr } = runBuiltCli(['--format', 'json', path.join('fixtures', 'demo-cli')], repository);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(findings(stdout, path.join(repository, 'fixtures', 'demo-cli'))).toEqual([]);
  });
});
