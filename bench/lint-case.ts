/**
 * Child process of the benchmark: lints one generated project once and prints one JSON line. A fresh process
 * per measurement, so that its peak memory (maxRSS) belongs to one case alone.
 */
import { ESLint } from 'eslint';

export interface LintCaseRequest {
  readonly project: string;
  readonly config: string;
  readonly concurrency?: number;
  readonly cacheLocation?: string;
  /** Collects ESLint's per-rule times (adds overhead: not used for the timed repetitions). */
  readonly stats?: boolean;
}

export interface LintCaseResult {
  readonly wallMs: number;
  /** User + system CPU of the whole process (worker threads included). */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly files: number;
  readonly problems: number;
  readonly fatal: number;
  /** Present with `stats`: milliseconds per rule and for parsing, summed over files. */
  readonly ruleMs?: Record<string, number>;
  readonly parseMs?: number;
}

async function lintOnce(request: LintCaseRequest): Promise<LintCaseResult> {
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
    maxRssMb: after.maxRSS / 1024,
    files: results.length,
    problems: results.reduce((sum, result) => sum + result.messages.length, 0),
    fatal: results.reduce((sum, result) => sum + result.fatalErrorCount, 0),
    ...(request.stats && { ruleMs, parseMs }),
  };
}

const request = JSON.parse(process.argv[2] ?? '{}') as LintCaseRequest;
process.stdout.write(`${JSON.stringify(await lintOnce(request))}\n`);
