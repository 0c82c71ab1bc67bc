import path from 'node:path';
import type rule from '../../../rules/require-idempotency-key.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A route of the app in fixtures/typed/app-clients (its Prisma client in lib/prisma.ts, its schema's unique
// keys User.email and Product.sku); error predicates in fixtures/typed/app-errors.
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const handler = (body: string, imports = '') => `import express from 'express';
import { prisma } from '../lib/prisma.js';
${imports}const app = express();
app.post('/orders/:id', async (req, res) => {
  const id = String(req.params.id);
  const email = String(req.body.email);
${body}
  res.sendStatus(204);
});`;
const createOrder = `await prisma.order.create({ data: { userId: 'refunds', productId: id, quantity: -1 } });`;

/** The error of the call starting with `text` (its first occurrence in `code`). */
function reported(code: string, text: string, effect: string, handlerLabel = 'POST /orders/:id') {
  const offset = code.indexOf(text);
  const before = code.slice(0, offset).split('\n');
  return {
    messageId: 'missingKey' as const,
    data: { handler: handlerLabel, effect },
    line: before.length,
    column: before[before.length - 1]!.length + 1,
    suggestions: [],
  };
}
const orderCreated = 'creates `order` (prisma `create`)';
const invalid = (code: string, text = 'prisma.order.create(', effect = orderCreated) => ({ code, filename: route, errors: [reported(code, text, effect)] });

const importPredicates = `import { isMissingRecord, isUniqueViolation } from '../../app-errors/database-errors.js';\n`;
const createUserIn = (test: string) =>
  handler(
    `  try {
    await prisma.user.create({ data: { ...req.body } });
  } catch (error) {
    if (${test}) return void res.status(409).json({ error: 'exists' });
    throw error;
  }`,
    importPredicates,
  );
const drizzleRouter = (test: string) => `import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { protectedProcedure } from './trpc';
const tags = pgTable('tags', { name: text('name').notNull(), organizationId: text('organization_id').notNull() });
const db = drizzle(process.env.DATABASE_URL!);
export const createTag = protectedProcedure.input(schema).mutation(async ({ input, ctx }) => {
  try {
    return await db.insert(tags).values({ name: input.name, organizationId: ctx.organizationId }).returning();
  } catch (error) {
    if (error instanceof Error && error.message.includes(${test})) throw new Error('A tag with this name exists');
    throw error;
  }
});
declare const schema: unknown;`;

/** A create whose `catch` tells a unique violation apart: the application expects a repeat to hit a unique key. */
export const uniqueViolationCases: CasesFor<typeof rule> = {
  valid: [
    // A predicate of another module comparing with an enum member whose value is Prisma's `P2002`.
    { code: createUserIn('isUniqueViolation(error)'), filename: route },
    // A predicate of the file comparing with a constant.
    {
      code: createUserIn('isTaken(error)').replace(
        'const app = express();',
        `const UNIQUE_VIOLATION = 'P2002';
function isTaken(error: unknown) {
  return (error as { code?: string }).code === UNIQUE_VIOLATION;
}
const app = express();`,
      ),
      filename: route,
    },
    // Drizzle: the constraint named in the test (no schema read; the application names its unique index).
    drizzleRouter("'unique_org_tag_name'"),
  ],
  invalid: [
    // The predicate tests another error (P2025, a missing record).
    invalid(createUserIn('isMissingRecord(error)'), 'prisma.user.create(', 'creates `user` (prisma `create`)'),
    {
      // Another failure named: no unique key is expected.
      code: drizzleRouter("'connection timeout'"),
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'tRPC mutation `createTag`', effect: 'creates `tags` (drizzle `insert`)' },
          line: 8,
          column: 18,
          suggestions: [],
        },
      ],
    },
  ],
};

const claimCount = `  const { count } = await prisma.order.updateMany({ where: { id, status: 'new' }, data: { status: 'cancelled' } });`;

