import path from 'node:path';
import type rule from '../../../rules/require-idempotency-key.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// Linted as a file of the small app in fixtures/typed/app-clients, whose Stripe client is made in its own
// module (lib/stripe.ts: `export const stripe = new Stripe(key)`, and `class ShopStripeClient extends Stripe`).
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const imported = `import { stripe } from '../lib/stripe.js';
`;
const unkeyed = (effect: string, line: number, column: number) => ({
  messageId: 'unkeyedPayment' as const,
  data: { effect, option: 'idempotencyKey' },
  line,
  column,
  suggestions: [],
});

/** Payouts, refunds and transfers without a key, wherever they run (a cron route, a service, a job). */
export const unkeyedPaymentCases: CasesFor<typeof rule> = {
  valid: [
    // A key derived from what the payout is for: a second run of the cron replays the same payout.
    {
      code: `${imported}export async function GET() {
  const day = new Date().toISOString().slice(0, 10);
  await stripe.payouts.create({ amount: 100, currency: 'usd' }, { idempotencyKey: \`withdrawal:\${day}\` });
  return Response.json({});
}`,
      filename: route,
    },
    // A script run by hand: called once from the top level, nothing retries it.
    {
      code: `${imported}async function main() {
  await stripe.transfers.create({ amount: 1000, currency: 'usd', destination: 'acct_1' });
}
main().catch(console.error);`,
      filename: route,
    },
    // Stripe refuses to pay an invoice twice; an intent not confirmed moves no money.
    {
      code: `${imported}export async function retry(invoiceId: string) {
  await stripe.invoices.pay(invoiceId);
  return stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
}`,
      filename: route,
    },
    // One item per price in a subscription: Stripe refuses the second.
    {
      code: `${imported}export async function addAddon(subscription: string, price: string) {
  return stripe.subscriptionItems.create({ subscription, price, quantity: 1 });
}`,
      filename: route,
    },
    // A route behind idempotency middleware: the handler's effects are judged there, not again here.
    {
      code: `${imported}import express from 'express';
declare function idempotency(): express.RequestHandler;
const app = express();
app.post('/refunds', idempotency(), async (req, res) => {
  res.json(await stripe.refunds.create({ payment_intent: String(req.body.paymentIntent) }));
});`,
      filename: route,
    },
    // A client of the application's own API with Stripe's resource names is no Stripe client.
    {
      code: `const payments = { payouts: { async create(input: { amount: number }) { return input; } } };
export async function withdraw() {
  return payments.payouts.create({ amount: 100 });
}`,
      filename: route,
    },
  ],
  invalid: [
    {
      // A cron route (GET) withdrawing the balance: a duplicate delivery withdraws it twice.
      code: `${imported}export async function GET() {
  const balance = await stripe.balance.retrieve();
  const amount = balance.available[0]?.amount ?? 0;
  if (amount <= 0) return Response.json({ skipped: true });
  const payout = await stripe.payouts.create({ amount, currency: 'usd' });
  return Response.json(payout);
}`,
      filename: route,
      errors: [unkeyed('stripe `payouts.create`', 6, 24)],
    },
    {
      // A service whose client comes from a method declared to return the application's Stripe class.
      code: `import { ShopStripeClient } from '../lib/stripe.js';
export class RefundService {
  constructor(private readonly apiKey: string) {}
  async getClient(): Promise<ShopStripeClient> {
    return new ShopStripeClient(this.apiKey, 'whsec');
  }
  async refund(paymentIntent: string, amount: number) {
    const client = await this.getClient();
    return client.refunds.create({ payment_intent: paymentIntent, amount });
  }
}`,
      filename: route,
      errors: [unkeyed('stripe `refunds.create`', 9, 12)],
    },
    {
      // Confirmed at once: the intent charges the card.
      code: `${imported}export async function chargeInvoice(customer: string, amount: number) {
  return stripe.paymentIntents.create({ amount, currency: 'usd', customer, confirm: true, off_session: true });
}`,
      filename: route,
      errors: [unkeyed('stripe `paymentIntents.create`', 3, 10)],
    },
  ],
};

