import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

const pgSetup = "import { Pool } from 'pg';\nconst pool = new Pool();\ndeclare function work(): Promise<void>;\n";

export const sqlAndFlagCases: CasesFor<typeof rule> = {
  valid: [
    // Advisory lock released in `finally`, then the connection handed back.
    `${pgSetup}export async function run(id: number) {
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
    // A transaction-level lock ends with the transaction: no unlock to guard.
    `${pgSetup}export async function run(id: number) {
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
    // A try-lock whose result decides.
    `${pgSetup}export async function run(id: number) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [id]);
    if (!rows[0].locked) return;
    try {
      await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [id]);
    }
  } finally {
    client.release();
  }
}`,
    // A flag lock released in `finally`.
    `declare function work(): Promise<void>;
let busy = false;
export async function tick() {
  if (busy) return;
  busy = true;
  try {
    await work();
  } finally {
    busy = false;
  }
}`,
    // A flag set and cleared with nothing that can throw in between.
    `let busy = false;
export function tick() {
  if (busy) return;
  busy = true;
  const now = 1;
  busy = false;
  return now;
}`,
    // A flag that is not a lock: no early exit on it.
    `declare function work(): Promise<void>;
let dirty = false;
export async function save() {
  dirty = true;
  await work();
  dirty = false;
}`,
    // An exit when the flag is false is not a lock.
    `declare function work(): Promise<void>;
let enabled = true;
export async function tick() {
  if (enabled === false) return;
  enabled = true;
  await work();
  enabled = false;
}`,
  ],
  invalid: [
    {
      // Unlock outside `finally` (the connection is handed back after it: fine).
      code: `${pgSetup}export async function run(id: number) {
  const client = await pool.connect();
  await client.query('SELECT pg_advisory_lock($1)', [id]);
  await work();
  await client.query('SELECT pg_advisory_unlock($1)', [id]);
  client.release();
}`,
      output: `${pgSetup}export async function run(id: number) {
  const client = await pool.connect();
  await client.query('SELECT pg_advisory_lock($1)', [id]);
  try {
    await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [id]);
  }
  client.release();
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 9 }],
    },
    {
      code: `${pgSetup}export async function run(id: number) {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [id]);
    await work();
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'connectionReleasedWhileLocked', line: 10, column: 5 }],
    },
    {
      // A try-lock whose result nobody reads.
      code: `${pgSetup}export async function run(id: number) {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_try_advisory_lock($1)', [id]);
    await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [id]);
    client.release();
  }
}`,
      errors: [{ messageId: 'ignoredTryLock', line: 7, column: 11 }],
    },
    {
      // The in-process flag lock, cleared outside \`finally\`.
      code: `declare function work(): Promise<void>;
let busy = false;
export async function tick() {
  if (busy) return;
  busy = true;
  await work();
  busy = false;
}`,
      output: `declare function work(): Promise<void>;
let busy = false;
export async function tick() {
  if (busy) return;
  busy = true;
  try {
    await work();
  } finally {
    busy = false;
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 3 }],
    },
    {
      // On \`this\`, in a class, with a throw on the flag.
      code: `declare function work(): Promise<void>;
export class Poller {
  private running = false;
  async poll() {
    if (this.running) throw new Error('already running');
    this.running = true;
    await work();
    this.running = false;
  }
}`,
      output: `declare function work(): Promise<void>;
export class Poller {
  private running = false;
  async poll() {
    if (this.running) throw new Error('already running');
    this.running = true;
    try {
      await work();
    } finally {
      this.running = false;
    }
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 5 }],
    },
  ],
};
