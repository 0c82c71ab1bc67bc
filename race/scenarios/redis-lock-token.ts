import type { Redis } from 'ioredis';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { withLock(redis: Redis, resource: string, ttlMs: number, job: () => Promise<void>): Promise<boolean> }

/** The lock's TTL; one holder in three outlives it (a slow run), the others finish well within it. */
const TTL_MS = 60;
const SLOW_JOB_MS = 100;
const QUICK_JOB_MS = 10;
const CHECK_EVERY_MS = 5;
/** Callers arrive over ~150 ms, so that the lock is taken again after a slow holder's expired. */
const ARRIVAL_MS = 3;

export const scenario: Scenario = {
  name: 'redis-lock-token',
  rule: 'no-unguarded-lock-release',
  messageId: 'plainDeleteRelease',
  fix: { kind: 'autofix' },
  fixKind: 'compare-and-delete script',
  services: ['redis'],
  async start(env, modulePath) {
    const client = (index: number): Redis => env.redis[index % env.redis.length]!;
    const resource = (repetition: number) => `${path.basename(modulePath, '.mjs')}-${repetition}`;
    let foreignDeletes = 0;
    let holders = 0;
    return inProcessTrial<Subject, boolean>({
      modulePath,
      callers: env.callers,
      prepare: async () => {
        foreignDeletes = 0;
        holders = 0;
      },
      async call(subject, index, repetition) {
        await sleep(index * ARRIVAL_MS);
        const redis = client(index);
        const key = `lock:${resource(repetition)}`;
        return subject.withLock(redis, resource(repetition), TTL_MS, async () => {
          const started = performance.now();
          const duration = holders++ % 3 === 0 ? SLOW_JOB_MS : QUICK_JOB_MS;
          // The server ran GET and PTTL after `started`: the lock cannot expire before `started + ttl`.
          const [token, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
          const aliveUntil = started + ttl;
          // Until then a holder finds its own token under the key; if not, another worker deleted it. The
          // time is taken after each reply (the server answered before it), so a late reply never counts.
          while (performance.now() - started < duration) {
            await sleep(CHECK_EVERY_MS);
            const current = await redis.get(key);
            if (performance.now() >= aliveUntil) break;
            if (current !== token) {
              foreignDeletes++;
              break;
            }
          }
        });
      },
      count(results) {
        rethrowUnexpected(results);
        return Promise.resolve({ 'foreign lock deletes': foreignDeletes });
      },
    });
  },
};
