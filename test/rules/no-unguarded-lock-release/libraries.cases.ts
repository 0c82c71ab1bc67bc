import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const jsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'typed', 'file.js');

const redlockSetup =
  "import Redis from 'ioredis';\nimport Redlock from 'redlock';\nconst redlock = new Redlock([new Redis()]);\ndeclare function work(): Promise<void>;\n";
const mutexSetup = "import { Mutex, Semaphore } from 'async-mutex';\nconst mutex = new Mutex();\nconst semaphore = new Semaphore(2);\ndeclare function work(): Promise<void>;\n";

export const libraryCases: CasesFor<typeof rule> = {
  valid: [
    // redlock: released in `finally`; `using` releases on every path.
    `${redlockSetup}export async function run() {
  const lock = await redlock.acquire(['report'], 30000);
  try {
    await work();
  } finally {
    await lock.release();
  }
}`,
    `${redlockSetup}export async function run() {
  await redlock.using(['report'], 30000, async (signal) => {
    await work();
    if (signal.aborted) throw signal.error;
    await work();
  });
}`,
    // One step of work: nothing runs after the lock could be lost.
    `${redlockSetup}export async function run() {
  await redlock.using(['report'], 30000, async () => {
    await work();
  });
}`,
    // A lease handed to the caller: someone else releases it.
    `${redlockSetup}export async function lease() {
  const lock = await redlock.acquire(['report'], 30000);
  await work();
  return lock;
}`,
    `${redlockSetup}declare function keep(lock: unknown): void;
export async function lease() {
  const lock = await redlock.acquire(['report'], 30000);
  keep(lock);
  await work();
  await lock.release();
}`,
    // async-mutex: runExclusive, or release in `finally`.
    `${mutexSetup}export async function run() {
  await mutex.runExclusive(async () => {
    await work();
  });
}`,
    `${mutexSetup}export async function run() {
  const release = await mutex.acquire();
  try {
    await work();
  } finally {
    release();
  }
}`,
    `${mutexSetup}export async function run() {
  const [, release] = await semaphore.acquire();
  try {
    await work();
  } finally {
    release();
  }
}`,
    // Not async-mutex's: the application's own class of the same name, read from its declaration.
    `class Mutex {
  async acquire() { return () => {}; }
}
const mutex = new Mutex();
declare function work(): Promise<void>;
export async function run() {
  const release = await mutex.acquire();
  await work();
  release();
}`,
    // Not an async-mutex: a look-alike with the same method names.
    `const gate = { async acquire() { return () => {}; } };
declare function work(): Promise<void>;
export async function run() {
  const release = await gate.acquire();
  await work();
  release();
}`,
  ],
  invalid: [
    {
      code: `${redlockSetup}export async function run() {
  const lock = await redlock.acquire(['report'], 30000);
  await work();
  await lock.release();
}`,
      output: `${redlockSetup}export async function run() {
  const lock = await redlock.acquire(['report'], 30000);
  try {
    await work();
  } finally {
    await lock.release();
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 9 }],
    },
    {
      // `redlock.release(lock)` form.
      code: `${redlockSetup}export async function run() {
  const lock = await redlock.acquire(['report'], 30000);
  await work();
  await redlock.release(lock);
}`,
      output: `${redlockSetup}export async function run() {
  const lock = await redlock.acquire(['report'], 30000);
  try {
    await work();
  } finally {
    await redlock.release(lock);
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 9 }],
    },
    {
      // A `using` routine that never looks at its signal.
      code: `${redlockSetup}export async function run() {
  await redlock.using(['report'], 30000, async (signal) => {
    await work();
    await work();
  });
}`,
      errors: [
        {
          messageId: 'uncheckedAbortSignal',
          line: 6,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestCheckSignal',
              output: `${redlockSetup}export async function run() {
  await redlock.using(['report'], 30000, async (signal) => {
    await work();
    if (signal.aborted) throw signal.error;
    await work();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // With settings, and no parameter at all.
      code: `${redlockSetup}export async function run() {
  await redlock.using(['report'], 30000, { retryCount: 3 }, async () => {
    await work();
    await work();
  });
}`,
      errors: [
        {
          messageId: 'uncheckedAbortSignal',
          line: 6,
          column: 61,
          suggestions: [
            {
              messageId: 'suggestCheckSignal',
              output: `${redlockSetup}export async function run() {
  await redlock.using(['report'], 30000, { retryCount: 3 }, async (signal) => {
    await work();
    if (signal.aborted) throw signal.error;
    await work();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // async-mutex: try/finally is automatic; runExclusive is offered as a suggestion.
      code: `${mutexSetup}export async function run() {
  const release = await mutex.acquire();
  await work();
  release();
}`,
      output: `${mutexSetup}export async function run() {
  const release = await mutex.acquire();
  try {
    await work();
  } finally {
    release();
  }
}`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestRunExclusive',
              output: `${mutexSetup}export async function run() {
  await mutex.runExclusive(async () => {
    await work();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // `mutex.release()` after an unassigned acquire; the work returns early.
      code: `${mutexSetup}export async function run(skip: boolean) {
  await mutex.acquire();
  if (skip) return;
  await work();
  mutex.release();
}`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `${mutexSetup}export async function run(skip: boolean) {
  await mutex.acquire();
  try {
    if (skip) return;
    await work();
  } finally {
    mutex.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A semaphore's `[value, release]`.
      code: `${mutexSetup}export async function run() {
  const [, release] = await semaphore.acquire();
  await work();
  release();
}`,
      output: `${mutexSetup}export async function run() {
  const [, release] = await semaphore.acquire();
  try {
    await work();
  } finally {
    release();
  }
}`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestRunExclusive',
              output: `${mutexSetup}export async function run() {
  await semaphore.runExclusive(async () => {
    await work();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A class field holding the mutex, `this.mutex`.
      code: `import { Mutex } from 'async-mutex';
declare function work(): Promise<void>;
export class Queue {
  private readonly mutex = new Mutex();
  async drain() {
    const release = await this.mutex.acquire();
    await work();
    release();
  }
}`,
      output: `import { Mutex } from 'async-mutex';
declare function work(): Promise<void>;
export class Queue {
  private readonly mutex = new Mutex();
  async drain() {
    const release = await this.mutex.acquire();
    try {
      await work();
    } finally {
      release();
    }
  }
}`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          line: 8,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestRunExclusive',
              output: `import { Mutex } from 'async-mutex';
declare function work(): Promise<void>;
export class Queue {
  private readonly mutex = new Mutex();
  async drain() {
    await this.mutex.runExclusive(async () => {
      await work();
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Plain JavaScript, CommonJS: a mutex from require().
      code: `const { Mutex } = require('async-mutex');
const mutex = new Mutex();
async function drain(queue) {
  const release = await mutex.acquire();
  await queue.flush();
  release();
}
module.exports = { drain };`,
      filename: jsFile,
      output: `const { Mutex } = require('async-mutex');
const mutex = new Mutex();
async function drain(queue) {
  const release = await mutex.acquire();
  try {
    await queue.flush();
  } finally {
    release();
  }
}
module.exports = { drain };`,
      errors: [
        {
          messageId: 'releaseNotInFinally',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestRunExclusive',
              output: `const { Mutex } = require('async-mutex');
const mutex = new Mutex();
async function drain(queue) {
  await mutex.runExclusive(async () => {
    await queue.flush();
  });
}
module.exports = { drain };`,
            },
          ],
        },
      ],
    },
  ],
  typedInvalid: [
    {
      // Injected lock objects, known by their types.
      code: `import type Redlock from 'redlock';
import type { MutexInterface } from 'async-mutex';
declare function work(): Promise<void>;
export async function run(redlock: Redlock, mutex: MutexInterface) {
  const lock = await redlock.acquire(['a'], 1000);
  await work();
  await lock.release();
  const release = await mutex.acquire();
  await work();
  release();
}`,
      output: `import type Redlock from 'redlock';
import type { MutexInterface } from 'async-mutex';
declare function work(): Promise<void>;
export async function run(redlock: Redlock, mutex: MutexInterface) {
  const lock = await redlock.acquire(['a'], 1000);
  try {
    await work();
  } finally {
    await lock.release();
  }
  const release = await mutex.acquire();
  try {
    await work();
  } finally {
    release();
  }
}`,
      errors: [
        { messageId: 'releaseNotInFinally', line: 7, column: 9 },
        {
          messageId: 'releaseNotInFinally',
          line: 10,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestRunExclusive',
              output: `import type Redlock from 'redlock';
import type { MutexInterface } from 'async-mutex';
declare function work(): Promise<void>;
export async function run(redlock: Redlock, mutex: MutexInterface) {
  const lock = await redlock.acquire(['a'], 1000);
  await work();
  await lock.release();
  await mutex.runExclusive(async () => {
    await work();
  });
}`,
            },
          ],
        },
      ],
    },
  ],
  untypedValid: [
    `import type Redlock from 'redlock';
import type { MutexInterface } from 'async-mutex';
declare function work(): Promise<void>;
export async function run(redlock: Redlock, mutex: MutexInterface) {
  const lock = await redlock.acquire(['a'], 1000);
  await work();
  await lock.release();
  const release = await mutex.acquire();
  await work();
  release();
}`,
  ],
};
