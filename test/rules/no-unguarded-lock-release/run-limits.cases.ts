import path from 'node:path';
import type rule from '../../../rules/no-unguarded-lock-release.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const upstash = "import { Redis } from '@upstash/redis';\nconst redis = Redis.fromEnv();\ndeclare function work(): Promise<void>;\n";
const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\ndeclare function work(): Promise<void>;\n";

/** An App Router route module (`route.ts`): its `export const maxDuration` is the platform's limit on a run. */
const routeFile = path.join(typedFixtures, 'route.ts');
/** A module of no route: a `maxDuration` export there limits nothing. */
const plainFile = path.join(typedFixtures, 'file.ts');
/** Routes of fixtures/typed/vercel-app, whose vercel.json gives `app/(ee)/api/cron/**\/*.ts` a maxDuration of 600 s. */
const cronRoute = path.join(typedFixtures, 'vercel-app', 'app', '(ee)', 'api', 'cron', 'sweep', 'route.ts');
const otherRoute = path.join(typedFixtures, 'vercel-app', 'app', 'api', 'orders', 'route.ts');
const pagesApiRoute = path.join(typedFixtures, 'vercel-app', 'pages', 'api', 'sweep.ts');

/** A cron route taking a lock for `ttl` and deleting it in `finally` (the `del` on the line after the `finally`). */
const cronLock = (ttl: string, prefix = '') => `${upstash}${prefix}export async function GET() {
  const acquired = await redis.set('lock:sweep', '1', { nx: true, ex: ${ttl} });
  if (!acquired) return new Response('busy');
  try {
    await work();
  } finally {
    await redis.del('lock:sweep');
  }
  return new Response('ok');
}`;

/**
 * A lock whose TTL outlives its holder: the platform stops every run of the route before the TTL ends, so the
 * lock cannot expire under a running holder and its plain `DEL` frees no one else's lock.
 */
export const runLimitCases: CasesFor<typeof rule> = {
  valid: [
    // The route's own limit (Next.js segment config) equals the lock's TTL, read through a constant.
    { code: cronLock('LOCK_TTL_SECONDS', 'export const maxDuration = 600;\nconst LOCK_TTL_SECONDS = 600;\n'), filename: routeFile },
    // ioredis, `PX` in milliseconds, longer than the route's 300 s.
    {
      code: `${ioredis}export const maxDuration = 300;
export async function POST() {
  if ((await redis.set('lock:import', '1', 'PX', 10 * 60 * 1000, 'NX')) === null) return new Response('busy');
  try {
    await work();
  } finally {
    await redis.del('lock:import');
  }
  return new Response('ok');
}`,
      filename: routeFile,
    },
    // The limit comes from the `functions` glob of the app's vercel.json (a route group in the path).
    { code: cronLock('600'), filename: cronRoute },
    // Pages Router: `export const config = { maxDuration }`.
    { code: cronLock('60', 'export const config = { maxDuration: 60 };\n'), filename: pagesApiRoute },
  ],
  invalid: [
    // The TTL is shorter than the route's limit: a slow run outlives its lock.
    { code: cronLock('60', 'export const maxDuration = 600;\n'), filename: routeFile, errors: [{ messageId: 'plainDeleteRelease', line: 11, column: 11 }] },
    // `maxDuration` exported by a module that is no route segment limits nothing.
    { code: cronLock('600', 'export const maxDuration = 600;\n'), filename: plainFile, errors: [{ messageId: 'plainDeleteRelease', line: 11, column: 11 }] },
    // A route the vercel.json glob does not match: no limit is known.
    { code: cronLock('600'), filename: otherRoute, errors: [{ messageId: 'plainDeleteRelease', line: 10, column: 11 }] },
    // A TTL the file does not fix (a parameter) cannot be compared with the limit.
    {
      code: `${upstash}export const maxDuration = 600;
export async function run(ttl: number) {
  if (!(await redis.set('lock:sweep', '1', { nx: true, ex: ttl }))) return;
  try {
    await work();
  } finally {
    await redis.del('lock:sweep');
  }
}`,
      filename: routeFile,
      errors: [{ messageId: 'plainDeleteRelease', line: 10, column: 11 }],
    },
    // The delete is safe, but a failing run still skips it: the lock blocks the next runs until its TTL ends.
    {
      code: `${upstash}const LOCK_KEY = 'lock:update-stats';
export async function GET() {
  const acquired = await redis.set(LOCK_KEY, '1', { nx: true, ex: 600 });
  if (!acquired) return new Response('busy');
  await work();
  await redis.del(LOCK_KEY);
  return new Response('ok');
}`,
      filename: cronRoute,
      output: `${upstash}const LOCK_KEY = 'lock:update-stats';
export async function GET() {
  const acquired = await redis.set(LOCK_KEY, '1', { nx: true, ex: 600 });
  if (!acquired) return new Response('busy');
  try {
    await work();
  } finally {
    await redis.del(LOCK_KEY);
  }
  return new Response('ok');
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 9, column: 9 }],
    },
  ],
};