/** Effects after a step the second of two concurrent requests does not get past, or in its rolled-back transaction. */
export const exclusiveStepCases: CasesFor<typeof rule> = {
  valid: [
    // An early exit when the claim got nothing.
    { code: handler(`${claimCount}\n  if (count === 0) return void res.sendStatus(409);\n  ${createOrder}`), filename: route },
    { code: handler(`${claimCount}\n  if (!count) throw new Error('already cancelled');\n  ${createOrder}`), filename: route },
    // A claiming Prisma `update`: the second request matches no row and Prisma throws.
    { code: handler(`  await prisma.order.update({ where: { id, status: 'new' }, data: { status: 'cancelled' } });\n  ${createOrder}`), filename: route },
    // A create keyed by a unique from the input: the second request throws there.
    { code: handler(`  const user = await prisma.user.create({ data: { email } });\n  if (req.body.welcome) {\n    ${createOrder.replace("'refunds'", 'user.id')}\n  }`), filename: route },
    // In one transaction with such a create: the second request's transaction rolls back.
    {
      code: handler(`  await prisma.$transaction([
    prisma.order.create({ data: { userId: 'refunds', productId: id, quantity: -1 } }),
    prisma.user.create({ data: { email } }),
  ]);`),
      filename: route,
    },
    {
      code: handler(`  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { userId: 'refunds', productId: id, quantity: -1 } });
    await tx.user.create({ data: { email } });
  });`),
      filename: route,
    },
  ],
  invalid: [
    // The update does not test the state it writes: every repeat "claims" the order again.
    invalid(handler(`  const { count } = await prisma.order.updateMany({ where: { id }, data: { status: 'cancelled' } });\n  if (count === 0) return void res.sendStatus(404);\n  ${createOrder}`)),
    invalid(handler(`  await prisma.order.update({ where: { id }, data: { status: 'cancelled' } });\n  ${createOrder}`)),
    // The unique create comes after the effect, outside a transaction.
    invalid(handler(`  ${createOrder}\n  await prisma.user.create({ data: { email } });`)),
    // A get-or-create: the repeat answers the violation and goes on to the effect.
    invalid(
      handler(`  try {
    await prisma.user.create({ data: { email } });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
  }
  ${createOrder}`),
    ),
    // Two orders in one transaction: neither is keyed by a unique.
    (() => {
      const code = handler(`  await prisma.$transaction([
    prisma.order.create({ data: { userId: 'refunds', productId: id, quantity: -1 } }),
    prisma.order.create({ data: { userId: 'refunds', productId: id, quantity: 1 } }),
  ]);`);
      const second = code.indexOf('prisma.order.create(', code.indexOf('prisma.order.create(') + 1);
      return { code, filename: route, errors: [reported(code, 'prisma.order.create(', orderCreated), reported(code.slice(0, second) + code.slice(second).replace('prisma.order.create(', '\u0000'), '\u0000', orderCreated)] };
    })(),
  ],
};

const stripeRoute = (body: string) => `import express from 'express';
import { stripe } from '../lib/stripe.js';
const app = express();
app.post('/dev/seed', async (req, res) => {
${body}
  res.sendStatus(204);
});`;
const createCustomer = `await stripe.customers.create({ email: 'test@example.com' });`;
/** The suggestion passing the request's `Idempotency-Key` header to the call whose params are `params`. */
const stripeKey = (code: string, params: string) => [
  { messageId: 'suggestStripeKey' as const, data: { option: 'idempotencyKey' }, output: code.replace(params, `${params}, { idempotencyKey: req.get('Idempotency-Key') }`) },
];
const customerCreated = (code: string) => ({
  code,
  filename: route,
  errors: [
    {
      ...reported(code, 'stripe.customers.create(', 'calls stripe `customers.create`', 'POST /dev/seed'),
      suggestions: stripeKey(code, "{ email: 'test@example.com' }"),
    },
  ],
});

/** Code that cannot run in production: a development convenience no production client retries. */
export const productionOnlyCases: CasesFor<typeof rule> = {
  valid: [
    { code: stripeRoute(`  if (process.env.NODE_ENV === 'production') return void res.sendStatus(404);\n  ${createCustomer}`), filename: route },
    { code: stripeRoute(`  if (process.env.NODE_ENV !== 'production') {\n    ${createCustomer}\n  }`), filename: route },
    { code: stripeRoute(`  if ('production' == process.env.NODE_ENV) {\n    throw new Error('not here');\n  }\n  ${createCustomer}`), filename: route },
  ],
  invalid: [
    // Refused in tests only, or run only in production.
    customerCreated(stripeRoute(`  if (process.env.NODE_ENV === 'test') return void res.sendStatus(404);\n  ${createCustomer}`)),
    customerCreated(stripeRoute(`  if (process.env.NODE_ENV === 'production') {\n    ${createCustomer}\n  }`)),
  ],
};

const scheduleRoute = (params: string) => `import express from 'express';
import { stripe } from '../lib/stripe.js';
const app = express();
app.post('/subscriptions/:id/downgrade', async (req, res) => {
  res.json(await stripe.subscriptionSchedules.create({ ${params} }));
});`;

