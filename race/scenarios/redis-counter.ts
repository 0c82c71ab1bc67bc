import type { Redis } from 'ioredis';
import path from 'node:path';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { recordDownload(redis: Redis, fileId: string): Promise<number> }

export const scenario: Scenario = {
  name: 'redis-counter',
  rule: 'no-read-modify-write',
  messageId: 'redisReadModifyWrite',
  fix: { kind: 'autofix' },
  fixKind: 'INCR',
  services: ['redis'],
  async start(env, modulePath) {
    const client = (index: number): Redis => env.redis[index % env.redis.length]!;
    // Each variant and repetition counts a file of its own.
    const fileId = (repetition: number) => `${path.basename(modulePath, '.mjs')}-${repetition}`;
    return inProcessTrial<Subject, number>({
      modulePath,
      callers: env.callers,
      prepare: async () => {},
      call: (subject, index, repetition) => subject.recordDownload(client(index), fileId(repetition)),
      // Every call counted one download: the ones missing from the total were overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const total = Number((await client(0).get(`downloads:${fileId(repetition)}`)) ?? 0);
        return { 'lost updates': env.callers - total };
      },
    });
  },
};
