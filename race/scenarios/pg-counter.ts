import type { Pool } from 'pg';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { recordView(pool: Pool, pageId: number): Promise<void> }

export const scenario: Scenario = {
  name: 'pg-counter',
  rule: 'no-read-modify-write',
  messageId: 'databaseReadModifyWrite',
  fix: { kind: 'autofix' },
  fixKind: 'UPDATE … SET views = views + 1',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS page_stats (page_id integer PRIMARY KEY, views integer NOT NULL)');
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(repetition) {
        await env.pool.query('DELETE FROM page_stats');
        await env.pool.query('INSERT INTO page_stats (page_id, views) VALUES ($1, 0)', [repetition]);
      },
      call: (subject, _index, repetition) => subject.recordView(env.pool, repetition),
      // Every call counted one view: the ones missing from the total were overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const { rows } = await env.pool.query<{ views: number }>('SELECT views FROM page_stats WHERE page_id = $1', [repetition]);
        return { 'lost updates': env.callers - (rows[0]?.views ?? 0) };
      },
    });
  },
};
