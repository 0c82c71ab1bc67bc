import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { failures, fsTrial, unexpected } from '../fs-trial.js';
import type { Scenario } from '../scenario.js';

interface Input { root: string; customerId: string; name: string }

/** Runs in a worker thread. */
export const call = async (subject: Record<string, unknown>, input: Input): Promise<string> =>
  (subject.saveUpload as (root: string, customerId: string, name: string, body: string) => Promise<string>)(input.root, input.customerId, input.name, input.name);

export const scenario: Scenario = {
  name: 'fs-mkdir',
  rule: 'no-check-then-act',
  messageId: 'checkThenMkdir',
  fix: { kind: 'autofix' },
  fixKind: 'mkdir { recursive: true }',
  services: [],
  async start(env, modulePath) {
    return fsTrial<Input, string>({
      driverUrl: import.meta.url,
      callName: 'call',
      modulePath,
      async prepare(repetition) {
        const root = path.join(env.tmpDir, `fs-mkdir-${path.basename(modulePath)}-${repetition}`);
        await mkdir(root);
        return Array.from({ length: env.callers }, (_, index) => ({ root, customerId: 'cus_42', name: `upload-${index}.txt` }));
      },
      // Every caller saw the directory missing at some point; the ones that lost the race threw EEXIST.
      count(outcomes) {
        unexpected(outcomes, ['EEXIST']);
        return { 'failed calls': failures(outcomes, 'EEXIST') };
      },
    });
  },
};
