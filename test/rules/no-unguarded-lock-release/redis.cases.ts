import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\ndeclare function work(): Promise<void>;\n";
const nodeRedis = "import { createClient } from 'redis';\nconst client = createClient();\ndeclare function work(): Promise<void>;\n";
const upstash =
  "import { Redis } from '@upstash/redis';\nconst redis = new Redis({ url: 'https://eu1.upstash.io', token: 'secret' });\ndeclare function work(): Promise<void>;\n";
const upstashFromEnv = "import { Redis } from '@upstash/redis';\nexport const redis = Redis.fromEnv();\ndeclare function work(): Promise<void>;\n";
const script = `'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end'`;


/** Lock helpers imported under names without a lock word (re-exported by redis-lock-barrel.ts). */
const leaseHelpers = `import takeLease, { freeLease } from './redis-lock-barrel.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await takeLease(job);
  if (token === null) return;
  await work();
  await freeLease(job, token);
}`;
export const redisCases: CasesFor<typeof rule> = {
  valid: [
    // Key builders whose calls may differ (a clock, a module variable): the delete is not known to free the lock.
    `${ioredis}const lockKey = (id: string) => \`lock:\${id}:\${Date.now()}\`;
export async function reap(id: string) {
  if ((await redis.set(lockKey(id), '1', 'EX', 60, 'NX')) === null) return;
  try {
    await work();
  } finally {
    await redis.del(lockKey(id));
  }
}`,
    `${ioredis}let generation = 0;
const lockKey = (id: string) => \`lock:\${id}:\${generation}\`;
export async function reap(id: string) {
  if ((await redis.set(lockKey(id), '1', 'EX', 60, 'NX')) === null) return;
  try {
    await work();
  } finally {
    await redis.del(lockKey(id));
  }
}`,
    // The atomic release: compare-and-delete in `finally`.
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
    `${nodeRedis}export async function run(key: string, token: string) {
  if (!(await client.set(key, token, { NX: true, PX: 30000 }))) return;
  try {
    await work();
  } finally {
    await client.eval(${script}, { keys: [key], arguments: [token] });
  }
}`,
    // A dedupe marker never released on purpose.
    `${ioredis}export async function handle(id: string) {
  if (!(await redis.set(\`event:\${id}\`, '1', 'EX', 86400, 'NX'))) return;
  await work();
}`,
    // A delete of another key.
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
  await redis.del('cache:' + key);
}`,
    // A release in `catch` and after the work: every path handled by hand.
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
    await redis.eval(${script}, 1, key, token);
  } catch (error) {
    await redis.eval(${script}, 1, key, token);
    throw error;
  }
}`,
    // Nothing between the acquire and the release can throw.
    `${ioredis}export async function touch(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  const seen = true;
  await redis.eval(${script}, 1, key, token);
  return seen;
}`,
    // The work catches its errors (and does not rethrow): the release after it is reached.
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } catch (error) {
    console.error(error);
  }
  await redis.eval(${script}, 1, key, token);
}`,
    // No TTL: nobody else can hold the key meanwhile, so a plain DEL frees only this lock (require-lock-ttl reports the lock).
    `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
    // Helpers that build different keys are no pair.
    `${ioredis}export async function acquireLock(job: string, token: string) {
  return (await redis.set(\`lock:\${job}\`, token, 'PX', 30000, 'NX')) === 'OK';
}
export async function clearCache(name: string) {
  await redis.del(\`cache:\${name}\`);
}`,
    // A local helper deleting another key built from the same argument is no release.
    `${ioredis}async function clearCache(name: string) {
  await redis.del(\`cache:\${name}\`);
}
export async function run(job: string, token: string) {
  if (!(await redis.set(job, token, 'PX', 30000, 'NX'))) return;
  await work();
  await clearCache(job);
}`,
    // A lock taken by retrying, released in \`finally\`.
    `${ioredis}export async function run(key: string, token: string) {
  while (!(await redis.set(key, token, 'PX', 30000, 'NX'))) await new Promise((resolve) => setTimeout(resolve, 50));
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
    // A DEL of another lock's key.
    `${ioredis}export async function run(a: string, b: string, token: string) {
  if (!(await redis.set(\`lock:\${a}\`, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, \`lock:\${a}\`, token);
  }
  await redis.del(\`lock:\${b}\`);
}`,
    // A lock per item of a loop, released in \`finally\` each time.
    `${ioredis}export async function runAll(keys: string[], token: string) {
  for (const key of keys) {
    if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) continue;
    try {
      await work();
    } finally {
      await redis.eval(${script}, 1, key, token);
    }
  }
}`,
    // SET XX is an update, not a lock.
    `${ioredis}export async function refresh(key: string) {
  await redis.set(key, 'fresh', 'PX', 30000, 'XX');
  await work();
  await redis.del(key);
}`,
    // A lease: the token goes back to the caller, who releases it.
    `${ioredis}export async function lease(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return null;
  await work();
  return token;
}`,
    // Not a Redis client.
    `const store = new Map<string, string>();
export async function run(key: string) {
  store.set(key, 'NX');
  await Promise.resolve();
  store.delete(key);
}`,
    // Upstash: the compare-and-delete through \`eval(script, keys, args)\` in \`finally\`.
    `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, [key], [token]);
  }
}`,
    `${upstashFromEnv}export async function run(key: string) {
  const token = crypto.randomUUID();
  if ((await redis.set(key, token, { nx: true, px: 30000 })) !== 'OK') return;
  try {
    await work();
  } finally {
    await redis.evalsha('2b8a3c1f', [key], [token]);
  }
}`,
    // Upstash: XX is an update, a cache entry with a TTL and no NX is no lock.
    `${upstash}export async function refresh(key: string) {
  await redis.set(key, 'fresh', { xx: true, px: 30000 });
  await work();
  await redis.del(key);
}`,
    `${upstashFromEnv}export async function cache(key: string, value: string) {
  await redis.set(key, value, { ex: 60 });
  await work();
  await redis.del(key);
}`,
    // An object literal named redis, with Upstash's option shape: not the library.
    `const redis = { async set(_k: string, _v: string, _o: object) { return 'OK'; }, async del(_k: string) { return 1; } };
declare function work(): Promise<void>;
export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
  ],
  invalid: [
    {
      // The key built by a helper of the file at the acquire and at the release: one key for the same arguments.
      code: `${ioredis}const LOCK_PREFIX = 'reaper:lock';
const lockKey = (projectId: string) => \`\${LOCK_PREFIX}:\${projectId}\`;
export async function reap(projectId: string) {
  const locked = await redis.set(lockKey(projectId), '1', 'EX', 60, 'NX');
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await redis.del(lockKey(projectId));
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', data: { method: 'del', key: 'lockKey(projectId)', token: "'1'" }, line: 13, column: 11 }],
    },
    {
      // A function declaration that returns the key, released outside \`finally\`.
      code: `${ioredis}function jobLock(queue: string, job: { id: string }) {
  return 'lock:' + queue + ':' + job.id;
}
export async function run(queue: string, job: { id: string }, token: string) {
  if (!(await redis.set(jobLock(queue, job), token, 'PX', 30000, 'NX'))) return;
  await work();
  await redis.eval(${script}, 1, jobLock(queue, job), token);
}`,
      output: `${ioredis}function jobLock(queue: string, job: { id: string }) {
  return 'lock:' + queue + ':' + job.id;
}
export async function run(queue: string, job: { id: string }, token: string) {
  if (!(await redis.set(jobLock(queue, job), token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, jobLock(queue, job), token);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 10, column: 9 }],
    },
    {
      // A plain DEL in `finally`: the token is in scope, so the compare-and-delete is automatic.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      output: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 9, column: 11 }],
    },
    {
      // node-redis, UNLINK: automatic when the token is known to be a string (node-redis takes only strings).
      code: `${nodeRedis}export async function run(key: string) {
  const token = crypto.randomUUID();
  const ok = await client.set(key, token, { NX: true, PX: 30000 });
  if (!ok) return;
  try {
    await work();
  } finally {
    await client.unlink(key);
  }
}`,
      output: `${nodeRedis}export async function run(key: string) {
  const token = crypto.randomUUID();
  const ok = await client.set(key, token, { NX: true, PX: 30000 });
  if (!ok) return;
  try {
    await work();
  } finally {
    await client.eval(${script}, { keys: [key], arguments: [token] });
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 11, column: 11 }],
    },
    {
      // GET, compare, DEL: two commands, still not atomic. The result is used: a suggestion.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    const deleted = (await redis.get(key)) === token ? await redis.del(key) : 0;
    console.log(deleted);
  }
}`,
      errors: [
        {
          messageId: 'plainDeleteRelease',
          line: 9,
          column: 62,
          suggestions: [
            {
              messageId: 'suggestCompareAndDelete',
              output: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    const deleted = (await redis.get(key)) === token ? await redis.eval(${script}, 1, key, token) : 0;
    console.log(deleted);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // The token is not kept: reported without a fix.
      code: `${ioredis}export async function run(key: string) {
  if (!(await redis.set(key, crypto.randomUUID(), 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 9, column: 11, suggestions: [] }],
    },
    {
      // Released after the work, outside `finally`: wrapped in `try/finally`, comments kept.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  // the guarded work
  await work();
  await redis.eval(${script}, 1, key, token);
}`,
      output: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    // the guarded work
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 9 }],
    },
    {
      // The lock taken in an `if` branch: the work and the release are its statements.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (await redis.set(key, token, 'PX', 30000, 'NX')) {
    await work();
    await redis.eval(${script}, 1, key, token);
  }
}`,
      output: `${ioredis}export async function run(key: string, token: string) {
  if (await redis.set(key, token, 'PX', 30000, 'NX')) {
    try {
      await work();
    } finally {
      await redis.eval(${script}, 1, key, token);
    }
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 11 }],
    },
    {
      // An early return between acquire and release leaks the lock: the fix changes that path, so a suggestion.
      code: `${ioredis}export async function run(key: string, token: string, skip: boolean) {
  const taken = await redis.set(key, token, 'PX', 30000, 'NX');
  if (taken === null) return;
  if (skip) return;
  await work();
  await redis.eval(${script}, 1, key, token);
}`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `${ioredis}export async function run(key: string, token: string, skip: boolean) {
  const taken = await redis.set(key, token, 'PX', 30000, 'NX');
  if (taken === null) return;
  try {
    if (skip) return;
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A declaration of the work is used after the release: no fix (it would leave the `try` scope).
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  const result = await work();
  await redis.eval(${script}, 1, key, token);
  return result;
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 9, suggestions: [] }],
    },
    {
      // Hand-written helpers, followed one call deep: the plain DEL is inside the release helper.
      code: `${ioredis}async function acquireLock(name: string, token: string): Promise<boolean> {
  return (await redis.set(\`lock:\${name}\`, token, 'PX', 30000, 'NX')) === 'OK';
}
async function releaseLock(name: string): Promise<void> {
  await redis.del(\`lock:\${name}\`);
}
export async function run(token: string) {
  if (!(await acquireLock('report', token))) return;
  try {
    await work();
  } finally {
    await releaseLock('report');
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 8, column: 9, suggestions: [] }],
    },
    {
      // The helper pair, released outside `finally`.
      code: `${ioredis}async function acquireLock(name: string, token: string) {
  while (!(await redis.set(\`lock:\${name}\`, token, 'PX', 30000, 'NX'))) await new Promise((r) => setTimeout(r, 50));
}
async function releaseLock(name: string, token: string) {
  await redis.eval(${script}, 1, \`lock:\${name}\`, token);
}
export async function run(token: string) {
  await acquireLock('report', token);
  await work();
  await releaseLock('report', token);
}`,
      output: `${ioredis}async function acquireLock(name: string, token: string) {
  while (!(await redis.set(\`lock:\${name}\`, token, 'PX', 30000, 'NX'))) await new Promise((r) => setTimeout(r, 50));
}
async function releaseLock(name: string, token: string) {
  await redis.eval(${script}, 1, \`lock:\${name}\`, token);
}
export async function run(token: string) {
  await acquireLock('report', token);
  try {
    await work();
  } finally {
    await releaseLock('report', token);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 13, column: 9 }],
    },
    {
      // The key variable changes between acquire and release.
      code: `${ioredis}export async function run(token: string) {
  let key = 'lock:a';
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    key = 'lock:b';
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
      errors: [{ messageId: 'lockKeyChanged', line: 11, column: 11 }],
    },
    {
      // Optional chaining and a type assertion on the client: kept by the fix.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await (redis as Redis | undefined)?.del(key);
  }
}`,
      output: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await (redis as Redis | undefined)?.eval(${script}, 1, key, token);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 9, column: 11 }],
    },
    {
      // A comment inside the call would be lost: a suggestion.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key /* the lock */);
  }
}`,
      errors: [
        {
          messageId: 'plainDeleteRelease',
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestCompareAndDelete',
              output: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A catch that rethrows does not keep the release on every path.
      code: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } catch (error) {
    console.error(error);
    throw error;
  }
  await redis.eval(${script}, 1, key, token);
}`,
      output: `${ioredis}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    try {
      await work();
    } catch (error) {
      console.error(error);
      throw error;
    }
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 12, column: 9 }],
    },
    {
      // The acquire's result is never checked: the DEL may delete a key another worker set (no fix: no token).
      // Not a lock held on every path either: nothing tells whether it was taken.
      code: `${ioredis}export async function warm(key: string) {
  await redis.set(key, 'warming', 'PX', 30000, 'NX');
  await work();
  await redis.del(key);
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 7, column: 9, suggestions: [] }],
    },
    {
      // A module of lock helpers, called from other files: the pair is recognised by the key they build.
      code: `${ioredis}export async function acquireLock(job: string, token: string) {
  return (await redis.set(\`lock:\${job}\`, token, 'PX', 30000, 'NX')) === 'OK';
}
export async function releaseLock(name: string) {
  await redis.del(\`lock:\${name}\`);
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 8, column: 9, suggestions: [] }],
    },
    {
      // The release lives in another function (a shutdown hook), paired by the key: after the TTL, another
      // worker may be the leader, and resign() deletes their key.
      code: `${ioredis}export async function lead(token: string) {
  if (!(await redis.set('leader', token, 'PX', 30000, 'NX'))) return false;
  await work();
  return true;
}
export async function resign() {
  await redis.del('leader');
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 10, column: 9, suggestions: [] }],
    },
    {
      // Upstash: a lock with a TTL released by a plain DEL; the token is a string: the compare-and-delete is automatic.
      code: `${upstash}export async function run(key: string) {
  const token = crypto.randomUUID();
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      output: `${upstash}export async function run(key: string) {
  const token = crypto.randomUUID();
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, [key], [token]);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 10, column: 11 }],
    },
    {
      // Upstash \`Redis.fromEnv()\`, the lock released by its compare-and-delete, but outside \`finally\`.
      code: `${upstashFromEnv}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, px: 30000 }))) return;
  await work();
  await redis.eval(${script}, [key], [token]);
}`,
      output: `${upstashFromEnv}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, px: 30000 }))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, [key], [token]);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 9 }],
    },
  ],
  typedValid: [
    // An imported helper that deletes another key built from the same argument is no release.
    `import { acquireLock, releaseLock, forget } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLock(job);
  if (token === null) return;
  await work();
  await forget(job);
  try {
    await work();
  } finally {
    await releaseLock(job, token);
  }
}`,
    // Imported helpers in \`finally\`; a delete of another key built by an imported helper.
    `import { acquireLock, releaseLock, forget } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLock(job);
  if (token === null) return;
  try {
    await work();
  } finally {
    await releaseLock(job, token);
  }
  await forget(job);
}`,
  ],
  typedInvalid: [
    {
      // An injected client, known by its type.
      code: `import type { Redis } from 'ioredis';
declare function work(): Promise<void>;
export async function run(redis: Redis, key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      output: `import type { Redis } from 'ioredis';
declare function work(): Promise<void>;
export async function run(redis: Redis, key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, 1, key, token);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 8, column: 11 }],
    },
    {
      // Helpers imported from another module, read through the type checker.
      code: `import { acquireLock, releaseLock } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLock(job);
  if (token === null) return;
  await work();
  await releaseLock(job, token);
}`,
      output: `import { acquireLock, releaseLock } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLock(job);
  if (token === null) return;
  try {
    await work();
  } finally {
    await releaseLock(job, token);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 9 }],
    },
    {
      // The same helpers under other names: renamed where imported, renamed by a module that re-exports them.
      code: `import acquireByDefault, { acquireLease, freeLease } from './redis-lock-barrel.js';
import { releaseLock as free } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLease(job);
  if (token === null) return;
  await work();
  await freeLease(job, token);
}
export async function again(job: string) {
  const token = await acquireByDefault(job);
  if (token === null) return;
  await work();
  await free(job, token);
}`,
      output: `import acquireByDefault, { acquireLease, freeLease } from './redis-lock-barrel.js';
import { releaseLock as free } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLease(job);
  if (token === null) return;
  try {
    await work();
  } finally {
    await freeLease(job, token);
  }
}
export async function again(job: string) {
  const token = await acquireByDefault(job);
  if (token === null) return;
  try {
    await work();
  } finally {
    await free(job, token);
  }
}`,
      errors: [
        { messageId: 'releaseNotInFinally', line: 8, column: 9 },
        { messageId: 'releaseNotInFinally', line: 14, column: 9 },
      ],
    },
    {
      // A file whose own text names no lock word: the imported helpers alone say that it takes a lock.
      code: leaseHelpers,
      output: `import takeLease, { freeLease } from './redis-lock-barrel.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await takeLease(job);
  if (token === null) return;
  try {
    await work();
  } finally {
    await freeLease(job, token);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 9 }],
    },
    {
      // Upstash, an injected client known by its type; the token is a string by type: automatic.
      code: `import type { Redis } from '@upstash/redis';
declare function work(): Promise<void>;
export async function run(redis: Redis, key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      output: `import type { Redis } from '@upstash/redis';
declare function work(): Promise<void>;
export async function run(redis: Redis, key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, [key], [token]);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 8, column: 11 }],
    },
    {
      // Upstash imported, a token parameter: a string by type, so the fix is automatic.
      code: `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      output: `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, [key], [token]);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', line: 9, column: 11 }],
    },
  ],
  untypedValid: [
    leaseHelpers,
    // Without types an imported function is opaque.
    `import { acquireLock, releaseLock } from './redis-lock-helpers.js';
declare function work(): Promise<void>;
export async function run(job: string) {
  const token = await acquireLock(job);
  if (token === null) return;
  await work();
  await releaseLock(job, token);
}`,
    `import type { Redis } from 'ioredis';
declare function work(): Promise<void>;
export async function run(redis: Redis, key: string, token: string) {
  if (!(await redis.set(key, token, 'PX', 30000, 'NX'))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
    `import type { Redis } from '@upstash/redis';
declare function work(): Promise<void>;
export async function run(redis: Redis, key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
  ],
  untypedInvalid: [
    {
      // Upstash imported, a token parameter: without types it is not known to be a string, so a suggestion.
      code: `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.del(key);
  }
}`,
      errors: [
        {
          messageId: 'plainDeleteRelease',
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestCompareAndDelete',
              output: `${upstash}export async function run(key: string, token: string) {
  if (!(await redis.set(key, token, { nx: true, ex: 30 }))) return;
  try {
    await work();
  } finally {
    await redis.eval(${script}, [key], [token]);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
};
