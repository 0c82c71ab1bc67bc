import type rule from '../../../rules/no-check-then-act.js';
import path from 'node:path';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// Flow shapes of real applications (issue 23 §2–§3): the check one step removed in a helper of the same file,
// the act inside a transaction callback, `Promise.all`, nested exits, a flag, and keys written differently.

const prismaHeader = `import { PrismaClient } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const PRISMA_CREATE =
  "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)";
const PRISMA_CONDITIONAL = 'Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1';

const TRANSACTION_NOTE = ' The surrounding transaction runs at the default isolation level (Read Committed), which does not prevent this.';
/** A file of a small app whose client is made by a factory in lib/db.ts: without types it is known by Prisma's shapes only. */
const appRoute = path.join(typedFixtures, 'prisma-app', 'routes', 'handler.ts');
const appHeader = `import { db } from '../lib/db.js';
`;
/** The same app's client, in a folder whose schema is split into prisma/schema/*.prisma. */
const splitRoute = path.join(typedFixtures, 'prisma-split-app', 'routes', 'handler.ts');
const splitHeader = `import { db } from '../../prisma-app/lib/db.js';
`;
/** The same app's client, in a monorepo whose database package keeps one schema per provider (prisma/<provider>/schema.prisma). */
const providerRoute = path.join(typedFixtures, 'prisma-provider-app', 'apps', 'api', 'routes', 'handler.ts');
const providerHeader = `import { db } from '../../../../prisma-app/lib/db.js';
`;

const SEQUELIZE_CREATE = 'Create directly and catch `UniqueConstraintError`';

const created = (check: string, resource: string) => ({ check, act: 'create', resource, field: '', note: '', alternative: PRISMA_CREATE });

export const databaseFlowCases: CasesFor<typeof rule> = {
  valid: [
    // A helper's check of one email, then a create of another.
    `${prismaHeader}async function isTaken(email: string) {
  const found = await prisma.user.findFirst({ where: { email } });
  return found !== null;
}
export async function rename(email: string, next: string) {
  if (await isTaken(email)) await prisma.user.create({ data: { email: next } });
}`,
    // The helper's answer only feeds a log.
    `${prismaHeader}const isTaken = async (email: string) => (await prisma.user.count({ where: { email } })) > 0;
