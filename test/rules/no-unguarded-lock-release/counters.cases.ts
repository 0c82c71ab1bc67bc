import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\ndeclare function work(): Promise<void>;\n";

export const counterCases: CasesFor<typeof rule> = {
  valid: [
    // Released in `finally`.
    `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 1) throw new Error('busy');
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
    // The contender takes back its own increment before it leaves: not a release of the held lock.
    `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 1) {
    await redis.decr(key);
    return;
  }
  try {
    await work();
  } finally {
    await redis.decr(key);
  }
}`,
    // A rate limit decremented later is no lock: its threshold is not one.
    `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 10) return;
  await work();
  await redis.decr(key);
}`,
    // A plain DEL of a counter lock is not reported as deleting another owner's lock: it has no owner
    // token, and without a TTL nobody else can hold it (require-lock-ttl reports the missing TTL).
    `${ioredis}export async function run(key: string) {
  if ((await redis.incr(key)) !== 1) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
  ],
  invalid: [
    {
      code: `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 1) throw new Error('busy');
  await work();
  await redis.del(key);
}`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          data: { acquire: 'redis.incr(…)', exits: '', until: ' until its TTL ends, or forever without one' },
          line: 8,
          column: 9,
          endColumn: 23,
        },
      ],
      output: `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 1) throw new Error('busy');
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
    },
    // The test on the awaited call itself, released by a negative HINCRBY of the same field.
    {
      code: `${ioredis}export async function run(job: string) {
  if ((await redis.hincrby('locks', job, 1)) > 1) return;
  await work();
  await redis.hincrby('locks', job, -1);
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 9, endColumn: 40 }],
      output: `${ioredis}export async function run(job: string) {
  if ((await redis.hincrby('locks', job, 1)) > 1) return;
  try {
    await work();
  } finally {
    await redis.hincrby('locks', job, -1);
  }
}`,
    },
  ],
};
