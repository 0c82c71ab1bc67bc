import type { Redis } from 'ioredis';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { runExclusively(redis: Redis, job: string, run: () => Promise<void>): Promise<boolean> }

const JOBS = 10;
/** How long the harness waits before it treats a silent holder as a crashed process. */
const CRASH_AFTER_MS = 100;
const CRASHED = Symbol('crashed');

/** The counter lock (`INCR`, then `if (n > 1) return`) of a holder that dies mid-run must expire. */
export const scenario: Scenario = {
  name: 'counter-lock-ttl',
  rule: 'require-lock-ttl',
  messageId: 'counterLockWithoutTtl',
  fix: { kind: 'suggestion', messageId: 'suggestCounterTtl' },
  fixKind: 'suggestion: INCR + PEXPIRE in one script',
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
          subject.runExclusively(client(index), job(repetition, index), async () => {
            if ((index % JOBS) % 2 === 0) await new Promise<never>(() => {});
            await new Promise((resolve) => setImmediate(resolve));
          }),
          sleep(CRASH_AFTER_MS).then((): typeof CRASHED => CRASHED),
        ]),
      // A counter left by a dead holder must expire; one without expiry stays above zero and the job never
      // runs again.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const ttls = await Promise.all(Array.from({ length: JOBS }, (_, index) => client(0).pttl(`lock:job:${job(repetition, index)}`)));
        return { 'locks never released': ttls.filter((ttl) => ttl === -1).length };
      },
    });
  },
};
