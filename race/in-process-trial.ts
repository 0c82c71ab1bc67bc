import { pathToFileURL } from 'node:url';
import { concurrently, randomPause, type Anomalies, type Trial } from './scenario.js';

export interface InProcessTrialOptions<Subject, Result> {
  readonly modulePath: string;
  readonly callers: number;
  /** Upper bound of the random pause the module's `raceWindow.pause()` takes, in milliseconds. */
  readonly pauseMs?: number;
  /**
   * Import the module afresh for every repetition (a new module instance, so module-level state such as a
   * lazily built client or a cache starts empty), as a restarted process would.
   */
  readonly freshModule?: boolean;
  /** Resets the shared state for one repetition (rows, keys, recorded requests), before any call starts. */
  prepare(repetition: number, subject: Subject): Promise<void>;
  /** One caller's call. */
  call(subject: Subject, index: number, repetition: number): Promise<Result>;
  count(results: readonly PromiseSettledResult<Result>[], repetition: number): Promise<Anomalies>;
  close?(): Promise<void>;
}

/**
 * A trial whose callers are concurrent async calls in this process, over real connections (a pg pool of 12,
 * one Redis connection, HTTP on loopback): the race is in the services' interleaving, as in a Node server.
 */
export async function inProcessTrial<Subject, Result>(options: InProcessTrialOptions<Subject, Result>): Promise<Trial> {
  const load = async (instance: string) => {
    const url = `${pathToFileURL(options.modulePath).href}${instance}`;
    const module = (await import(url)) as Subject & { raceWindow?: { pause: () => Promise<void> } };
    if (module.raceWindow) module.raceWindow.pause = randomPause(options.pauseMs);
    return module;
  };
  let subject = await load('');
  return {
    async repeat(repetition) {
      if (options.freshModule) subject = await load(`?instance=${repetition}`);
      await options.prepare(repetition, subject);
      const results = await concurrently(options.callers, (index) => options.call(subject, index, repetition));
      return options.count(results, repetition);
    },
    close: async () => options.close?.(),
  };
}

/** Throws the first rejection that is not an expected outcome: a broken scenario must not pass as a race. */
export function rethrowUnexpected(results: readonly PromiseSettledResult<unknown>[], expected: (reason: unknown) => boolean = () => false): void {
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected' && !expected(result.reason));
  if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
}
