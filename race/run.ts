/**
 * The race harness: for every scenario under fixtures/race-scenarios/, the plugin fixes the racy code (its
 * autofix or a suggestion, through ESLint's API), then both versions run under real concurrency against real
 * PostgreSQL, Redis, a loopback Stripe and the file system, and the anomalies are counted. A scenario passes
 * when the racy code shows its race and the fixed code never does.
 *
 *   npm run test:race [-- <scenario name filter>...]
 *   RACE_CALLERS=50 RACE_REPEATS=20 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPreparation } from './prepare.js';
import { formatTable, total, type Row } from './report.js';
import type { Anomalies, RunEnvironment, Scenario, Service } from './scenario.js';
import { connectPostgres, connectRedis, databaseUrl, redisUrl, ServiceUnavailable } from './services.js';
import { startStripeLoopback } from './stripe-loopback.js';

const positiveInteger = (value: string | undefined, fallback: number): number => {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
};

const callers = positiveInteger(process.env.RACE_CALLERS, 50);
const repeats = positiveInteger(process.env.RACE_REPEATS, 20);
const filters = process.argv.slice(2);
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const outDir = path.join(import.meta.dirname, '.out', runId);

async function loadScenarios(): Promise<{ scenario: Scenario; driverPath: string }[]> {
  const dir = path.join(import.meta.dirname, 'scenarios');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.ts')).sort();
  const loaded = [];
  for (const file of files) {
    const driverPath = path.join(dir, file);
    const module = (await import(pathToFileURL(driverPath).href)) as { scenario: Scenario };
    if (filters.length === 0 || filters.some((filter) => module.scenario.name.includes(filter))) loaded.push({ scenario: module.scenario, driverPath });
  }
  return loaded;
}

const add = (sum: Anomalies, more: Anomalies): void => {
  for (const [kind, count] of Object.entries(more) as [keyof Anomalies, number][]) sum[kind] = (sum[kind] ?? 0) + count;
};

async function measure(scenario: Scenario, env: RunEnvironment, modulePath: string): Promise<Anomalies> {
  const trial = await scenario.start(env, modulePath);
  const sum: Anomalies = {};
  try {
    for (let repetition = 0; repetition < repeats; repetition++) add(sum, await trial.repeat(repetition));
  } finally {
    await trial.close();
  }
  return sum;
}

async function main(): Promise<number> {
  const started = Date.now();
  const scenarios = await loadScenarios();
  if (scenarios.length === 0) {
    console.error(`No scenario matches ${filters.join(' ')}.`);
    return 1;
  }
  await mkdir(outDir, { recursive: true });
  const tmpDir = await import('node:fs/promises').then((fs) => fs.mkdtemp(path.join(os.tmpdir(), `race-${runId}-`)));
  const needs = new Set<Service>(scenarios.flatMap(({ scenario }) => scenario.services));
  // RACE_KEEP=1 keeps the racy and fixed sources (race/.out/<run>/) to read what the plugin wrote.
  const closers: (() => Promise<void>)[] = [() => rm(tmpDir, { recursive: true, force: true })];
  if (process.env.RACE_KEEP !== '1') closers.push(() => rm(outDir, { recursive: true, force: true }));
  const rows: Row[] = [];
  try {
    const schema = `race_${runId}`;
    const redisPrefix = `race:${runId}:`;
    // Services are connected only when a chosen scenario needs them; an unreachable one fails the run.
    const postgres = needs.has('postgres') ? await connectPostgres(schema) : undefined;
    if (postgres) {
      closers.unshift(postgres.close);
      // A module that builds its own pool from DATABASE_URL when imported works in the run's schema too.
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      process.env.DATABASE_URL = url.href;
    }
    const redis = needs.has('redis') ? await connectRedis(redisPrefix) : undefined;
    if (redis) closers.unshift(redis.close);
    const stripe = needs.has('stripe') ? await startStripeLoopback() : undefined;
    if (stripe) closers.unshift(stripe.close);
    const unavailable = (service: string) => () => {
      throw new Error(`${service} was not connected: add it to the scenario's services`);
    };
    const env: RunEnvironment = {
      runId,
      callers,
      pool: postgres?.pool ?? new Proxy({}, { get: unavailable('PostgreSQL') }) as RunEnvironment['pool'],
      schema,
      databaseUrl,
      redis: redis?.clients ?? new Proxy([], { get: unavailable('Redis') }),
      redisPrefix,
      redisUrl,
      stripe: stripe ?? new Proxy({}, { get: unavailable('Stripe loopback') }) as RunEnvironment['stripe'],
      tmpDir,
    };

    // The plugin fixes scenario after scenario in a worker thread while the trials of those already fixed run.
    const preparation = startPreparation(
      scenarios.map(({ scenario }) => ({
        name: scenario.name,
        rule: scenario.rule,
        ruleOptions: scenario.ruleOptions ?? [],
        messageId: scenario.messageId,
        fix: scenario.fix,
      })),
      outDir,
    );
    closers.unshift(preparation.stop);
    const measured = [];
    for (const { scenario } of scenarios) {
      const prepared = await preparation.prepared.get(scenario.name)!;
      const scenarioStarted = Date.now();
      process.stderr.write(`${scenario.name}: racy…`);
      // A variant whose callers fail in an unexpected way (a broken scenario or fix) fails its row, not the run.
      const crashes: string[] = [];
      const attempt = async (variant: string, modulePath: string): Promise<Anomalies | undefined> => {
        try {
          return await measure(scenario, env, modulePath);
        } catch (error) {
          crashes.push(`the ${variant} code failed: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      };
      const before = await attempt('racy', prepared.racy.jsPath);
      process.stderr.write(prepared.fixed ? ' fixed…' : '');
      const after = prepared.fixed ? await attempt('fixed', prepared.fixed.jsPath) : undefined;
      process.stderr.write(` done (${((Date.now() - scenarioStarted) / 1000).toFixed(1)} s)\n`);
      measured.push({ scenario, prepared, before, after, crashes });
    }
    const errors = await preparation.typeErrors;

    for (const { scenario, prepared, before, after, crashes } of measured) {
      const { racy, fixed, problem, applied } = prepared;
      const racyErrors = errors.get(path.resolve(racy.tsPath)) ?? [];
      const fixedErrors = fixed ? (errors.get(path.resolve(fixed.tsPath)) ?? []) : [];
      const notes: string[] = [...crashes];
      if (racyErrors.length > 0) notes.push(`the racy source does not type-check: ${racyErrors.join('; ')}`);
      if (problem !== '') notes.push(problem);
      if (fixedErrors.length > 0) notes.push(`the fixed source does not type-check: ${fixedErrors.join('; ')}`);
      if (before !== undefined && total(before) === 0) notes.push('the racy code showed no anomaly: the scenario proves nothing');
      if (after !== undefined && total(after) > 0) notes.push('the fixed code still races');
      if (scenario.fix.kind === 'suggestion' && applied !== '') notes.push(`suggestion applied: ${applied}`);
      const proved = crashes.length === 0 && before !== undefined && racyErrors.length === 0 && fixed !== undefined && fixedErrors.length === 0 && after !== undefined && total(before) > 0 && total(after) === 0;
      let status: Row['status'] = proved ? 'passed' : 'failed';
      if (scenario.pending !== undefined) {
        if (fixed === undefined && total(before) > 0) status = 'pending';
        notes.push(status === 'passed' ? `marked pending (${scenario.pending}) but the fix now works: remove the mark` : `pending: ${scenario.pending}`);
      }
      rows.push({ scenario: scenario.name, rule: scenario.rule, fixKind: scenario.fixKind, runs: repeats, before, after, status, note: notes.join('; ') });
    }
  } catch (error) {
    if (error instanceof ServiceUnavailable) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    for (const close of closers) await close().catch((error: unknown) => console.error('cleanup:', error));
  }

  console.log(formatTable(rows));
  console.log('');
  console.log(`${callers} concurrent callers × ${repeats} runs per variant; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const pending = rows.filter((row) => row.status === 'pending').length;
  if (pending > 0) console.log(`${pending} pending (the rule's fix has not landed)`);
  const passed = rows.filter((row) => row.status === 'passed').length;
  const failed = rows.filter((row) => row.status === 'failed').length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
if (process.env.RACE_DEBUG === "1") setTimeout(() => console.error((process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().map((handle) => (handle as object).constructor.name).join(" ")), 2000).unref();
