import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const prismaHeader = `import { PrismaClient, Prisma } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const TX_NOTE = ' The surrounding transaction runs at the default isolation level (Read Committed), which does not prevent this.';
const PRISMA_ADVICE = 'Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`';
const SQL_ADVICE = 'Compute it in the statement: `SET column = column + $1`';
const MONGOOSE_ADVICE = 'Use `$inc` (on a document: `doc.$inc(path, n)` before `save()`)';

const drizzleHeader = `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
const stock = pgTable('stock', { sku: text('sku').primaryKey(), quantity: integer('quantity').notNull(), shelf: text('shelf') });
const ledger = pgTable('ledger', { sku: text('sku').primaryKey(), quantity: integer('quantity').notNull() });
const db = drizzle(process.env.DATABASE_URL!);
`;
const drizzleSqlHeader = drizzleHeader.replace("import { eq } from 'drizzle-orm';", "import { eq, sql } from 'drizzle-orm';");
const DRIZZLE_ADVICE = 'Let the database compute it: set the column to the `sql` tag over its own value (`${table.column} + ${n}`)';

const rmw = (write: string, field: string, read: string, resource: string, alternative: string, note = '') => ({
  write,
  field,
  read,
  resource,
  alternative,
  note,
});

export const databaseCases: CasesFor<typeof rule> = {
  valid: [
    // Drizzle: the write names another table than the read.
    `${drizzleHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(ledger).set({ quantity: item!.quantity + n }).where(eq(ledger.sku, sku));
}`,
    // Drizzle: the write names another row (another key column) than the read.
    `${drizzleHeader}export async function restock(sku: string, shelf: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.shelf, shelf));
}`,
    // Drizzle: another key value.
    `${drizzleHeader}export async function restock(sku: string, other: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.sku, other));
}`,
    // Drizzle: the read takes a row lock (FOR UPDATE) inside the transaction that writes.
    `${drizzleHeader}export async function restock(sku: string, n: number) {
  await db.transaction(async (tx) => {
    const [item] = await tx.select().from(stock).where(eq(stock.sku, sku)).for('update');
    await tx.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.sku, sku));
  });
}`,
    // Drizzle: the database already computes the new value.
    `${drizzleSqlHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  if (!item) return;
  await db.update(stock).set({ quantity: sql\`\${stock.quantity} + \${n}\` }).where(eq(stock.sku, sku));
}`,
    // Mongoose optimistic concurrency: save() fails with a VersionError instead of losing the update.
    `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ views: Number }, { optimisticConcurrency: true }));
export async function view(id: string) {
  const post = await Post.findById(id);
  if (!post) return;
  post.views = (post.views ?? 0) + 1;
  await post.save();
}`,
    // A raw SELECT ... FOR UPDATE locks the row in the transaction before the ORM read and write.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw\`SELECT id FROM "Account" WHERE id = \${id} FOR UPDATE\`;
    const account = await tx.account.findUniqueOrThrow({ where: { id } });
    await tx.account.update({ where: { id }, data: { balance: account.balance - amount } });
  });
}`,
    // DynamoDB: the update is conditional on the value read (optimistic check done by DynamoDB).
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function withdraw(id: string, amount: number) {
  const { Item } = await doc.send(new GetCommand({ TableName: 'accounts', Key: { id } }));
  await doc.send(new UpdateCommand({
    TableName: 'accounts',
    Key: { id },
    UpdateExpression: 'SET balance = :b',
    ConditionExpression: 'balance = :old',
    ExpressionAttributeValues: { ':b': Item!.balance - amount, ':old': Item!.balance },
  }));
}`,
    // DynamoDB computes the value.
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function deposit(id: string, amount: number) {
  await doc.send(new UpdateCommand({ TableName: 'accounts', Key: { id }, UpdateExpression: 'ADD balance :d', ExpressionAttributeValues: { ':d': amount } }));
}`,
    // Knex: a row lock in the transaction that writes.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function withdraw(id: string, amount: number) {
  await db.transaction(async (trx) => {
    const account = await trx('accounts').where({ id }).forUpdate().first();
    await trx('accounts').where({ id }).update({ balance: account.balance - amount });
  });
}`,
    // Knex: a Serializable transaction.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function withdraw(id: string, amount: number) {
  await db.transaction(async (trx) => {
    const account = await trx('accounts').where({ id }).first();
    await trx('accounts').where({ id }).update({ balance: account.balance - amount });
  }, { isolationLevel: 'serializable' });
}`,
    // Knex: the row written is named by another value than the row read.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function visit(id: string, otherId: string) {
  const link = await db('links').where('id', id).first();
  await db('links').where('id', otherId).update({ visit_count: link.visit_count + 1 });
}`,
    // Knex: the database decrements.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function withdraw(id: string, amount: number) {
  await db('accounts').where({ id }).decrement('balance', amount);
}`,
    // Without the option, the user's store is not a database.
    `class AccountStore {
  async findById(id: string) {
    return { id, balance: 0 };
  }
  async update(id: string, data: { balance: number }) {
    return { id, ...data };
  }
}
export async function withdraw(store: AccountStore, id: string, amount: number) {
  const account = await store.findById(id);
  await store.update(id, { balance: account.balance - amount });
}`,
    // The database computes the new value.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUnique({ where: { id } });
  if (!account) throw new Error('missing');
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
    // A conditional atomic write: the condition is in the filter, the count is checked.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const { count } = await prisma.account.updateMany({ where: { id, balance: { gte: amount } }, data: { balance: { decrement: amount } } });
  if (count === 0) throw new Error('insufficient funds');
}`,
    // Serializable transaction: a concurrent writer makes one of them fail and retry.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    const account = await tx.account.findUniqueOrThrow({ where: { id } });
    await tx.account.update({ where: { id }, data: { balance: account.balance - amount } });
  }, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
}`,
    // Repeatable Read, written as a string.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    const account = await tx.account.findUniqueOrThrow({ where: { id } });
    await tx.account.update({ where: { id }, data: { balance: account.balance - amount } });
  }, { isolationLevel: 'RepeatableRead' });
}`,
    // Optimistic concurrency: the version read is in the filter; Prisma's update throws when nothing matches.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({
    where: { id, version: account.version },
    data: { balance: account.balance - amount, version: { increment: 1 } },
  });
}`,
    // The value written does not come from the read.
    `${prismaHeader}export async function rename(id: string, name: string) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user) return null;
  return prisma.user.update({ where: { id }, data: { name } });
}`,
    // Another row: the read and the write name different keys.
    `${prismaHeader}export async function copyBalance(from: string, to: string) {
  const source = await prisma.account.findUniqueOrThrow({ where: { id: from } });
  await prisma.account.update({ where: { id: to }, data: { balance: source.balance + 1 } });
}`,
    // The same value written back: nothing is computed from the read.
    `${prismaHeader}export async function touch(id: string) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: account.balance } });
}`,
    // The write comes before the read.
    `${prismaHeader}export async function reset(id: string) {
  await prisma.account.update({ where: { id }, data: { balance: 0 } });
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  return account.balance + 1;
}`,
    // A plain object with ORM-like method names is not a database.
    `const store = { account: { findUnique: async (_: unknown) => ({ balance: 1 }), update: async (_: unknown) => undefined } };
