import type { Redis } from 'ioredis';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { runExclusively(redis: Redis, job: string, worker: string, run: () => Promise<void>): Promise<boolean> }

const JOBS = 10;
/** How long the harness waits before it treats a silent holder as a crashed process. */
const CRASH_AFTER_MS = 100;
const CRASHED = Symbol('crashed');

export const scenario: Scenario = {
  name: 'lock-ttl',
  rule: 'require-lock-ttl',
  messageId: 'lockWithoutTtl',
  fix: { kind: 'suggestion', messageId: 'suggestLockTtl' },
  fixKind: 'suggestion: SET … PX ttl NX',
  services: ['redis'],
  async start(env, modulePath) {
    const client = (index: number): Redis => env.redis[index % env.redis.length]!;
    const job = (repetition: number, index: number) => `${path.basename(modulePath, '.mjs')}-${repetition}-${index % JOBS}`;
    return inProcessTrial<Subject, boolean | typeof CRASHED>({
      modulePath,
      callers: env.callers,
      prepare: async () => {},
      // Five workers compete for each job. On even jobs the worker that wins dies mid-run (its `run` never
      // returns, as when the process is killed): its `finally` never runs.
      call: (subject, index, repetition) =>
        Promise.race([
          subject.runExclusively(client(index), job(repetition, index), `worker-${index}`, async () => {
            if ((index % JOBS) % 2 === 0) await new Promise<never>(() => {});
            await new Promise((resolve) => setImmediate(resolve));
          }),
          sleep(CRASH_AFTER_MS).then((): typeof CRASHED => CRASHED),
        ]),
      // A lock left by a dead holder must expire (a TTL on the key); one without expiry is never released,
      // and the job never runs again.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const ttls = await Promise.all(Array.from({ length: JOBS }, (_, index) => client(0).pttl(`lock:job:${job(repetition, index)}`)));
        return { 'locks never released': ttls.filter((ttl) => ttl === -1).length };
      },
    });
  },
};
