import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failures, fsTrial, unexpected } from '../fs-trial.js';
import type { Scenario } from '../scenario.js';

interface Input { file: string; invalidate: boolean }

/** Runs in a worker thread: a reader or an invalidator. */
export async function call(subject: Record<string, unknown>, input: Input): Promise<void> {
  if (input.invalidate) await (subject.invalidateReport as (file: string) => Promise<void>)(input.file);
  else await (subject.cachedReport as (file: string) => Promise<unknown>)(input.file);
}

export const scenario: Scenario = {
  name: 'fs-read-if-present',
  rule: 'no-check-then-act',
  messageId: 'checkThenRead',
  fix: { kind: 'suggestion', messageId: 'suggestTryCatchEnoent' },
  fixKind: 'suggestion: read, treat ENOENT as absent',
  services: [],
  async start(env, modulePath) {
    return fsTrial<Input, void>({
      driverUrl: import.meta.url,
      callName: 'call',
      modulePath,
      async prepare(repetition) {
        const dir = path.join(env.tmpDir, `fs-read-${path.basename(modulePath)}-${repetition}`);
        await mkdir(dir);
        const file = path.join(dir, 'report.json');
        await writeFile(file, JSON.stringify({ id: 'rep_1', total: 42 }));
        // One caller in five invalidates the cache while the others read it.
        return Array.from({ length: env.callers }, (_, index) => ({ file, invalidate: index % 5 === 4 }));
      },
      // A reader that saw the report and then failed to read it: a crash where "not cached" was meant.
      count(outcomes) {
        unexpected(outcomes, ['ENOENT']);
        return { 'failed calls': failures(outcomes, 'ENOENT') };
      },
    });
  },
};
