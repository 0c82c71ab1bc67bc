import type { TypeOrValueSpecifier } from '../recognize/types.js';

/**
 * Lock libraries, described as data: how a lock object is made, which method takes the lock and what it hands
 * back, which methods release it, and which methods run a routine while holding it. Recognising a new library
 * is adding an entry here.
 */

/** What an acquire call resolves to, and so how the code releases the lock later. */
export type LockHandle =
  /** A lock object with its own `release()` (redlock's `Lock`). */
  | 'lock-object'
  /** A release function (async-mutex `Mutex.acquire()`), or `[value, release]` (`Semaphore.acquire()`). */
  | 'releaser';

export interface LockLibrary {
  readonly id: string;
  readonly modules: readonly string[];
  /** Exports constructed with `new` that give a lock object (`'default'` for a default export). */
  readonly constructors: readonly string[];
  /** Exports called with a lock object that return a lock object of the same kind (`withTimeout(mutex, ms)`). */
  readonly wrappers: readonly string[];
  /** Declared types of lock objects; `declarationPackage` also recognises them when a `paths` mapping hides the package. */
  readonly types: readonly TypeOrValueSpecifier[];
  readonly typeNames: readonly string[];
  readonly declarationPackage: string;
  /** Methods that take the lock and what they resolve to. */
  readonly acquire: Readonly<Record<string, LockHandle>>;
  /** Methods of the lock object that release a lock (`mutex.release()`, `redlock.release(lock)`). */
  readonly release: readonly string[];
  /** Methods of a handle (the value `acquire` resolves to) that release it (`lock.release()`). */
  readonly handleRelease: readonly string[];
  /** Methods that run a routine while holding the lock, and where the routine is among the arguments. */
  readonly scoped: Readonly<Record<string, 'first' | 'last'>>;
  /** Whether a scoped routine gets an abort signal it should check after long work (redlock's `using`). */
  readonly scopedSignal: boolean;
  /** The acquire rejects when the lock stays held by another (redlock, after its retries); else it waits. */
  readonly acquireRejectsWhenHeld: boolean;
}

export const redlock: LockLibrary = {
  id: 'redlock',
  modules: ['redlock'],
  constructors: ['default', 'Redlock'],
  wrappers: [],
  types: [{ from: 'package', package: 'redlock', name: ['Redlock', 'Lock'] }],
  typeNames: ['Redlock', 'Lock'],
  declarationPackage: 'redlock',
  acquire: { acquire: 'lock-object' },
  release: ['release'],
  handleRelease: ['release'],
  // redlock@5: using(resources, duration, settings?, routine(signal))
  scoped: { using: 'last' },
  scopedSignal: true,
  acquireRejectsWhenHeld: true,
};

export const asyncMutex: LockLibrary = {
  id: 'async-mutex',
  modules: ['async-mutex'],
  constructors: ['Mutex', 'Semaphore'],
  wrappers: ['withTimeout', 'tryAcquire'],
  types: [{ from: 'package', package: 'async-mutex', name: ['Mutex', 'Semaphore', 'MutexInterface', 'SemaphoreInterface'] }],
  typeNames: ['Mutex', 'Semaphore', 'MutexInterface', 'SemaphoreInterface'],
  declarationPackage: 'async-mutex',
  acquire: { acquire: 'releaser' },
  release: ['release'],
  handleRelease: [],
  scoped: { runExclusive: 'first' },
  // `acquire()` waits (only a `tryAcquire`/`withTimeout` wrapper rejects, which the object does not tell).
  scopedSignal: false,
  acquireRejectsWhenHeld: false,
};

export const lockLibraries: readonly LockLibrary[] = [redlock, asyncMutex];

/**
 * Redis counters used as locks: `INCR key` answers 1 to the first caller only, so `if (n > 1) throw` lets one
 * holder through. Only an increment by one counts (`INCRBY key 1`, `HINCRBY hash field 1`); its release is a
 * command of `release`, or of `decrement` given a negative amount (`HINCRBY hash field -1`).
 */