/** Creates the provider makes once per parent named in their params (a subscription has one schedule). */
export const oncePerParentCases: CasesFor<typeof rule> = {
  valid: [{ code: scheduleRoute('from_subscription: String(req.params.id)'), filename: route }],
  invalid: [
    {
      // A schedule made from a customer: each repeat makes another.
      code: scheduleRoute('customer: String(req.params.id), phases: []'),
      filename: route,
      errors: [
        {
          ...reported(scheduleRoute('customer: String(req.params.id), phases: []'), 'stripe.subscriptionSchedules.create(', 'calls stripe `subscriptionSchedules.create`', 'POST /subscriptions/:id/downgrade'),
          suggestions: stripeKey(scheduleRoute('customer: String(req.params.id), phases: []'), '{ customer: String(req.params.id), phases: [] }'),
        },
      ],
    },
  ],
};

const repositoryRoute = (body: string) => `import express from 'express';
const app = express();
declare class TagStore {
  removeAll(filter: { articleId: string }): Promise<void>;
  insertMany(rows: { articleId: string; name: string }[]): Promise<void>;
}
declare class OrderStore {
  updateMany(filter: { id: string; status?: string }, data: { status: string }): Promise<{ count: number }>;
  createRefund(data: { orderId: string }): Promise<void>;
}
declare const tags: TagStore;
declare const orders: OrderStore;
app.post('/articles/:id', async (req, res) => {
  const articleId = String(req.params.id);
${body}
  res.sendStatus(204);
});`;
const repositories: [{ repositories: string[] }] = [{ repositories: ['TagStore', 'OrderStore'] }];
const unclaimedRefund = repositoryRoute(`  const { count } = await orders.updateMany({ id: articleId }, { status: 'refunded' });
  if (count > 0) await orders.createRefund({ orderId: articleId });`);

/** The `repositories` option reaches the sets replaced and the claims: the application's stores read as the database. */
export const repositoryOptionCases: CasesFor<typeof rule> = {
  typedValid: [
    {
      code: repositoryRoute(`  await tags.removeAll({ articleId });
  await tags.insertMany((req.body.names as string[]).map((name) => ({ articleId, name })));`),
      options: repositories,
    },
    {
      code: repositoryRoute(`  const { count } = await orders.updateMany({ id: articleId, status: 'paid' }, { status: 'refunded' });
  if (count > 0) await orders.createRefund({ orderId: articleId });`),
      options: repositories,
    },
  ],
  typedInvalid: [
    {
      // The claim does not test the state it writes.
      code: unclaimedRefund,
      options: repositories,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /articles/:id', effect: 'creates `OrderStore` (repository `createRefund`)' },
          line: 16,
          column: 24,
          suggestions: [],
        },
      ],
    },
  ],
  // Without types, the stores are not recognised: nothing is a database effect.
  untypedValid: [{ code: unclaimedRefund, options: repositories }],
};

const importRoute = (body: string) => `import express from 'express';
import { prisma } from '../lib/prisma.js';
const app = express();
declare const supplier: { fetchProducts(ids: string[]): Promise<{ data: { sku: string; price: number }[] }> };
declare function newSku(): string;
app.post('/products/import', async (req, res) => {
  const ids = req.body.ids as string[];
${body}
  res.sendStatus(204);
});`;

/** Rows keyed (Product.sku) by what an earlier call returned, and rows made by `map`. */
export const recordedResultCases: CasesFor<typeof rule> = {
  valid: [
    // Each row records a product the supplier returned: it repeats only when that call does.
    {
      code: importRoute(`  const response = await supplier.fetchProducts(ids);
  await prisma.product.createMany({ data: ids.map((id, index) => ({ sku: response.data[index]!.sku, price: 1 })) });`),
      filename: route,
    },
    // Rows made by \`map\` from the input: the unique key is stable.
    { code: importRoute(`  await prisma.product.createMany({ data: ids.map((id) => ({ sku: \`sku-\${id}\`, price: 1 })) });`), filename: route },
  ],
  invalid: [
    // The result itself is the key (not a part of an object the call returned): a new id made on each call.
    (() => {
      const code = importRoute(`  const sku = await supplier.fetchProducts(ids).then(() => newSku());
  await prisma.product.create({ data: { sku, price: 1 } });`);
      return { code, filename: route, errors: [reported(code, 'prisma.product.create(', 'creates `product` (prisma `create`)', 'POST /products/import')] };
    })(),
    // A key made fresh for each row.
    (() => {
      const code = importRoute(`  await prisma.product.createMany({ data: ids.map(() => ({ sku: newSku(), price: 1 })) });`);
      return { code, filename: route, errors: [reported(code, 'prisma.product.createMany(', 'creates `product` (prisma `createMany`)', 'POST /products/import')] };
    })(),
  ],
};
