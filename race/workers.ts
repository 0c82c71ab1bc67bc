import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/**
 * Worker threads that call a module under test concurrently, for scenarios whose shared resource is the file
 * system: several threads (each with its own event loop and libuv requests) hit the same paths at once.
 *
 * The side that runs in a worker is an exported function of the scenario driver:
 * `(subject, input) => Promise<outcome>`, where `subject` is the imported module under test and the outcome is
 * anything structured-cloneable. A rejected call comes back as `{ error: code or message }`.
 */
export type WorkerCall<Input, Outcome> = (subject: Record<string, unknown>, input: Input) => Promise<Outcome>;

export type Settled<Outcome> = { readonly value: Outcome } | { readonly error: string };

export interface Setup {
  readonly driverUrl: string;
  readonly exportName: string;
  readonly setupName: string | undefined;
  readonly moduleUrl: string;
  readonly pauseMs: number;
  /** `[arrived, generation]`: a barrier so that every worker starts its batch at the same instant. */
  readonly barrier: SharedArrayBuffer;
  readonly workers: number;
}

export class WorkerPool<Input, Outcome> {
  private readonly workers: Worker[];

  constructor(size: number, setup: Omit<Setup, 'barrier' | 'workers'>) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker-entry.ts', import.meta.url).href;
    // The worker registers tsx first: worker threads do not inherit the parent's module hooks.
    const boot = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)}); })();`;
    const shared = { ...setup, barrier: new SharedArrayBuffer(8), workers: size };
    this.workers = Array.from({ length: size }, () => new Worker(boot, { eval: true, workerData: shared }));
  }

  /** Spreads `inputs` over the workers, runs them all at once, and returns the outcomes in input order. */
  async run(inputs: readonly Input[]): Promise<Settled<Outcome>[]> {
    const shares = this.workers.map((_, index) => inputs.filter((__, inputIndex) => inputIndex % this.workers.length === index));
    const results = await Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<Settled<Outcome>[]>((resolve, reject) => {
            const onMessage = (message: Settled<Outcome>[]) => {
              worker.off('error', reject);
              resolve(message);
            };
            worker.once('message', onMessage);
            worker.once('error', reject);
            worker.postMessage(shares[index]);
          }),
      ),
    );
    const outcomes: Settled<Outcome>[] = [];
    inputs.forEach((_, inputIndex) => {
      const outcome = results[inputIndex % this.workers.length]?.[Math.floor(inputIndex / this.workers.length)];
      if (outcome) outcomes.push(outcome);
    });
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

export const workerSetup = (
  driverUrl: string,
  exportName: string,
  modulePath: string,
  setupName?: string,
  pauseMs = 3,
): Omit<Setup, 'barrier' | 'workers'> => ({
  driverUrl,
  exportName,
  setupName,
  moduleUrl: pathToFileURL(modulePath).href,
  pauseMs,
});

