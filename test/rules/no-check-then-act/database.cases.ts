import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const prismaHeader = `import { PrismaClient, Prisma } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const TX_NOTE = ' The surrounding transaction runs at the default isolation level (Read Committed), which does not prevent this.';
const PRISMA_CREATE =
  "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)";
const PRISMA_CONDITIONAL = 'Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1';
const PG_CREATE = 'Insert directly with `ON CONFLICT DO NOTHING` (or catch `23505`) and check `rowCount`';

/** Repository classes used through a service's fields (typed: followed; untyped: opaque). */
const injectedRepository = `import { UserRepository } from './prisma/helpers.js';
export class UserService {
  constructor(private readonly users: UserRepository) {}
  async register(email: string, name: string) {
    if (await this.users.findByEmail(email)) throw new Error('taken');
    return this.users.create(email, name);
  }
}`;
const inheritedRepository = `import { AuditedUserRepository } from './prisma/helpers.js';
export class SignupService {
  private readonly users = new AuditedUserRepository();
  async signUp(email: string, name: string) {
    const existing = await this.users.findByEmail(email);
    if (existing) return existing;
    return this.users.create(email, name);
  }
}`;
const importedRepository = `import { userRepository } from './prisma/helpers.js';
export async function register(email: string, name: string) {
  if (await userRepository.findByEmail(email)) throw new Error('taken');
  return userRepository.create(email, name);
}`;

/** A get-or-create written as code a deploy runs once (fixtures/typed/deploy-once), importing the fixture client from `from`. */
const deployOnce = (from: string): string => `import { PrismaClient } from '${from}';
const prisma = new PrismaClient();
export async function up(email: string) {
  const existing = await prisma.user.findFirst({ where: { email } });
  if (!existing) await prisma.user.create({ data: { email } });
}`;
const deployOnceFixtures = path.join(typedFixtures, 'deploy-once');

export const databaseCases: CasesFor<typeof rule> = {
  valid: [
    // Code a deploy runs once, in one process: a code migration, Prisma's seed folder outside src/, a cutover.
    { code: deployOnce('../../prisma/index.js'), filename: path.join(deployOnceFixtures, 'code-migrations', '2-accounts.ts') },
    { code: deployOnce('../../prisma/index.js'), filename: path.join(deployOnceFixtures, 'prisma', 'populate.ts') },
    { code: deployOnce('../../prisma/index.js'), filename: path.join(deployOnceFixtures, 'cutover', 'reencode-secrets.ts') },
    // A field holding the application's own in-memory class: methods named like a repository's are not one.
    `class Store {
  private readonly entries = new Map<string, string>();
  async get(key: string) { return this.entries.get(key); }
  async create(key: string, value: string) { this.entries.set(key, value); }
}
export class Names {
  constructor(private readonly store: Store = new Store()) {}
  async claim(key: string) {
    if (await this.store.get(key)) return;
    await this.store.create(key, 'taken');
  }
}`,
    // A read of one model deciding a create of another: the checked row is not the created one.
    `${prismaHeader}export async function placeOrder(userId: string, productId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new Error('unknown user');
  return prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
    // pg: an advisory transaction lock on the key serialises the check and the insert.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function register(email: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [email]);
  const { rows } = await client.query('SELECT id FROM users WHERE email = $1', [email]);
  if (rows.length === 0) await client.query('INSERT INTO users (email) VALUES ($1)', [email]);
  await client.query('COMMIT');
  client.release();
}`,
    // Sequelize: the create handles UniqueConstraintError.
    `import { Model } from 'sequelize';
class Member extends Model { declare email: string }
export async function join(email: string) {
  const member = await Member.findOne({ where: { email } });
  if (member) return member;
  return Member.create({ email }).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'SequelizeUniqueConstraintError') return Member.findOne({ where: { email } });
    throw error;
  });
}`,
    // TypeORM: a pessimistic_write lock in the transaction before a status check and update.
    `import { DataSource } from 'typeorm';