export async function withdraw(id: string, amount: number) {
  const account = await store.account.findUnique({ where: { id } });
  await store.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
    // pg: SELECT ... FOR UPDATE inside BEGIN on the same client.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [id]);
    await client.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
    // pg: a Serializable transaction.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const client = await pool.connect();
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  const { rows } = await client.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await client.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
  await client.query('COMMIT');
  client.release();
}`,
    // pg: computed in SQL.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);
}`,
    // pg: optimistic check on the old value, with the affected count used.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  const result = await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2 AND balance = $3', [rows[0].balance - amount, id, rows[0].balance]);
  if (result.rowCount === 0) throw new Error('retry');
}`,
    // TypeORM: a pessimistic_write lock in the transaction.
    `import { DataSource } from 'typeorm';
class Account { id!: string; balance!: number }
const dataSource = new DataSource({ type: 'postgres' });
export async function withdraw(id: string, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await manager.findOne(Account, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw new Error('missing');
    account.balance -= amount;
    await manager.save(Account, account);
  });
}`,
    // Sequelize: lock: true in a managed transaction.
    `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
class Wallet extends Model { declare id: string; declare balance: number }
export async function withdraw(id: string, amount: number) {
  await sequelize.transaction(async (transaction) => {
    const wallet = await Wallet.findByPk(id, { transaction, lock: true });
    if (!wallet) throw new Error('missing');
    wallet.balance -= amount;
    await wallet.save({ transaction });
  });
}`,
    // A mutex held around the read and the write.
    `${prismaHeader}import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function withdraw(id: string, amount: number) {
  await mutex.runExclusive(async () => {
    const account = await prisma.account.findUniqueOrThrow({ where: { id } });
    await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
  });
}`,
    // Mongoose: $inc in one statement.
    `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ views: Number }));
