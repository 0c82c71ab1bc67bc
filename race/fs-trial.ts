import { WorkerPool, workerSetup, type Settled } from './workers.js';
import type { Anomalies, Trial } from './scenario.js';

/** How many worker threads share the callers of a file-system scenario. */
export const FS_WORKERS = 4;

export interface FsTrialOptions<Input, Outcome> {
  /** `import.meta.url` of the driver module that exports `callName` (and `setupName`). */
  readonly driverUrl: string;
  readonly callName: string;
  readonly setupName?: string;
  readonly modulePath: string;
  /** Builds the fresh state of one repetition and the input of every caller. */
  prepare(repetition: number): Promise<readonly Input[]>;
  count(outcomes: readonly Settled<Outcome>[], repetition: number): Promise<Anomalies> | Anomalies;
}

/** A trial whose callers run in FS_WORKERS worker threads at once. */
export function fsTrial<Input, Outcome>(options: FsTrialOptions<Input, Outcome>): Trial {
  const pool = new WorkerPool<Input, Outcome>(FS_WORKERS, workerSetup(options.driverUrl, options.callName, options.modulePath, options.setupName));
  return {
    async repeat(repetition) {
      const inputs = await options.prepare(repetition);
      return options.count(await pool.run(inputs), repetition);
    },
    close: () => pool.close(),
  };
}

/** Calls that rejected with this error code. */
export const failures = (outcomes: readonly Settled<unknown>[], code?: string): number =>
  outcomes.filter((outcome) => 'error' in outcome && (code === undefined || outcome.error === code)).length;

/** Calls that rejected with an error other than the expected ones: a scenario bug, never an anomaly. */
export function unexpected(outcomes: readonly Settled<unknown>[], expected: readonly string[]): void {
  const other = outcomes.find((outcome) => 'error' in outcome && !expected.includes(outcome.error));
  if (other && 'error' in other) throw new Error(`unexpected error from a caller: ${other.error}`);
}
