import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// The code of each case is linted as a file of a small app (fixtures/typed/app-clients) whose clients are made
// in its own modules: lib/prisma.ts (`globalThis` cache), lib/db.ts (default export, one hop), lib/index.ts (a
// barrel), lib/redis.ts, prisma.service.ts (a NestJS provider extending the client), lib/look-alikes.ts.
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
/** Plain JavaScript with `require`: linted without a project (not in the fixtures' tsconfig). */
const legacy = path.join(typedFixtures, 'app-clients', 'routes', 'legacy.js');

export const importedClientCases: CasesFor<typeof rule> = {
  valid: [
    {
      // An application class named like a client (`redisCache`) with get/set methods.
      code: `import { redisCache } from '../lib/look-alikes.js';
export async function hit(key: string) {
  const value = await redisCache.get(key);
  await redisCache.set(key, String(Number(value) + 1));
}`,
      filename: route,
    },
    {
      // The atomic command on the imported client.
      code: `import { redis } from '../lib/redis.js';
export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      filename: route,
    },
    {
      // A parameter property typed with the application's own class, named `redis`.
      code: `class Tally {
  private readonly counts = new Map<string, number>();
  async get(key: string) { return this.counts.get(key) ?? 0; }
  async set(key: string, value: number) { this.counts.set(key, value); }
}
export class Counter {
  constructor(private readonly redis: Tally) {}
  async hit(key: string) {
    const value = await this.redis.get(key);
    await this.redis.set(key, value + 1);
  }
}`,
      filename: route,
    },
    {
      // A plain object in the file with Prisma's method names and argument shapes: made here, not a client.
      code: `const store = { account: { findUnique: async (_: unknown) => ({ balance: 1 }), update: async (_: unknown) => undefined } };
export async function withdraw(id: string, amount: number) {
  const account = await store.account.findUnique({ where: { id } });
  await store.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
      filename: route,
    },
    {
      // The application's TypeORM connection wrapper: the counter changed in the database, by the row's id.
      code: `import { TransactionalConnection, type RequestContext } from '../connection/transactional-connection.js';
import { StockLevel } from '../entities/stock-level.js';
export class StockLevelService {
  constructor(private readonly connection: TransactionalConnection) {}
  async allocate(ctx: RequestContext, productVariantId: string, stockLocationId: string, change: number) {
    const stockLevel = await this.connection.getRepository(ctx, StockLevel).findOne({ where: { productVariantId, stockLocationId } });
    if (stockLevel) {
      await this.connection.getRepository(ctx, StockLevel).increment({ id: stockLevel.id }, 'stockAllocated', change);
    }
  }
}`,
      filename: route,
    },
    {
      // Functions of the application named and used like client getters whose result is not a client
      // (lib/getter-look-alikes.ts): a plain object with get/set, a Map, a value from elsewhere, a parameter.
      code: `import { getRedisCache, getStore, getCache, withClient } from '../lib/getter-look-alikes.js';
export async function hit(key: string, other: { get(k: string): Promise<string | null>; set(k: string, v: string): Promise<void> }) {
  const redis = getRedisCache();
  const value = await redis.get(key);
  await redis.set(key, String(Number(value) + 1));
  const store = getStore();
  const count = store.get(key) ?? 0;
  await Promise.resolve();
  store.set(key, count + 1);
  const cache = getCache();
  const cached = await cache.get(key);
  await cache.set(key, String(Number(cached) + 1));
  const passed = withClient(other);
  const seen = await passed.get(key);
  await passed.set(key, String(Number(seen) + 1));
}`,
      filename: route,
    },
    {
      // A foreign key of the row read (\`stockLevel.productVariantId\`) names another row than the one read.
      code: `import { TransactionalConnection, type RequestContext } from '../connection/transactional-connection.js';
import { StockLevel } from '../entities/stock-level.js';
export class StockLevelService {
  constructor(private readonly connection: TransactionalConnection) {}
  async allocate(ctx: RequestContext, productVariantId: string, stockLocationId: string, change: number) {
    const stockLevel = await this.connection.getRepository(ctx, StockLevel).findOne({ where: { productVariantId, stockLocationId } });
    if (stockLevel) {
      await this.connection.getRepository(ctx, StockLevel).update(stockLevel.productVariantId, { stockAllocated: stockLevel.stockAllocated + change });
    }
  }
}`,
      filename: route,
    },
    {
      // A registry made in the file, with TypeORM's method names: its repositories are its own, not a database's.
      code: `import { StockLevel } from '../entities/stock-level.js';
class MemoryRepository<T extends { id: string }> {
  private readonly rows = new Map<string, T>();
  async findOne(options: { where: Partial<T> }) { return [...this.rows.values()].find((row) => Object.entries(options.where).every(([k, v]) => row[k as keyof T] === v)) ?? null; }
  async update(id: string, patch: Partial<T>) { const row = this.rows.get(id); if (row) Object.assign(row, patch); }
}
class MemoryRegistry {
  private readonly repositories = new Map<unknown, MemoryRepository<StockLevel>>();
  getRepository(target: typeof StockLevel) { return this.repositories.get(target) ?? new MemoryRepository<StockLevel>(); }
}
const registry = new MemoryRegistry();
export async function allocate(productVariantId: string, stockLocationId: string, change: number) {
  const stockLevel = await registry.getRepository(StockLevel).findOne({ where: { productVariantId, stockLocationId } });
  if (stockLevel) await registry.getRepository(StockLevel).update(stockLevel.id, { stockAllocated: stockLevel.stockAllocated + change });
}`,
      filename: route,
    },
    {
      // A helper of the file that returns its parameter: what it returns is what the caller passed.
      code: `const pick = <T,>(client: T) => client;
export async function hit(key: string, source: { get(k: string): Promise<string | null>; set(k: string, v: string): Promise<void> }) {
  const redis = pick(source);
  const value = await redis.get(key);
  await redis.set(key, String(Number(value) + 1));
}`,
      filename: route,
    },
  ],
  invalid: [
    {
      // TypeORM through the application's connection wrapper (Vendure's \`getRepository(ctx, Entity)\`), the row
      // written back by its id: without types by the factory's shape, with types by the repository's type.
      code: `import { TransactionalConnection, type RequestContext } from '../connection/transactional-connection.js';
import { StockLevel } from '../entities/stock-level.js';
export class StockLevelService {
  constructor(private readonly connection: TransactionalConnection) {}
  async allocate(ctx: RequestContext, productVariantId: string, stockLocationId: string, change: number) {
    const stockLevel = await this.connection.getRepository(ctx, StockLevel).findOne({ where: { productVariantId, stockLocationId } });
    if (stockLevel) {
      await this.connection
        .getRepository(ctx, StockLevel)
        .update(stockLevel.id, { stockAllocated: stockLevel.stockAllocated + change });
    }
  }
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "stockAllocated", resource: "`StockLevel` ({ productVariantId, stockLocationId })", read: "findOne", note: "", alternative: "Use `repository.increment(where, column, n)` / `decrement(...)`, or read with `lock: { mode: 'pessimistic_write' }` in the transaction" },
          line: 10,
          column: 50,
        },
      ],
    },
    {
      // ioredis client through a barrel's `export *`.
      code: `import { redis } from '../lib/index.js';
export async function hit(key: string) {
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { redis } from '../lib/index.js';
export async function hit(key: string) {
  await redis.incrby(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrby`, which changes the number on the server in one step." },
          line: 4,
          column: 9,
        },
      ],
    },
    {
      // node-redis client (`createClient()`) through a `paths` alias.
      code: `import { cache } from '@app/lib/redis.js';
export async function hit(key: string) {
  const value = await cache.get(key);
  await cache.set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { cache } from '@app/lib/redis.js';
export async function hit(key: string) {
  await cache.incrBy(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrBy`, which changes the number on the server in one step." },
          line: 4,
          column: 9,
        },
      ],
    },
    {
      // A parameter property declared with the library's class.
      code: `import type { Redis } from 'ioredis';
export class Counter {
  constructor(private readonly redis: Redis) {}
  async hit(key: string) {
    const value = await this.redis.get(key);
    await this.redis.set(key, Number(value) + 1);
  }
}`,
      filename: route,
      output: `import type { Redis } from 'ioredis';
export class Counter {
  constructor(private readonly redis: Redis) {}
  async hit(key: string) {
    await this.redis.incrby(key, 1);
  }
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrby`, which changes the number on the server in one step." },
          line: 6,
          column: 11,
        },
      ],
    },
    {
      // A getter of the application memoising a client made by a local factory (lib/getters.ts), called here.
      code: `import { getRedisCache } from '../lib/getters.js';
export async function hit(key: string) {
  const redis = getRedisCache();
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { getRedisCache } from '../lib/getters.js';
export async function hit(key: string) {
  const redis = getRedisCache();
  await redis.incrby(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrby`, which changes the number on the server in one step." },
          line: 5,
          column: 9,
        },
      ],
    },
    {
      // An arrow getter (`memo ??= new Redis(url)`) through the `paths` alias, called at each use.
      code: `import { getMemoRedis } from '@app/lib/getters.js';
export async function hit(key: string) {
  const value = await getMemoRedis().get(key);
  await getMemoRedis().set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { getMemoRedis } from '@app/lib/getters.js';
export async function hit(key: string) {
  await getMemoRedis().incrby(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrby`, which changes the number on the server in one step." },
          line: 4,
          column: 9,
        },
      ],
    },
    {
      // An async getter of a module-level node-redis client, awaited.
      code: `import { getClient } from '../lib/getters.js';
export async function hit(key: string) {
  const cache = await getClient();
  const value = await cache.get(key);
  await cache.set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { getClient } from '../lib/getters.js';
export async function hit(key: string) {
  const cache = await getClient();
  await cache.incrBy(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrBy`, which changes the number on the server in one step." },
          line: 5,
          column: 9,
        },
      ],
    },
    {
      // A helper of the file: the memo form on a module-level variable.
      code: `import { Redis } from 'ioredis';
let shared: Redis | undefined;
function redisClient() {
  shared ??= new Redis();
  return shared;
}
export async function hit(key: string) {
  const redis = redisClient();
  const value = await redis.get(key);
  await redis.set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { Redis } from 'ioredis';
let shared: Redis | undefined;
function redisClient() {
  shared ??= new Redis();
  return shared;
}
export async function hit(key: string) {
  const redis = redisClient();
  await redis.incrby(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrby`, which changes the number on the server in one step." },
          line: 10,
          column: 9,
        },
      ],
    },
    {
      // A getter whose variable is declared with the application's own client interface: read by its values.
      code: `import { getTypedCache } from '../lib/getters.js';
export async function hit(key: string) {
  const cache = getTypedCache();
  const value = await cache.get(key);
  await cache.set(key, Number(value) + 1);
}`,
      filename: route,
      output: `import { getTypedCache } from '../lib/getters.js';
export async function hit(key: string) {
  const cache = getTypedCache();
  await cache.incrby(key, 1);
}`,
      errors: [
        {
          messageId: "redisReadModifyWrite",
          data: { write: "set", key: "key", read: "get", alternative: "Use `incrby`, which changes the number on the server in one step." },
          line: 5,
          column: 9,
        },
      ],
    },
  ],
  typedInvalid: [
    {
      // Prisma client imported from the module that constructs it. With types the field is known to be a number: fixed.
      code: `import { prisma } from '../lib/prisma.js';
export async function deposit(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: account.balance + amount } });
}`,
      filename: route,
      output: `import { prisma } from '../lib/prisma.js';
export async function deposit(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: { increment: amount } } });
}`,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 4,
          column: 65,
        },
      ],
    },
    {
      // NestJS: `this.prisma` injected as a class extending the client. With types the field is known to be a number: fixed.
      code: `import { PrismaService } from '../prisma.service.js';
export class AccountsService {
  constructor(private readonly prisma: PrismaService) {}
  async deposit(id: string, amount: number) {
    const account = await this.prisma.account.findUniqueOrThrow({ where: { id } });
    await this.prisma.account.update({ where: { id }, data: { balance: account.balance + amount } });
  }
}`,
      filename: route,
      output: `import { PrismaService } from '../prisma.service.js';
export class AccountsService {
  constructor(private readonly prisma: PrismaService) {}
  async deposit(id: string, amount: number) {
    const account = await this.prisma.account.findUniqueOrThrow({ where: { id } });
    await this.prisma.account.update({ where: { id }, data: { balance: { increment: amount } } });
  }
}`,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 6,
          column: 72,
        },
      ],
    },
    {
      // A Prisma client made by a function of the application. With types the field is a number: fixed.
      code: `import { makeDb } from '../lib/getters.js';
export async function deposit(id: string, amount: number) {
  const db = makeDb();
  const account = await db.account.findUniqueOrThrow({ where: { id } });
  await db.account.update({ where: { id }, data: { balance: account.balance + amount } });
}`,
      filename: route,
      output: `import { makeDb } from '../lib/getters.js';
export async function deposit(id: string, amount: number) {
  const db = makeDb();
  const account = await db.account.findUniqueOrThrow({ where: { id } });
  await db.account.update({ where: { id }, data: { balance: { increment: amount } } });
}`,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 5,
          column: 61,
        },
      ],
    },
  ],
  untypedInvalid: [
    {
      // Prisma client imported from the module that constructs it. Without types the field type is unknown: reported, not fixed.
      code: `import { prisma } from '../lib/prisma.js';
export async function deposit(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: account.balance + amount } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 4,
          column: 65,
        },
      ],
    },
    {
      // NestJS: `this.prisma` injected as a class extending the client. Without types the field type is unknown: reported, not fixed.
      code: `import { PrismaService } from '../prisma.service.js';
export class AccountsService {
  constructor(private readonly prisma: PrismaService) {}
  async deposit(id: string, amount: number) {
    const account = await this.prisma.account.findUniqueOrThrow({ where: { id } });
    await this.prisma.account.update({ where: { id }, data: { balance: account.balance + amount } });
  }
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 6,
          column: 72,
        },
      ],
    },
    {
      // A Prisma client received as a parameter: the delegate's shape (typed: database.cases.ts).
      code: `import type { PrismaClient } from '../../prisma/index.js';
export async function restock(db: PrismaClient, sku: string, quantity: number) {
  const product = await db.product.findUniqueOrThrow({ where: { sku } });
  await db.product.update({ where: { sku }, data: { stock: product.stock + quantity } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "stock", resource: "`product` ({ sku })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 4,
          column: 60,
        },
      ],
    },
    {
      // `require` of a module whose default export is the client.
      code: `const db = require('../lib/db.js');
async function deposit(id, amount) {
  const account = await db.account.findUniqueOrThrow({ where: { id } });
  await db.account.update({ where: { id }, data: { balance: account.balance + amount } });
}
module.exports = { deposit };`,
      filename: legacy,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 4,
          column: 61,
        },
      ],
    },
    {
      // A Prisma client made by a function of the application, read in its module. Reported, not fixed.
      code: `import { makeDb } from '../lib/getters.js';
export async function deposit(id: string, amount: number) {
  const db = makeDb();
  const account = await db.account.findUniqueOrThrow({ where: { id } });
  await db.account.update({ where: { id }, data: { balance: account.balance + amount } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseReadModifyWrite",
          data: { write: "update", field: "balance", resource: "`account` ({ id })", read: "findUniqueOrThrow", note: "", alternative: "Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`" },
          line: 5,
          column: 61,
        },
      ],
    },
  ],
};
