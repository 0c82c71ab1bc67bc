import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const mutex = "import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();\ndeclare function work(): Promise<number>;\n";
const redlock = "import Redis from 'ioredis';\nimport Redlock from 'redlock';\nconst redlock = new Redlock([new Redis()]);\ndeclare function work(): Promise<number>;\n";
const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\ndeclare function work(): Promise<number>;\n";

export const promiseChainCases: CasesFor<typeof rule> = {
  valid: [
    `${mutex}export async function run() {
  const release = await mutex.acquire();
  await work().finally(release);
}`,
    // A rejection handler releases too.
    `${mutex}export async function run() {
  const release = await mutex.acquire();
  await work().then(release, release);
}`,
    `${redlock}export async function run() {
  const lock = await redlock.acquire(['a'], 5000);
  return work().finally(() => lock.release());
}`,
    // Unrelated `.then` after the release in finally.
    `${mutex}export async function run() {
  const release = await mutex.acquire();
  try {
    return await work().then((n) => n + 1);
  } finally {
    release();
  }
}`,
  ],
  invalid: [
    // async-mutex's release function ignores its argument and the chain's value is unused: automatic.
    {
      code: `${mutex}export async function run() {
  const release = await mutex.acquire();
  await work().then(release);
}`,
      errors: [
        {
          messageId: 'releaseOnFulfilmentOnly',
          data: { acquire: 'mutex.acquire(…)', until: ' forever' },
          line: 6,
          column: 16,
          endColumn: 20,
        },
      ],
      output: `${mutex}export async function run() {
  const release = await mutex.acquire();
  await work().finally(release);
}`,
    },
    // The chain's value is returned: `.finally` resolves to the work's value where `.then` gave undefined.
    {
      code: `${mutex}export function run() {
  return mutex.acquire().then((release) => release);
}
export async function again() {
  const release = await mutex.acquire();
  return work().then(release);
}`,
      errors: [
        {
          messageId: 'releaseOnFulfilmentOnly',
          line: 9,
          column: 17,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'suggestFinallyCallback',
              output: `${mutex}export function run() {
  return mutex.acquire().then((release) => release);
}
export async function again() {
  const release = await mutex.acquire();
  return work().finally(release);
}`,
            },
          ],
        },
      ],
    },
    // A handler without parameters keeps its meaning under `.finally` when the value is unused.
    {
      code: `${redlock}export async function run() {
  const lock = await redlock.acquire(['a'], 5000);
  await work().then(() => lock.release());
}`,
      errors: [{ messageId: 'releaseOnFulfilmentOnly', data: { acquire: 'redlock.acquire(…)', until: ' until its TTL ends' }, line: 7, column: 16, endColumn: 20 }],
      output: `${redlock}export async function run() {
  const lock = await redlock.acquire(['a'], 5000);
  await work().finally(() => lock.release());
}`,
    },
    // A handler that reads the value, which `.finally` does not pass: no fix.
    {
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  await work().then((n) => redis.eval('if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end', 1, key, token + n));
}`,
      errors: [{ messageId: 'releaseOnFulfilmentOnly', line: 6, column: 16, endColumn: 20, suggestions: [] }],
    },
  ],
};
