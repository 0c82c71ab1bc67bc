import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { restock(db: NodePgDatabase, sku: string, returned: number): Promise<void> }

export const scenario: Scenario = {
  name: 'drizzle-counter',
  rule: 'no-read-modify-write',
  messageId: 'databaseReadModifyWrite',
  fix: { kind: 'autofix' },
  fixKind: 'set({ quantity: sql`… + n` })',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS stock (sku text PRIMARY KEY, quantity integer NOT NULL)');
    // Drizzle over the run's pg pool (12 connections, the run's schema).
    const db = drizzle(env.pool);
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(repetition) {
        await env.pool.query('DELETE FROM stock');
        await env.pool.query('INSERT INTO stock (sku, quantity) VALUES ($1, 0)', [`sku-${repetition}`]);
      },
      call: (subject, _index, repetition) => subject.restock(db, `sku-${repetition}`, 2),
      // Every call booked 2 items back: what is missing from the quantity was overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const { rows } = await env.pool.query<{ quantity: number }>('SELECT quantity FROM stock WHERE sku = $1', [`sku-${repetition}`]);
        return { 'lost updates': (env.callers * 2 - (rows[0]?.quantity ?? 0)) / 2 };
      },
    });
  },
};
