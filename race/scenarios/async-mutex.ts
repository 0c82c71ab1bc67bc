import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Ledger { balance: number }
interface Subject { applyTransfer(ledger: Ledger, amount: number, validate: (amount: number) => Promise<void>): Promise<void> }

class InvalidAmount extends Error {}

/** After this long, transfers still waiting for the mutex are blocked for good if no transfer completes any more. */
const DEADLINE_MS = 300;
const BLOCKED = Symbol('blocked');

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Resolves when the transfers have stopped making progress: none completed over the last DEADLINE_MS and
 * during 20 more event-loop turns. A process stalled by the machine's load resumes and progresses again, so
 * it is never taken for a lock that is never released.
 */
async function stalled(completed: () => number): Promise<typeof BLOCKED> {
  for (;;) {
    const before = completed();
    await sleep(DEADLINE_MS);
    for (let index = 0; index < 20; index++) await turn();
    if (completed() === before) return BLOCKED;
  }
}

export const scenario: Scenario = {
  name: 'async-mutex',
  rule: 'no-unguarded-lock-release',
  messageId: 'releaseNotInFinally',
  fix: { kind: 'autofix' },
  fixKind: 'release in finally',
  services: [],
  async start(env, modulePath) {
    let ledger: Ledger = { balance: 0 };
    let completed = 0;
    let watchdog: Promise<typeof BLOCKED> = Promise.resolve(BLOCKED);
    return inProcessTrial<Subject, void | typeof BLOCKED>({
      modulePath,
      callers: env.callers,
      // The mutex is module state: a fresh module per repetition, as a restarted process.
      freshModule: true,
      prepare: async () => {
        ledger = { balance: 0 };
        completed = 0;
        watchdog = stalled(() => completed);
      },
      // One transfer in ten is invalid and rejected by validation.
      call: (subject, index) =>
        Promise.race([
          subject
            .applyTransfer(ledger, index % 10 === 3 ? -1 : 1, async (amount) => {
              await turn();
              if (amount < 0) throw new InvalidAmount(`invalid amount ${amount}`);
            })
            .finally(() => completed++),
          watchdog,
        ]),
      // A rejected transfer must release the mutex; otherwise every later transfer waits for ever.
      count(results) {
        rethrowUnexpected(results, (reason) => reason instanceof InvalidAmount);
        const blocked = results.some((result) => result.status === 'fulfilled' && result.value === BLOCKED);
        return Promise.resolve({ 'locks never released': blocked ? 1 : 0 });
      },
    });
  },
};
