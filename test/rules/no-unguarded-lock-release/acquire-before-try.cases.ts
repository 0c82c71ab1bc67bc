import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const redlockSetup =
  "import Redis from 'ioredis';\nimport Redlock from 'redlock';\nconst redlock = new Redlock([new Redis()]);\ndeclare function work(): Promise<void>;\n";
const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\ndeclare function work(): Promise<void>;\n";
const mutexSetup = "import { Mutex } from 'async-mutex';\nconst first = new Mutex();\nconst second = new Mutex();\ndeclare function work(): Promise<void>;\n";
const script = `'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end'`;

/** A second lock taken after a first one and before the `try` whose `finally` releases the first. */
export const acquireBeforeTryCases: CasesFor<typeof rule> = {
  valid: [
    // Each lock in its own try/finally.
    `${redlockSetup}export async function transfer(from: string, to: string) {
  const a = await redlock.acquire([from], 5000);
  try {
    const b = await redlock.acquire([to], 5000);
    try {
      await work();
    } finally {
      await b.release();
    }
  } finally {
    await a.release();
  }
}`,
    // The second check frees the first lock on its way out.
    `${ioredis}export async function pair(a: string, b: string, token: string) {
  if (!(await redis.set(a, token, 'PX', 30000, 'NX'))) return;
  if (!(await redis.set(b, token, 'PX', 30000, 'NX'))) {
    await redis.eval(${script}, 1, a, token);
    return;
  }
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, b, token);
    await redis.eval(${script}, 1, a, token);
  }
}`,
    // async-mutex's acquire waits for the lock: it does not fail when the lock is held.
    `${mutexSetup}export async function both() {
  const releaseFirst = await first.acquire();
  const releaseSecond = await second.acquire();
  try {
    await work();
  } finally {
    releaseSecond();
    releaseFirst();
  }
}`,
  ],
  invalid: [
    {
      // redlock rejects when the second resource stays busy: the first lock is never released.
      code: `${redlockSetup}export async function transfer(from: string, to: string) {
  const a = await redlock.acquire([from], 5000);
  const b = await redlock.acquire([to], 5000);
  try {
    await work();
  } finally {
    await b.release();
    await a.release();
  }
}`,
      errors: [
        {
          messageId: 'acquiredBeforeTry',
          data: { second: 'redlock.acquire(…)', acquire: 'redlock.acquire(…)', failure: 'it rejects while the lock is busy', until: ' until its TTL ends' },
          line: 7,
          column: 19,
        },
      ],
    },
    {
      // The second SET NX returns when taken by another: the first key stays until its TTL.
      code: `${ioredis}export async function pair(a: string, b: string, token: string) {
  if (!(await redis.set(a, token, 'PX', 30000, 'NX'))) return;
  if (!(await redis.set(b, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, b, token);
    await redis.eval(${script}, 1, a, token);
  }
}`,
      errors: [{ messageId: 'acquiredBeforeTry', data: { second: 'redis.set(…)', acquire: 'redis.set(…)', failure: 'the check returns', until: ' until its TTL ends' }, line: 6, column: 15 }],
    },
    {
      // Counter locks: the second contender throws while holding the first counter, which has no TTL.
      code: `${ioredis}export async function pair(a: string, b: string) {
  const first = await redis.incr(a);
  if (first > 1) throw new Error('busy');
  const second = await redis.incr(b);
  if (second > 1) throw new Error('busy');
  try {
    await work();
  } finally {
    await redis.decr(b);
    await redis.decr(a);
  }
}`,
      errors: [
        {
          messageId: 'acquiredBeforeTry',
          data: { second: 'redis.incr(…)', acquire: 'redis.incr(…)', failure: 'the check throws', until: ' until its TTL ends, or forever without one' },
          line: 7,
          column: 24,
        },
      ],
    },
  ],
};
