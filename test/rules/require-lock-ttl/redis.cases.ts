import type rule from '../../../rules/require-lock-ttl.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CasesFor } from '../../rule-tester.js';

/** Plain JavaScript, linted in the typed fixtures project (a value import of the tester would construct it). */
const jsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'typed', 'file.js');

const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\n";
const nodeRedis = "import { createClient } from 'redis';\nconst client = createClient();\n";
const upstash = "import { Redis } from '@upstash/redis';\nconst redis = new Redis({ url: 'https://eu1.upstash.io', token: 'secret' });\n";
const upstashFromEnv = "import { Redis } from '@upstash/redis';\nexport const redis = Redis.fromEnv();\n";

export const redisCases: CasesFor<typeof rule> = {
  valid: [
    // A TTL in the same call, in each client's style.
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  await redis.del(key);
}`,
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'EX', 30, 'NX'))) return;
  await redis.del(key);
}`,
    `${nodeRedis}export async function run(key: string, token: string) {
  if (!(await client.set(key, token, { NX: true, PX: 30000 }))) return;
  await client.del(key);
}`,
    `${nodeRedis}export async function run(key: string, token: string) {
  if (!(await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: 30000 } }))) return;
  await client.del(key);
}`,
    // A dedupe marker kept on purpose: never deleted, key not named a lock.
    `${ioredis}export async function handle(eventId: string) {
  const first = await redis.set(\`event:\${eventId}\`, '1', 'NX');
  if (!first) return;
}`,
    `${ioredis}export async function seen(id: string) {
  return (await redis.setnx(\`seen:\${id}\`, '1')) === 1;
}`,
    // "leader" inside a longer word is not a lock.
    `${ioredis}export async function rank(id: string) {
  await redis.set(\`leaderboard:\${id}\`, '0', 'NX');
}`,
    // A hash field set once, never deleted, in a hash not named as locks.
    `${ioredis}export async function firstSeen(user: string) {
  await redis.hsetnx('first-seen', user, String(Date.now()));
}`,
    // A hash field set and a different field deleted: no lock shown, and the hash is not named as one.
    `${ioredis}export async function mark(job: string, other: string) {
  await redis.hsetnx('jobs', job, 'me');
  await redis.hdel('jobs', other);
}`,
    // Options the rule cannot read: a variable or a spread.
    `${nodeRedis}export async function run(key: string, options: { NX: true; PX: number }) {
  await client.set(key, 'x', options);
  await client.del(key);
}`,
    `${ioredis}export async function run(key: string, args: ['PX', number]) {
  await redis.set(key, 'x', ...args, 'NX');
  await redis.del(key);
}`,
    // A plain SET is a write, not a lock.
    `${ioredis}export async function save(key: string) {
  await redis.set(key, 'x');
  await redis.del(key);
}`,
    // Not a Redis client: a Map has no NX.
    `const cache = new Map<string, string>();
export function run() {
  cache.set('lock:a', 'NX');
  cache.delete('lock:a');
}`,
    // An object with the same method names, not from a Redis package.
    `const store = { async set(_k: string, _v: string, _nx: string) { return 'OK'; }, async del(_k: string) { return 1; } };
export async function run() {
  await store.set('lock:a', 'v', 'NX');
  await store.del('lock:a');
}`,
    // Upstash: a TTL in the options object, in each of its names.
    `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  await redis.del(key);
}`,
    `${upstashFromEnv}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, px: 30000 }))) return;
  await redis.del(key);
}`,
    `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, pxat: Date.now() + 30000 }))) return;
  await redis.del(key);
}`,
    `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { exat: Math.floor(Date.now() / 1000) + 30, nx: true }))) return;
  await redis.del(key);
}`,
    // Upstash: XX sets only an existing key, no lock; a cache entry with a TTL and no NX.
    `${upstash}export async function run(key: string) {
  await redis.set(\`lock:\${key}\`, 'me', { xx: true });
  await redis.del(\`lock:\${key}\`);
}`,
    `${upstashFromEnv}export async function cache(key: string, value: string) {
  await redis.set(key, value, { ex: 60 });
  await redis.del(key);
}`,
    // KEEPTTL with NX, deliberate (and no expiry can join it).
    `${upstash}export async function run(key: string) {
  if (!(await redis.set(\`lock:\${key}\`, 'me', { nx: true, keepTtl: true }))) return;
  await redis.del(\`lock:\${key}\`);
}`,
    // \`nx: false\` is no condition.
    `${upstash}export async function run(key: string) {
  await redis.set(\`lock:\${key}\`, 'me', { nx: false });
}`,
    // An object literal named redis, with Upstash's option shape: not the library.
    `const redis = { async set(_k: string, _v: string, _o: { nx: boolean }) { return 'OK'; }, async del(_k: string) { return 1; } };
export async function run() {
  if (!(await redis.set('lock:a', 'v', { nx: true }))) return;
  await redis.del('lock:a');
}`,
    // A class named Redis of the application, not Upstash's.
    `class Redis { static fromEnv() { return new Redis(); } async set(_k: string, _v: string, _o: object) { return 'OK'; } async del(_k: string) { return 1; } }
const redis = Redis.fromEnv();
export async function run() {
  if (!(await redis.set('lock:a', 'v', { nx: true }))) return;
  await redis.del('lock:a');
}`,
  ],
  invalid: [
    {
      // Released through a key builder of the file (\`jobKey(id)\` at both ends, no lock word in the call): a lock, without a TTL.
      code: `${ioredis}const jobKey = (id: string) => \`jobs:\${id}:running\`;
export async function run(id: string, token: string) {
  if (!(await redis.set(jobKey(id), token, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(jobKey(id));
  }
}
declare function work(): Promise<void>;`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 5,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${ioredis}const jobKey = (id: string) => \`jobs:\${id}:running\`;
const LOCK_TTL_MS = 30_000;
export async function run(id: string, token: string) {
  if (!(await redis.set(jobKey(id), token, 'PX', LOCK_TTL_MS, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(jobKey(id));
  }
}
declare function work(): Promise<void>;`,
            },
          ],
        },
      ],
    },
    {
      // Released later: a lock, without a TTL.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}
declare function work(): Promise<void>;`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import Redis from 'ioredis';\nconst redis = new Redis();\nconst LOCK_TTL_MS = 30_000;\n"}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}
declare function work(): Promise<void>;`,
            },
          ],
        },
      ],
    },
    {
      // A key named as a lock, with GET after NX; an existing constant is reused.
      code: `${ioredis}const LOCK_TTL_MS = 10_000;
export async function run(id: string) {
  const previous = await redis.set(\`lock:\${id}\`, 'me', 'NX', 'GET');
  return previous;
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 5,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${ioredis}const LOCK_TTL_MS = 10_000;
export async function run(id: string) {
  const previous = await redis.set(\`lock:\${id}\`, 'me', 'PX', LOCK_TTL_MS, 'NX', 'GET');
  return previous;
}`,
            },
          ],
        },
      ],
    },
    {
      // The constant goes above the function's doc comment, which stays attached to the function.
      code: `${ioredis}
/** Runs the nightly job once across instances. */
export async function nightly(key: string) {
  if (!(await redis.set(key, 'me', 'NX'))) return;
  await redis.del(key);
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 6,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${ioredis}
const LOCK_TTL_MS = 30_000;
/** Runs the nightly job once across instances. */
export async function nightly(key: string) {
  if (!(await redis.set(key, 'me', 'PX', LOCK_TTL_MS, 'NX'))) return;
  await redis.del(key);
}`,
            },
          ],
        },
      ],
    },
    {
      // node-redis, the deprecated flag style: the TTL joins it. Comments stay.
      code: `${nodeRedis}export async function run(key: string) {
  const ok = await client.set(key, 'me', { NX: true /* only if free */ });
  if (!ok) return;
  await client.del(key);
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import { createClient } from 'redis';\nconst client = createClient();\nconst LOCK_TTL_MS = 30_000;\n"}export async function run(key: string) {
  const ok = await client.set(key, 'me', { NX: true, PX: LOCK_TTL_MS /* only if free */ });
  if (!ok) return;
  await client.del(key);
}`,
            },
          ],
        },
      ],
    },
    {
      // node-redis, the `condition` style, with a trailing comma.
      code: `${nodeRedis}export async function run(key: string) {
  if (await client.set(key, 'me', { condition: 'NX', })) {
    await client.del(key);
  }
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import { createClient } from 'redis';\nconst client = createClient();\nconst LOCK_TTL_MS = 30_000;\n"}export async function run(key: string) {
  if (await client.set(key, 'me', { condition: 'NX', expiration: { type: 'PX', value: LOCK_TTL_MS } })) {
    await client.del(key);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // SETNX used as a condition: becomes SET … PX … NX.
      code: `${ioredis}export async function run(key: string) {
  if (!(await redis.setnx(key, 'me'))) return;
  await redis.del(key);
}`,
      errors: [
        {
          messageId: 'setnxWithoutTtl',
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import Redis from 'ioredis';\nconst redis = new Redis();\nconst LOCK_TTL_MS = 30_000;\n"}export async function run(key: string) {
  if (!(await redis.set(key, 'me', 'PX', LOCK_TTL_MS, 'NX'))) return;
  await redis.del(key);
}`,
            },
          ],
        },
      ],
    },
    {
      // SETNX whose 1/0 result is compared: the rewrite would change it, so no suggestion.
      code: `${ioredis}export async function run(key: string) {
  const taken = await redis.setnx(key, 'me');
  if (taken === 1) await redis.del(key);
}`,
      errors: [{ messageId: 'setnxWithoutTtl', line: 4, column: 23, suggestions: [] }],
    },
    {
      // node-redis setNX, as a statement.
      code: `${nodeRedis}export async function run() {
  await client.setNX('lock:report', 'me');
}`,
      errors: [
        {
          messageId: 'setnxWithoutTtl',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import { createClient } from 'redis';\nconst client = createClient();\nconst LOCK_TTL_MS = 30_000;\n"}export async function run() {
  await client.set('lock:report', 'me', { NX: true, PX: LOCK_TTL_MS });
}`,
            },
          ],
        },
      ],
    },
    {
      // A hash field as a lock: no TTL is possible.
      code: `${ioredis}export async function run(job: string) {
  if (!(await redis.hsetnx('locks', job, 'me'))) return;
  await redis.hdel('locks', job);
}`,
      errors: [{ messageId: 'hashFieldLock', line: 4, column: 15 }],
    },
    {
      // The lock taken in a helper, released through another: one call deep.
      code: `${ioredis}async function acquire(name: string, token: string) {
  return (await redis.set(\`job:\${name}\`, token, 'NX')) === 'OK';
}
async function release(name: string) {
  await redis.del(\`job:\${name}\`);
}
export async function run() {
  if (!(await acquire('daily', 'me'))) return;
  await release('daily');
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import Redis from 'ioredis';\nconst redis = new Redis();\nconst LOCK_TTL_MS = 30_000;\n"}async function acquire(name: string, token: string) {
  return (await redis.set(\`job:\${name}\`, token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK';
}
async function release(name: string) {
  await redis.del(\`job:\${name}\`);
}
export async function run() {
  if (!(await acquire('daily', 'me'))) return;
  await release('daily');
}`,
            },
          ],
        },
      ],
    },
    {
      // A module of lock helpers, with no call site here: the pair makes the SET NX a lock.
      code: `${ioredis}export async function take(job: string) {
  return redis.set(\`job:\${job}\`, 'me', 'NX');
}
export async function free(id: string) {
  await redis.del(\`job:\${id}\`);
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${"import Redis from 'ioredis';\nconst redis = new Redis();\nconst LOCK_TTL_MS = 30_000;\n"}export async function take(job: string) {
  return redis.set(\`job:\${job}\`, 'me', 'PX', LOCK_TTL_MS, 'NX');
}
export async function free(id: string) {
  await redis.del(\`job:\${id}\`);
}`,
            },
          ],
        },
      ],
    },
    {
      // `as`, `!` and parentheses around the client; the cluster client.
      code: `import { Cluster } from 'ioredis';
const cluster = new Cluster([]);
export async function run() {
  await (cluster as Cluster)!.set('lock:x', 'me', 'NX');
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `import { Cluster } from 'ioredis';
const cluster = new Cluster([]);
const LOCK_TTL_MS = 30_000;
export async function run() {
  await (cluster as Cluster)!.set('lock:x', 'me', 'PX', LOCK_TTL_MS, 'NX');
}`,
            },
          ],
        },
      ],
    },
    {
      // Plain JavaScript, CommonJS require.
      code: `const Redis = require('ioredis');
const redis = new Redis();
async function run() {
  await redis.set('lock:nightly', 'me', 'NX');
}
module.exports = { run };`,
      filename: jsFile,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `const Redis = require('ioredis');
const redis = new Redis();
const LOCK_TTL_MS = 30_000;
async function run() {
  await redis.set('lock:nightly', 'me', 'PX', LOCK_TTL_MS, 'NX');
}
module.exports = { run };`,
            },
          ],
        },
      ],
    },
    {
      // Upstash: NX in the options object, no TTL, released later: \`px\` joins the options.
      code: `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}