class Order { id!: string; status!: string }
const dataSource = new DataSource({ type: 'postgres' });
export async function ship(id: string) {
  await dataSource.transaction(async (manager) => {
    const order = await manager.findOne(Order, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!order || order.status !== 'paid') throw new Error('not paid');
    await manager.update(Order, { id }, { status: 'shipped' });
  });
}`,
    // DynamoDB: the Put is conditional.
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function register(email: string) {
  const { Item } = await doc.send(new GetCommand({ TableName: 'users', Key: { email } }));
  if (Item) return;
  await doc.send(new PutCommand({ TableName: 'users', Item: { email }, ConditionExpression: 'attribute_not_exists(email)' }));
}`,
    // Knex: the insert resolves the conflict itself.
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function register(email: string) {
  const existing = await db('users').where({ email }).first();
  if (existing) return existing;
  return db('users').insert({ email }).onConflict('email').ignore();
}`,
    // A helper that does not touch the database.
    `import { createUser, lookup } from './prisma/helpers.js';
export async function register(email: string) {
  if (await lookup(email)) return;
  await createUser(email, 'new');
}`,
    // The create alone, with the unique violation handled.
    `${prismaHeader}export async function register(email: string) {
  try {
    return await prisma.user.create({ data: { email } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
    throw error;
  }
}`,
    // The check is only a fast path: the create still handles the unique violation.
    `${prismaHeader}export async function register(email: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) return existing;
  try {
    return await prisma.user.create({ data: { email } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return prisma.user.findUniqueOrThrow({ where: { email } });
    throw error;
  }
}`,
    // An atomic upsert.
    `${prismaHeader}export async function register(email: string) {
  return prisma.user.upsert({ where: { email }, create: { email }, update: {} });
}`,
    // The check looks for another key than the create writes.
    `${prismaHeader}export async function register(email: string, name: string) {
  const taken = await prisma.user.findFirst({ where: { name } });
  if (taken) throw new Error('name taken');
  return prisma.user.create({ data: { email } });
}`,
    // The result only feeds a log.
    `${prismaHeader}export async function register(email: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  console.log('existing', existing);
  return prisma.user.create({ data: { email } });
}`,
    // An existence check before an update: a row deleted in between makes the update fail visibly.
    `${prismaHeader}export async function rename(id: string, name: string) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user) throw new Error('not found');
  return prisma.user.update({ where: { id }, data: { name } });
}`,
    // A conditional atomic debit: the condition is in the write.
    `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const { count } = await prisma.account.updateMany({ where: { id, balance: { gte: amount } }, data: { balance: { decrement: amount } } });
  if (count !== 1) throw new Error('insufficient funds');
}`,
    // A Serializable transaction around the check and the create.
    `${prismaHeader}export async function register(email: string) {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing) return existing;
    return tx.user.create({ data: { email } });
  }, { isolationLevel: 'Serializable' });
}`,
    // pg: INSERT ... ON CONFLICT is atomic.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function register(email: string) {
  const { rowCount } = await pool.query('SELECT 1 FROM users WHERE email = $1', [email]);
  if (rowCount) return;
  await pool.query('INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING', [email]);
}`,
    // pg: the debit's condition is in the UPDATE.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const result = await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [amount, id]);
  if (result.rowCount === 0) throw new Error('insufficient funds');
}`,
    // pg: FOR UPDATE in the same transaction before a debit.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: string, amount: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [id]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);
  await client.query('COMMIT');
}`,
    // Redlock held around both.
    `${prismaHeader}import Redlock from 'redlock';
import Redis from 'ioredis';
const redlock = new Redlock([new Redis()]);
export async function register(email: string) {
  return redlock.using([\`user:\${email}\`], 5000, async () => {
    const existing = await prisma.user.findUnique({ where: { email } });
    if (existing) return existing;
    return prisma.user.create({ data: { email } });
  });
}`,
    // Mongoose: get-or-create by \`_id\`, which every collection keys uniquely: a duplicate fails with E11000.
    `import mongoose from 'mongoose';
const Change = mongoose.model('Change', new mongoose.Schema({ kind: String }));
export async function record(id: string, kind: string) {
  const existing = await Change.findOne({ _id: id });
  if (existing) return existing;
  return Change.create({ _id: id, kind });
}`,
    // Mongoose: an atomic findOneAndUpdate whose filter carries the condition.
    `import mongoose from 'mongoose';
const Account = mongoose.model('Account', new mongoose.Schema({ balance: Number }));
export async function withdraw(id: string, amount: number) {
  const updated = await Account.findOneAndUpdate({ _id: id, balance: { $gte: amount } }, { $inc: { balance: -amount } });
  if (!updated) throw new Error('insufficient funds');
}`,
    // pg: the balance check is on another account than the debit.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(fromId: number, toId: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [fromId]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, toId]);
}`,
    // pg: the check only logs; it does not decide whether the debit runs.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount) console.warn('overdraft', id);
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);
}`,
    // pg: `rows.length` counts the rows found: an existence test, which a concurrent update cannot change.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function ship(id: number) {
  const result = await pool.query('SELECT status FROM orders WHERE id = $1', [id]);
  if (result.rows.length === 0) throw new Error('no such order');
  await pool.query("UPDATE orders SET status = 'shipped' WHERE id = $1", [id]);
}`,
    // Not a database: a Map named like a model.
    `const users = new Map<string, { email: string }>();
