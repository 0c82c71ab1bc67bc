import pg from 'pg';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { runExclusively(pool: pg.Pool, jobId: number, run: () => Promise<void>): Promise<void> }

const JOBS = 10;
/** A lock wait longer than this is a lock nobody will release: the statement is cancelled. */
const STATEMENT_TIMEOUT_MS = 2000;

/** What lock waits through a pool end in: a wait for a lock no one will release, or two sessions waiting on each other. */
const lockWaitFailed = (reason: unknown): boolean => reason instanceof Error && /statement timeout|deadlock detected/.test(reason.message);

/**
 * A session advisory lock taken and released with `pool.query`: the unlock may run on another connection,
 * which holds nothing, and the lock stays with the connection that took it. Counted after every call ended:
 * job ids whose advisory lock is still held.
 */
export const scenario: Scenario = {
  name: 'pool-advisory-lock',
  rule: 'no-unguarded-lock-release',
  messageId: 'sessionLockThroughPool',
  fix: { kind: 'suggestion', messageId: 'suggestOneClient' },
  fixKind: 'suggestion: lock and unlock on one client',
  services: ['postgres'],
  async start(env, modulePath) {
    // A pool of the trial's own: closing it ends its sessions, and with them any lock the racy code leaked.
    const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 5, statement_timeout: STATEMENT_TIMEOUT_MS });
    pool.on('error', () => {});
    // Advisory locks are database-wide: ids of this trial only.
    const base = 1_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
    const jobId = (repetition: number, index: number) => base + repetition * JOBS + (index % JOBS);
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      prepare: async () => {},
      call: (subject, index, repetition) => subject.runExclusively(pool, jobId(repetition, index), () => new Promise((resolve) => setImmediate(resolve))),
      // A caller whose lock wait failed waited on a lock leaked by another caller's unlock on the wrong connection.
      async count(results, repetition) {
        rethrowUnexpected(results, lockWaitFailed);
        const ids = Array.from({ length: JOBS }, (_, index) => jobId(repetition, index));
        const { rows } = await env.pool.query<{ held: string }>(
          "SELECT count(DISTINCT objid) AS held FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid::text::bigint = ANY($1::bigint[])",
          [ids],
        );
        return {
          'locks never released': Number(rows[0]?.held ?? 0),
          'failed calls': results.filter((result) => result.status === 'rejected').length,
        };
      },
      close: () => pool.end(),
    });
  },
};
