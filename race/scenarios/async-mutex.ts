import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Ledger { balance: number }
interface Subject { applyTransfer(ledger: Ledger, amount: number, validate: (amount: number) => Promise<void>): Promise<void> }

class InvalidAmount extends Error {}

/** How long a transfer may wait for the mutex before it counts as blocked for good. */
const DEADLINE_MS = 300;
const BLOCKED = Symbol('blocked');

export const scenario: Scenario = {
  name: 'async-mutex',
  rule: 'no-unguarded-lock-release',
  messageId: 'releaseNotInFinally',
  fix: { kind: 'autofix' },
  fixKind: 'release in finally',
  services: [],
  async start(env, modulePath) {
    let ledger: Ledger = { balance: 0 };
    return inProcessTrial<Subject, void | typeof BLOCKED>({
      modulePath,
      callers: env.callers,
      // The mutex is module state: a fresh module per repetition, as a restarted process.
      freshModule: true,
      prepare: async () => {
        ledger = { balance: 0 };
      },
      // One transfer in ten is invalid and rejected by validation.
      call: (subject, index) =>
        Promise.race([
          subject.applyTransfer(ledger, index % 10 === 3 ? -1 : 1, async (amount) => {
            await new Promise((resolve) => setImmediate(resolve));
            if (amount < 0) throw new InvalidAmount(`invalid amount ${amount}`);
          }),
          sleep(DEADLINE_MS).then((): typeof BLOCKED => BLOCKED),
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
