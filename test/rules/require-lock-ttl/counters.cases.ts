import type rule from '../../../rules/require-lock-ttl.js';
import type { CasesFor } from '../../rule-tester.js';

const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\ndeclare function work(): Promise<void>;\n";
const nodeRedis = "import { createClient } from 'redis';\nconst client = createClient();\ndeclare function work(): Promise<void>;\n";
const upstash = "import { Redis } from '@upstash/redis';\nconst redis = Redis.fromEnv();\ndeclare function work(): Promise<void>;\n";

const SCRIPT = `'local n = redis.call("incr", KEYS[1]) if n == 1 then redis.call("pexpire", KEYS[1], ARGV[1]) end return n'`;

export const counterCases: CasesFor<typeof rule> = {
  valid: [
    // A rate limit: the threshold is not one, and nothing releases it.
    `${ioredis}export async function limit(ip: string) {
  const hits = await redis.incr(\`rate:\${ip}\`);
  if (hits > 100) throw new Error('slow down');
}`,
    // A semaphore of several slots is a limit, not a lock.
    `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 5) { await redis.decr(key); return; }
  try { await work(); } finally { await redis.decr(key); }
}`,
    // A counter compared with one but never released, its key not named a lock: a first-time marker.
    `${ioredis}export async function welcome(user: string) {
  const visits = await redis.incr(\`visits:\${user}\`);
  if (visits > 1) return;
  await work();
}`,
    // Incremented by more than one: a tally.
    `${ioredis}export async function add(key: string) {
  const n = await redis.incrby(key, 5);
  if (n > 1) return;
  await redis.del(key);
}`,
    // The counter and its TTL in one script: the suggested form.
    `${ioredis}const LOCK_TTL_MS = 30_000;
export async function run(key: string) {
  const n = await redis.eval(${SCRIPT}, 1, key, LOCK_TTL_MS).then(Number);
  if (n > 1) return;
  try { await work(); } finally { await redis.del(key); }
}`,
    // Not a Redis client.
    `const counters = { async incr(_k: string) { return 1; }, async del(_k: string) { return 1; } };
export async function run(key: string) {
  const n = await counters.incr(key);
  if (n > 1) return;
  await counters.del(key);
}`,
  ],
  invalid: [
    {
      code: `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n > 1) throw new Error('busy');
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      errors: [
        {
          messageId: 'counterLockWithoutTtl',
          line: 5,
          column: 19,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'suggestCounterTtl',
              output: `${ioredis}const LOCK_TTL_MS = 30_000;
export async function run(key: string) {
  const n = await redis.eval(${SCRIPT}, 1, key, LOCK_TTL_MS).then(Number);
  if (n > 1) throw new Error('busy');
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
            },
          ],
        },
      ],
    },
    // Released by DECR, the test written the other way round, the key named as a lock in a constant.
    {
      code: `${nodeRedis}const LOCK = 'jobs:lock';
export async function run() {
  if (1 < (await client.incr(LOCK))) return;
  await work();
  await client.decr(LOCK);
}`,
      errors: [
        {
          messageId: 'counterLockWithoutTtl',
          line: 6,
          column: 18,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'suggestCounterTtl',
              output: `${nodeRedis}const LOCK = 'jobs:lock';
const LOCK_TTL_MS = 30_000;
export async function run() {
  if (1 < (await client.eval(${SCRIPT}, { keys: [LOCK], arguments: [String(LOCK_TTL_MS)] }).then(Number))) return;
  await work();
  await client.decr(LOCK);
}`,
            },
          ],
        },
      ],
    },
    // Upstash, held in the branch where the count is one, and no release: the key says lock.
    {
      code: `${upstash}export async function run(id: string) {
  const n = await redis.incr(\`lock:\${id}\`);
  if (n === 1) {
    await work();
  }
}`,
      errors: [
        {
          messageId: 'counterLockWithoutTtl',
          line: 5,
          column: 19,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'suggestCounterTtl',
              output: `${upstash}const LOCK_TTL_MS = 30_000;
export async function run(id: string) {
  const n = await redis.eval(${SCRIPT}, [\`lock:\${id}\`], [LOCK_TTL_MS]).then(Number);
  if (n === 1) {
    await work();
  }
}`,
            },
          ],
        },
      ],
    },
    // The TTL in a second command: lost when the process dies in between.
    {
      code: `${ioredis}export async function run(key: string) {
  const n = await redis.incr(key);
  if (n === 1) await redis.pexpire(key, 30000);
  if (n > 1) return;
  await work();
  await redis.del(key);
}`,
      errors: [{ messageId: 'counterTtlApart', data: { method: 'incr', expire: 'pexpire', key: 'key', ttl: 'LOCK_TTL_MS' }, line: 5, column: 19, endColumn: 34 }],
    },
    // A hash field counter: no TTL of its own.
    {
      code: `${ioredis}export async function run(job: string) {
  const n = await redis.hincrby('locks', job, 1);
  if (n > 1) return;
  try {
    await work();
  } finally {
    await redis.hdel('locks', job);
  }
}`,
      errors: [{ messageId: 'hashFieldLock', line: 5, column: 19, endColumn: 49 }],
    },
  ],
};
