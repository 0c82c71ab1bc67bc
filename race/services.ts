import pg from 'pg';
import { Redis } from 'ioredis';

export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A service the run needs is not there: the run fails, naming it and how to start it. */
export class ServiceUnavailable extends Error {
  override name = 'ServiceUnavailable';
}

const describeError = (error: unknown): string =>
  error instanceof Error ? (error.message || (error as { code?: string }).code || error.name) : String(error);

/** A pool whose every connection works in the run's own schema, created here and dropped by `close`. */
export async function connectPostgres(schema: string, max = 12): Promise<{ pool: pg.Pool; close: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    await admin.end().catch(() => {});
    throw new ServiceUnavailable(
      `PostgreSQL is not usable at ${databaseUrl} (${describeError(error)}). Start it (for example ` +
        '`sudo service postgresql start`, or `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust ' +
        '-e POSTGRES_DB=test postgres:16`) with a database `test` and trust auth, or point DATABASE_URL at one.',
    );
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: `-c search_path=${schema}` });
  return {
    pool,
    close: async () => {
      await pool.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/**
 * `connections` clients whose keys all start with the run's prefix (callers are spread over them, as over a
 * pool); `close` deletes every key under the prefix.
 */
export async function connectRedis(prefix: string, connections = 10): Promise<{ clients: Redis[]; close: () => Promise<void> }> {
  const options = { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null };
  const admin = new Redis(redisUrl, options);
  // ioredis reports the socket's error (ECONNREFUSED…) as an event, and rejects with "Connection is closed".
  let socketError: unknown;
  admin.on('error', (error: unknown) => {
    socketError ??= error;
  });
  try {
    await admin.connect();
    await admin.ping();
  } catch (error) {
    admin.disconnect();
    throw new ServiceUnavailable(
      `Redis is not reachable at ${redisUrl} (${describeError(socketError ?? error)}). Start it (for example ` +
        '`sudo service redis-server start`, or `docker run -d -p 6379:6379 redis:7`), or point REDIS_URL at one.',
    );
  }
  const clients = Array.from({ length: connections }, () => new Redis(redisUrl, { keyPrefix: prefix }));
  return {
    clients,
    close: async () => {
      for (const client of clients) client.disconnect();
      await deleteKeys(admin, prefix);
      admin.disconnect();
    },
  };
}

export async function deleteKeys(admin: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
