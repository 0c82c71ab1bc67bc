/**
 * Child process of the benchmark: lints one generated project once and prints one JSON line. A fresh process
 * per measurement, so that its peak memory (maxRSS) belongs to one case alone.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';

export interface LintCaseRequest {
  readonly project: string;
  readonly config: string;
  readonly concurrency?: number;
  readonly cacheLocation?: string;
  /** Collects ESLint's per-rule times (adds overhead: not used for the timed repetitions). */
  readonly stats?: boolean;
  /**
   * Exits after loading ESLint, without linting: the process start-up every case shares, which instruction
   * counts of whole processes subtract (`bench/instructions.ts`).
   */
  readonly importOnly?: boolean;
}

export interface LintCaseResult {
  readonly wallMs: number;
  /** User + system CPU of the whole process (worker threads included). */
  readonly cpuMs: number;
  /**
   * User + system CPU of the main thread alone (Linux): without the garbage collector's and the platform's
   * helper threads, whose share moves with heap size and machine load. Absent where `/proc` is not there.
   */
  readonly mainThreadCpuMs?: number;
  readonly maxRssMb: number;
  readonly files: number;
  readonly problems: number;
  readonly fatal: number;
  /** Present with `stats`: milliseconds per rule and for parsing, summed over files. */
  readonly ruleMs?: Record<string, number>;
  readonly parseMs?: number;
}

/** The main thread's user + system CPU in ms, from `/proc/self/task/<pid>/stat` (fields 14 and 15, in ticks). */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // Linux reports these in USER_HZ, which is 100 on every architecture Node runs on.
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

async function lintOnce(request: LintCaseRequest): Promise<LintCaseResult> {
  const mainBefore = mainThreadCpuMs();
  const before = process.resourceUsage();
  const started = performance.now();
  const eslint = new ESLint({
    cwd: request.project,
    overrideConfigFile: request.config,
    concurrency: request.concurrency ?? 'off',
    cache: request.cacheLocation !== undefined,
    ...(request.cacheLocation !== undefined && { cacheLocation: request.cacheLocation }),
    stats: request.stats ?? false,
  });
  const results = await eslint.lintFiles(['src']);
  const wallMs = performance.now() - started;
  const after = process.resourceUsage();
  const mainAfter = mainThreadCpuMs();
  const ruleMs: Record<string, number> = {};
  let parseMs = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) ruleMs[rule] = (ruleMs[rule] ?? 0) + time.total;
    }
  }
  return {
    wallMs,
    cpuMs: (after.userCPUTime + after.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1000,
    ...(mainBefore !== undefined && mainAfter !== undefined && { mainThreadCpuMs: mainAfter - mainBefore }),
    maxRssMb: after.maxRSS / 1024,
    files: results.length,
    problems: results.reduce((sum, result) => sum + result.messages.length, 0),
    fatal: results.reduce((sum, result) => sum + result.fatalErrorCount, 0),
    ...(request.stats && { ruleMs, parseMs }),
  };
}

const request = JSON.parse(process.argv[2] ?? '{}') as LintCaseRequest;
const result: LintCaseResult = request.importOnly
  ? { wallMs: 0, cpuMs: 0, maxRssMb: process.resourceUsage().maxRSS / 1024, files: 0, problems: 0, fatal: 0 }
  : await lintOnce(request);
process.stdout.write(`${JSON.stringify(result)}\n`);