export function register(email: string) {
  if (users.has(email)) return;
  users.set(email, { email });
}`,
  ],
  invalid: [
    {
      // A server's own \`src/prisma/\` folder holds its client service, which serves requests.
      code: deployOnce('../../../prisma/index.js'),
      filename: path.join(deployOnceFixtures, 'src', 'prisma', 'prisma.service.ts'),
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26 }],
    },
    {
      // \`scripts: 'report'\` lints a code migration too.
      code: deployOnce('../../prisma/index.js'),
      filename: path.join(deployOnceFixtures, 'code-migrations', '2-accounts.ts'),
      options: [{ scripts: 'report' }],
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26 }],
    },
    {
      // DynamoDB: Get, then an unconditional Put of the same key.
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function register(email: string) {
  const { Item } = await doc.send(new GetCommand({ TableName: 'users', Key: { email } }));
  if (Item) return;
  await doc.send(new PutCommand({ TableName: 'users', Item: { email } }));
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 5,
          column: 26,
          data: {
            check: 'GetCommand',
            act: 'PutCommand',
            resource: '`users` ({ email })',
            field: '',
            note: '',
            alternative: "Put with `ConditionExpression: 'attribute_not_exists(<key>)'` and handle `ConditionalCheckFailedException`",
          },
        },
      ],
    },
    {
      // Knex: first() then insert() of the same email.
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function register(email: string) {
  const existing = await db('users').where({ email }).first();
  if (existing) return existing;
  return db('users').insert({ email });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26 }],
    },
    {
      // A helper in the same file, followed by its binding (and by its declaration with types).
      code: `${prismaHeader}async function findUser(email: string) {
  return prisma.user.findUnique({ where: { email } });
}
export async function register(email: string) {
  const existing = await findUser(email);
  if (existing) return existing;
  return prisma.user.create({ data: { email } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 7, column: 26 }],
    },
    {
      // Find, then create the same unique key.
      code: `${prismaHeader}export async function register(email: string, name: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new Error('email taken');
  return prisma.user.create({ data: { email, name } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 4,
          column: 26,
          endColumn: 70,
          data: { check: 'findUnique', act: 'create', resource: '`user` ({ email })', field: '', note: '', alternative: PRISMA_CREATE },
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: "`code === 'P2002'`" }, output: `${prismaHeader}export async function register(email: string, name: string) {
  try {
    return await prisma.user.create({ data: { email, name } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('email taken');
    throw error;
  }
}` }],
        },
      ],
    },
    {
      // Inline in the test, negated and parenthesised, with `satisfies`.
      code: `${prismaHeader}export async function register(email: string) {
  if (!(await prisma.user.findFirst({ where: { email } }))) {
    await prisma.user.create({ data: { email } satisfies { email: string } });
  }
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 15 }],
    },
    {
      // A quota: count, compare with the limit, create.
      code: `${prismaHeader}export async function placeOrder(userId: string, productId: string) {
  const open = await prisma.order.count({ where: { userId } });
  if (open >= 5) throw new Error('too many open orders');
  return prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
      errors: [{ messageId: 'databaseQuotaCheck', line: 4, column: 22 }],
    },
    {
      // A balance check, then a debit: even an atomic decrement can overdraw.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  if (account.balance < amount) throw new Error('insufficient funds');
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 25,
          data: { check: 'findUniqueOrThrow', act: 'update', resource: '`account` ({ id })', field: 'balance', note: '', alternative: PRISMA_CONDITIONAL },
          suggestions: [
            {
              messageId: 'suggestConditionalWrite',
              output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const { count } = await prisma.account.updateMany({ where: { id, balance: { gte: amount } }, data: { balance: { decrement: amount } } });
  if (count === 0) throw new Error('insufficient funds');
}`,
            },
          ],
        },
      ],
    },
    {
      // pg: a balance check, then a debit computed from the same read → one conditional UPDATE whose row count takes the exit: both races go.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const { rows } = await pool.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0]!.balance < amount) throw new Error(\`account \${id} cannot pay \${amount}\`);
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0]!.balance - amount, id]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestConditionalUpdate',
              data: { condition: 'balance >= $1', changedRows: 'rowCount' },
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const result = await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [amount, id]);
  if (result.rowCount === 0) throw new Error(\`account \${id} cannot pay \${amount}\`);
}`,
            },
          ],
        },
      ],
    },
    {
      // pg: `<=` keeps strictly more; the amount on the left; a destructured row, a block exit, a parenthesised value.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number): Promise<boolean> {
  const { rows: [account] } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (amount >= account.balance) {
    return false;
  }
  await pool.query('UPDATE accounts SET balance = $2 WHERE id = $1', [id, (account.balance - amount)]);
  return true;
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 37,
          suggestions: [
            {
              messageId: 'suggestConditionalUpdate',
              data: { condition: 'balance > $2', changedRows: 'rowCount' },
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number): Promise<boolean> {
  const result = await pool.query('UPDATE accounts SET balance = balance - $2 WHERE id = $1 AND balance > $2', [id, amount]);
  if (result.rowCount === 0) {
    return false;
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    {
      // pg: the row is used after the debit: the rewrite would remove it, so nothing is offered.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
  return rows[0].balance - amount;
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: []
        },
      ],
    },
    {
      // pg: the check is on another column than the debit: no conditional form is offered. (`freeze` changes
      // the checked column: one never written after creation is not reported, immutable-fields.cases.ts.)
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance, frozen FROM accounts WHERE id = $1', [id]);
  if (rows[0].frozen) throw new Error('frozen');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}
export async function freeze(id: number) {
  await pool.query('UPDATE accounts SET frozen = true WHERE id = $1', [id]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: []
        },
      ],
    },
    {
      // pg: the debit is not the checked amount: no conditional form is offered.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number, fee: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount - fee, id]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: []
        },
      ],
    },
    {
      // pg: an OR in the WHERE clause: appending the condition would change its meaning, so nothing is offered.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, name: string, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1 OR name = $2', [id, name]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2 OR name = $3', [rows[0].balance - amount, id, name]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: []
        },
      ],
    },
    {
      // pg: a comment on the check would be lost: nothing is offered.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount /* overdraft not allowed */) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: []
        },
      ],
    },
    {
      // Prisma: the debit computed in JavaScript from the checked row → the same conditional updateMany.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  if (account.balance < amount) throw new Error('insufficient funds');
  await prisma.account.update({ where: { id }, data: { balance: account.balance - amount } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestConditionalWrite',
              output: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const { count } = await prisma.account.updateMany({ where: { id, balance: { gte: amount } }, data: { balance: { decrement: amount } } });
  if (count === 0) throw new Error('insufficient funds');
}`,
            },
          ],
        },
      ],
    },
    {
      // In a transaction at the default isolation level: reported, and the message says why.
      code: `${prismaHeader}export async function register(email: string) {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing) return existing;
    return tx.user.create({ data: { email } });
  });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 5,
          column: 28,
          data: { check: 'findUnique', act: 'create', resource: '`user` ({ email })', field: '', note: TX_NOTE, alternative: PRISMA_CREATE },
        },
      ],
    },
    {
      // A stock check then an order and a decrement: the check decides both.
      code: `${prismaHeader}export async function buy(productId: string, userId: string, quantity: number) {
  const product = await prisma.product.findUnique({ where: { id: productId } });
  if (!product || product.stock < quantity) throw new Error('out of stock');
  await prisma.product.update({ where: { id: productId }, data: { stock: { decrement: quantity } } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestConditionalWrite',
              output: `${prismaHeader}export async function buy(productId: string, userId: string, quantity: number) {
  const { count } = await prisma.product.updateMany({ where: { id: productId, stock: { gte: quantity } }, data: { stock: { decrement: quantity } } });
  if (count === 0) throw new Error('out of stock');
}`,
            },
          ],
        },
      ],
    },
    {
      // The row is used after the debit: no rewrite is offered.
      code: `${prismaHeader}export async function withdraw(id: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  if (amount > account.balance) throw new Error('insufficient funds');
  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });
  return account.balance - amount;
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 4, column: 25, suggestions: [] }],
    },
    {
      // pg: SELECT, then INSERT of the same email.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function register(email: string) {
  const { rows } = await pool.query('SELECT id FROM users WHERE email = $1', [email]);
  if (rows.length > 0) return rows[0];
  await pool.query('INSERT INTO users (email) VALUES ($1)', [email]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 4,
          column: 26,
          data: { check: 'query', act: 'query', resource: '`users` (email = $1)', field: '', note: '', alternative: PG_CREATE },
        },
      ],
    },
    {
      // pg: a status check then an update of the same row.
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function ship(id: string) {
  const { rows: [order] } = await pool.query('SELECT status FROM orders WHERE id = $1', [id]);
  if (order.status !== 'paid') throw new Error('not paid');
  await pool.query("UPDATE orders SET status = 'shipped' WHERE id = $1", [id]);
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 4, column: 35 }],
    },
    {
      // TypeORM: existsBy then save of a new entity.
      code: `import { DataSource } from 'typeorm';
class User { id!: string; email!: string }
const dataSource = new DataSource({ type: 'postgres' });
const users = dataSource.getRepository(User);
export async function register(email: string) {
  if (await users.existsBy({ email })) throw new Error('taken');
  await users.save(users.create({ email }));
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 6, column: 13 }],
    },
    {
      // Sequelize: findOne then create.
      code: `import { Model } from 'sequelize';
class Member extends Model { declare email: string }
export async function join(email: string) {
  const member = await Member.findOne({ where: { email } });
  if (member) return member;
  return Member.create({ email });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 24 }],
    },
    {
      // Mongoose: exists then create.
      code: `import mongoose from 'mongoose';
const Subscriber = mongoose.model('Subscriber', new mongoose.Schema({ email: String }));
export async function subscribe(email: string) {
  if (await Subscriber.exists({ email })) return;
  await Subscriber.create({ email });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 4,
          column: 13,
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: '`code === 11000`' }, output: `import mongoose from 'mongoose';
const Subscriber = mongoose.model('Subscriber', new mongoose.Schema({ email: String }));
export async function subscribe(email: string) {
  try {
    await Subscriber.create({ email });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 11000) return;
    throw error;
  }
}` }],
        },
      ],
    },
  ],
  typedInvalid: [
    {
      // Helpers declared in another file, followed through their declarations one call deep.
      code: `import { createUser, findUserByEmail } from './prisma/helpers.js';
