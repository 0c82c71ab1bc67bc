import type { Pool } from 'pg';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { subscribe(pool: Pool, email: string): Promise<'subscribed' | 'already subscribed'> }

/** Callers subscribe a handful of addresses, several callers per address (a double-clicked form). */
const ADDRESSES = 5;

const isUniqueViolation = (reason: unknown): boolean => (reason as { code?: unknown } | null)?.code === '23505';

export const scenario: Scenario = {
  name: 'pg-find-then-create',
  rule: 'no-check-then-act',
  messageId: 'databaseCheckThenCreate',
  fix: { kind: 'suggestion', messageId: 'suggestCreateAndCatch' },
  fixKind: 'suggestion: insert, catch unique violation',
  services: ['postgres'],
  async start(env, modulePath) {
    // The unique index the fix relies on (its message says so): it turns a duplicate into an error.
    await env.pool.query('CREATE TABLE IF NOT EXISTS subscribers (id serial PRIMARY KEY, email text NOT NULL UNIQUE)');
    return inProcessTrial<Subject, string>({
      modulePath,
      callers: env.callers,
      prepare: async () => void (await env.pool.query('DELETE FROM subscribers')),
      call: (subject, index, repetition) => subject.subscribe(env.pool, `reader-${repetition}-${index % ADDRESSES}@example.com`),
      // A second click must answer "already subscribed", not crash with the database's unique violation;
      // without the index, the same race inserts duplicate rows.
      async count(results) {
        rethrowUnexpected(results, isUniqueViolation);
        const { rows } = await env.pool.query<{ duplicates: number }>('SELECT count(*) - count(DISTINCT email) AS duplicates FROM subscribers');
        const subscribed = results.filter((result) => result.status === 'fulfilled' && result.value === 'subscribed').length;
        return {
          'failed calls': results.filter((result) => result.status === 'rejected').length,
          'duplicate rows': Number(rows[0]?.duplicates ?? 0),
          'duplicate side effects': Math.max(0, subscribed - ADDRESSES),
        };
      },
    });
  },
};
