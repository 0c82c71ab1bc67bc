import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { probe } from './probe.js';
import { isInsideHeldLock } from '../../src/core/recognize/locks.js';

/**
 * `isInsideHeldLock` as the other domains see it: each call of a function named `at*()` is asked whether it
 * runs under a lock. The answers are compared with and without type information.
 */
function heldAt(code: string, typed: boolean, options: { acrossProcesses?: boolean } = {}): Record<string, boolean> {
  const answers: Record<string, boolean> = {};
  probe(
    code,
    (file) => ({
      'CallExpression[callee.name=/^at/]'(node: TSESTree.CallExpression) {
        answers[(node.callee as TSESTree.Identifier).name] = isInsideHeldLock(file, node, options);
      },
    }),
    { typed },
  );
  return answers;
}

const setup = `import Redis from 'ioredis';
import { createClient } from 'redis';
import Redlock from 'redlock';
import { Mutex, Semaphore } from 'async-mutex';
import pg from 'pg';
const redis = new Redis();
const client = createClient();
const redlock = new Redlock([redis]);
const mutex = new Mutex();
const semaphore = new Semaphore(2);
const pool = new pg.Pool();
declare function at(name: string): void;
`;

const cases: readonly { name: string; code: string; expected: Record<string, boolean> }[] = [
  {
    name: 'a checked SET NX PX … compare-and-delete in finally',
    code: `${setup}export async function run(key: string, token: string) {
  atBefore();
  if (!(await redis.set(key, token, 'PX', 1000, 'NX'))) return;
  try { atWork(); } finally { await redis.eval('…', 1, key, token); }
  atAfter();
}
declare function atBefore(): void; declare function atWork(): void; declare function atAfter(): void;`,
    expected: { atBefore: false, atWork: true, atAfter: false },
  },
  {
    name: 'a SET NX whose result only decides a branch, or is never checked',
    code: `${setup}export async function run(key: string) {
  const ok = await client.set(key, 't', { NX: true, PX: 100 });
  atUnchecked();
  if (ok) atChecked();
  await redis.set(key, 't', 'PX', 100, 'NX');
  atIgnored();
}
declare function atUnchecked(): void; declare function atChecked(): void; declare function atIgnored(): void;`,
    expected: { atUnchecked: false, atChecked: true, atIgnored: false },
  },
  {
    name: 'redlock using and acquire … release; a timer callback is not under the lock',
    code: `${setup}export async function run() {
  await redlock.using(['a'], 1000, async () => { atUsing(); });
  const lock = await redlock.acquire(['b'], 1000);
  atBetween();
  setTimeout(() => atTimer(), 10);
  await lock.release();
  atReleased();
}
declare function atUsing(): void; declare function atBetween(): void; declare function atTimer(): void; declare function atReleased(): void;`,
    expected: { atUsing: true, atBetween: true, atTimer: false, atReleased: false },
  },
  {
    name: 'async-mutex runExclusive, acquire … release, semaphore tuples',
    code: `${setup}export async function run() {
  await mutex.runExclusive(() => atExclusive());
  const release = await mutex.acquire();
  atMutex();
  release();
  const [, releaseSlot] = await semaphore.acquire();
  atSemaphore();
  releaseSlot();
  atAfter();
}
declare function atExclusive(): void; declare function atMutex(): void; declare function atSemaphore(): void; declare function atAfter(): void;`,
    expected: { atExclusive: true, atMutex: true, atSemaphore: true, atAfter: false },
  },
  {
    name: 'PostgreSQL advisory locks: session lock … unlock, transaction lock to the end',
    code: `${setup}export async function run(id: number) {
  const db = await pool.connect();
  await db.query('SELECT pg_advisory_lock($1)', [id]);
  atSession();
  await db.query('SELECT pg_advisory_unlock($1)', [id]);
  atUnlocked();
  await db.query('BEGIN');
  await db.query('SELECT pg_advisory_xact_lock($1)', [id]);
  atTransaction();
  await db.query('COMMIT');
  atCommitted();
}
declare function atSession(): void; declare function atUnlocked(): void; declare function atTransaction(): void; declare function atCommitted(): void;`,
    expected: { atSession: true, atUnlocked: false, atTransaction: true, atCommitted: false },
  },
  {
    name: 'an in-process flag lock',
    code: `${setup}let busy = false;
export async function run() {
  if (busy) return;
  busy = true;
  atFlag();
  busy = false;
  atCleared();
}
declare function atFlag(): void; declare function atCleared(): void;`,
    expected: { atFlag: true, atCleared: false },
  },
];

describe('isInsideHeldLock', () => {
  for (const { name, code, expected } of cases) {
    it(`${name} (with types)`, () => expect(heldAt(code, true)).toEqual(expected));
    it(`${name} (without types)`, () => expect(heldAt(code, false)).toEqual(expected));
  }

  it('counts only locks that exclude other processes with acrossProcesses', () => {
    const code = `${setup}let busy = false;
export async function run(key: string, token: string) {
  await mutex.runExclusive(() => atMutex());
  if (busy) return;
  busy = true;
  atFlag();
  busy = false;
  if (!(await redis.set(key, token, 'PX', 1000, 'NX'))) return;
  atRedis();
}
declare function atMutex(): void; declare function atFlag(): void; declare function atRedis(): void;`;
    expect(heldAt(code, false, { acrossProcesses: true })).toEqual({ atMutex: false, atFlag: false, atRedis: true });
    expect(heldAt(code, false)).toEqual({ atMutex: true, atFlag: true, atRedis: true });
  });

  it('does not take look-alikes for locks', () => {
    const code = `const gate = { async acquire() { return () => {}; }, async runExclusive(fn: () => void) { fn(); } };
export async function run() {
  await gate.runExclusive(() => atGate());
  const release = await gate.acquire();
  atAfterAcquire();
  release();
}
declare function atGate(): void; declare function atAfterAcquire(): void;`;
    expect(heldAt(code, true)).toEqual({ atGate: false, atAfterAcquire: false });
    expect(heldAt(code, false)).toEqual({ atGate: false, atAfterAcquire: false });
  });
});