export async function register(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return createUser(email, name);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 3,
          column: 13,
          data: { check: 'findUserByEmail', act: 'createUser', resource: '`user` (email)', field: '', note: '', alternative: PRISMA_CREATE },
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: "`code === 'P2002'`" }, output: `import { createUser, findUserByEmail } from './prisma/helpers.js';
export async function register(email: string, name: string) {
  try {
    return await createUser(email, name);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` }],
        },
      ],
    },
    {
      // A repository class injected into a service: its methods are followed from the field's declared class.
      code: injectedRepository,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 5,
          column: 15,
          data: { check: 'findByEmail', act: 'create', resource: '`user` (email)', field: '', note: '', alternative: PRISMA_CREATE },
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: "`code === 'P2002'`" }, output: `import { UserRepository } from './prisma/helpers.js';
export class UserService {
  constructor(private readonly users: UserRepository) {}
  async register(email: string, name: string) {
    try {
      return await this.users.create(email, name);
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      // An instance imported from the module that creates it: its methods are followed from the class there.
      code: importedRepository,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 3,
          column: 13,
          data: { check: 'findByEmail', act: 'create', resource: '`user` (email)', field: '', note: '', alternative: PRISMA_CREATE },
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: "`code === 'P2002'`" }, output: `import { userRepository } from './prisma/helpers.js';
export async function register(email: string, name: string) {
  try {
    return await userRepository.create(email, name);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` }],
        },
      ],
    },
    {
      // A field initialised with a subclass that inherits the methods: the checker resolves them.
      code: inheritedRepository,
      // No suggestion: the early exit returns the row the check read, which a create-and-catch does not have.
      errors: [{ messageId: 'databaseCheckThenCreate', line: 5, column: 28, data: { check: 'findByEmail', act: 'create', resource: '`user` (email)', field: '', note: '', alternative: PRISMA_CREATE }, suggestions: [] }],
    },
    {
      // Recognised by type: a client injected as a parameter.
      code: `import type { PrismaClient } from './prisma/index.js';
export async function redeem(db: PrismaClient, code: string) {
  const coupon = await db.coupon.findUniqueOrThrow({ where: { code } });
  if (coupon.uses >= coupon.maxUses) throw new Error('coupon exhausted');
  await db.coupon.update({ where: { code }, data: { uses: { increment: 1 } } });
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 3, column: 24 }],
    },
    {
      // MongoDB driver collection received by type, in a plain JavaScript file there is no type: see untyped.
      code: `import type { Collection } from 'mongodb';
export async function subscribe(subscribers: Collection<{ email: string }>, email: string) {
  const existing = await subscribers.findOne({ email });
  if (existing) return;
  await subscribers.insertOne({ email });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 3,
          column: 26,
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: '`code === 11000`' }, output: `import type { Collection } from 'mongodb';
export async function subscribe(subscribers: Collection<{ email: string }>, email: string) {
  try {
    await subscribers.insertOne({ email });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 11000) return;
    throw error;
  }
}` }],
        },
      ],
    },
    {
      // pg recognised by type: the pool is injected (the race harness scenario's shape), a custom error class.
      code: `import type { Pool } from 'pg';