export async function register(email: string) {
  const taken = await isTaken(email);
  console.info('taken before', taken);
  return prisma.user.create({ data: { email } });
}`,
    // A helper that returns a field of the row, not whether it exists: not a check of the key.
    `${prismaHeader}async function planOf(email: string) {
  const user = await prisma.user.findUnique({ where: { email } });
  return user?.plan;
}
export async function upgrade(email: string) {
  if ((await planOf(email)) === 'free') console.info('upgrading');
  return prisma.user.create({ data: { email: \`\${email}.pro\` } });
}`,
    // Check and create inside one Serializable transaction.
    `${prismaHeader}export async function register(email: string) {
  await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) throw new Error('taken');
    await tx.user.create({ data: { email } });
  }, { isolationLevel: 'Serializable' });
}`,
    // The transaction callback's create handles the unique violation.
    `${prismaHeader}export async function register(email: string) {
  if (await prisma.user.findUnique({ where: { email } })) throw new Error('taken');
  await prisma.$transaction(async (tx) => {
    try {
      await tx.user.create({ data: { email } });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'P2002') throw new Error('taken');
      throw error;
    }
  });
}`,
    // Promise.all: the count is of another model than the create.
    `${prismaHeader}export async function order(userId: string, productId: string) {
  const [open, user] = await Promise.all([prisma.account.count({ where: { ownerId: userId } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (!user || open > 3) throw new Error('no');
  return prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
    // A nested exit on something else than the check: the read only feeds a log.
    `${prismaHeader}export async function register(email: string, verbose: boolean) {
  if (verbose) {
    const existing = await prisma.user.findUnique({ where: { email } });
    console.info(existing);
    if (!email.includes('@')) throw new Error('invalid');
  }
  return prisma.user.create({ data: { email } });
}`,
    // An exit that leaves only the loop around it.
    `${prismaHeader}export async function register(emails: string[]) {
  for (const email of emails) {
    if (await prisma.user.findUnique({ where: { email } })) break;
  }
  return prisma.user.create({ data: { email: 'fallback@example.com' } });
}`,
    // A compound selector with another value than the create writes.
    `${prismaHeader}export async function reorder(userId: string, productId: string, other: string) {
  const found = await prisma.order.findUnique({ where: { userId_productId: { userId, productId } } as never });
  if (found) return found;
  return prisma.order.create({ data: { userId, productId: other, quantity: 1 } });
}`,
    // Normalised on one side only: another key.
    `${prismaHeader}export async function register(email: string) {
  if (await prisma.user.findUnique({ where: { email: email.toLowerCase() } })) throw new Error('taken');
  return prisma.user.create({ data: { email } });
}`,
    // The constant filter is written with another value: the created order is not one of those counted.
    `${prismaHeader}export async function draft(userId: string, productId: string) {
  const open = await prisma.order.count({ where: { userId, status: 'open' } });
  if (open >= 5) throw new Error('too many open orders');
  return prisma.order.create({ data: { userId, productId, quantity: 1, status: 'draft' } });
}`,
    // A flag kept from the check, with the create's unique violation caught.
    `${prismaHeader}export async function register(email: string) {
  const exists = (await prisma.user.count({ where: { email } })) > 0;
  if (exists) return;
  await prisma.user.create({ data: { email } }).catch((error: { code?: string }) => {
    if (error.code !== 'P2002') throw error;
  });
}`,
    // The read row's id names the row; only its existence is tested: a deleted row makes the update fail.
    `${prismaHeader}export async function rename(email: string, name: string) {
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) throw new Error('unknown');
  await prisma.user.update({ where: { id: user.id }, data: { name } });
}`,
    // An ownership test on the row's identifying fields: concurrent writes do not change who owns it.
    `${prismaHeader}export async function cancel(id: string, userId: string) {
  const order = await prisma.order.findFirst({ where: { id }, select: { userId: true } });
  if (!order) throw new Error('not found');
  if (order.userId !== userId) throw new Error('forbidden');
  await prisma.order.delete({ where: { id } });
}`,
    // A guard helper that throws when the row is missing requires it; it does not guard its creation.
    `${prismaHeader}async function assertKnown(email: string) {
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) throw new Error('unknown');
}
export async function invite(email: string) {
  await assertKnown(email);
  await prisma.user.create({ data: { email: \`invited.\${email}\` } });
  await prisma.user.create({ data: { email } });
}`,
    // Prisma runs these upserts as one INSERT … ON CONFLICT: one unique field (or one compound selector) in
    // `where`, the same value in `create`, no nested writes.
    `${prismaHeader}export async function join(email: string) {
  return prisma.user.upsert({ where: { email }, create: { email, name: 'new' }, update: { name: 'again' } });
}`,
    `${prismaHeader}export async function reorder(userId: string, productId: string) {
  return prisma.order.upsert({ where: { userId_productId: { userId, productId } } as never, create: { userId, productId, quantity: 1 }, update: {} });
}`,
    // A `where` key that `create` leaves out (the id is generated on create): two new rows may be intended.
    `${prismaHeader}export async function save(id: string | undefined, userId: string, productId: string) {
  return prisma.order.upsert({ where: { id: id ?? '' }, create: { userId, productId, quantity: 1 }, update: { quantity: 2 } });
}`,
    // A client-side upsert whose unique violation is handled.
    `${prismaHeader}export async function join(email: string) {
  try {
    return await prisma.user.upsert({ where: { email }, create: { email, accounts: { create: { balance: 0 } } } as never, update: {} });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'P2002') return prisma.user.findUnique({ where: { email } });
    throw error;
  }
}`,
    // Not Prisma: an object of the application with an \`upsert\` method.
    `const store = { upsert: async (input: unknown) => input };
export async function join(email: string) {
  return store.upsert({ where: { email, org: 'a' }, create: { email: 'other', profile: { create: {} } }, update: {} });
}`,
    {
      // A Serializable transaction on a client the file cannot place: `$transaction` is Prisma's, and its
      // callback's parameter receives Prisma's calls.
      code: `${appHeader}export async function addOrder(userId: string, productId: string) {
  return db.$transaction(async (tx) => {
    const open = await tx.order.count({ where: { userId } });
    if (open >= 5) throw new Error('too many orders');
    return tx.order.create({ data: { userId, productId, quantity: 1 } });
  }, { isolationLevel: 'Serializable' });
}`,
      filename: appRoute,
    },
    {
      // The row locked with a raw \`SELECT … FOR UPDATE\` in the same transaction before it is read and written.
      code: `${appHeader}export async function resize(id: string, quantity: number) {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw\`SELECT id FROM "Order" WHERE id = \${id} FOR UPDATE\`;
    const order = await tx.order.findUnique({ where: { id } });
    if (!order || order.status !== 'open') throw new Error('closed');
    await tx.order.update({ where: { id }, data: { quantity } });
  });
}`,
      filename: appRoute,
    },
    // A status found already set, then the same fixed value written as the last effect: a second caller
    // repeats the same write (a log line does not count as an effect).
    `${prismaHeader}export async function upgrade(id: string) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user || user.plan === 'pro') return;
  await prisma.user.update({ where: { id }, data: { plan: 'pro' } });
  console.info('upgraded', id);
}`,
    // A state precondition, then only fixed values (an enum member, the current time) as the last effect.
    `${prismaHeader}const OrderStatus = { Open: 'open', Cancelled: 'cancelled' } as const;
export async function cancel(id: string) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id } });
  if (order.status !== OrderStatus.Open) {
    console.warn('not open', id);
    throw new Error('only open orders can be cancelled');
  }
  return prisma.order.update({ where: { id }, data: { status: OrderStatus.Cancelled, cancelledAt: new Date() } });
}`,
    // A delete as the last effect after a state check.
    `${prismaHeader}export async function discard(id: string) {
  const order = await prisma.order.findUnique({ where: { id } });
  if (order?.status !== 'draft') throw new Error('only drafts can be discarded');
  await prisma.order.delete({ where: { id } });
}`,
    // A row found expired and cleaned up in that branch: time passing decided.
    `${prismaHeader}export async function redeem(code: string, notifyOwner: (code: string) => Promise<void>) {
  const coupon = await prisma.coupon.findUnique({ where: { code } });
  if (!coupon) throw new Error('unknown coupon');
  if (coupon.expiresAt.getTime() < Date.now()) {
    await prisma.coupon.delete({ where: { code } });
    await notifyOwner(code);
    throw new Error('expired');
  }
  return coupon;
}`,
    {
      // Get-or-create of a key that fixtures/typed/prisma-app/prisma/schema.prisma declares `@unique`: the
      // database refuses the duplicate, the loser's retry finds the row.
      code: `${appHeader}export async function userFor(email: string) {
  let user = await db.user.findUnique({ where: { email } });
  if (!user) user = await db.user.create({ data: { email } });
  return user;
}`,
      filename: appRoute,
    },
    {
      // The found row handed back before the create, on a compound `@@unique([userId, productId])`.
      code: `${appHeader}export async function addToCart(userId: string, productId: string) {
  const existing = await db.order.findFirst({ where: { userId, productId } });
  if (existing) return existing;
  return db.order.create({ data: { userId, productId, quantity: 1 } });
}`,
      filename: appRoute,
    },
    {
      // The multi-file schema: \`@@unique(fields: [userId, productId], name: "cart")\` in prisma/schema/shop.prisma.
      code: `${splitHeader}export async function addToCart(userId: string, productId: string) {
  let line = await db.order.findFirst({ where: { userId, productId } });
  if (!line) line = await db.order.create({ data: { userId, productId, quantity: 1 } });
  return line;
}`,
      filename: splitRoute,
    },
    {
      // One schema per provider (packages/db/prisma/postgres|sqlite/schema.prisma), both with \`@@unique([userId, productId])\`.
      code: `${providerHeader}export async function addToCart(userId: string, productId: string) {
  const existing = await db.order.findFirst({ where: { userId, productId } });
  if (existing) return existing;
  return db.order.create({ data: { userId, productId } });
}`,
      filename: providerRoute,
    },
    // The answer built after the fixed write (\`NextResponse\` from \`next/server\`) is no effect.
    `import { NextResponse } from 'next/server';
${prismaHeader}export async function POST(request: Request) {
  const { id } = (await request.json()) as { id: string };
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user) return NextResponse.json({ error: 'not found' }, { status: 404 });
  if (user.plan === 'pro') return NextResponse.json({ error: 'already pro' }, { status: 400 });
  await prisma.user.update({ where: { id }, data: { plan: 'pro' } });
  return NextResponse.json({ upgraded: true });
}`,
  ],
  invalid: [
    {
      // A guard helper: the helper throws when the row exists (here for either of two keys); what follows the
      // awaited call runs only when it did not.
      code: `${prismaHeader}const checkUserUniqueness = async (email: string, name: string) => {
  const byEmail = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  const byName = await prisma.user.findFirst({ where: { name }, select: { id: true } });
  if (byEmail || byName) {
    throw new Error('taken');
  }
};
export const register = async (email: string, name: string) => {
  await checkUserUniqueness(email, name);
  return prisma.user.create({ data: { name, email } });
};`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 11, column: 9, data: created('checkUserUniqueness', '`user` (email)') }],
    },
    {
      // A quota whose exit is nested in an outer `if`, and whose create catches a unique violation of another
      // column: the catch stops a duplicate name, not a count over the limit.
      code: `${prismaHeader}export async function order(userId: string, productId: string, limit: number) {
  if (limit < Infinity) {
    const open = await prisma.order.count({ where: { userId } });
    if (open >= limit) throw new Error('too many open orders');
  }
  try {
    return await prisma.order.create({ data: { userId, productId, quantity: 1 } });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'P2002') throw new Error('already ordered');
    throw error;
  }
}`,
      errors: [{ messageId: 'databaseQuotaCheck', line: 5, column: 24, data: { check: 'count', act: 'create', resource: '`order` ({ userId })', field: '', note: '', alternative: PRISMA_CREATE } }],
    },
    {
      // A guard helper that enforces a limit: a quota.
      code: `${prismaHeader}async function assertWithinLimit(userId: string) {
  const open = await prisma.order.count({ where: { userId } });
  if (open >= 5) throw new Error('too many open orders');
}
export async function order(userId: string, productId: string) {
  await assertWithinLimit(userId);
  await prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
      errors: [{ messageId: 'databaseQuotaCheck', line: 8, column: 9, data: { check: 'assertWithinLimit', act: 'create', resource: '`order` (userId)', field: '', note: '', alternative: PRISMA_CREATE } }],
    },
    {
      // Prisma upserts it cannot run as one statement: a nested write, two fields in `where`, another value in `create`.
      code: `${prismaHeader}export async function join(email: string, plan: string) {
  await prisma.user.upsert({ where: { email }, create: { email, accounts: { create: { balance: 0 } } } as never, update: {} });
  await prisma.user.upsert({ where: { email, plan }, create: { email, plan }, update: {} });
  await prisma.user.upsert({ where: { email }, create: { email: email.toLowerCase() }, update: {} });
}`,
      errors: [
        { messageId: 'databaseClientUpsert', line: 4, column: 9, data: { resource: '`user` ({ email })', reason: 'a nested write of `accounts` in `create`' } },
        { messageId: 'databaseClientUpsert', line: 5, column: 9, data: { resource: '`user` ({ email, plan })', reason: '`where` names 2 fields' } },
        { messageId: 'databaseClientUpsert', line: 6, column: 9, data: { resource: '`user` ({ email })', reason: '`create` writes another `email` than `where` names' } },
      ],
    },
    {
      // A check in a helper of the same file: a function returning whether the row exists.
      code: `${prismaHeader}async function isTaken(email: string) {
  const found = await prisma.user.findFirst({ where: { email } });
  return found !== null;
}
export async function register(email: string) {
  if (await isTaken(email)) throw new Error('taken');
  await prisma.user.create({ data: { email } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 8,
          column: 13,
          data: created('isTaken', '`user` (email)'),
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              data: { violation: "`code === 'P2002'`" },
              output: `${prismaHeader}async function isTaken(email: string) {
  const found = await prisma.user.findFirst({ where: { email } });
  return found !== null;
}
export async function register(email: string) {
  try {
    await prisma.user.create({ data: { email } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // An arrow const helper that counts, and a same-class method calling it through `this`.
      code: `${prismaHeader}const emailTaken = async (email: string) => (await prisma.user.count({ where: { email } })) > 0;
export class Signup {
  async isTaken(email: string) {
    return !!(await prisma.user.findUnique({ where: { email } }));
  }
  async run(email: string) {
    if (await emailTaken(email)) return null;
    return prisma.user.create({ data: { email } });
  }
  async again(email: string) {
    if (await this.isTaken(email)) return null;
    return prisma.user.create({ data: { email } });
  }
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 9,
          column: 15,
          data: created('emailTaken', '`user` (email)'),
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: "`code === 'P2002'`" }, output: `${prismaHeader}const emailTaken = async (email: string) => (await prisma.user.count({ where: { email } })) > 0;
export class Signup {
  async isTaken(email: string) {
    return !!(await prisma.user.findUnique({ where: { email } }));
  }
  async run(email: string) {
    try {
      return await prisma.user.create({ data: { email } });
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') return null;
      throw error;
    }
  }
  async again(email: string) {
    if (await this.isTaken(email)) return null;
    return prisma.user.create({ data: { email } });
  }
}` }],
        },
        {
          messageId: 'databaseCheckThenCreate',
          line: 13,
          column: 15,
          data: created('isTaken', '`user` (email)'),
          suggestions: [{ messageId: 'suggestCreateAndCatch', data: { violation: "`code === 'P2002'`" }, output: `${prismaHeader}const emailTaken = async (email: string) => (await prisma.user.count({ where: { email } })) > 0;
export class Signup {
  async isTaken(email: string) {
    return !!(await prisma.user.findUnique({ where: { email } }));
  }
  async run(email: string) {
    if (await emailTaken(email)) return null;
    return prisma.user.create({ data: { email } });
  }
  async again(email: string) {
    try {
      return await prisma.user.create({ data: { email } });
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') return null;
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      // The check outside, the create inside a transaction callback: the callback is part of the flow.
      code: `${prismaHeader}export async function register(email: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new Error('taken');
  await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: { email } });
    await tx.account.create({ data: { ownerId: email } });
  });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26, data: created('findUnique', '`user` ({ email })'), suggestions: [] }],
    },
    {
      // Promise.all: the count arrives destructured, and is compared with a limit read alongside it.
      code: `${prismaHeader}export async function order(userId: string, productId: string) {
  const [open, user] = await Promise.all([prisma.order.count({ where: { userId } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (!user || open >= (user.plan === 'pro' ? 50 : 5)) throw new Error('too many open orders');
  return prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
      errors: [{ messageId: 'databaseQuotaCheck', line: 4, column: 43, data: { check: 'count', act: 'create', resource: '`order` ({ userId })', field: '', note: '', alternative: PRISMA_CREATE } }],
    },
    {
      // Exits nested in `if / else if`.
      code: `${prismaHeader}export async function register(email: string, invited: boolean) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (invited) {
    if (existing) throw new Error('already a member');
  } else if (existing) {
    return existing;
  }
  return prisma.user.create({ data: { email } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26, data: created('findUnique', '`user` ({ email })') }],
    },
    {
      // A check whose failing branch throws inside an outer `if`.
      code: `${prismaHeader}export async function register(email: string, strict: boolean) {
  if (strict) {
    const existing = await prisma.user.findUnique({ where: { email } });
    if (existing) throw new Error('taken');
  }
  return prisma.user.create({ data: { email } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 5, column: 28, data: created('findUnique', '`user` ({ email })') }],
    },
    {
      // The check's answer kept in a flag and tested later.
      code: `${prismaHeader}export async function register(email: string) {
  const exists = (await prisma.user.count({ where: { email } })) > 0;
  if (exists) throw new Error('taken');
  return prisma.user.create({ data: { email } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 25, data: created('count', '`user` ({ email })') }],
    },
    {
      // A compound unique selector names the same row as the fields it combines.
      code: `${prismaHeader}export async function reorder(userId: string, productId: string) {
  const found = await prisma.order.findUnique({ where: { userId_productId: { userId, productId } } as never });
  if (found) return found;
  return prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 23 }],
    },
    {
      // The same normalisation on both sides is the same key.
      code: `${prismaHeader}export async function register(email: string) {
  if (await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } })) throw new Error('taken');
  return prisma.user.create({ data: { email: email.trim().toLowerCase() } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 4,
          column: 13,
          data: created('findUnique', '`user` ({ email: email.trim().toLowerCase() })'),
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              data: { violation: "`code === 'P2002'`" },
              output: `${prismaHeader}export async function register(email: string) {
  try {
    return await prisma.user.create({ data: { email: email.trim().toLowerCase() } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A constant filter in a quota count (`status: 'open'`, `name: null`) does not make the create another resource.
      code: `${prismaHeader}export async function order(userId: string, productId: string) {
  const open = await prisma.order.count({ where: { userId, status: 'open', id: undefined } });
  if (open >= 5) throw new Error('too many open orders');
  return prisma.order.create({ data: { userId, productId, quantity: 1 } });
}`,
      errors: [{ messageId: 'databaseQuotaCheck', line: 4, column: 22 }],
    },
    {
      // A balance check on a row read by another key, then a debit of `where: { id: account.id }`: the same row.
      code: `${prismaHeader}export async function withdraw(ownerId: string, amount: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { ownerId } });
  if (account.balance < amount) throw new Error('insufficient funds');
  await prisma.account.update({ where: { id: account.id }, data: { balance: { decrement: amount } } });
}`,
      errors: [
        {
          messageId: 'databaseCheckThenWrite',
          line: 4,
          column: 25,
          data: { check: 'findUniqueOrThrow', act: 'update', resource: '`account` ({ ownerId })', field: 'balance', note: '', alternative: PRISMA_CONDITIONAL },
        },
      ],
    },
    {
      // Get-or-create on one variable: the check-then-create half (the read-modify-write half is race/no-read-modify-write's).
      code: `import { Model } from 'sequelize';
class Counter extends Model { declare key: string; declare n: number }
export async function bump(key: string) {
  let row = await Counter.findOne({ where: { key } });
  if (!row) row = await Counter.create({ key, n: 0 });
  row.n += 1;
  await row.save();
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 4,
          column: 19,
          data: { check: 'findOne', act: 'create', resource: '`Counter` ({ key })', field: '', note: '', alternative: SEQUELIZE_CREATE },
        },
      ],
    },
    {
      // The same quota in a transaction at the default level, on the client the file cannot place: reported,
      // and the message says that the transaction does not prevent it.
      code: `${appHeader}export async function addOrder(userId: string, productId: string) {
  return db.$transaction(async (tx) => {
    const open = await tx.order.count({ where: { userId } });
    if (open >= 5) throw new Error('too many orders');
    return tx.order.create({ data: { userId, productId, quantity: 1 } });
  });
}`,
      filename: appRoute,
      errors: [{ messageId: 'databaseQuotaCheck', line: 4, column: 24, data: { check: 'count', act: 'create', resource: '`order` ({ userId })', field: '', note: TRANSACTION_NOTE, alternative: PRISMA_CREATE } }],
    },
    {
      // A \`$transaction\` of another object whose callback's parameter receives no Prisma call: no transaction,
      // whatever isolation level its options name.
      code: `${appHeader}const queue = { async $transaction<T>(run: (job: string) => Promise<T>, _options?: object) { return run('job'); } };
export async function addOrder(userId: string, productId: string) {
  return queue.$transaction(async (job) => {
    const open = await db.order.count({ where: { userId } });
    if (open >= 5) throw new Error(\`too many orders for \${job}\`);
    return db.order.create({ data: { userId, productId, quantity: 1 } });
  }, { isolationLevel: 'Serializable' });
}`,
      filename: appRoute,
      errors: [{ messageId: 'databaseQuotaCheck', line: 5, column: 24, data: { check: 'count', act: 'create', resource: '`order` ({ userId })', field: '', note: '', alternative: PRISMA_CREATE } }],
    },
    {
      // The status check, then fixed values written, then another effect: a second caller repeats the receipt.
      code: `${prismaHeader}export async function pay(id: string, sendReceipt: (id: string) => Promise<void>) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id } });
  if (order.status !== 'open') throw new Error('not open');
  await prisma.order.update({ where: { id }, data: { status: 'paid' } });
  await sendReceipt(order.id);
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 4, column: 23, data: { check: 'findUniqueOrThrow', act: 'update', resource: '`order` ({ id })', field: 'status', note: '', alternative: PRISMA_CONDITIONAL } }],
    },
    {
      // An effect between the check and the fixed write (the card is charged twice).
      code: `${prismaHeader}export async function pay(id: string, charge: (id: string) => Promise<void>) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id } });
  if (order.status !== 'open') throw new Error('not open');
  await charge(order.id);
  await prisma.order.update({ where: { id }, data: { status: 'paid' } });
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 4, column: 23, data: { check: 'findUniqueOrThrow', act: 'update', resource: '`order` ({ id })', field: 'status', note: '', alternative: PRISMA_CONDITIONAL } }],
    },
    {
      // A value from the request, not a fixed one: a concurrent change of the plan is overwritten.
      code: `${prismaHeader}export async function changePlan(id: string, plan: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  if (user.plan === 'enterprise') throw new Error('contact sales');
  await prisma.user.update({ where: { id }, data: { plan } });
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 4, column: 22, data: { check: 'findUniqueOrThrow', act: 'update', resource: '`user` ({ id })', field: 'plan', note: '', alternative: PRISMA_CONDITIONAL } }],
    },
    {
      // A row found *not* expired, then consumed: the expiry check is the race (a code used twice), as the
      // expiry changes after creation (`extend`; immutable-fields.cases.ts has it never written).
      code: `${prismaHeader}export async function redeem(code: string) {
  const coupon = await prisma.coupon.findUniqueOrThrow({ where: { code } });
  if (coupon.expiresAt < new Date()) throw new Error('expired');
  await prisma.coupon.update({ where: { code }, data: { uses: { increment: 1 } } });
}
export async function extend(code: string, until: Date) {
  await prisma.coupon.update({ where: { code }, data: { expiresAt: until } });
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 4, column: 24, data: { check: 'findUniqueOrThrow', act: 'update', resource: '`coupon` ({ code })', field: 'expiresAt', note: '', alternative: PRISMA_CONDITIONAL } }],
    },
    {
      // The same unique key refused with an error of the check's own: the race turns it into an unhandled
      // unique violation, so it stays reported.
      code: `${appHeader}export async function register(email: string) {
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) throw new Error('email taken');
  return db.user.create({ data: { email } });
}`,
      filename: appRoute,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          line: 3,
          column: 26,
          data: created('findUnique', '`user` ({ email })'),
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              data: { violation: "`code === 'P2002'`" },
              output: `${appHeader}export async function register(email: string) {
  try {
    return await db.user.create({ data: { email } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('email taken');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Get-or-create of a key the schema does not declare unique (`Account.ownerId`): a duplicate is written.
      code: `${appHeader}export async function accountFor(ownerId: string) {
  let account = await db.account.findFirst({ where: { ownerId } });
  if (!account) account = await db.account.create({ data: { ownerId } });
  return account;
}`,
      filename: appRoute,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 3, column: 23, data: created('findFirst', '`account` ({ ownerId })') }],
    },
    {
      // \`name String @unique\` appears only in a comment of the schema: not a unique key.
      code: `${splitHeader}export async function userNamed(name: string, email: string) {
  let user = await db.user.findFirst({ where: { name } });
  if (!user) user = await db.user.create({ data: { name, email } });
  return user;
}`,
      filename: splitRoute,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 3, column: 20, data: created('findFirst', '`user` ({ name })') }],
    },
    {
      // \`ownerId\` is unique in the postgres schema only: the key every provider's schema declares counts.
      code: `${providerHeader}export async function accountOf(ownerId: string) {
  let account = await db.account.findFirst({ where: { ownerId } });
  if (!account) account = await db.account.create({ data: { ownerId } });
  return account;
}`,
      filename: providerRoute,
      errors: [{ messageId: 'databaseCheckThenCreate', line: 3, column: 23, data: created('findFirst', '`account` ({ ownerId })') }],
    },
    {
      // Another read decides the delete too: two owners leaving at once each see two owners and both go.
      code: `${prismaHeader}export async function leave(id: string, accountOwner: string) {
  const owners = await prisma.user.count({ where: { plan: 'owner' } });
  const member = await prisma.user.findUniqueOrThrow({ where: { id } });
  if (member.plan === 'owner' && owners === 1) throw new Error(\`\${accountOwner} is the last owner\`);
  await prisma.user.delete({ where: { id } });
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 5, column: 24, data: { check: 'findUniqueOrThrow', act: 'delete', resource: '`user` ({ id })', field: 'plan', note: '', alternative: PRISMA_CONDITIONAL } }],
    },
    {
      // A \`NextResponse\` of the app's own (its \`json\` may notify anyone): an effect after the write.
      code: `import { NextResponse } from './notify.js';
${prismaHeader}export async function upgrade(id: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  if (user.plan === 'pro') return NextResponse.json({ error: 'already pro' });
  await prisma.user.update({ where: { id }, data: { plan: 'pro' } });
  return NextResponse.json({ upgraded: id });
}`,
      errors: [{ messageId: 'databaseCheckThenWrite', line: 5, column: 22, data: { check: 'findUniqueOrThrow', act: 'update', resource: '`user` ({ id })', field: 'plan', note: '', alternative: PRISMA_CONDITIONAL } }],
    },
  ],
};