/** Lazy creates whose client is imported, whose field is copied first, whose client comes with other values. */
export const lazyCreateShapeCases: CasesFor<typeof rule> = {
  valid: [
    // The local copy is reassigned before the test: it no longer holds the field.
    {
      code: `${imported}export async function customerOf(workspace: { id: string; stripeId: string | null }, fallback: string | null) {
  let stripeId = workspace.stripeId;
  stripeId = fallback;
  if (!stripeId) {
    const customer = await stripe.customers.create({ metadata: { workspaceId: workspace.id } });
    stripeId = customer.id;
    await saveCustomer(workspace.id, stripeId);
  }
  return stripeId;
}
declare function saveCustomer(workspaceId: string, stripeId: string): Promise<void>;`,
      filename: route,
    },
  ],
  invalid: [
    {
      // The field copied into a variable, tested, and the new id written back through the variable.
      code: `${imported}export async function customerOf(workspace: { id: string; stripeId: string | null }) {
  let stripeId = workspace.stripeId;
  if (!stripeId) {
    const customer = await stripe.customers.create({ metadata: { workspaceId: workspace.id } });
    stripeId = customer.id;
    await saveCustomer({ id: workspace.id, stripeId });
  }
  return stripeId;
}
declare function saveCustomer(input: { id: string; stripeId: string }): Promise<void>;`,
      filename: route,
      errors: [
        {
          messageId: 'lazyCreate',
          data: { effect: 'stripe `customers.create`', field: 'workspace.stripeId', owner: 'workspace.id' },
          line: 5,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestOwnerKey',
              data: { key: '`customers.create:${workspace.id}`', option: 'idempotencyKey' },
              output: `${imported}export async function customerOf(workspace: { id: string; stripeId: string | null }) {
  let stripeId = workspace.stripeId;
  if (!stripeId) {
    const customer = await stripe.customers.create({ metadata: { workspaceId: workspace.id } }, { idempotencyKey: \`customers.create:\${workspace.id}\` });
    stripeId = customer.id;
    await saveCustomer({ id: workspace.id, stripeId });
  }
  return stripeId;
}
declare function saveCustomer(input: { id: string; stripeId: string }): Promise<void>;`,
            },
          ],
        },
      ],
    },
    {
      // The client and the owner loaded together; the id stored on the owner after an early return when set.
      code: `import { ShopStripeClient } from '../lib/stripe.js';
interface Customer { email: string; fields: { stripeCustomerId?: string } }
export class PaymentService {
  async getClient(): Promise<ShopStripeClient> {
    return new ShopStripeClient('sk', 'whsec');
  }
  async customerIdOf(load: () => Promise<Customer>, save: (customer: Customer) => Promise<void>) {
    const [client, customer] = await Promise.all([this.getClient(), load()]);
    if (customer.fields.stripeCustomerId) return customer.fields.stripeCustomerId;
    let stripeCustomerId;
    const created = await client.customers.create({ email: customer.email });
    stripeCustomerId = created.id;
    customer.fields.stripeCustomerId = stripeCustomerId;
    await save(customer);
    return stripeCustomerId;
  }
}`,
      filename: route,
      errors: [
        {
          messageId: 'lazyCreate',
          data: { effect: 'stripe `customers.create`', field: 'customer.fields.stripeCustomerId', owner: 'customer.fields' },
          line: 11,
          column: 27,
          suggestions: [],
        },
      ],
    },
  ],
};

const express = `import express from 'express';
const app = express();
`;

/**
 * Effects in helpers the handler imports from the app's other modules (services/orders.ts, and a barrel
 * services/index.ts re-exporting it): with types through the checker, without types by reading the module.
 */