export async function view(id: string) {
  await Post.findByIdAndUpdate(id, { $inc: { views: 1 } });
}`,
    // Mongoose: a field set from input, not from the read.
    `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ title: String, views: Number }));
export async function retitle(id: string, title: string) {
  const post = await Post.findById(id);
  if (!post) return;
  post.title = title;
  await post.save();
}`,
    // pg: the local holds another column than the one written.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query('SELECT views, likes FROM posts WHERE id = $1', [id]);
  const likes = rows[0].likes;
  await pool.query('UPDATE posts SET views = $1 WHERE id = $2', [likes + 1, id]);
}`,
    // pg: the local is reassigned from elsewhere before the write: it no longer holds the read.
    `import { Pool } from 'pg';
declare function fresh(id: number): Promise<number>;
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query('SELECT views FROM posts WHERE id = $1', [id]);
  let views = rows[0].views;
  views = await fresh(id);
  await pool.query('UPDATE posts SET views = $1 WHERE id = $2', [views + 1, id]);
}`,
    // pg: \`rows.length\` is the number of rows found, not a column.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function countViews(id: number) {
  const { rows } = await pool.query('SELECT length FROM posts WHERE id = $1', [id]);
  const length = rows.length;
  await pool.query('UPDATE posts SET length = $1 WHERE id = $2', [length + 1, id]);
}`,
  ],
  invalid: [
    {
      // Drizzle: \`sql\` already imported; a decrement by a literal.
      code: `${drizzleSqlHeader}export async function take(sku: string) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku)).limit(1);
  await db.update(stock).set({ quantity: item!.quantity - 1 }).where(eq(stock.sku, sku));
}`,
      output: `${drizzleSqlHeader}export async function take(sku: string) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku)).limit(1);
  await db.update(stock).set({ quantity: sql\`\${stock.quantity} - \${1}\` }).where(eq(stock.sku, sku));
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 9, column: 42 }],
    },
    {
      // A FOR UPDATE outside the transaction locks nothing the write can rely on.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$queryRaw\`SELECT id FROM "Account" WHERE id = \${id} FOR UPDATE\`;
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
      output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$queryRaw\`SELECT id FROM "Account" WHERE id = \${id} FOR UPDATE\`;
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 65 }],
    },
    {
      // DynamoDB: an update expression whose value comes from the item read → computed by DynamoDB.
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function withdraw(id: string, amount: number) {
  const { Item } = await doc.send(new GetCommand({ TableName: 'accounts', Key: { id } }));
  await doc.send(new UpdateCommand({ TableName: 'accounts', Key: { id }, UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': Item!.balance - amount } }));
}`,
      output: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function withdraw(id: string, amount: number) {
  const { Item } = await doc.send(new GetCommand({ TableName: 'accounts', Key: { id } }));
  await doc.send(new UpdateCommand({ TableName: 'accounts', Key: { id }, UpdateExpression: 'SET balance = balance - :b', ExpressionAttributeValues: { ':b': amount } }));
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 147,
          data: rmw('UpdateCommand', 'balance', 'GetCommand', '`accounts` ({ id })', "Let DynamoDB compute it: `UpdateExpression: 'ADD n :d'` or `'SET n = n + :d'`"),
        },
      ],
    },
    {
      // DynamoDB: the whole item put back with a field computed from the read.
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function withdraw(id: string, amount: number) {
  const { Item } = await doc.send(new GetCommand({ TableName: 'accounts', Key: { id } }));
  await doc.send(new PutCommand({ TableName: 'accounts', Item: { ...Item, balance: Item!.balance - amount } }));
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 84, suggestions: [] }],
    },
    {
      // Knex: the new balance computed from the row → `.decrement()`.
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function withdraw(id: string, amount: number) {
  const account = await db('accounts').where({ id }).first();
  await db('accounts').where({ id }).update({ balance: account.balance - amount });
}`,
      output: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function withdraw(id: string, amount: number) {
  const account = await db('accounts').where({ id }).first();
  await db('accounts').where({ id }).decrement('balance', amount);
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 56,
          data: rmw('update', 'balance', 'first', '`accounts` ({ id })', "Let the database compute it: `.increment('column', n)` / `.decrement('column', n)`"),
        },
      ],
    },
    {
      // Knex: rows named by one column's value (\`where('id', id)\`), read and written back → \`.increment()\`.
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function visit(id: string) {
  const link = await db('links').where('id', id).first();
  await db('links').where('id', id).update({ visit_count: link.visit_count + 1 });
}`,
      output: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function visit(id: string) {
  const link = await db('links').where('id', id).first();
  await db('links').where('id', id).increment('visit_count', 1);
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 59,
          data: rmw('update', 'visit_count', 'first', '`links` (id)', "Let the database compute it: `.increment('column', n)` / `.decrement('column', n)`"),
        },
      ],
    },
    {
      // Parentheses and a non-null assertion around the read field.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUnique({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: (account!.balance) - amount } });
}`,
      output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUnique({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 5, column: 65 }],
    },
    {
      // Optional chaining on the read row.
      code: `${prismaHeader}export async function view(id: string) {
  const product = await prisma.product.findUnique({ where: { id } });
  if (product === null) return;
  await prisma.product.update({ where: { id }, data: { views: product?.views + 1 } });
}`,
      output: `${prismaHeader}export async function view(id: string) {
  const product = await prisma.product.findUnique({ where: { id } });
  if (product === null) return;
  await prisma.product.update({ where: { id }, data: { views: { increment: 1 } } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 63 }],
    },
    {
      // The classic lost update, autofixed to an atomic decrement.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUnique({ where: { id } });
  if (!account) throw new Error('missing');
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
      output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUnique({ where: { id } });
  if (!account) throw new Error('missing');
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 65,
          endColumn: 89,
          data: rmw('update', 'balance', 'findUnique', '`account` ({ id })', PRISMA_ADVICE),
        },
      ],
    },
    {
      // Increment by a literal, through `as` and `!`; the update's result is used: still the same row.
      code: `${prismaHeader}export async function view(id: string) {
  const product = (await prisma.product.findUnique({ where: { id } }))!;
  const updated = await prisma.product.update({ where: { id }, data: { views: (product.views as number) + 1 } });
  return updated;
}`,
      output: `${prismaHeader}export async function view(id: string) {
  const product = (await prisma.product.findUnique({ where: { id } }))!;
  const updated = await prisma.product.update({ where: { id }, data: { views: { increment: 1 } } });
  return updated;
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 5, column: 79 }],
    },
    {
      // The read value is returned after the write: the fix would change what the caller gets. Suggestion only.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
  return account.balance - amount;
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 65,
          suggestions: [
            {
              messageId: 'suggestAtomicUpdate',
              data: rmw('update', 'balance', 'findUniqueOrThrow', '`account` ({ id })', PRISMA_ADVICE),
              output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
  return account.balance - amount;
}`,
            },
          ],
        },
      ],
    },
    {
      // A balance check shares the read: the decrement alone would leave the check racy, so nothing is offered
      // here (race/no-check-then-act offers the conditional write that removes both races).
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  if (account.balance < amount) throw new Error('insufficient funds');
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 65, suggestions: [] }],
    },
    {
      // A transaction at the default isolation level does not stop it: the message says so.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    const account = await tx.account.findUniqueOrThrow({ where: { id } });
    await tx.account.update({ where: { id }, data: { balance: account.balance - amount } });
  });
}`,
      output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    const account = await tx.account.findUniqueOrThrow({ where: { id } });
    await tx.account.update({ where: { id }, data: { balance: { decrement: amount } } });
  });
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 63,
          data: rmw('update', 'balance', 'findUniqueOrThrow', '`account` ({ id })', PRISMA_ADVICE, TX_NOTE),
        },
      ],
    },
    {
      // Through a const: reported, and the fix is offered (the name disappears from the write).
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  const next = account.balance - amount;
  await prisma.account.update({ where: { id }, data: { balance: next } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 65,
          suggestions: [
            {
              messageId: 'suggestAtomicUpdate',
              output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  const next = account.balance - amount;
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
            },
          ],
        },
      ],
    },
    {
      // A comment inside the computed value: the rewrite would drop it, so it is only suggested.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: account.balance /* old */ - amount } });
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 5, column: 65, suggestions: [{ messageId: 'suggestAtomicUpdate', output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}` }] }],
    },
    {
      // pg: the new balance is computed in JavaScript from the SELECT → computed in SQL.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
      output: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 71,
          data: rmw('query', 'balance', 'query', '`accounts` (id = $1)', SQL_ADVICE),
        },
      ],
    },
    {
      // Mongoose: a document field changed from its own value, then saved → `$inc` on save.
      code: `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ views: Number }));
export async function view(id: string) {
  const post = await Post.findById(id);
  if (!post) return;
  post.views++;
  await post.save();
}`,
      output: `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ views: Number }));
export async function view(id: string) {
  const post = await Post.findById(id);
  if (!post) return;
  post.$inc('views', 1);
  await post.save();
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 3, data: rmw('save', 'views', 'findById', '`Post` (id)', MONGOOSE_ADVICE) }],
    },
    {
      // Mongoose: `$set` of a value derived from a stale read → `$inc`.
      code: `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ likes: Number }));
