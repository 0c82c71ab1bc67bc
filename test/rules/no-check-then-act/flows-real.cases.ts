import type rule from '../../../rules/no-check-then-act.js';
import { type CasesFor } from '../../rule-tester.js';

// Flows real applications write between the check and the create (issue 23, recall): the checked field copied
// into a `let` that the create branch reassigns with the new row's id; a TypeORM `IsNull()` condition beside
// the key; a read in `Promise.all` run only when a value is given (`customUrl && find(…)`), its result read by
// index (`tasks[0]`).

const knexHeader = `import knex from 'knex';
const db = knex({ client: 'pg' });
`;
const knexAlternative = 'Insert with `.onConflict(key).ignore()` (or catch the unique violation) and check the result';
const typeormHeader = `import { DataSource, IsNull, ILike } from 'typeorm';
class Customer {
  id!: string;
  emailAddress!: string;
  deletedAt!: Date | null;
  constructor(values?: Partial<Customer>) {
    Object.assign(this, values);
  }
}
const dataSource = new DataSource({ type: 'postgres' });
const customers = dataSource.getRepository(Customer);
`;
const prismaHeader = `import { PrismaClient } from './prisma/index.js';
const prisma = new PrismaClient();
`;
const PRISMA_CREATE =
  "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)";
const typeormAlternative = 'Insert directly and catch the unique violation (`23505`, `ER_DUP_ENTRY`), or use `upsert` / `orIgnore()`';

export const realFlowCases: CasesFor<typeof rule> = {
  valid: [
    // The copied id is reassigned with a value that is not a created row's: later it may name anything.
    `${knexHeader}export async function add(address: string, fallback: number) {
  const existing = await db('domains').where('address', address).first();
  let id = existing?.id;
  if (!id) id = fallback;
  if (id) return id;
  await db('domains').insert({ address });
}`,
    // Reassigned with what a create of another table returned.
    `${knexHeader}export async function add(address: string) {
  const existing = await db('domains').where('address', address).first();
  let id = existing?.id;
  if (id) {
    await db('domains').where('id', id).update({ address });
  } else {
    const [audit] = await db('audits').insert({ address }, '*');
    id = audit.id;
  }
  return id;
}`,
    // The update-or-insert writes another address than the one looked up.
    `${knexHeader}export async function add(address: string, alias: string) {
  const existing = await db('domains').where('address', address).first();
  let id = existing?.id;
  if (id) {
    await db('domains').where('id', id).update({ address: alias });
  } else {
    const [created] = await db('domains').insert({ address: alias }, '*');
    id = created.id;
  }
  return id;
}`,
    // ILike matches other spellings: the rows it selects are not the key the create writes.
    `${typeormHeader}export async function register(input: { emailAddress: string }) {
  const existing = await customers.findOne({ where: { emailAddress: ILike(input.emailAddress) } });
  if (existing) return existing;
  return customers.save(new Customer(input));
}`,
    // An \`IsNull\` of the application's own: not known to be a constant condition, so the filter has a key the create does not write.
    `const IsNull = () => ({ isNull: true });
${typeormHeader.replace(', IsNull', '')}export async function register(input: { emailAddress: string }) {
  const existing = await customers.findOne({ where: { emailAddress: input.emailAddress, deletedAt: IsNull() } });
  if (existing) return existing;
  return customers.save(new Customer(input));
}`,
    // Another email than the one checked.
    `${typeormHeader}export async function register(input: { emailAddress: string }, other: { emailAddress: string }) {
  const existing = await customers.findOne({ where: { emailAddress: input.emailAddress, deletedAt: IsNull() } });
  if (existing) return existing;
  return customers.save(new Customer(other));
}`,
    // The conditional read's element is not the one tested: the test reads the other model's row.
    `${prismaHeader}export async function shorten(slug: string, userId: string) {
  const [taken, user] = await Promise.all([slug && prisma.link.findFirst({ where: { slug } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (!user) throw new Error('no user');
  console.info(taken);
  return prisma.link.create({ data: { slug, userId } });
}`,
    // `slug || find(…)`: the element holds the slug when one is given, not the read's result.
    `${prismaHeader}export async function shorten(slug: string | undefined) {
  const [taken] = await Promise.all([slug || prisma.link.findFirst({ where: { slug: 'x' } })]);
  if (taken) throw new Error('taken');
  return prisma.link.create({ data: { slug: 'x' } });
}`,
    // Read by index: the element tested is the other read's (the user), not the taken-check's.
    `${prismaHeader}export async function shorten(slug: string, userId: string) {
  const tasks = await Promise.all([prisma.link.findFirst({ where: { slug } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (!tasks[1]) throw new Error('no user');
  return prisma.link.create({ data: { slug, userId } });
}`,
  ],
  invalid: [
    {
      // The results kept as an array and read by index, as the custom-URL check of a link shortener does.
      code: `${prismaHeader}export async function shorten(slug: string, userId: string) {
  const tasks = await Promise.all([prisma.user.findUnique({ where: { id: userId } }), slug && prisma.link.findFirst({ where: { slug } })]);
  if (tasks[1]) throw new Error('Custom URL is already in use.');
  return prisma.link.create({ data: { slug, userId: tasks[0]?.id } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'findFirst', resource: '`link` ({ slug })', act: 'create', note: '', alternative: PRISMA_CREATE }, line: 4, column: 95 }],
    },
    {
      // The taken-check runs only when a custom slug is given, alongside other work; its element decides. No
      // rewrite: removing the declaration would drop the other read.
      code: `${prismaHeader}export async function shorten(slug: string, userId: string) {
  const [taken, user] = await Promise.all([slug && prisma.link.findFirst({ where: { slug } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (taken) throw new Error('Custom URL is already in use.');
  return prisma.link.create({ data: { slug, userId: user?.id } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'findFirst', resource: '`link` ({ slug })', act: 'create', note: '', alternative: PRISMA_CREATE }, line: 4, column: 52 }],
    },
    {
      // Update-or-insert: the id copied from the row found decides, and the insert branch stores the new row's id.
      code: `${knexHeader}export async function add(address: string, userId: string) {
  const existing = await db('domains').where('address', address).first();
  let id = existing?.id;
  if (id) {
    await db('domains').where('id', id).update({ user_id: userId });
  } else {
    const [created] = await db('domains').insert({ address, user_id: userId }, '*');
    id = typeof created === 'number' ? created : created.id;
  }
  return db('domains').where('id', id).first();
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: { check: 'first', resource: '`domains` (address)', act: 'insert', note: '', alternative: knexAlternative }, line: 4, column: 26 }],
    },
    {
      // The soft-delete condition selects among the rows of the email; the new customer has that email.
      code: `${typeormHeader}export async function createOrUpdate(input: { emailAddress: string }) {
  const existing = await customers.findOne({ where: { emailAddress: input.emailAddress, deletedAt: IsNull() } });
  if (existing) return existing;
  return customers.save(new Customer(input));
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`Customer` ({ emailAddress: input.emailAddress, d...)', act: 'save', note: '', alternative: typeormAlternative },
          line: 13,
          column: 26,
        },
      ],
    },
  ],
};