export const importedHelperCases: CasesFor<typeof rule> = {
  valid: [
    // The helper only reads.
    {
      code: `${express}import { findOrders } from '../services/orders.js';
app.post('/orders/search', async (req, res) => {
  res.json(await findOrders(String(req.body.userId)));
});`,
      filename: route,
    },
    // The handler reads the key and records it before calling the helper.
    {
      code: `${express}import { placeOrder } from '../services/orders.js';
import { prisma } from '../lib/prisma.js';
app.post('/orders', async (req, res) => {
  const key = req.get('Idempotency-Key');
  await prisma.order.create({ data: { id: key, userId: 'u', productId: 'p', quantity: 0 } });
  res.json(await placeOrder(String(req.body.userId), String(req.body.productId), 1));
});`,
      filename: route,
    },
  ],
  invalid: [
    {
      code: `${express}import { placeOrder } from '../services/orders.js';
app.post('/orders', async (req, res) => {
  res.json(await placeOrder(String(req.body.userId), String(req.body.productId), 1));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'calls `placeOrder`, which creates `order` (prisma `create`)' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // Through a barrel that re-exports it under another name; named as declared, as the checker names it.
      code: `${express}import { quickOrder } from '../services/index.js';
app.post('/orders/quick', async (req, res) => {
  res.json(await quickOrder(String(req.body.userId), String(req.body.productId)));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders/quick', effect: 'calls `recordOrder`, which creates `order` (prisma `create`)' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // The helper's first effect in source order is named (the order, not the coupon made after it).
      code: `${express}import { placeOrderWithCoupon } from '../services/orders.js';
app.post('/orders/with-coupon', async (req, res) => {
  res.json(await placeOrderWithCoupon(String(req.body.userId), String(req.body.productId), 'WELCOME'));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders/with-coupon', effect: 'calls `placeOrderWithCoupon`, which creates `order` (prisma `create`)' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      code: `${express}import { chargeOrder } from '../services/orders.js';
app.post('/checkout', async (req, res) => {
  res.json(await chargeOrder(Number(req.body.amount)));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /checkout', effect: 'calls `chargeOrder`, which calls stripe `paymentIntents.create`' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
  ],
};

/** Creates keyed by a unique field of the app's schema (app-clients/prisma/schema.prisma: User.email, Product.sku). */
export const uniqueKeyCases: CasesFor<typeof rule> = {
  valid: [
    // A sign-up keyed by its e-mail: the repeat fails on the unique constraint.
    {
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/signup', async (req, res) => {
  const email = String(req.body.email).trim().toLowerCase();
  res.json(await prisma.user.create({ data: { email, name: String(req.body.name) } }));
});`,
      filename: route,
    },
    // Rows inserted with skipDuplicates on a model with a natural unique key (Product.sku): a repeat inserts none.
    {
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/products/import', async (req, res) => {
  const rows = (req.body.rows as { sku: string; price: number }[]).map((row) => ({ sku: row.sku, price: row.price }));
  res.json(await prisma.product.createMany({ data: rows, skipDuplicates: true }));
});`,
      filename: route,
    },
    // The data built first in a constant.
    {
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/users', async (req, res) => {
  const data = { email: String(req.body.email), name: null, plan: 'team' };
  res.json(await prisma.user.create({ data }));
});`,
      filename: route,
    },
    // A product keyed by a SKU derived from the input with a package function.
    {
      code: `${express}import slugify from 'slugify';
import { prisma } from '../lib/prisma.js';
app.post('/products', async (req, res) => {
  const sku = \`\${slugify(String(req.body.name))}-\${String(req.body.size)}\`;
  res.json(await prisma.product.create({ data: { sku, price: Number(req.body.price) } }));
});`,
      filename: route,
    },
    // A SKU derived from a row read first: the same on a retry, so the copy's repeat fails on the constraint.
    {
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/products/:id/copy', async (req, res) => {
  const source = await prisma.product.findUnique({ where: { id: String(req.params.id) } });
  if (!source) return void res.sendStatus(404);
  res.json(await prisma.product.create({ data: { sku: \`\${source.sku}-copy\`, price: source.price } }));
});`,
      filename: route,
    },
    // The schema of a monorepo's database package (fixtures/typed/packages/database/schema/teams.prisma):
    // a team is unique by its name in its organization.
    {
      code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
const prisma = new PrismaClient();
app.post('/teams', async (req, res) => {
  res.json(await prisma.team.create({ data: { name: String(req.body.name), organizationId: String(req.body.organizationId) } }));
});`,
      filename: path.join(typedFixtures, 'file.ts'),
    },
    // A composite id joins the fields it is made of: a second membership of one user in one team fails.
    {
      code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
const prisma = new PrismaClient();
app.post('/teams/:teamId/members', async (req, res) => {
  res.json(await prisma.teamMember.create({ data: { userId: String(req.body.userId), teamId: String(req.params.teamId) } }));
});`,
      filename: path.join(typedFixtures, 'file.ts'),
    },
    // The unique violation caught as a clean conflict: the data comes through a spread the rule cannot read.
    {
      code: `${express}import { prisma } from '../lib/prisma.js';
declare function planOf(req: unknown): Promise<string>;
app.post('/users', async (req, res) => {
  try {
    res.json(await prisma.user.create({ data: { ...(req.body as { email: string }), plan: await planOf(req) } }));
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return void res.status(409).json({ error: 'exists' });
    throw error;
  }
});`,
      filename: route,
    },
    // Get-or-create: the violation falls back to the existing row.
    {
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/users', async (req, res) => {
  const input = req.body as { email: string; name: string };
  try {
    res.json(await prisma.user.create({ data: input }));
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    res.json(await prisma.user.findUnique({ where: { email: input.email } }));
  }
});`,
      filename: route,
    },
  ],
  invalid: [
    {
      // The unique field is fresh on every attempt: a retry gets a new SKU and a second row.
      code: `${express}import { randomUUID } from 'node:crypto';
import { prisma } from '../lib/prisma.js';
app.post('/products', async (req, res) => {
  const sku = \`sku-\${randomUUID()}\`;
  res.json(await prisma.product.create({ data: { sku, price: Number(req.body.price) } }));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /products', effect: 'creates `product` (prisma `create`)' },
          line: 7,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // Made by the app's own function, which may add a random suffix: not known to be the same on a retry.
      code: `${express}import { prisma } from '../lib/prisma.js';
declare function nextSku(name: string): Promise<string>;
app.post('/products', async (req, res) => {
  res.json(await prisma.product.create({ data: { sku: await nextSku(String(req.body.name)), price: 1 } }));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /products', effect: 'creates `product` (prisma `create`)' },
          line: 6,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // Only part of the unique key is set: the name is made fresh, so a retry creates a second team.
      code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
const prisma = new PrismaClient();
app.post('/teams', async (req, res) => {
  res.json(await prisma.team.create({ data: { name: \`team-\${Date.now()}\`, organizationId: String(req.body.organizationId) } }));
});`,
      filename: path.join(typedFixtures, 'file.ts'),
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /teams', effect: 'creates `team` (prisma `create`)' },
          line: 6,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // A single `@id` is no natural key, even without `@default`: applications generate it (`generateSecureId()`
      // from a package of their own workspace looks like any package function).
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/coupons', async (req, res) => {
  res.json(await prisma.coupon.create({ data: { code: String(req.body.code).toUpperCase(), maxUses: 10 } }));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /coupons', effect: 'creates `coupon` (prisma `create`)' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // skipDuplicates on a model whose only unique key is its generated id: nothing is ever a duplicate.
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/orders/import', async (req, res) => {
  res.json(await prisma.order.createMany({ data: req.body.orders as { userId: string; productId: string; quantity: number }[], skipDuplicates: true }));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders/import', effect: 'creates `order` (prisma `createMany`)' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // The violation caught, but an order has no unique key besides its generated id: nothing ever collides.
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/orders', async (req, res) => {
  try {
    res.json(await prisma.order.create({ data: { ...(req.body as { userId: string; productId: string }), quantity: 1 } }));
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return void res.sendStatus(409);
    throw error;
  }
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'creates `order` (prisma `create`)' },
          line: 6,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // A retry loop on the violation: each attempt takes a new SKU, so a repeated request creates a second row.
      code: `${express}import { prisma } from '../lib/prisma.js';
declare function nextSku(): Promise<string>;
app.post('/products', async (req, res) => {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return void res.json(await prisma.product.create({ data: { sku: await nextSku(), price: Number(req.body.price) } }));
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2002') throw error;
    }
  }
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /products', effect: 'creates `product` (prisma `create`)' },
          line: 8,
          column: 34,
          suggestions: [],
        },
      ],
    },
    {
      // The unique field made fresh: the caught violation is a collision of random values, not a repeat.
      code: `${express}import { randomUUID } from 'node:crypto';
import { prisma } from '../lib/prisma.js';
app.post('/products', async (req, res) => {
  try {
    res.json(await prisma.product.create({ data: { sku: randomUUID(), price: Number(req.body.price) } }));
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return void res.sendStatus(409);
    throw error;
  }
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /products', effect: 'creates `product` (prisma `create`)' },
          line: 7,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // A catch that does not test the violation: the spread's fields are unknown.
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/users', async (req, res) => {
  try {
    res.json(await prisma.user.create({ data: { ...(req.body as { email: string }), plan: 'team' } }));
  } catch (error) {
    res.status(500).json({ error: String(error) });
  }
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /users', effect: 'creates `user` (prisma `create`)' },
          line: 6,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // An order has no unique key but its id: every create is a new row.
      code: `${express}import { prisma } from '../lib/prisma.js';
app.post('/orders', async (req, res) => {
  res.json(await prisma.order.create({ data: { userId: String(req.body.userId), productId: 'p', quantity: 1 } }));
});`,
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'creates `order` (prisma `create`)' },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
  ],
};
