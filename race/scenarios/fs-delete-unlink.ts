import path from 'node:path';
import { deleteScenario, type DeleteInput } from '../fs-delete-scenario.js';

/** Runs in a worker thread: a retried job must not fail on a spool already cleared. */
export const call = async (subject: Record<string, unknown>, input: DeleteInput): Promise<void> =>
  (subject.clearSpool as (file: string) => Promise<void>)(path.join(input.dir, 'job.spool'));

export const scenario = deleteScenario({
  name: 'fs-delete-unlink',
  fixKind: 'unlink, ignore ENOENT',
  fileName: 'job.spool',
  driverUrl: import.meta.url,
});
