import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileOutcome } from './check-file.js';
import type { BatchRequest, WorkerMessage } from './worker.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');

type BatchEnd = { readonly finished: true } | { readonly finished: false; readonly current: string | undefined; readonly done: ReadonlySet<string>; readonly reason: string };

const spawnWorker = (): ChildProcess =>
  fork(WORKER, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=4096'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

/** Sends one batch; ends when the worker says it is idle, dies, or stays silent for `timeoutMs`. */
function runBatch(child: ChildProcess, batch: BatchRequest, timeoutMs: number, onOutcome: (outcome: FileOutcome) => void): Promise<BatchEnd> {
  return new Promise((resolve) => {
    const done = new Set<string>();
    let current: string | undefined;
    let timer: NodeJS.Timeout;
    const end = (result: BatchEnd) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(result);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        end({ finished: false, current, done, reason: `no progress for ${timeoutMs / 1000} s` });
      }, timeoutMs);
    };
    const onMessage = (message: WorkerMessage) => {
      arm();
      if (message.type === 'start') current = message.file;
      else if (message.type === 'done') {
        done.add(message.outcome.file);
        onOutcome(message.outcome);
      } else end({ finished: true });
    };
    const onExit = (code: number | null, signal: string | null) =>
      end({ finished: false, current, done, reason: `worker exited (${signal ?? `code ${code}`})` });
    child.on('message', onMessage);
    child.on('exit', onExit);
    arm();
    child.send(batch);
  });
}

/**
 * Runs the batches on `jobs` worker processes. A file on which a worker hangs or dies is recorded as killed;
 * the rest of its batch goes back to the queue for a fresh worker.
 */
export async function runBatches(batches: readonly BatchRequest[], jobs: number, timeoutMs: number, onOutcome: (outcome: FileOutcome) => void): Promise<void> {
  const queue = [...batches];
  const work = async () => {
    let child: ChildProcess | undefined;
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      child ??= spawnWorker();
      const result = await runBatch(child, batch, timeoutMs, onOutcome);
      if (result.finished) continue;
      child = undefined;
      // Dead before its first file (a typed batch building its program): blame the batch's first file.
      const culprit = result.current ?? batch.files[0]!;
      onOutcome({ file: culprit, ms: 0, problems: {}, killed: result.reason });
      const remaining = batch.files.filter((file) => file !== culprit && !result.done.has(file));
      if (remaining.length > 0) queue.unshift({ ...batch, files: remaining });
    }
    child?.kill();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, work));
}
