import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

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
  ],
  // Without types an imported function is opaque (the untyped module reading is the core's, not built here).
  untypedValid: [releasedAfterWork, cacheGetterLock],
};
