import type { Pool } from 'pg';
import { countingPool } from '../counting-pool.js';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { getProfile(pool: Pool, userId: number): Promise<unknown> }

/** Callers ask for a handful of users, several callers per user. */
const USERS = 5;

export const scenario: Scenario = {
  name: 'single-flight-cache',
  rule: 'no-check-then-act',
  messageId: 'sharedCheckThenSet',
  // A cache of rows (a stampede of duplicate loads, no resource): reported with the option that asks for duplicate work.
  ruleOptions: [{ duplicateWork: 'report' }],
  fix: { kind: 'suggestion', messageId: 'suggestSingleFlight' },
  fixKind: 'suggestion: cache the promise',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS profiles (id integer PRIMARY KEY, name text NOT NULL)');
    await env.pool.query("INSERT INTO profiles SELECT id, 'user ' || id FROM generate_series(0, 9) AS id ON CONFLICT DO NOTHING");
    const counting = countingPool(env.pool);
    return inProcessTrial<Subject, unknown>({
      modulePath,
      callers: env.callers,
      freshModule: true,
      prepare: async () => counting.queries.clear(),
      call: (subject, index) => subject.getProfile(counting.pool, index % USERS),
      // One load per user: every further load is a duplicate (a stampede on the database).
      async count(results) {
        rethrowUnexpected(results);
        const loads = [...counting.queries.values()].reduce((sum, count) => sum + count, 0);
        return { 'duplicate side effects': Math.max(0, loads - USERS) };
      },
    });
  },
};