export interface CounterLockCommand {
  /** The argument that holds the increment, when the command takes one. */
  readonly amountArg?: number;
  /** For hash counters: the argument that names the field; a release must name the same field. */
  readonly fieldArg?: number;
  readonly release: readonly string[];
  readonly decrement: readonly string[];
}

export const redisCounterLocks: Readonly<Record<string, CounterLockCommand>> = {
  incr: { release: ['decr', 'del', 'unlink'], decrement: ['decrby', 'incrby'] },
  incrby: { amountArg: 1, release: ['decr', 'del', 'unlink'], decrement: ['decrby', 'incrby'] },
  hincrby: { amountArg: 2, fieldArg: 1, release: ['hdel'], decrement: ['hincrby'] },
};

/**
 * Pools whose every query may borrow another connection (pg `Pool`, mysql2 `createPool`, a knex instance): a
 * session lock taken through one is held by whichever connection ran the query.
 */
export interface ConnectionPool {
  readonly id: string;
  readonly modules: readonly string[];
  readonly constructors: readonly string[];
  /** Exports called to create a pool (`'default'` for a callable default export, as knex's). */
  readonly factories: readonly string[];
  readonly types: readonly TypeOrValueSpecifier[];
  readonly typeNames: readonly string[];
  readonly declarationPackage: string;
  /** How to hold the lock on one connection with this library: the fix direction the report names (`{pool}` is the pool's text). */
  readonly oneConnection: string;
}

/** Methods of a pool that check out one connection (pg `connect`, mysql2 `getConnection`, knex `acquireConnection`). */
export const poolCheckoutMethods: readonly string[] = ['connect', 'getConnection', 'acquireConnection'];

export const connectionPools: readonly ConnectionPool[] = [
  {
    id: 'pg',
    modules: ['pg'],
    constructors: ['Pool'],
    factories: [],
    types: [{ from: 'package', package: 'pg', name: 'Pool' }],
    typeNames: ['Pool'],
    declarationPackage: '@types/pg',
    oneConnection: 'Take a client with `{pool}.connect()` and lock and unlock on it (unlock in `finally`), or use `pg_advisory_xact_lock` inside a transaction',
  },
  {
    id: 'mysql2',
    modules: ['mysql2', 'mysql2/promise'],
    constructors: [],
    factories: ['createPool'],
    types: [{ from: 'package', package: 'mysql2', name: 'Pool' }],
    typeNames: ['Pool'],
    declarationPackage: 'mysql2',
    oneConnection: 'Take a connection with `{pool}.getConnection()` and lock and unlock on it (unlock in `finally`)',
  },
  {
    id: 'knex',
    modules: ['knex'],
    constructors: [],
    factories: ['default', 'knex'],
    types: [{ from: 'package', package: 'knex', name: 'Knex' }],
    typeNames: ['Knex'],
    declarationPackage: 'knex',
    oneConnection: 'Run the work in `{pool}.transaction(…)` and take `pg_advisory_xact_lock` on the transaction',
  },
];

/** What a SQL lock function does. */
export type SqlLockEffect =
  /** Waits until the lock is taken; held until unlocked or the session ends. */
  | 'lock'
  /** Returns whether the lock was taken; held only when the result says so. */
  | 'try-lock'
  /** Held until the transaction ends. */
  | 'xact-lock'
  | 'try-xact-lock'
  | 'unlock'
  | 'unlock-all';

/**
 * Session and transaction lock functions of SQL databases, matched in the text of a query (case-insensitive,
 * as whole function names): PostgreSQL advisory locks and MySQL named locks.
 */
export const sqlLockFunctions: Readonly<Record<string, SqlLockEffect>> = {
  pg_advisory_lock: 'lock',
  pg_advisory_lock_shared: 'lock',
  pg_try_advisory_lock: 'try-lock',
  pg_try_advisory_lock_shared: 'try-lock',
  pg_advisory_xact_lock: 'xact-lock',
  pg_advisory_xact_lock_shared: 'xact-lock',
  pg_try_advisory_xact_lock: 'try-xact-lock',
  pg_try_advisory_xact_lock_shared: 'try-xact-lock',
  pg_advisory_unlock: 'unlock',
  pg_advisory_unlock_shared: 'unlock',
  pg_advisory_unlock_all: 'unlock-all',
  // MySQL: GET_LOCK(name, timeout) returns 1 when taken, 0 on timeout.
  get_lock: 'try-lock',
  release_lock: 'unlock',
  release_all_locks: 'unlock-all',
};

