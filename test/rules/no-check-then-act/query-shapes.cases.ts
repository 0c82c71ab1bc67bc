import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// Query shapes as applications write them (issue 23): Knex's `where('column', value)` with two arguments, a root
// reached through a property (`this.knex('tokens')`), `count(...).first()`; RedBeanNode, whose `R.knex` is a Knex
// instance and whose `R.store` of a freshly dispensed bean inserts it; TypeORM's `save(new Entity(values))`, an
// insert of a row not stored yet; a get-or-create of a key a TypeORM entity declares unique (fixtures/typed/app-typeorm).

const knexHeader = `import knex from 'knex';
const db = knex({ client: 'pg' });
`;
const knexAlternative = 'Insert with `.onConflict(key).ignore()` (or catch the unique violation) and check the result';
const typeormHeader = `import { DataSource } from 'typeorm';
class User {
  id!: string;
  email!: string;
  name!: string;
  constructor(values?: Partial<User>) {
    Object.assign(this, values);
  }
}
const dataSource = new DataSource({ type: 'postgres' });
const users = dataSource.getRepository(User);
`;
const entityService = path.join(typedFixtures, 'app-typeorm', 'service.ts');
const entityHeader = `import { DataSource } from 'typeorm';
import { Account, Label, StockLevel } from './entities.js';
const dataSource = new DataSource({ type: 'postgres' });
`;
const typeormAlternative = 'Insert directly and catch the unique violation (`23505`, `ER_DUP_ENTRY`), or use `upsert` / `orIgnore()`';
const redbeanAlternative = 'Store under a unique index and catch the violation, or hold a lock across the check and the store';

