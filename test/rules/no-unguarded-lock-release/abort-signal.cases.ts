import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const redlockSetup =
  "import Redis from 'ioredis';\nimport Redlock from 'redlock';\nconst redlock = new Redlock([new Redis()]);\ndeclare function write(item: string): Promise<void>;\n";

const message = 'abortSignalNotCheckedInLoop';

/** redlock `using` routines that test their abort signal once, before the long part of the work. */
export const abortSignalCases: CasesFor<typeof rule> = {
  valid: [
    // Checked in each iteration.
    `${redlockSetup}export async function run(items: string[]) {
  await redlock.using(['report'], 30000, async (signal) => {
    if (signal.aborted) return;
    for (const item of items) {
      if (signal.aborted) throw signal.error;
      await write(item);
    }
  });
}`,
    // The signal handed to the work inside the loop.
    `${redlockSetup}declare function writeWith(item: string, signal: AbortSignal): Promise<void>;
export async function run(items: string[]) {
  await redlock.using(['report'], 30000, async (signal) => {
    if (signal.aborted) return;
    for (const item of items) await writeWith(item, signal);
  });
}`,
    // A loop without awaited steps runs at once: the lock cannot be lost in it.
    `${redlockSetup}export async function run(items: string[]) {
  await redlock.using(['report'], 30000, async (signal) => {
    if (signal.aborted) return;
    const lines: string[] = [];
    for (const item of items) lines.push(item);
    await write(lines.join());
  });
}`,
    // The signal handed to other code before the loop, which may check it there.
    `${redlockSetup}declare function watch(signal: AbortSignal): AbortSignal;
export async function run(items: string[]) {
  await redlock.using(['report'], 30000, async (signal) => {
    const combined = watch(signal);
    for (const item of items) {
      if (combined.aborted) return;
      await write(item);
    }
  });
}`,
  ],
  invalid: [
    {
      code: `${redlockSetup}export async function run(items: string[]) {
  await redlock.using(['report'], 30000, async (signal) => {
    if (signal.aborted) return;
    for (const item of items) {
      await write(item);
    }
  });
}`,
      errors: [
        {
          messageId: message,
          data: { method: 'using', signal: 'signal' },
          line: 8,
          column: 5,
          endColumn: 8,
          suggestions: [
            {
              messageId: 'suggestCheckSignalInLoop',
              output: `${redlockSetup}export async function run(items: string[]) {
  await redlock.using(['report'], 30000, async (signal) => {
    if (signal.aborted) return;
    for (const item of items) {
      if (signal.aborted) throw signal.error;
      await write(item);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    // A `while` loop whose body is not a block: reported without a suggestion.
    {
      code: `${redlockSetup}declare function next(): Promise<string | undefined>;
export async function run() {
  await redlock.using(['queue'], 30000, async (signal) => {
    signal.throwIfAborted();
    let item: string | undefined;
    while ((item = await next()) !== undefined) await write(item);
  });
}`,
      errors: [{ messageId: message, line: 10, column: 5, endColumn: 10, suggestions: [] }],
    },
  ],
};
