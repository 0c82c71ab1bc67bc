import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { randomPause } from './scenario.js';
import type { Setup, WorkerCall } from './workers.js';

/** The worker side of WorkerPool: imports the driver and the module under test, then runs each batch it is sent. */
const errorText = (error: unknown): string =>
  (error as { code?: unknown } | null)?.code !== undefined ? String((error as { code: unknown }).code) : error instanceof Error ? error.message : String(error);

if (!isMainThread && parentPort) {
  const port = parentPort;
  const setup = workerData as Setup;
  const driver = (await import(setup.driverUrl)) as Record<string, unknown>;
  if (setup.setupName) await (driver[setup.setupName] as () => Promise<void> | void)();
  const subject = (await import(setup.moduleUrl)) as Record<string, unknown>;
  const window = subject.raceWindow as { pause: () => Promise<void> } | undefined;
  if (window) window.pause = randomPause(setup.pauseMs);
  const call = driver[setup.exportName] as WorkerCall<unknown, unknown>;
  const barrier = new Int32Array(setup.barrier);
  /** Blocks until every worker of the pool has received its batch, then all start together. */
  const waitForAll = () => {
    const generation = Atomics.load(barrier, 1);
    if (Atomics.add(barrier, 0, 1) + 1 === setup.workers) {
      Atomics.store(barrier, 0, 0);
      Atomics.add(barrier, 1, 1);
      Atomics.notify(barrier, 1);
    } else {
      Atomics.wait(barrier, 1, generation);
    }
  };
  port.on('message', (inputs: unknown[]) => {
    waitForAll();
    void Promise.allSettled(inputs.map((input) => call(subject, input))).then((settled) =>
      port.postMessage(settled.map((result) => (result.status === 'fulfilled' ? { value: result.value } : { error: errorText(result.reason) }))),
    );
  });
}
