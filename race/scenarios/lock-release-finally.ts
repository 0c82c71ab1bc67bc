import type { Redis } from 'ioredis';
import path from 'node:path';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { rebuildIndex(redis: Redis, customerId: string, rebuild: () => Promise<void>): Promise<boolean> }

class RebuildFailed extends Error {}

export const scenario: Scenario = {
  name: 'lock-release-finally',
  rule: 'no-unguarded-lock-release',
  messageId: 'releaseNotInFinally',
  fix: { kind: 'autofix' },
  fixKind: 'release in finally',
  services: ['redis'],
  async start(env, modulePath) {
    const client = (index: number): Redis => env.redis[index % env.redis.length]!;
    const customer = (repetition: number, index: number) => `${path.basename(modulePath, '.mjs')}-${repetition}-${index}`;
    return inProcessTrial<Subject, boolean>({
      modulePath,
      callers: env.callers,
      prepare: async () => {},
      // Every caller rebuilds a customer's index; one rebuild in five fails (a bad document).
      call: (subject, index, repetition) =>
        subject.rebuildIndex(client(index), customer(repetition, index), async () => {
          await new Promise((resolve) => setImmediate(resolve));
          if (index % 5 === 0) throw new RebuildFailed(`bad document for ${customer(repetition, index)}`);
        }),
      // The failure must reach the caller, and the lock must be free again for the next attempt.
      async count(results, repetition) {
        rethrowUnexpected(results, (reason) => reason instanceof RebuildFailed);
        const held = await Promise.all(results.map((_, index) => client(0).exists(`lock:index:${customer(repetition, index)}`)));
        return { 'locks never released': held.reduce((sum: number, exists) => sum + exists, 0) };
      },
    });
  },
};