export async function unlike(id: string) {
  const post = await Post.findById(id);
  if (!post) return;
  await Post.updateOne({ _id: id }, { $set: { likes: post.likes - 1 } });
}`,
      output: `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ likes: Number }));
export async function unlike(id: string) {
  const post = await Post.findById(id);
  if (!post) return;
  await Post.updateOne({ _id: id }, { $inc: { likes: -1 } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 54 }],
    },
    {
      // Sequelize: instance change then save → `decrement`, offered (save() may write other fields too).
      code: `import { Model } from 'sequelize';
class Wallet extends Model { declare id: string; declare balance: number }
export async function withdraw(id: string, amount: number) {
  const wallet = await Wallet.findByPk(id);
  if (!wallet) throw new Error('missing');
  wallet.balance -= amount;
  await wallet.save();
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestAtomicUpdate',
              output: `import { Model } from 'sequelize';
class Wallet extends Model { declare id: string; declare balance: number }
export async function withdraw(id: string, amount: number) {
  const wallet = await Wallet.findByPk(id);
  if (!wallet) throw new Error('missing');
  await wallet.decrement('balance', { by: amount });
}`,
            },
          ],
        },
      ],
    },
    {
      // TypeORM: the row is only read besides the counter: the stale save goes with the rewrite.
      code: `import { DataSource } from 'typeorm';
class Coupon { code!: string; uses!: number; lastUsedAt!: Date }
const dataSource = new DataSource({ type: 'postgres' });
const coupons = dataSource.getRepository(Coupon);
export async function redeem(code: string) {
  const coupon = await coupons.findOneBy({ code });
  if (coupon === null) throw new Error('unknown coupon');
  console.log('redeeming', coupon.code);
  coupon.uses++;
  await coupons.save(coupon);
  return coupon.code;
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 9, column: 3, suggestions: [{ messageId: 'suggestAtomicUpdate', output: `import { DataSource } from 'typeorm';
class Coupon { code!: string; uses!: number; lastUsedAt!: Date }
const dataSource = new DataSource({ type: 'postgres' });
const coupons = dataSource.getRepository(Coupon);
export async function redeem(code: string) {
  const coupon = await coupons.findOneBy({ code });
  if (coupon === null) throw new Error('unknown coupon');
  console.log('redeeming', coupon.code);
  await coupons.increment({ code }, 'uses', 1);
  return coupon.code;
}` }] }],
    },
    {
      // TypeORM: another field changes before the save: the save must stay and would write the stale count back, so nothing is offered.
      code: `import { DataSource } from 'typeorm';
class Coupon { code!: string; uses!: number; lastUsedAt!: Date }
const dataSource = new DataSource({ type: 'postgres' });
const coupons = dataSource.getRepository(Coupon);
export async function redeem(code: string) {
  const coupon = await coupons.findOneByOrFail({ code });
  coupon.lastUsedAt = new Date();
  coupon.uses += 1;
  await coupons.save(coupon);
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 8, column: 3, suggestions: [] }],
    },
    {
      // TypeORM: the saved entity is returned: the save cannot go, so nothing is offered.
      code: `import { DataSource } from 'typeorm';
class Coupon { code!: string; uses!: number; lastUsedAt!: Date }
const dataSource = new DataSource({ type: 'postgres' });
const coupons = dataSource.getRepository(Coupon);
export async function redeem(code: string) {
  const coupon = await coupons.findOneByOrFail({ code });
  coupon.uses += 1;
  return coupons.save(coupon);
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 7, column: 3, suggestions: [] }],
    },
    {
      // Sequelize: the row is handed to other code before the save, which may change it: nothing is offered.
      code: `import { Model } from 'sequelize';
class Wallet extends Model { declare id: string; declare balance: number }
declare function audit(wallet: Wallet): void;
export async function withdraw(id: string, amount: number) {
  const wallet = await Wallet.findByPk(id);
  if (!wallet) throw new Error('missing');
  audit(wallet);
  wallet.balance -= amount;
  await wallet.save();
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 8, column: 3, suggestions: [] }],
    },
    {
      // Sequelize: a method call on the row may change it: nothing is offered.
      code: `import { Model } from 'sequelize';
class Wallet extends Model { declare id: string; declare balance: number }
export async function withdraw(id: string, amount: number) {
  const wallet = await Wallet.findByPk(id);
  if (!wallet) throw new Error('missing');
  wallet.set('note', 'withdrawal');
  wallet.balance -= amount;
  await wallet.save();
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 7, column: 3, suggestions: [] }],
    },
    {
      // pg: a balance check shares the read: `SET balance = balance - $1` alone keeps the check racy, so nothing is offered here (race/no-check-then-act offers the conditional UPDATE).
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 71, suggestions: [] }],
    },
    {
      // pg: a check on another column decides the write too: the atomic form alone would leave it racy.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query('SELECT views, hidden FROM posts WHERE id = $1', [id]);
  if (rows[0].hidden) return;
  await pool.query('UPDATE posts SET views = $1 WHERE id = $2', [rows[0].views + 1, id]);
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 66, suggestions: [] }],
    },
    {
      // pg: an existence test decides nothing a concurrent update changes: the atomic form is still offered.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query('SELECT views FROM posts WHERE id = $1', [id]);
  if (rows.length === 0) return;
  await pool.query('UPDATE posts SET views = $1 WHERE id = $2', [rows[0].views + 1, id]);
  return rows[0].views;
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 66, suggestions: [{ messageId: 'suggestAtomicUpdate', output: `import { Pool } from 'pg';
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query('SELECT views FROM posts WHERE id = $1', [id]);
  if (rows.length === 0) return;
  await pool.query('UPDATE posts SET views = views + $1 WHERE id = $2', [1, id]);
  return rows[0].views;
}` }] }],
    },
    {
      // pg: the field read carried through a local (\`const views = rows[0]!.views\`) → computed in SQL.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query<{ views: number }>('SELECT views FROM posts WHERE id = $1', [id]);
  const views = rows[0]!.views;
  await pool.query('UPDATE posts SET views = $1 WHERE id = $2', [views + 1, id]);
}`,
      output: `import { Pool } from 'pg';