/** Methods that send SQL text as their first argument (pg `query`, knex `raw`, Sequelize `query`, Prisma raw calls). */
export const sqlQueryMethods: readonly string[] = ['query', 'raw', 'execute', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'];

/** Methods of a pooled connection that hand it back to the pool (pg `PoolClient.release`, mysql2 `release`). */
export const poolReleaseMethods: readonly string[] = ['release'];

/** Calls that run their callback later, after the caller went on: code in them is not under the caller's lock. */
export const deferringCalls: readonly string[] = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'nextTick',
  'queueMicrotask',
  'on',
  'once',
  'addListener',
  'addEventListener',
];

/**
 * Where a serverless platform's limit on a run is written: the platform stops the function at that limit, so a
 * lock whose TTL is at least as long cannot expire under a running holder. Next.js route segment config (in
 * seconds) and Vercel's project file.
 */
export const platformRunLimits = {
  /** App Router segment files, which may export `maxDuration`. */
  segmentFiles: /^(?:route|page|layout|default)\.[cm]?[jt]sx?$/,
  segmentExport: 'maxDuration',
  /** Pages Router API routes: `export const config = { maxDuration: 60 }`. */
  pagesApiDirectory: '/pages/api/',
  pagesConfigExport: 'config',
  /** `functions: { '<glob relative to its directory>': { maxDuration: 600 } }`. */
  projectFile: 'vercel.json',
} as const;

/** Hooks whose value is state of one mounted component (`const busyRef = useRef(false)`): not shared by requests or processes. */
export const componentRefHooks: readonly { readonly modules: readonly string[]; readonly name: string }[] = [
  { modules: ['react', 'preact/hooks', 'preact/compat'], name: 'useRef' },
];

// --- Row locks kept in a database column ------------------------------------------------------------------

/**
 * A lock kept in a row: a conditional write sets a column to a fresh value (a time or a token) only where it is
 * null or stale, and a later write sets it back to null. The shapes of those writes, across the database APIs
 * the core knows, as data.
 */
export const rowLockWrites = {
  /** `repository.update(criteria, values)` (TypeORM; the EntityManager form names the entity first). */
  criteriaThenValues: ['update'],
  /** `model.updateMany({ where, data })` (Prisma). */
  whereAndData: ['update', 'updateMany', 'updateManyAndReturn'],
  /** Builder steps whose one object argument holds the values (TypeORM `set`, Knex `update`). */
  builderValues: ['set', 'update'],
  /** Builder steps whose arguments filter the rows (TypeORM, Knex). */
  builderFilters: ['where', 'andWhere', 'orWhere', 'whereNull', 'orWhereNull', 'whereRaw', 'andWhereRaw'],
  /** Builder steps that take only rows where a column is null (`whereNull('locked_at')`, Knex). */
  builderNullFilters: ['whereNull', 'orWhereNull'],
  /** Calls naming the table or entity a builder or repository acts on. */
  tableCalls: ['getRepository', 'from', 'table', 'into', 'withSchema'],
  /** Filter values that accept a free or expired lock: TypeORM operators and Prisma filters. */
  freeOrStaleOperators: ['IsNull', 'LessThan', 'LessThanOrEqual'],
  freeOrStaleFilterKeys: ['lt', 'lte', 'equals'],
  /**
   * A column named as a lock. Without a stale-lock condition, a write that sets a time only where it is null is
   * also how a soft delete or a completion is recorded; the column's name tells the lock apart: one of its words
   * (`locked_at`, `leaseUntil`, `claimedBy`; not `blockedAt`).
   */
  lockColumnWord: /^(lock|lease|claim)/,
} as const;
