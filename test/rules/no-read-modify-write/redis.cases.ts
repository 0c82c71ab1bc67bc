import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type rule from '../../../rules/no-read-modify-write.js';
import type { CasesFor } from '../../rule-tester.js';

const jsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'typed', 'file.js');
const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\n";
const nodeRedis = "import { createClient } from 'redis';\nconst client = createClient();\n";
const upstash = "import { Redis } from '@upstash/redis';\nconst redis = new Redis({ url: 'https://eu1.upstash.io', token: 'secret' });\n";
const upstashFromEnv = "import { Redis } from '@upstash/redis';\nexport const redis = Redis.fromEnv();\n";
const counterAlternative = (command: string) => `Use \`${command}\`, which changes the number on the server in one step.`;

export const redisCases: CasesFor<typeof rule> = {
  valid: [
    // A one-shot script (a shebang): no second actor runs it at the same time.
    `#!/usr/bin/env node
${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
    // The atomic commands.
    `${ioredis}export async function hit(key: string) {
  return redis.incrby(key, 1);
}`,
    `${nodeRedis}export async function hit(key: string) {
  await client.hIncrBy('stats', key, 1);
}`,
    // Optimistic locking: the key is watched, the write goes through MULTI/EXEC.
    `${ioredis}export async function hit(key: string) {
  await redis.watch(key);
  const value = await redis.get(key);
  await redis.multi().set(key, Number(value) + 1).exec();
}`,
    // Under a lock.
    `import Redis from 'ioredis';
import Redlock from 'redlock';
const redis = new Redis();
const redlock = new Redlock([redis]);
export async function hit(key: string) {
  await redlock.using([\`lock:\${key}\`], 5000, async () => {
    const value = await redis.get(key);
    await redis.set(key, Number(value) + 1);
  });
}`,
    `${ioredis}export async function hit(key: string, token: string) {
  if (!(await redis.set(\`lock:\${key}\`, token, 'PX', 5000, 'NX'))) return;
  try {
    const value = await redis.get(key);
    await redis.set(key, Number(value) + 1);
  } finally {
    await redis.eval('if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end', 1, \`lock:\${key}\`, token);
  }
}`,
    // The written value does not come from the read (a check-then-act, another rule's concern).
    `${ioredis}export async function init(key: string) {
  const value = await redis.get(key);
  if (value === null) await redis.set(key, '0');
}`,
    // Another key.
    `${ioredis}export async function copy(from: string, to: string) {
  const value = await redis.get(from);
  await redis.set(to, Number(value) + 1);
}`,
    // Another hash field.
    `${ioredis}export async function copy(id: string) {
  const views = await redis.hget(id, 'views');
  await redis.hset(id, 'lastViews', Number(views) + 1);
}`,
    // A Map with get/set: not Redis.
    `const cache = new Map<string, number>();
export function hit(key: string) {
  const value = cache.get(key) ?? 0;
  cache.set(key, value + 1);
}`,
    // The write runs later, in a timer: another function, not followed.
    `${ioredis}export async function later(key: string) {
  const value = await redis.get(key);
  setTimeout(() => void redis.set(key, Number(value) + 1), 10);
}`,
    // The read only feeds a log; the written value is a constant.
    `${ioredis}export async function reset(key: string) {
  const value = await redis.get(key);
  console.log('resetting', value);
  await redis.set(key, '0');
}`,
    // node-redis WATCH before the read.
    `${nodeRedis}export async function hit(key: string) {
  await client.watch(key);
  const value = await client.get(key);
  await client.multi().set(key, String(Number(value) + 1)).exec();
}`,
    // Inside runExclusive.
    `import Redis from 'ioredis';
import { Mutex } from 'async-mutex';
const redis = new Redis();
const mutex = new Mutex();
export async function hit(key: string) {
  await mutex.runExclusive(async () => {
    const value = await redis.get(key);
    await redis.set(key, Number(value) + 1);
  });
}`,
    // An object of your own with get/set: not a Redis client.
    `const redis = { get: async (_key: string) => '1', set: async (_key: string, _value: unknown) => 'OK' };
export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
    // Between a redlock acquire and its release in \`finally\`.
    `import Redis from 'ioredis';
import Redlock from 'redlock';
const redis = new Redis();
const redlock = new Redlock([redis]);
export async function hit(key: string) {
  const lock = await redlock.acquire([\`lock:\${key}\`], 5000);
  try {
    const value = await redis.get(key);
    await redis.set(key, Number(value) + 1);
  } finally {
    await lock.release();
  }
}`,
    // A Lua script changes the value on the server.
    `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  console.log(value);
  await redis.eval("return redis.call('incrby', KEYS[1], 1)", 1, key);
}`,
    // The JSON written is built from the arguments, not from the read.
    `${ioredis}export async function save(key: string, items: string[]) {
  const previous = await redis.get(key);
  if (previous !== null) console.log('replacing', previous.length);
  await redis.set(key, JSON.stringify({ items }));
}`,
    // The read and the write in different functions.
    `${ioredis}export async function read(key: string) {
  return redis.get(key);
}
export async function write(key: string, value: number) {
  await redis.set(key, value + 1);
}`,
    // Another hash.
    `${ioredis}export async function copy(id: string) {
  const views = await redis.hget('pages', id);
  await redis.hset('archive', id, Number(views) + 1);
}`,
    // The key is reassigned between read and write.
    `${ioredis}export async function roll(prefix: string) {
  let key = prefix + ':a';
  const value = await redis.get(key);
  key = prefix + ':b';
  await redis.set(key, Number(value) + 1);
}`,
    // Upstash: the atomic commands; a write of another key; a compare-and-set in a script.
    `${upstash}export async function hit(key: string) {
  return redis.incrby(key, 1);
}`,
    `${upstashFromEnv}export async function view(id: string) {
  await redis.hincrby('pages', id, 1);
}`,
    `${upstashFromEnv}export async function copy(from: string, to: string) {
  const value = await redis.get(from);
  await redis.set(to, Number(value) + 1, { ex: 60 });
}`,
    // An object literal named redis: not the library.
    `const redis = { async get(_k: string) { return '1'; }, async set(_k: string, _v: unknown, _o?: object) { return 'OK'; } };
export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1, { ex: 60 });
}`,
    // A converted read of another key.
    `${ioredis}export async function copy(from: string, to: string) {
  const n = Number(await redis.get(from));
  await redis.set(to, n + 1);
}`,
  ],
  invalid: [
    {
      // In a script, with scripts: 'report'.
      code: `#!/usr/bin/env node
${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      options: [{ scripts: 'report' }],
      output: `#!/usr/bin/env node
${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 6, column: 9 }],
    },
    {
      // The counter: the read serves nothing else, so INCRBY replaces both.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, data: { write: 'set', read: 'get', key: 'key', alternative: counterAlternative('incrby'), atomic: 'incrby' } }],
    },
    {
      // node-redis, a decrement, `?? 0`, String(): decrBy.
      code: `${nodeRedis}export async function take(key: string) {
  const stock = await client.get(key);
  await client.set(key, String(Number(stock ?? 0) - 2));
}`,
      output: `${nodeRedis}export async function take(key: string) {
  await client.decrBy(key, 2);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // The new value is kept and returned: it becomes INCRBY's answer.
      code: `${ioredis}export async function next(key: string) {
  const current = await redis.get(key);
  const id = Number(current) + 1;
  await redis.set(key, id);
  return id;
}`,
      output: `${ioredis}export async function next(key: string) {
  const id = await redis.incrby(key, 1);
  return id;
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 6, column: 9 }],
    },
    {
      // The old value is used afterwards: the read stays, the write becomes INCRBY — a suggestion.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, +value! + 1);
  console.log('was', value);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.incrby(key, 1);
  console.log('was', value);
}`,
            },
          ],
        },
      ],
    },
    {
      // parseInt(null) is NaN where INCRBY counts a missing key as 0: a suggestion.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, parseInt(value as string, 10) + 1);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // With a default it is exact again.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, parseInt(value ?? '0', 10) + 5);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 5);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // A missing key decides whether to write: INCRBY would create it — a suggestion.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  if (value === null) return;
  await redis.set(key, Number(value) + 1);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  if (value === null) return;
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // A fractional amount: INCRBYFLOAT formats numbers its own way — a suggestion.
      code: `${ioredis}export async function add(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 0.5);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function add(key: string) {
  await redis.incrbyfloat(key, 0.5);
}`,
            },
          ],
        },
      ],
    },
    {
      // A variable amount: the rewrite is right only for integers — a suggestion.
      code: `${ioredis}export async function add(key: string, amount: number) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + amount);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function add(key: string, amount: number) {
  await redis.incrby(key, amount);
}`,
            },
          ],
        },
      ],
    },
    {
      // A TTL on the write: INCRBY cannot set it — reported without a fix.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1, 'EX', 60);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, suggestions: [] }],
    },
    {
      // Hash fields: HINCRBY, also for a decrement.
      code: `${ioredis}export async function view(id: string) {
  const views = await redis.hget(\`page:\${id}\`, 'views');
  await redis.hset(\`page:\${id}\`, 'views', Number(views) - 1);
}`,
      output: `${ioredis}export async function view(id: string) {
  await redis.hincrby(\`page:\${id}\`, 'views', -1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${nodeRedis}export async function view(id: string) {
  const views = await client.hGet('pages', id);
  await client.hSet('pages', id, Number(views) + 1);
}`,
      output: `${nodeRedis}export async function view(id: string) {
  await client.hIncrBy('pages', id, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // A JSON blob read, changed and written back.
      code: `${ioredis}export async function addItem(cartId: string, item: string) {
  const raw = await redis.get(\`cart:\${cartId}\`);
  const cart = JSON.parse(raw ?? '{"items":[]}') as { items: string[] };
  cart.items.push(item);
  await redis.set(\`cart:\${cartId}\`, JSON.stringify(cart));
}`,
      errors: [{ messageId: 'redisJsonReadModifyWrite', line: 7, column: 9 }],
    },
    {
      // Any other value computed from the read.
      code: `${ioredis}export async function append(key: string, suffix: string) {
  const value = await redis.get(key);
  await redis.set(key, (value ?? '') + suffix);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, suggestions: [] }],
    },
    {
      // A MULTI without WATCH does not help: the read is outside it.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.multi().set(key, Number(value) + 1).exec();
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, suggestions: [] }],
    },
    {
      // The read inside the write, optional chaining on the client.
      code: `${ioredis}export async function hit(key: string) {
  await redis?.set(key, Number(await redis.get(key)) + 1);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis?.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 4, column: 9 }],
    },
    {
      // A comment in the read statement would be lost: a suggestion.
      code: `${ioredis}export async function hit(key: string) {
  const value = await redis.get(key /* current count */);
  await redis.set(key, Number(value) + 1);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // Parentheses, \`as\`, \`!\` and \`satisfies\`; node-redis in its upper-case spelling.
      code: `${nodeRedis}export async function hit(key: string) {
  const value = (await client.GET(key))!;
  await (client as typeof client).SET(key, (Number(value) satisfies number) + 1);
}`,
      output: `${nodeRedis}export async function hit(key: string) {
  await (client as typeof client).INCRBY(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // Plain JavaScript, CommonJS.
      code: `const Redis = require('ioredis');
const redis = new Redis();
async function hit(key) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}
module.exports = { hit };`,
      filename: jsFile,
      output: `const Redis = require('ioredis');
const redis = new Redis();
async function hit(key) {
  await redis.incrby(key, 1);
}
module.exports = { hit };`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // Upstash: the counter, fixed to its lower-case INCRBY.
      code: `${upstash}export async function hit(key: string) {
  const n = await redis.get(key);
  await redis.set(key, Number(n) + 1);
}`,
      output: `${upstash}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, data: { write: 'set', read: 'get', key: 'key', alternative: counterAlternative('incrby'), atomic: 'incrby' } }],
    },
    {
      // Upstash \`Redis.fromEnv()\` exported by the module; a TTL in the options: INCRBY cannot keep it, no fix.
      code: `${upstashFromEnv}export async function hit(key: string) {
  const n = await redis.get<number>(key);
  await redis.set(key, (n ?? 0) + 1, { ex: 60 });
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, suggestions: [] }],
    },
    {
      // Upstash parses JSON itself: an object read, changed and written back. Upstash has no WATCH: a script.
      code: `${upstash}export async function addItem(cartId: string, item: string) {
  const cart = await redis.get<{ items: string[] }>(\`cart:\${cartId}\`);
  if (!cart) return;
  cart.items.push(item);
  await redis.set(\`cart:\${cartId}\`, cart);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 7,
          column: 9,
          data: {
            write: 'set',
            read: 'get',
            key: '`cart:${cartId}`',
            alternative: 'Use an atomic command, or a Lua script (`eval`) that changes the value on the server: Upstash has no `WATCH`.',
            atomic: '',
          },
          suggestions: [],
        },
      ],
    },
    // Upstash parses a counter into a number: used as read, with a default of zero.
    {
      code: `${upstashFromEnv}export async function hit(key: string) {
  const n = (await redis.get<number>(key)) ?? 0;
  await redis.set(key, n + 1);
}`,
      output: `${upstashFromEnv}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${upstash}export async function hit(key: string) {
  const n = await redis.get<number>(key);
  await redis.set(key, (n ?? 0) - 1);
}`,
      output: `${upstash}export async function hit(key: string) {
  await redis.decrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // Without the default the read could be a string: a suggestion.
      code: `${upstash}export async function hit(key: string) {
  const n = await redis.get<number>(key);
  await redis.set(key, n! + 1);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${upstash}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // A string appended, on Upstash; ioredis answers strings, so \`?? 0\` is no number there: no fix.
      code: `${upstash}export async function shout(key: string, suffix: string) {
  const s = await redis.get<string>(key);
  await redis.set(key, s + suffix);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, suggestions: [] }],
    },
    {
      code: `${ioredis}export async function hit(key: string) {
  const v = (await redis.get(key)) ?? 0;
  await redis.set(key, v + 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9, suggestions: [] }],
    },
    // Conversions at the read: the converted value is the read.
    {
      code: `${ioredis}export async function hit(key: string) {
  const n = Number(await redis.get(key));
  await redis.set(key, n + 1);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${upstash}export async function hit(key: string) {
  const n = Number(await redis.get(key));
  await redis.set(key, n + 1);
}`,
      output: `${upstash}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${ioredis}export async function hit(key: string) {
  const n = parseInt((await redis.get(key)) ?? '0', 10);
  await redis.set(key, n + 1);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${upstashFromEnv}export async function hit(key: string) {
  const n = parseInt((await redis.get<string>(key)) ?? '0', 10);
  await redis.set(key, n - 3);
}`,
      output: `${upstashFromEnv}export async function hit(key: string) {
  await redis.decrby(key, 3);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      // parseInt without a default: NaN for a missing key where DECRBY counts 0 — a suggestion.
      code: `${ioredis}export async function hit(key: string) {
  const n = parseInt((await redis.get(key))!, 10);
  await redis.set(key, n + 1);
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `${ioredis}export async function hit(key: string) {
  const n = +(await redis.get(key))!;
  await redis.set(key, n + 1);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${upstash}export async function hit(key: string) {
  const n = Number(await redis.get(key)) || 0;
  const next = n + 1;
  await redis.set(key, next);
  return next;
}`,
      output: `${upstash}export async function hit(key: string) {
  const next = await redis.incrby(key, 1);
  return next;
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 6, column: 9 }],
    },
    {
      // The converted read is used afterwards: it stays, the write becomes INCRBY — a suggestion.
      code: `${ioredis}export async function hit(key: string) {
  const n = Number(await redis.get(key));
  await redis.set(key, n + 1);
  return n;
}`,
      errors: [
        {
          messageId: 'redisReadModifyWrite',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRedisAtomic',
              output: `${ioredis}export async function hit(key: string) {
  const n = Number(await redis.get(key));
  await redis.incrby(key, 1);
  return n;
}`,
            },
          ],
        },
      ],
    },
    {
      // Inside the write: parseInt with a default, and unary plus.
      code: `${ioredis}export async function hit(key: string) {
  await redis.set(key, parseInt((await redis.get(key)) ?? '0', 10) + 1);
}`,
      output: `${ioredis}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 4, column: 9 }],
    },
    {
      code: `${upstash}export async function hit(key: string) {
  await redis.set(key, +(await redis.get(key))! + 1);
}`,
      output: `${upstash}export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 4, column: 9 }],
    },
    {
      // JSON.parse at the read, a value computed from it written back.
      code: `${ioredis}export async function hit(key: string) {
  const stats = JSON.parse((await redis.get(key)) ?? '{}') as { hits?: number };
  await redis.set(key, JSON.stringify({ ...stats, hits: (stats.hits ?? 0) + 1 }));
}`,
      errors: [{ messageId: 'redisJsonReadModifyWrite', line: 5, column: 9 }],
    },
    {
      code: `${upstashFromEnv}export async function hit(key: string) {
  const stats = JSON.parse(await redis.get<string>(key) ?? '{}') as { hits?: number };
  stats.hits = (stats.hits ?? 0) + 1;
  await redis.set(key, JSON.stringify(stats));
}`,
      errors: [{ messageId: 'redisJsonReadModifyWrite', line: 6, column: 9 }],
    },
  ],
  typedInvalid: [
    {
      code: `import type { Redis } from 'ioredis';
export async function hit(redis: Redis, key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      output: `import type { Redis } from 'ioredis';
export async function hit(redis: Redis, key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 4, column: 9 }],
    },
    {
      code: `import type { Redis } from '@upstash/redis';
export async function hit(redis: Redis, key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      output: `import type { Redis } from '@upstash/redis';
export async function hit(redis: Redis, key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [{ messageId: 'redisReadModifyWrite', line: 4, column: 9 }],
    },
  ],
  untypedValid: [
    `import type { Redis } from 'ioredis';
export async function hit(redis: Redis, key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
    `import type { Redis } from '@upstash/redis';
export async function hit(redis: Redis, key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
  ],
};
