import path from 'node:path';
import { Sequelize } from 'sequelize';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject {
  defineWallet(sequelize: Sequelize): unknown;
  addCashback(id: string, amount: number): Promise<void>;
}

export const scenario: Scenario = {
  name: 'sequelize-counter',
  rule: 'no-read-modify-write',
  messageId: 'databaseReadModifyWrite',
  fix: { kind: 'suggestion', messageId: 'suggestAtomicUpdate' },
  fixKind: 'suggestion: instance.increment',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS wallets (id text PRIMARY KEY, balance integer NOT NULL)');
    let sequelize: Sequelize | undefined;
    const wallet = (repetition: number) => `${path.basename(modulePath, '.mjs')}-${repetition}`;
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(repetition, subject) {
        if (!sequelize) {
          // A Sequelize pool of 10 connections in the run's schema, bound to the module's own model.
          sequelize = new Sequelize(env.databaseUrl, { logging: false, pool: { max: 10 }, dialectOptions: { options: `-c search_path=${env.schema}` } });
          subject.defineWallet(sequelize);
        }
        await env.pool.query('INSERT INTO wallets (id, balance) VALUES ($1, 0)', [wallet(repetition)]);
      },
      call: (subject, _index, repetition) => subject.addCashback(wallet(repetition), 5),
      // Every call paid 5 into the wallet: what is missing from the balance was overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const { rows } = await env.pool.query<{ balance: number }>('SELECT balance FROM wallets WHERE id = $1', [wallet(repetition)]);
        return { 'lost updates': (env.callers * 5 - (rows[0]?.balance ?? 0)) / 5 };
      },
      close: async () => sequelize?.close(),
    });
  },
};