export class InsufficientFunds extends Error {}
export async function withdraw(pool: Pool, accountId: number, amount: number): Promise<void> {
  const { rows } = await pool.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [accountId]);
  if (rows[0]!.balance < amount) throw new InsufficientFunds(\`account \${accountId} cannot pay \${amount}\`);
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0]!.balance - amount, accountId]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestConditionalUpdate',
              output: `import type { Pool } from 'pg';
export class InsufficientFunds extends Error {}
export async function withdraw(pool: Pool, accountId: number, amount: number): Promise<void> {
  const result = await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [amount, accountId]);
  if (result.rowCount === 0) throw new InsufficientFunds(\`account \${accountId} cannot pay \${amount}\`);
}`,
            },
          ],
        },
      ],
    },
    {
      // Plain JavaScript with types from the project; \`result\` is taken, so the new name is fresh.
      filename: path.join(typedFixtures, 'file.js'),
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id, amount, result) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount) return result;
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestConditionalUpdate',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function withdraw(id, amount, result) {
  const result2 = await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [amount, id]);
  if (result2.rowCount === 0) return result;
}`,
            },
          ],
        },
      ],
    },
    {
      filename: path.join(typedFixtures, 'file.js'),
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function register(email) {
  const { rows } = await pool.query('SELECT id FROM users WHERE email = $1', [email]);
  if (rows.length > 0) return rows[0];
  await pool.query('INSERT INTO users (email) VALUES ($1)', [email]);
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26 }],
    },
  ],
  untypedValid: [
    // Without types a class imported from another file is not read.
    injectedRepository,
    inheritedRepository,
    importedRepository,
    `import { createUser, findUserByEmail } from './prisma/helpers.js';
