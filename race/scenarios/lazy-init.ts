import type { Pool } from 'pg';
import { countingPool } from '../counting-pool.js';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { getExchangeRates(pool: Pool): Promise<Map<string, number>> }

export const scenario: Scenario = {
  name: 'lazy-init',
  rule: 'no-check-then-act',
  messageId: 'sharedLazyInit',
  // A memo of rows (duplicate loads, no resource): reported with the option that asks for duplicate work.
  ruleOptions: [{ duplicateWork: 'report' }],
  fix: { kind: 'autofix' },
  fixKind: 'cache the promise (??=), reset on rejection',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS exchange_rates (currency text PRIMARY KEY, rate double precision NOT NULL)');
    await env.pool.query("INSERT INTO exchange_rates VALUES ('EUR', 1.08), ('GBP', 1.27) ON CONFLICT DO NOTHING");
    const counting = countingPool(env.pool);
    return inProcessTrial<Subject, Map<string, number>>({
      modulePath,
      callers: env.callers,
      freshModule: true,
      prepare: async () => counting.queries.clear(),
      call: (subject) => subject.getExchangeRates(counting.pool),
      // One process, one load: every further load is a duplicate, and its callers hold a different map.
      async count(results) {
        rethrowUnexpected(results);
        const loads = [...counting.queries.values()].reduce((sum, count) => sum + count, 0);
        return { 'duplicate side effects': Math.max(0, loads - 1) };
      },
    });
  },
};
