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
    // A React ref's re-entry flag: state of one mounted component (a double-click guard), not a lock shared by
    // requests or processes; left set by an error, it blocks only that component until it remounts.
    `import { useCallback, useRef } from 'react';
declare function load(id: string): Promise<void>;
export function useReload() {
  const isFetchingRef = useRef(false);
  return useCallback(async (id: string) => {
    if (isFetchingRef.current) return;
    isFetchingRef.current = true;
    await load(id);
    isFetchingRef.current = false;
  }, []);
}`,
    // The same through the namespace import, in a component's handler.
    `import * as React from 'react';
declare function save(): Promise<void>;
export function useSave() {
  const savingRef = React.useRef<boolean>(false);
  return async () => {
    if (savingRef.current) throw new Error('saving');
    savingRef.current = true;
    await save();
    savingRef.current = false;
  };
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
      // A \`current\` field of a module-level object is a flag of the whole process, whatever its name.
      code: `declare function work(): Promise<void>;
const pollingRef = { current: false };
export async function tick() {
  if (pollingRef.current) return;
  pollingRef.current = true;
  await work();
  pollingRef.current = false;
}`,
      output: `declare function work(): Promise<void>;
const pollingRef = { current: false };
export async function tick() {
  if (pollingRef.current) return;
  pollingRef.current = true;
  try {
    await work();
  } finally {
    pollingRef.current = false;
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 7, column: 3 }],
    },
    {
      // A \`useRef\` of the application's own (not React's) is not known to be a component's.
      code: `declare function work(): Promise<void>;
import { useRef } from './server-refs.js';
const runningRef = useRef(false);
export async function tick() {
  if (runningRef.current) return;
  runningRef.current = true;
  await work();
  runningRef.current = false;
}`,
      output: `declare function work(): Promise<void>;
import { useRef } from './server-refs.js';
const runningRef = useRef(false);
export async function tick() {
  if (runningRef.current) return;
  runningRef.current = true;
  try {
    await work();
  } finally {
    runningRef.current = false;
  }
}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 3 }],
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
