import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// Check-then-act through the helper namespaces of CommonJS apps (issue 23): `const query = require('../queries')`,
// whose index says `module.exports = { link, user: require('./user.queries') }` and whose modules run Knex
// (fixtures/typed/app-commonjs). Without types the namespace is followed to the function in its module; with
// types the checker resolves the call (these JavaScript files are outside the fixtures' tsconfig).
const handler = path.join(typedFixtures, 'app-commonjs', 'routes', 'links.handler.js');

const knexAlternative = 'Insert with `.onConflict(key).ignore()` (or catch the unique violation) and check the result';

const drizzleHeader = `import { and, eq, isNull, or } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
const members = pgTable('members', { email: text('email').notNull(), orgId: text('org_id').notNull(), name: text('name'), deletedAt: timestamp('deleted_at') });
const db = drizzle(process.env.DATABASE_URL!);
`;
/** The relational query API needs the schema handed to \`drizzle()\`. */
const relationalHeader = drizzleHeader.replace('drizzle(process.env.DATABASE_URL!)', 'drizzle(process.env.DATABASE_URL!, { schema: { members } })');
const drizzleAlternative = 'Insert with `.onConflictDoNothing()` (or catch the unique violation) and check the result';

export const drizzleAndNamespaceCases: CasesFor<typeof rule> = {
  valid: [
    // The insert resolves the conflict itself.
    `${drizzleHeader}export async function join(email: string, orgId: string) {
  const [existing] = await db.select().from(members).where(and(eq(members.email, email), eq(members.orgId, orgId)));
  if (existing) return existing;
  return db.insert(members).values({ email, orgId }).onConflictDoNothing();
}`,
    // The insert writes another organisation than the one checked.
    `${drizzleHeader}export async function invite(email: string, orgId: string, otherOrgId: string) {
  const [existing] = await db.select().from(members).where(and(eq(members.email, email), eq(members.orgId, orgId)));
  if (existing) throw new Error('already a member');
  await db.insert(members).values({ email, orgId: otherOrgId });
}`,
    // \`or\`: the rows checked are not one key.
    `${drizzleHeader}export async function invite(email: string, name: string) {
  const [existing] = await db.select().from(members).where(or(eq(members.email, email), eq(members.name, name)));
  if (existing) throw new Error('taken');
  await db.insert(members).values({ email, name, orgId: 'o' });
}`,
    // The relational API: the insert resolves the conflict itself.
    `${relationalHeader}export async function join(email: string, orgId: string) {
  const existing = await db.query.members.findFirst({ where: and(eq(members.email, email), eq(members.orgId, orgId)) });
  if (existing) return existing;
  return db.insert(members).values({ email, orgId }).onConflictDoNothing();
}`,
    // The object inserted has its email replaced after it was built: not the email checked.
    `${relationalHeader}export async function join(email: string, orgId: string, alias: string) {
  const existing = await db.query.members.findFirst({ where: (table, { eq }) => eq(table.email, email) });
  if (existing) throw new Error('taken');
  const member = { email, orgId };
  member.email = alias;
  await db.insert(members).values(member);
}`,
  ],
  invalid: [
    {
      // The relational API with its callback filter; the values are an object built before the insert.
      code: `${relationalHeader}export async function join(email: string, orgId: string) {
  const existing = await db.query.members.findFirst({ where: (table, { eq }) => eq(table.email, email) });
  if (existing) throw new Error('taken');
  const member = { email, orgId };
  await db.insert(members).values(member);
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findFirst', resource: '`members` ((table, { eq }) => eq(table.email, em...)', act: 'insert', note: '', alternative: drizzleAlternative },
          line: 7,
          column: 26,
          suggestions: [],
        },
      ],
    },
    {
      // Both columns of the key are checked, then inserted with the same values; \`isNull\` narrows the rows checked.
      code: `${drizzleHeader}export async function join(email: string, orgId: string) {
  const [existing] = await db.select().from(members).where(and(eq(members.email, email), eq(members.orgId, orgId), isNull(members.deletedAt)));
  if (existing) throw new Error('already a member');
  await db.insert(members).values({ email, orgId, name: email });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'select', resource: '`members` (and(eq(members.email, email), eq(memb...)', act: 'insert', note: '', alternative: drizzleAlternative },
          line: 7,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `${drizzleHeader}export async function join(email: string, orgId: string) {
  try {
    await db.insert(members).values({ email, orgId, name: email });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') throw new Error('already a member');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
  untypedValid: [
    {
      // The create resolves the conflict itself (`onConflict(...).ignore()` in its module).
      code: `const query = require('../queries');
async function createLink(req, res) {
  const taken = await query.link.find(req.body.address, req.domainId);
  if (taken) throw new Error('Custom URL is already in use.');
  res.json(await query.link.createOnce(req.body.address, req.domainId, req.body.target));
}
module.exports = { createLink };`,
      filename: handler,
    },
    {
      // A member of the namespace that is no database helper, though named like one.
      code: `const query = require('../queries');
async function slug(req) {
  const found = await query.format.findAddress(req.body.address);
  if (found) throw new Error('bad address');
  return query.format.createSlug(req.body.address);
}
module.exports = { slug };`,
      filename: handler,
    },
    {
      // The create is handed another address than the one checked.
      code: `const query = require('../queries');
async function rename(req) {
  const taken = await query.link.find(req.body.address, req.domainId);
  if (taken) throw new Error('Custom URL is already in use.');
  await query.link.create(req.body.alias, req.domainId, req.body.target);
}
module.exports = { rename };`,
      filename: handler,
    },
    {
      // A namespace from a package, not a module of the app: never read.
      code: `const query = require('knex-helpers');
async function createLink(req) {
  if (await query.link.find(req.body.address)) throw new Error('taken');
  await query.link.create(req.body.address);
}
module.exports = { createLink };`,
      filename: handler,
    },
  ],
  untypedInvalid: [
    {
      // A SQLite driver of Drizzle (libsql over HTTP): statements run by \`.get()\`.
      code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/http';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
const subscribers = sqliteTable('subscribers', { email: text('email').notNull() });
const db = drizzle({ connection: { url: process.env.DATABASE_URL } });
export async function subscribe(email) {
  const subscribed = await db.select().from(subscribers).where(eq(subscribers.email, email)).get();
  if (subscribed) throw new Error('already subscribed');
  return db.insert(subscribers).values({ email }).returning().get();
}`,
      filename: handler,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'select', resource: '`subscribers` (eq(subscribers.email, email))', act: 'insert', note: '', alternative: drizzleAlternative },
          line: 7,
          column: 28,
          // The violation code offered is PostgreSQL's (Drizzle's catalogue has one): a SQLite driver's differs.
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/http';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
const subscribers = sqliteTable('subscribers', { email: text('email').notNull() });
const db = drizzle({ connection: { url: process.env.DATABASE_URL } });
export async function subscribe(email) {
  try {
    return await db.insert(subscribers).values({ email }).returning().get();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') throw new Error('already subscribed');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // The namespace's index requires the module that holds the helpers; both run Knex on `links`.
      code: `const query = require('../queries');
async function createLink(req, res) {
  const { address, target } = req.body;
  const taken = await query.link.find(address, req.domainId);
  if (taken) throw new Error('Custom URL is already in use.');
  res.json(await query.link.create(address, req.domainId, target));
}
module.exports = { createLink };`,
      filename: handler,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'find', resource: '`links` (address)', act: 'create', note: '', alternative: knexAlternative },
          line: 4,
          column: 23,
        },
      ],
    },
    {
      // A member destructured from the namespace; its module assigns \`exports.name = async () => …\`.
      code: `const { user } = require('../queries');
async function signUp(req) {
  const existing = await user.findByEmail(req.body.email);
  if (existing) throw new Error('taken');
  await user.add(req.body.email, req.body.password);
}
module.exports = { signUp };`,
      filename: handler,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findByEmail', resource: '`users` (req.body.email)', act: 'add', note: '', alternative: knexAlternative },
          line: 3,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `const { user } = require('../queries');
async function signUp(req) {
  try {
    await user.add(req.body.email, req.body.password);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') throw new Error('taken');
    throw error;
  }
}
module.exports = { signUp };`,
            },
          ],
        },
      ],
    },
    {
      // An ES module importing the CommonJS namespace: its default import is \`module.exports\`.
      code: `import query from '../queries/index.js';
export async function createLink(address, domainId, target) {
  if (await query.link.find(address, domainId)) throw new Error('taken');
  return query.link.create(address, domainId, target);
}`,
      filename: handler,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'find', resource: '`links` (address)', act: 'create', note: '', alternative: knexAlternative },
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `import query from '../queries/index.js';
export async function createLink(address, domainId, target) {
  try {
    return await query.link.create(address, domainId, target);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') throw new Error('taken');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
};
