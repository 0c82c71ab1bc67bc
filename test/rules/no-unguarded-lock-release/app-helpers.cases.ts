import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const upstashHelpers = "import { takeLock, freeLock } from './app-locks/upstash-locks.js';\ndeclare function work(): Promise<void>;\n";

const releasedAfterWork = `${upstashHelpers}export async function run(job: string, token: string) {
  if (!(await takeLock(job, token))) return;
  await work();
  await freeLock(job, token);
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
  untypedValid: [releasedAfterWork],
};
