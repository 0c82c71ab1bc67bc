import knex, { type Knex } from 'knex';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { creditPoints(db: Knex, memberId: number, points: number): Promise<void> }

export const scenario: Scenario = {
  name: 'knex-counter',
  rule: 'no-read-modify-write',
  messageId: 'databaseReadModifyWrite',
  fix: { kind: 'autofix' },
  fixKind: ".increment('points', points)",
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS loyalty (member_id integer PRIMARY KEY, points integer NOT NULL)');
    // A Knex pool of 10 connections in the run's schema.
    const db = knex({ client: 'pg', connection: env.databaseUrl, searchPath: [env.schema], pool: { min: 0, max: 10 } });
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(repetition) {
        await env.pool.query('DELETE FROM loyalty');
        await env.pool.query('INSERT INTO loyalty (member_id, points) VALUES ($1, 0)', [repetition]);
      },
      call: (subject, _index, repetition) => subject.creditPoints(db, repetition, 3),
      // Every call credited 3 points: what is missing from the total was overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const { rows } = await env.pool.query<{ points: number }>('SELECT points FROM loyalty WHERE member_id = $1', [repetition]);
        return { 'lost updates': (env.callers * 3 - (rows[0]?.points ?? 0)) / 3 };
      },
      close: () => db.destroy(),
    });
  },
};
