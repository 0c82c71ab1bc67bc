import type { Pool } from 'pg';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { withdraw(pool: Pool, accountId: number, amount: number): Promise<void> }

const OPENING_BALANCE = 100;
const AMOUNT = 10;

export const scenario: Scenario = {
  name: 'pg-check-then-debit',
  rule: 'no-check-then-act',
  messageId: 'databaseCheckThenWrite',
  fix: { kind: 'suggestion', messageId: 'suggestConditionalUpdate' },
  fixKind: 'suggestion: UPDATE ... SET balance = balance - $1 WHERE ... AND balance >= $1, rowCount checked',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS accounts (id integer PRIMARY KEY, balance integer NOT NULL)');
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(repetition) {
        await env.pool.query('DELETE FROM accounts');
        await env.pool.query('INSERT INTO accounts (id, balance) VALUES ($1, $2)', [repetition, OPENING_BALANCE]);
      },
      call: (subject, _index, repetition) => subject.withdraw(env.pool, repetition, AMOUNT),
      // The balance pays out at most 10 withdrawals; the others must be refused, and the balance must match.
      async count(results, repetition) {
        rethrowUnexpected(results, (reason) => reason instanceof Error && reason.constructor.name === 'InsufficientFunds');
        const paid = results.filter((result) => result.status === 'fulfilled').length;
        const { rows } = await env.pool.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [repetition]);
        const balance = rows[0]?.balance ?? 0;
        return {
          'double debits': Math.max(0, paid - OPENING_BALANCE / AMOUNT),
          'negative balances': balance < 0 ? 1 : 0,
          'lost updates': Math.abs(OPENING_BALANCE - paid * AMOUNT - balance) / AMOUNT,
        };
      },
    });
  },
};
