import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failures, fsTrial, unexpected } from '../fs-trial.js';
import type { Scenario } from '../scenario.js';

interface Input { dir: string }

/** Runs in a worker thread. */
export const call = async (subject: Record<string, unknown>, input: Input): Promise<void> =>
  (subject.clearSpool as (file: string) => Promise<void>)(path.join(input.dir, 'job.spool'));

export const scenario: Scenario = {
  name: 'fs-delete-unlink',
  rule: 'no-check-then-act',
  messageId: 'checkThenDelete',
  fix: { kind: 'autofix' },
  fixKind: 'unlink, ignore ENOENT',
  services: [],
  async start(env, modulePath) {
    return fsTrial<Input, void>({
      driverUrl: import.meta.url,
      callName: 'call',
      modulePath,
      async prepare(repetition) {
        const dir = path.join(env.tmpDir, `fs-delete-unlink-${path.basename(modulePath)}-${repetition}`);
        await mkdir(dir);
        await writeFile(path.join(dir, 'job.spool'), '{}');
        return Array.from({ length: env.callers }, () => ({ dir }));
      },
      // A retried job must not fail on a spool already cleared; the callers that lost the race threw ENOENT.
      count(outcomes) {
        unexpected(outcomes, ['ENOENT']);
        return { 'failed calls': failures(outcomes, 'ENOENT') };
      },
    });
  },
};