const pool = new Pool();
export async function view(id: number) {
  const { rows } = await pool.query<{ views: number }>('SELECT views FROM posts WHERE id = $1', [id]);
  const views = rows[0]!.views;
  await pool.query('UPDATE posts SET views = views + $1 WHERE id = $2', [1, id]);
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 66 }],
    },
    {
      // Prisma: the same through a local of the row.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  const balance = account.balance;
  await prisma.account.update({ where: { id }, data: { balance: balance - amount } });
}`,
      output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  const balance = account.balance;
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 65 }],
    },
    {
      // Sequelize static update from a stale instance: reported, no rewrite.
      code: `import { Model } from 'sequelize';
class Wallet extends Model { declare id: string; declare balance: number }
export async function withdraw(id: string, amount: number) {
  const wallet = await Wallet.findOne({ where: { id } });
  if (!wallet) throw new Error('missing');
  await Wallet.update({ balance: wallet.balance * 0.9 - amount }, { where: { id } });
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 34, suggestions: [] }],
    },
    {
      // TypeORM: an entity counter incremented and saved → `repository.increment`, offered.
      code: `import { DataSource } from 'typeorm';
class Coupon { code!: string; uses!: number }
const dataSource = new DataSource({ type: 'postgres' });
const coupons = dataSource.getRepository(Coupon);
export async function redeem(code: string) {
  const coupon = await coupons.findOneBy({ code });
  if (!coupon) throw new Error('unknown coupon');
  coupon.uses += 1;
  await coupons.save(coupon);
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestAtomicUpdate',
              output: `import { DataSource } from 'typeorm';
class Coupon { code!: string; uses!: number }
const dataSource = new DataSource({ type: 'postgres' });
const coupons = dataSource.getRepository(Coupon);
export async function redeem(code: string) {
  const coupon = await coupons.findOneBy({ code });
  if (!coupon) throw new Error('unknown coupon');
  await coupons.increment({ code }, 'uses', 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // MongoDB driver: `$set` from a stale read → `$inc`.
      code: `import { MongoClient } from 'mongodb';
const products = new MongoClient('mongodb://localhost').db('shop').collection('products');
export async function sell(sku: string) {
  const product = await products.findOne({ sku });
  if (!product) return;
  await products.updateOne({ sku }, { $set: { stock: product.stock - 1 } });
}`,
      output: `import { MongoClient } from 'mongodb';
const products = new MongoClient('mongodb://localhost').db('shop').collection('products');
export async function sell(sku: string) {
  const product = await products.findOne({ sku });
  if (!product) return;
  await products.updateOne({ sku }, { $inc: { stock: -1 } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 6, column: 54 }],
    },
  ],
  typedInvalid: [
    {
      // Drizzle (typed: `n` is a number): the quantity computed from the row read → the column's own value in `sql`, imported with `eq`.
      code: `${drizzleHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.sku, sku));
}`,
      output: `${drizzleSqlHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: sql\`\${stock.quantity} + \${n}\` }).where(eq(stock.sku, sku));
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 9, column: 42, data: rmw('update', 'quantity', 'select', '`stock` (eq(stock.sku, sku))', DRIZZLE_ADVICE) }],
    },
    {
      // Drizzle: the read value is returned after the write: the atomic form is only a suggestion.
      code: `${drizzleHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.sku, sku));
  return item!.quantity;
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 9,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestAtomicUpdate',
              output: `${drizzleSqlHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: sql\`\${stock.quantity} + \${n}\` }).where(eq(stock.sku, sku));
  return item!.quantity;
}`,
            },
          ],
        },
      ],
    },
    {
      // Drizzle: a transaction without a row lock does not prevent the lost update.
      code: `${drizzleHeader}export async function restock(sku: string, n: number) {
  await db.transaction(async (tx) => {
    const [item] = await tx.select().from(stock).where(eq(stock.sku, sku));
    await tx.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.sku, sku));
  });
}`,
      output: `${drizzleSqlHeader}export async function restock(sku: string, n: number) {
  await db.transaction(async (tx) => {
    const [item] = await tx.select().from(stock).where(eq(stock.sku, sku));
    await tx.update(stock).set({ quantity: sql\`\${stock.quantity} + \${n}\` }).where(eq(stock.sku, sku));
  });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 10, column: 44, data: rmw('update', 'quantity', 'select', '`stock` (eq(stock.sku, sku))', DRIZZLE_ADVICE, TX_NOTE) }],
    },
    {
      // Drizzle: the database is a parameter, known by its type (the race harness's drizzle-counter).
      code: `import { eq } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
const stock = pgTable('stock', { sku: text('sku').primaryKey(), quantity: integer('quantity').notNull() });
export async function restock(db: NodePgDatabase, sku: string, returned: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + returned }).where(eq(stock.sku, sku));
}`,
      output: `import { eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
const stock = pgTable('stock', { sku: text('sku').primaryKey(), quantity: integer('quantity').notNull() });
export async function restock(db: NodePgDatabase, sku: string, returned: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: sql\`\${stock.quantity} + \${returned}\` }).where(eq(stock.sku, sku));
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 7, column: 42 }],
    },
    {
      // The user's own store, named in the options: its methods are read by name.
      code: `class AccountStore {
  async findById(id: string) {
    return { id, balance: 0 };
  }
  async update(id: string, data: { balance: number }) {
    return { id, ...data };
  }
}
export async function withdraw(store: AccountStore, id: string, amount: number) {
  const account = await store.findById(id);
  await store.update(id, { balance: account.balance - amount });
}`,
      options: [{ databaseTypes: [{ from: 'file', name: 'AccountStore' }] }],
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 11,
          column: 37,
          data: rmw('update', 'balance', 'findById', '`AccountStore` (id)', 'Make the repository method update atomically in the database'),
          suggestions: [],
        },
      ],
    },
    {
      // The read is a repository method declared in another file, followed one call deep.
      code: `import type { PrismaClient } from './prisma/index.js';
import type { AccountRepository } from './prisma/helpers.js';
export async function withdraw(accounts: AccountRepository, prisma: PrismaClient, id: string, amount: number) {
  const account = await accounts.byId(id);
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
      output: `import type { PrismaClient } from './prisma/index.js';
import type { AccountRepository } from './prisma/helpers.js';
export async function withdraw(accounts: AccountRepository, prisma: PrismaClient, id: string, amount: number) {
  const account = await accounts.byId(id);
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 65,
          data: rmw('update', 'balance', 'byId', '`account` (id)', PRISMA_ADVICE),
        },
      ],
    },
    {
      // pg through a row variable and a pool client, in a transaction at the default level; `+ quantity` is numeric by type.
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function restock(sku: string, quantity: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const result = await client.query('SELECT stock FROM products WHERE sku = $1', [sku]);
  const row = result.rows[0];
  await client.query('UPDATE products SET stock = $1 WHERE sku = $2', [row.stock + quantity, sku]);
  await client.query('COMMIT');
  client.release();
}`,
      output: `import pg from 'pg';
const pool = new pg.Pool();
export async function restock(sku: string, quantity: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const result = await client.query('SELECT stock FROM products WHERE sku = $1', [sku]);
  const row = result.rows[0];
  await client.query('UPDATE products SET stock = stock + $1 WHERE sku = $2', [quantity, sku]);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 8, column: 72, data: rmw('query', 'stock', 'query', '`products` (sku = $1)', SQL_ADVICE, TX_NOTE) }],
    },
    {
      // Recognised by type: the client is injected, not constructed here. `+ quantity` is numeric by type.
      code: `import type { PrismaClient } from './prisma/index.js';
export async function restock(db: PrismaClient, sku: string, quantity: number) {
  const product = await db.product.findUniqueOrThrow({ where: { sku } });
  await db.product.update({ where: { sku }, data: { stock: product.stock + quantity } });
}`,
      output: `import type { PrismaClient } from './prisma/index.js';
export async function restock(db: PrismaClient, sku: string, quantity: number) {
  const product = await db.product.findUniqueOrThrow({ where: { sku } });
  await db.product.update({ where: { sku }, data: { stock: { increment: quantity } } });
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 4, column: 60 }],
    },
    {
      // TypeORM repository injected by type.
      code: `import type { Repository } from 'typeorm';
class Product { sku!: string; stock!: number }
export async function sell(products: Repository<Product>, sku: string) {
  const product = await products.findOneByOrFail({ sku });
  product.stock = product.stock - 1;
  await products.save(product);
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestAtomicUpdate',
              output: `import type { Repository } from 'typeorm';
class Product { sku!: string; stock!: number }
export async function sell(products: Repository<Product>, sku: string) {
  const product = await products.findOneByOrFail({ sku });
  await products.decrement({ sku }, 'stock', 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // A plain JavaScript file with types from the project.
      filename: path.join(typedFixtures, 'file.js'),
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id, amount) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
      output: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id, amount) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 5, column: 71 }],
    },
  ],
  untypedValid: [
    // Drizzle: without types, a database parameter is not known to be one.
    `import { eq } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
const stock = pgTable('stock', { sku: text('sku').primaryKey(), quantity: integer('quantity').notNull() });
export async function restock(db: any, sku: string, returned: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + returned }).where(eq(stock.sku, sku));
}`,
    // Options name types: without type information they recognise nothing.
    { code: `class AccountStore {
  async findById(id: string) {
    return { id, balance: 0 };
  }
  async update(id: string, data: { balance: number }) {
    return { id, ...data };
  }
}
export async function withdraw(store: AccountStore, id: string, amount: number) {
  const account = await store.findById(id);
  await store.update(id, { balance: account.balance - amount });
}`, options: [{ databaseTypes: [{ from: 'file', name: 'AccountStore' }] }] },
    `import type { PrismaClient } from './prisma/index.js';
import type { AccountRepository } from './prisma/helpers.js';
export async function withdraw(accounts: AccountRepository, prisma: PrismaClient, id: string, amount: number) {
  const account = await accounts.byId(id);
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
    `import type { Repository } from 'typeorm';
class Product { sku!: string; stock!: number }
export async function sell(products: Repository<Product>, sku: string) {
  const product = await products.findOneByOrFail({ sku });
  product.stock = product.stock - 1;
  await products.save(product);
}`,
  ],
  untypedInvalid: [
    {
      // Drizzle without types: `n` may be a string (`+` concatenates), so no rewrite is offered.
      code: `${drizzleHeader}export async function restock(sku: string, n: number) {
  const [item] = await db.select().from(stock).where(eq(stock.sku, sku));
  await db.update(stock).set({ quantity: item!.quantity + n }).where(eq(stock.sku, sku));
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 9, column: 42, suggestions: [] }],
    },
    {
      // pg through a row variable and a pool client, in a transaction at the default level: without types `+` may concatenate, so no rewrite.
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function restock(sku: string, quantity: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const result = await client.query('SELECT stock FROM products WHERE sku = $1', [sku]);
  const row = result.rows[0];
  await client.query('UPDATE products SET stock = $1 WHERE sku = $2', [row.stock + quantity, sku]);
  await client.query('COMMIT');
  client.release();
}`,
      output: null,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 8, column: 72, data: rmw('query', 'stock', 'query', '`products` (sku = $1)', SQL_ADVICE, TX_NOTE) }],
    },
    {
      filename: 'file.js',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id, amount) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
      output: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id, amount) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);
}`,
      errors: [{ messageId: 'databaseReadModifyWrite', line: 5, column: 71 }],
    },
  ],
};