export const queryShapeCases: CasesFor<typeof rule> = {
  valid: [
    // The insert writes another address than the one checked.
    `${knexHeader}export async function rename(address: string, alias: string) {
  const taken = await db('domains').where('address', address).first();
  if (taken) throw new Error('taken');
  await db('domains').insert({ address: alias });
}`,
    // The insert resolves the conflict itself.
    `${knexHeader}export async function add(address: string) {
  const taken = await db('domains').where('address', address).first();
  if (taken) return taken;
  await db('domains').insert({ address }).onConflict('address').ignore();
}`,
    // A column named by a variable: the rows checked are not known.
    `${knexHeader}export async function add(column: string, address: string) {
  const taken = await db('domains').where(column, address).first();
  if (taken) throw new Error('taken');
  await db('domains').insert({ address });
}`,
    // The count is of another table than the insert.
    `${knexHeader}export async function create(userId: string) {
  const { count } = await db('sessions').where('user_id', userId).count('id as count').first();
  if (count >= 5) throw new Error('too many sessions');
  await db('tokens').insert({ user_id: userId });
}`,
    // TypeORM: the new entity has another email than the one checked.
    `${typeormHeader}export async function register(email: string, alias: string) {
  const existing = await users.findOne({ where: { email } });
  if (existing) throw new Error('taken');
  return users.save(new User({ email: alias }));
}`,
    // TypeORM: an entity constructed with its primary key is saved over the row that has it.
    `${typeormHeader}export async function rename(id: string, email: string) {
  const existing = await users.findOne({ where: { email } });
  if (existing) throw new Error('taken');
  return users.save(new User({ id, email }));
}`,
    // Get-or-create of the pair the entity's unique index covers: the database refuses the duplicate.
    {
      code: `${entityHeader}export async function stockLevel(variantId: string, locationId: string) {
  const levels = dataSource.getRepository(StockLevel);
  const level = await levels.findOne({ where: { variantId, locationId } });
  if (level) return level;
  return levels.save(new StockLevel({ variantId, locationId, onHand: 0 }));
}`,
      filename: entityService,
    },
    // Get-or-create of an email the entity's column declares unique.
    {
      code: `${entityHeader}export async function account(email: string) {
  const accounts = dataSource.getRepository(Account);
  let account = await accounts.findOne({ where: { email } });
  if (!account) account = await accounts.save(new Account({ email }));
  return account;
}`,
      filename: entityService,
    },
  ],
  invalid: [
    {
      // Get-or-create of a value no unique key covers: two rows with one value.
      code: `${entityHeader}export async function label(value: string) {
  const labels = dataSource.getRepository(Label);
  const existing = await labels.findOne({ where: { value } });
  if (existing) return existing;
  return labels.save(new Label({ value }));
}`,
      filename: entityService,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'findOne', resource: '`Label` ({ value })', act: 'save', note: '', alternative: typeormAlternative }, line: 6, column: 26 }],
    },
    {
      // A unique email, but the check answers a taken one with an error of its own: the race turns it into a violation.
      code: `${entityHeader}export async function register(email: string) {
  const accounts = dataSource.getRepository(Account);
  if (await accounts.findOne({ where: { email } })) throw new Error('Email already registered');
  return accounts.save(new Account({ email }));
}`,
      filename: entityService,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'findOne', resource: '`Account` ({ email })', act: 'save', note: '', alternative: typeormAlternative }, line: 6, column: 13 }],
    },
    {
      // TypeORM: findOne, then save of an entity constructed with the same email.
      code: `${typeormHeader}export async function register(email: string, name: string) {
  const existing = await users.findOne({ where: { email } });
  if (existing) throw new Error('taken');
  return users.save(new User({ email, name }));
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`User` ({ email })', act: 'save', note: '', alternative: typeormAlternative },
          line: 13,
          column: 26,
        },
      ],
    },
    {
      // TypeORM: the entity is constructed from the input whose email was checked.
      code: `${typeormHeader}export async function register(input: { email: string; name: string }) {
  const existing = await users.findOne({ where: { email: input.email } });
  if (existing) return existing;
  return users.save(new User(input));
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`User` ({ email: input.email })', act: 'save', note: '', alternative: typeormAlternative },
          line: 13,
          column: 26,
        },
      ],
    },
    {
      // Two-argument where, then an insert of an object built before it with the same address.
      code: `${knexHeader}export async function add(address: string, userId: string) {
  const taken = await db('domains').where('address', address).first();
  if (taken) throw new Error('Domain already added.');
  const domain = { address, user_id: userId };
  await db('domains').insert(domain);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'first', resource: '`domains` (address)', act: 'insert', note: '', alternative: knexAlternative },
          line: 4,
          column: 23,
        },
      ],
    },
    {
      // A quota counted through the class's Knex field, then one more row inserted for the same user.
      code: `import { Knex } from 'knex';
export class TokenService {
  constructor(private readonly knex: Knex) {}
  async create(userId: string, label: string) {
    const { count } = await this.knex('tokens').where('user_id', userId).count('id as count').first();
    if (count >= 200) throw new Error('too many tokens');
    await this.knex('tokens').insert({ user_id: userId, label });
  }
}`,
      errors: [{ messageId: 'databaseQuotaCheck', data: { check: 'first', resource: '`tokens` (userId)', act: 'insert', note: '' }, line: 5, column: 29 }],
    },
  ],
  untypedValid: [
    // RedBean: a count with SQL conditions names rows this analysis does not read.
    `const { R } = require('redbean-node');
async function setup(username) {
  if ((await R.count('user', 'active = 1')) > 0) throw new Error('initialised');
  const user = R.dispense('user');
  user.username = username;
  await R.store(user);
}
module.exports = { setup };`,
    // RedBean: the bean stored is of another table than the one counted.
    `const { R } = require('redbean-node');
async function setup(username) {
  if ((await R.knex('user').count('id as count').first()).count !== 0) throw new Error('initialised');
  const entry = R.dispense('audit_log');
  entry.username = username;
  await R.store(entry);
}
module.exports = { setup };`,
    // An object named R that is no RedBean import.
    `const R = { count: async () => 0, dispense: (table) => ({ table }), store: async () => {} };
async function setup(username) {
  if ((await R.count('user')) > 0) throw new Error('initialised');
  const user = R.dispense('user');
  user.username = username;
  await R.store(user);
}
module.exports = { setup };`,
  ],
  untypedInvalid: [
    {
      // RedBean: the users counted through R.knex, then a freshly dispensed user stored (a first-admin set-up).
      code: `const { R } = require('redbean-node');
async function setup(username, password) {
  if ((await R.knex('user').count('id as count').first()).count !== 0) {
    throw new Error('already set up');
  }
  const user = R.dispense('user');
  user.username = username;
  user.password = await hash(password);
  await R.store(user);
}
module.exports = { setup };`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'first', resource: '`user`', act: 'store', note: '', alternative: redbeanAlternative }, line: 3, column: 14 }],
    },
    {
      // RedBean's own count of the whole table.
      code: `const { R } = require('redbean-node');
async function setup(username) {
  const users = await R.count('user');
  if (users > 0) throw new Error('already set up');
  const user = R.dispense('user');
  user.username = username;
  await R.store(user);
}
module.exports = { setup };`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'count', resource: '`user`', act: 'store', note: '', alternative: redbeanAlternative }, line: 3, column: 23 }],
    },
  ],
};

