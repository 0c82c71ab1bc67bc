import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { StripeLoopback } from './stripe-loopback.js';

/** What the harness counts. Each scenario reports the kinds its race can produce. */
export type AnomalyKind =
  | 'lost updates'
  | 'duplicate rows'
  | 'duplicate files'
  | 'failed calls'
  | 'double debits'
  | 'negative balances'
  | 'foreign lock deletes'
  | 'locks never released'
  | 'duplicate side effects';

export type Anomalies = Partial<Record<AnomalyKind, number>>;

export type Service = 'postgres' | 'redis' | 'stripe';

/** How the plugin turns the racy code into the fixed one. */
export type FixRequest =
  /** ESLint's autofix (`fix: true`). */
  | { readonly kind: 'autofix' }
  /** The suggestion with this message id, applied through ESLint's API. */
  | { readonly kind: 'suggestion'; readonly messageId: string };

/** The shared services of one run; each run has its own schema, key prefix and directory. */
export interface RunEnvironment {
  readonly runId: string;
  /** Concurrent callers per repetition. */
  readonly callers: number;
  /** PostgreSQL pool whose connections use this run's schema (`search_path`). */
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly databaseUrl: string;
  /** ioredis clients (10 connections) whose keys carry this run's prefix; caller i uses redis[i % 10]. */
  readonly redis: readonly Redis[];
  readonly redisPrefix: string;
  readonly redisUrl: string;
  readonly stripe: StripeLoopback;
  /** A directory of this run's own, removed at the end. */
  readonly tmpDir: string;
}

/** One variant (racy or fixed) of a scenario, ready to be run repeatedly. */
export interface Trial {
  /** Runs `callers` concurrent calls once, from a fresh state, and counts the anomalies. */
  repeat(repetition: number): Promise<Anomalies>;
  close(): Promise<void>;
}

export interface Scenario {
  /** Also the file name of the code under test: fixtures/race-scenarios/<name>.ts. */
  readonly name: string;
  readonly rule: string;
  /** The rule's options, as a user would configure them (none: its defaults). */
  readonly ruleOptions?: readonly unknown[];
  /** The message the rule must report on the racy code. */
  readonly messageId: string;
  readonly fix: FixRequest;
  /** A few words for the report: what the fix does. */
  readonly fixKind: string;
  readonly services: readonly Service[];
  /**
   * Set while the rule's fix for this pattern has not landed: the racy variant still runs (it must show the
   * race), and the fix is still attempted; a missing fix is then listed as pending rather than failed.
   */
  readonly pending?: string;
  /**
   * Prepares one variant. `modulePath` is the transpiled code under test (racy or fixed); the scenario imports
   * it in this thread or in worker threads.
   */
  start(env: RunEnvironment, modulePath: string): Promise<Trial>;
}

/** Every module under test exposes this seam; the harness widens the window between check and act with it. */
export interface RaceWindow {
  pause: () => Promise<void>;
}

/** A short random pause: long enough to let other callers in, short enough to keep the run fast. */
export const randomPause = (maxMs = 3) => (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));

/** Starts `count` calls at once and waits for all of them; a rejected call is reported, not thrown. */
export async function concurrently<T>(count: number, call: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(Array.from({ length: count }, (_, index) => call(index)));
}
