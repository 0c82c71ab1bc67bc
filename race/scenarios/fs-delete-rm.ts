import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failures, fsTrial, unexpected } from '../fs-trial.js';
import type { Scenario } from '../scenario.js';

interface Input { dir: string }

/** Runs in a worker thread. */
export const call = async (subject: Record<string, unknown>, input: Input): Promise<void> =>
  (subject.discardDraft as (dir: string, id: string) => Promise<void>)(input.dir, 'draft_7');

export const scenario: Scenario = {
  name: 'fs-delete-rm',
  rule: 'no-check-then-act',
  messageId: 'checkThenDelete',
  fix: { kind: 'autofix' },
  fixKind: 'rm { force: true }',
  services: [],
  async start(env, modulePath) {
    return fsTrial<Input, void>({
      driverUrl: import.meta.url,
      callName: 'call',
      modulePath,
      async prepare(repetition) {
        const dir = path.join(env.tmpDir, `fs-delete-rm-${path.basename(modulePath)}-${repetition}`);
        await mkdir(dir);
        await writeFile(path.join(dir, 'draft_7.json'), '{}');
        return Array.from({ length: env.callers }, () => ({ dir }));
      },
      // Deleting what is already gone must be a no-op; the callers that lost the race threw ENOENT.
      count(outcomes) {
        unexpected(outcomes, ['ENOENT']);
        return { 'failed calls': failures(outcomes, 'ENOENT') };
      },
    });
  },
};
