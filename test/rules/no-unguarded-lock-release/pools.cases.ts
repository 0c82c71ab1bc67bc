import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const pgPool = "import { Pool } from 'pg';\nconst pool = new Pool();\ndeclare function work(): Promise<void>;\n";
const knexSetup = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\ndeclare function work(): Promise<void>;\n";

const pgFix = 'Take a client with `pool.connect()` and lock and unlock on it (unlock in `finally`), or use `pg_advisory_xact_lock` inside a transaction';

export const poolCases: CasesFor<typeof rule> = {
  valid: [
    // Locked and unlocked on one client checked out of the pool.
    `${pgPool}export async function run(id: number) {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [id]);
    try {
      await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [id]);
    }
  } finally {
    client.release();
  }
}`,
    // A transaction lock ends with its transaction, whatever connection runs it.
    `${pgPool}export async function run(id: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [id]);
    await work();
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
    // knex: the lock inside a transaction.
    `${knexSetup}export async function run(id: number) {
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [id]);
    await work();
  });
}`,
    // A single Client is one connection.
    `import { Client } from 'pg';
const client = new Client();
declare function work(): Promise<void>;
export async function run(id: number) {
  await client.query('SELECT pg_advisory_lock($1)', [id]);
  try {
    await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [id]);
  }
}`,
  ],
  invalid: [
    {
      code: `${pgPool}export async function run(id: number) {
  await pool.query('SELECT pg_advisory_lock($1)', [id]);
  try {
    await work();
  } finally {
    await pool.query('SELECT pg_advisory_unlock($1)', [id]);
  }
}`,
      errors: [
        {
          messageId: 'sessionLockThroughPool',
          data: { lockFunction: 'pg_advisory_lock', pool: 'pool', fix: pgFix },
          line: 5,
          column: 9,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'suggestOneClient',
              data: { lockFunction: 'pg_advisory_lock', pool: 'pool', fix: pgFix, client: 'client' },
              output: `${pgPool}export async function run(id: number) {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [id]);
    try {
      await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [id]);
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // `client` is taken: the suggestion picks another name.
    {
      code: `${pgPool}export async function run(id: number, client: string) {
  await pool.query('SELECT pg_advisory_lock($1)', [id]);
  try {
    await work();
    await pool.query('UPDATE jobs SET owner = $1', [client]);
  } finally {
    await pool.query('SELECT pg_advisory_unlock($1)', [id]);
  }
}`,
      errors: [
        {
          messageId: 'sessionLockThroughPool',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestOneClient',
              output: `${pgPool}export async function run(id: number, client: string) {
  const client2 = await pool.connect();
  try {
    await client2.query('SELECT pg_advisory_lock($1)', [id]);
    try {
      await work();
      await pool.query('UPDATE jobs SET owner = $1', [client]);
    } finally {
      await client2.query('SELECT pg_advisory_unlock($1)', [id]);
    }
  } finally {
    client2.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Outside `finally` too: the pool is what is reported (a `finally` would not make the unlock work).
    {
      code: `${pgPool}export async function run(id: number) {
  const { rows } = await pool.query('SELECT pg_try_advisory_lock($1) AS locked', [id]);
  if (!rows[0].locked) return;
  await work();
  await pool.query('SELECT pg_advisory_unlock($1)', [id]);
}`,
      errors: [{ messageId: 'sessionLockThroughPool', line: 5, column: 26, endColumn: 87, suggestions: [] }],
    },
    {
      code: `${knexSetup}export async function run(id: number) {
  await db.raw('select pg_advisory_lock(?)', [id]);
  try {
    await work();
  } finally {
    await db.raw('select pg_advisory_unlock(?)', [id]);
  }
}`,
      errors: [
        {
          messageId: 'sessionLockThroughPool',
          data: {
            lockFunction: 'pg_advisory_lock',
            pool: 'db',
            fix: 'Run the work in `db.transaction(…)` and take `pg_advisory_xact_lock` on the transaction',
          },
          line: 5,
          column: 9,
          endColumn: 51,
          suggestions: [],
        },
      ],
    },
  ],
};