export async function register(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return createUser(email, name);
}`,
    `import type { Collection } from 'mongodb';
export async function subscribe(subscribers: Collection<{ email: string }>, email: string) {
  const existing = await subscribers.findOne({ email });
  if (existing) return;
  await subscribers.insertOne({ email });
}`,
    // Without types an injected pg pool is unknown: nothing is guessed from names.
    `import type { Pool } from 'pg';
export async function withdraw(pool: Pool, id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance < amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}`,
  ],
  untypedInvalid: [
    {
      filename: 'file.js',
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function register(email) {
  const { rows } = await pool.query('SELECT id FROM users WHERE email = $1', [email]);
  if (rows.length > 0) return rows[0];
  await pool.query('INSERT INTO users (email) VALUES ($1)', [email]);
}
module.exports = { register };`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26 }],
    },
    {
      // CommonJS without types: the pool constructed in the file is recognised; the conditional UPDATE is offered.
      filename: 'file.js',
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function withdraw(id, amount) {
  const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1', [id]);
  if (rows[0].balance <= amount) throw new Error('insufficient funds');
  await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - amount, id]);
}
module.exports = { withdraw };`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestConditionalUpdate',
              data: { condition: 'balance > $1', changedRows: 'rowCount' },
              output: `const { Pool } = require('pg');
const pool = new Pool();
async function withdraw(id, amount) {
  const result = await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance > $1', [amount, id]);
  if (result.rowCount === 0) throw new Error('insufficient funds');
}
module.exports = { withdraw };`,
            },
          ],
        },
      ],
    },
  ],
};
