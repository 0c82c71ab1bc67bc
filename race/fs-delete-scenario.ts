import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failures, fsTrial, unexpected } from './fs-trial.js';
import type { Scenario } from './scenario.js';

/** What each delete-if-present scenario is given: the directory holding the one file to delete. */
export interface DeleteInput { dir: string }

/**
 * A delete-if-present scenario: every caller deletes the same file. Deleting what is already gone must be a
 * no-op; the callers that lost the race threw ENOENT. The scenario module keeps its own `call` export, which
 * the worker threads load from `driverUrl`.
 */
export function deleteScenario(options: { name: string; fixKind: string; fileName: string; driverUrl: string }): Scenario {
  return {
    name: options.name,
    rule: 'no-check-then-act',
    messageId: 'checkThenDelete',
    fix: { kind: 'autofix' },
    fixKind: options.fixKind,
    services: [],
    async start(env, modulePath) {
      return fsTrial<DeleteInput, void>({
        driverUrl: options.driverUrl,
        callName: 'call',
        modulePath,
        async prepare(repetition) {
          const dir = path.join(env.tmpDir, `${options.name}-${path.basename(modulePath)}-${repetition}`);
          await mkdir(dir);
          await writeFile(path.join(dir, options.fileName), '{}');
          return Array.from({ length: env.callers }, () => ({ dir }));
        },
        count(outcomes) {
          unexpected(outcomes, ['ENOENT']);
          return { 'failed calls': failures(outcomes, 'ENOENT') };
        },
      });
    },
  };
}
