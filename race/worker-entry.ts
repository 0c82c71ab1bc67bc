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
  port.on('message', (inputs: unknown[]) => {
    void Promise.allSettled(inputs.map((input) => call(subject, input))).then((settled) =>
      port.postMessage(settled.map((result) => (result.status === 'fulfilled' ? { value: result.value } : { error: errorText(result.reason) }))),
    );
  });
}