declare function work(): Promise<void>;`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${upstash}const LOCK_TTL_MS = 30_000;
export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, px: LOCK_TTL_MS }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}
declare function work(): Promise<void>;`,
            },
          ],
        },
      ],
    },
    {
      // Upstash \`Redis.fromEnv()\` exported from the module that uses it; a lock key with GET and a trailing comma.
      code: `${upstashFromEnv}export async function run(id: string) {
  const previous = await redis.set(\`lock:\${id}\`, 'me', { nx: true, get: true, });
  return previous;
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `${upstashFromEnv}const LOCK_TTL_MS = 30_000;
export async function run(id: string) {
  const previous = await redis.set(\`lock:\${id}\`, 'me', { nx: true, get: true, px: LOCK_TTL_MS });
  return previous;
}`,
            },
          ],
        },
      ],
    },
    {
      // Upstash SETNX as a condition, imported from the Cloudflare entry: becomes SET with \`{ nx, px }\`.
      code: `import { Redis } from '@upstash/redis/cloudflare';
const redis = Redis.fromEnv({ UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'secret' });
export async function run(key: string) {
  if (!(await redis.setnx(key, 'me'))) return;
  await redis.del(key);
}`,
      errors: [
        {
          messageId: 'setnxWithoutTtl',
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `import { Redis } from '@upstash/redis/cloudflare';
const redis = Redis.fromEnv({ UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'secret' });
const LOCK_TTL_MS = 30_000;
export async function run(key: string) {
  if (!(await redis.set(key, 'me', { nx: true, px: LOCK_TTL_MS }))) return;
  await redis.del(key);
}`,
            },
          ],
        },
      ],
    },
    {
      // Plain JavaScript, CommonJS require of Upstash.
      code: `const { Redis } = require('@upstash/redis');
const redis = Redis.fromEnv();
async function run() {
  await redis.set('lock:nightly', 'me', { nx: true });
}
module.exports = { run };`,
      filename: jsFile,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `const { Redis } = require('@upstash/redis');
const redis = Redis.fromEnv();
const LOCK_TTL_MS = 30_000;
async function run() {
  await redis.set('lock:nightly', 'me', { nx: true, px: LOCK_TTL_MS });
}
module.exports = { run };`,
            },
          ],
        },
      ],
    },
  ],
  typedInvalid: [
    {
      // Recognised by type: an injected client.
      code: `import type { Redis } from 'ioredis';
export async function run(redis: Redis, key: string) {
  if (!(await redis.set(key, 'me', 'NX'))) return;
  await redis.del(key);
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 3,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `import type { Redis } from 'ioredis';
const LOCK_TTL_MS = 30_000;
export async function run(redis: Redis, key: string) {
  if (!(await redis.set(key, 'me', 'PX', LOCK_TTL_MS, 'NX'))) return;
  await redis.del(key);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import type { RedisClientType } from 'redis';
export async function run(client: RedisClientType) {
  await client.SET('lock:nightly', 'me', { NX: true });
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `import type { RedisClientType } from 'redis';
const LOCK_TTL_MS = 30_000;
export async function run(client: RedisClientType) {
  await client.SET('lock:nightly', 'me', { NX: true, PX: LOCK_TTL_MS });
}`,
            },
          ],
        },
      ],
    },
    {
      // Upstash recognised by type: a client passed in.
      code: `import type { Redis } from '@upstash/redis';
export async function run(redis: Redis, key: string) {
  if (!(await redis.set(key, 'me', { nx: true }))) return;
  await redis.del(key);
}`,
      errors: [
        {
          messageId: 'lockWithoutTtl',
          line: 3,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestLockTtl',
              output: `import type { Redis } from '@upstash/redis';
const LOCK_TTL_MS = 30_000;
export async function run(redis: Redis, key: string) {
  if (!(await redis.set(key, 'me', { nx: true, px: LOCK_TTL_MS }))) return;
  await redis.del(key);
}`,
            },
          ],
        },
      ],
    },
  ],
  untypedValid: [
    // Without types, an injected client is not known to be Redis.
    `import type { Redis } from 'ioredis';
export async function run(redis: Redis, key: string) {
  if (!(await redis.set(key, 'me', 'NX'))) return;
  await redis.del(key);
}`,
    `import type { RedisClientType } from 'redis';
export async function run(client: RedisClientType) {
  await client.SET('lock:nightly', 'me', { NX: true });
}`,
    `import type { Redis } from '@upstash/redis';
export async function run(redis: Redis, key: string) {
  if (!(await redis.set(key, 'me', { nx: true }))) return;
  await redis.del(key);
}`,
  ],
};
