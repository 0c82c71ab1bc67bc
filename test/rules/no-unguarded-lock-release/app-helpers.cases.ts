import path from 'node:path';
import type rule from '../../../rules/no-unguarded-lock-release.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

/** The typed tester's default file, named for the untyped one too: its imports then resolve to the fixtures. */
const fixtureFile = path.join(typedFixtures, 'file.ts');

const upstashHelpers = "import { takeLock, freeLock } from './app-locks/upstash-locks.js';\ndeclare function work(): Promise<void>;\n";

const releasedAfterWork = `${upstashHelpers}export async function run(job: string, token: string) {
  if (!(await takeLock(job, token))) return;
  await work();
  await freeLock(job, token);
}`;

/** A lock on a client handed out by a getter of another module (fixtures/typed/app-locks/redis-cache.ts). */
const cacheGetterLock = `import { getRedisCache } from './app-locks/redis-cache.js';
declare function work(): Promise<void>;
const lockKey = (projectId: string) => \`reaper:lock:\${projectId}\`;
export async function reap(projectId: string) {
  const redis = getRedisCache();
  const locked = await redis.set(lockKey(projectId), '1', 'EX', 60, 'NX');
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await redis.del(lockKey(projectId));
  }
}`;

/** A lock on a node-redis client from an async getter of another module (fixtures/typed/app-clients/lib/getters.ts). */
const asyncGetterLock = `import { getClient } from './app-clients/lib/getters.js';
declare function work(): Promise<void>;
export async function reap(projectId: string, token: string) {
  const client = await getClient();
  const locked = await client.set(\`reaper:\${projectId}\`, token, { NX: true, PX: 30000 });
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await client.del(\`reaper:\${projectId}\`);
  }
}`;

/** `asyncGetterLock` with its DEL replaced by a compare-and-delete of the token. */
const asyncGetterLockFixed = `import { getClient } from './app-clients/lib/getters.js';
declare function work(): Promise<void>;
export async function reap(projectId: string, token: string) {
  const client = await getClient();
  const locked = await client.set(\`reaper:\${projectId}\`, token, { NX: true, PX: 30000 });
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await client.eval('if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end', { keys: [\`reaper:\${projectId}\`], arguments: [token] });
  }
}`;

/** A file of a monorepo checked out without an install (fixtures/workspace-app): its shared package by name. */
const workspaceFile = path.join(typedFixtures, '..', 'workspace-app', 'apps', 'worker', 'src', 'reaper.ts');
const workspaceLock = (specifier: string) => `import { getRedisCache } from '${specifier}';
declare function work(): Promise<void>;
export async function reap(projectId: string) {
  const redis = getRedisCache();
  const locked = await redis.set(\`reaper:\${projectId}\`, '1', 'EX', 60, 'NX');
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await redis.del(\`reaper:\${projectId}\`);
  }
}`;

/** Lock helpers of the application in another module (fixtures/typed/app-locks/), followed with types. */
export const appHelperCases: CasesFor<typeof rule> = {
  valid: [
    `${upstashHelpers}export async function run(job: string, token: string) {
  if (!(await takeLock(job, token))) return;
  try {
    await work();
  } finally {
    await freeLock(job, token);
  }
}`,
    // A getter of the application returning a plain object whose `set` takes Redis-like options: not a client.
    {
      filename: fixtureFile,
      code: `import { getRedisCache } from './app-clients/lib/getter-look-alikes.js';
declare function work(): Promise<void>;
export async function reap(projectId: string) {
  const cache = getRedisCache();
  const locked = await cache.set(\`reaper:\${projectId}\`, '1', 'EX', 60, 'NX');
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await cache.del(\`reaper:\${projectId}\`);
  }
}`,
    },
  ],
  invalid: [
    // A getter of the file memoising the client (`shared ??= new Redis()`): the same lock, deleted by a plain DEL.
    {
      filename: fixtureFile,
      code: `import { Redis } from 'ioredis';
declare function work(): Promise<void>;
let shared: Redis | undefined;
const getRedis = () => (shared ??= new Redis());
export async function reap(projectId: string) {
  const redis = getRedis();
  const locked = await redis.set(\`reaper:\${projectId}\`, '1', 'EX', 60, 'NX');
  if (locked === null) return 0;
  try {
    await work();
    return 1;
  } finally {
    await redis.del(\`reaper:\${projectId}\`);
  }
}`,
      errors: [{ messageId: 'plainDeleteRelease', data: { method: 'del', key: '`reaper:${projectId}`', token: "'1'" }, line: 13, column: 11 }],
    },
  ],
  typedInvalid: [
    // A client from a getter of the application (an interface extending ioredis's Redis), and a key built by a
    // key builder of the file: a per-project lock deleted by a plain DEL.
    { code: cacheGetterLock, errors: [{ messageId: 'plainDeleteRelease', data: { method: 'del', key: 'lockKey(projectId)', token: "'1'" }, line: 12, column: 11 }] },
    // Upstash helpers: `SET … { nx: true, ex: 30 }` and `eval(script, [key], [token])` read in their module.
    {
      code: releasedAfterWork,
      errors: [{ messageId: 'releaseNotInFinally', data: { acquire: 'takeLock(…)', exits: '', until: ' until its TTL ends' }, line: 6, column: 9, endColumn: 29 }],
      output: `${upstashHelpers}export async function run(job: string, token: string) {
  if (!(await takeLock(job, token))) return;
  try {
    await work();
  } finally {
    await freeLock(job, token);
  }
}`,
    },
    // The async getter's module-level node-redis client, awaited here: the client is known, the DEL rewritten.
    { code: asyncGetterLock, output: asyncGetterLockFixed, errors: [{ messageId: 'plainDeleteRelease', data: { method: 'del', key: '`reaper:${projectId}`', token: 'token' }, line: 11, column: 11 }] },
  ],
  // Without types the lock helpers are opaque (imported-helpers.ts reads lock helpers with types only).
  untypedValid: [
    releasedAfterWork,
    // A package the workspace does not list: nothing to read.
    { filename: workspaceFile, code: workspaceLock('@ws/missing') },
  ],
  // Without types the getter is read in its module (module-exports.ts): its return is an ioredis client.
  untypedInvalid: [
    { code: cacheGetterLock, filename: fixtureFile, errors: [{ messageId: 'plainDeleteRelease', data: { method: 'del', key: 'lockKey(projectId)', token: "'1'" }, line: 12, column: 11 }] },
    // The async getter's module-level node-redis client, awaited here. Without types the client's library is
    // read in the getter's module, not checked: the rewrite is offered, not applied.
    {
      filename: fixtureFile,
      code: asyncGetterLock,
      errors: [
        {
          messageId: 'plainDeleteRelease',
          data: { method: 'del', key: '`reaper:${projectId}`', token: 'token' },
          line: 11,
          column: 11,
          suggestions: [{ messageId: 'suggestCompareAndDelete', data: { method: 'del', key: '`reaper:${projectId}`', token: 'token' }, output: asyncGetterLockFixed }],
        },
      ],
    },
    // The workspace package `@ws/redis`, not installed, found through pnpm-workspace.yaml: its getter returns
    // the client its local factory makes.
    {
      filename: workspaceFile,
      code: workspaceLock('@ws/redis'),
      errors: [{ messageId: 'plainDeleteRelease', data: { method: 'del', key: '`reaper:${projectId}`', token: "'1'" }, line: 11, column: 11 }],
    },
  ],
};
