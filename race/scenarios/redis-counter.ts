import type { Redis } from 'ioredis';
import path from 'node:path';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { recordDownload(redis: Redis, fileId: string): Promise<number> }

export const scenario: Scenario = {
  name: 'redis-counter',
  rule: 'no-read-modify-write',
  messageId: 'readModifyWrite',
  fix: { kind: 'autofix' },
  fixKind: 'INCR',
  services: ['redis'],
  pending: 'race/no-read-modify-write has no Redis pattern yet',
  async start(env, modulePath) {
    const client = (index: number): Redis => env.redis[index % env.redis.length]!;
    const variant = path.basename(modulePath, '.mjs');
    return inProcessTrial<Subject, number>({
      modulePath,
      callers: env.callers,
      prepare: async () => {},
      call: (subject, index, repetition) => subject.recordDownload(client(index), `${variant}-${repetition}`),
      // Every call counted one download: the ones missing from the total were overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const total = Number((await client(0).get(`downloads:file-${repetition}-${modulePath.length}`)) ?? 0);
        return { 'lost updates': env.callers - total };
      },
    });
  },
};
