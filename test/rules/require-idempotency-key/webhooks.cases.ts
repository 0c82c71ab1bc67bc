import type rule from '../../../rules/require-idempotency-key.js';
import path from 'node:path';
import type { CasesFor } from '../../rule-tester.js';
import { typedFixtures } from '../../rule-tester.js';

const setup = `import express from 'express';
import Stripe from 'stripe';
import { Pool } from 'pg';
const app = express(); const stripe = new Stripe('sk_test'); const pool = new Pool();
`;

const webhook = (body: string): string => `${setup}app.post('/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.get('stripe-signature') ?? '', 'whsec_test');
${body}
  res.json({ received: true });
});`;

const fulfil = `  if (event.type === 'checkout.session.completed') {
    await pool.query('INSERT INTO orders (session) VALUES ($1)', [(event.data.object as Stripe.Checkout.Session).id]);
  }`;

export const webhookCases: CasesFor<typeof rule> = {
  valid: [
    // The event id recorded atomically first: a redelivery fails the insert or inserts nothing.
    webhook(`  const seen = await pool.query('INSERT INTO stripe_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [event.id]);
  if (seen.rowCount === 0) return void res.json({ received: true });
${fulfil}`),
    // The id recorded through a variable.
    webhook(`  const { id } = event;
  await pool.query('INSERT INTO stripe_events (id) VALUES ($1)', [id]);
${fulfil}`),
    // The fulfilment keyed by the event id itself (a unique column).
    webhook(`  await pool.query('INSERT INTO orders (stripe_event_id) VALUES ($1)', [event.id]);`),
    // A Stripe call keyed by the event id.
    webhook(`  await stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: event.id });`),
    // The event handed to a helper that records its id first.
    `${setup}async function handleEvent(received: Stripe.Event) {
  await pool.query('INSERT INTO stripe_events (id) VALUES ($1)', [received.id]);
  await pool.query('INSERT INTO orders (event_type) VALUES ($1)', [received.type]);
}
app.post('/webhook', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.get('stripe-signature') ?? '', 'whsec_test');
  await handleEvent(event);
  res.json({ received: true });
});`,
    // Only reads after the event.
    webhook(`  const rows = await pool.query('SELECT * FROM orders WHERE session = $1', [event.id]);
  void rows;`),
  ],
  invalid: [
    {
      code: webhook(fulfil),
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: { handler: 'POST /webhook', effect: 'creates `orders` (pg `query`)', event: 'event', id: 'id' },
          line: 8,
          column: 11,
          suggestions: [],
        },
      ],
    },
    {
      // The event handed to a helper that fulfils without recording it.
      code: `${setup}async function handleEvent(received: Stripe.Event) {
  await pool.query('INSERT INTO orders (event_type) VALUES ($1)', [received.type]);
}
app.post('/webhook', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.get('stripe-signature') ?? '', 'whsec_test');
  await handleEvent(event);
  res.json({ received: true });
});`,
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: { handler: 'POST /webhook', effect: 'calls `handleEvent`, which creates `orders` (pg `query`)', event: 'event', id: 'id' },
          line: 10,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // A lookup of the id is a check, not a record: two deliveries both pass it.
      code: webhook(`  const known = await pool.query('SELECT 1 FROM stripe_events WHERE id = $1', [event.id]);
  if (known.rowCount) return void res.json({ received: true });
  await stripe.refunds.create({ charge: 'ch_1' });`),
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: { handler: 'POST /webhook', effect: 'calls stripe `refunds.create`', event: 'event', id: 'id' },
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // An email (named in the options) sent before the dedupe insert.
      code: `${setup}declare const mailer: { sendMail(message: object): Promise<void> };
app.post('/webhook', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.get('stripe-signature') ?? '', 'whsec_test');
  await mailer.sendMail({ to: 'owner@example.com', subject: event.type });
  await pool.query('INSERT INTO stripe_events (id) VALUES ($1)', [event.id]);
  await mailer.sendMail({ to: 'customer@example.com', subject: 'Thank you' });
  res.json({ received: true });
});`,
      options: [{ effects: [{ methods: ['sendMail'] }] }],
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: { handler: 'POST /webhook', effect: 'calls `sendMail`', event: 'event', id: 'id' },
          line: 8,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // With a key store: the dedupe is inserted after the event is verified.
      code: webhook(fulfil),
      options: [{ keyStore: { name: 'claimIdempotencyKey', module: './idempotency.js' } }],
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestEventDedupe',
              output: `import express from 'express';
import Stripe from 'stripe';
import { Pool } from 'pg';
import { claimIdempotencyKey } from './idempotency.js';
const app = express(); const stripe = new Stripe('sk_test'); const pool = new Pool();
app.post('/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.get('stripe-signature') ?? '', 'whsec_test');
  if (!(await claimIdempotencyKey(event.id))) {
    res.json({ received: true });
    return;
  }
${fulfil}
  res.json({ received: true });
});`,
            },
          ],
        },
      ],
    },
    {
      // Next.js App Router, the event assigned in a \`try\`; the static \`Stripe.webhooks\` helper.
      code: `${setup}export async function POST(request: Request) {
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(await request.text(), request.headers.get('stripe-signature') ?? '', 'whsec_test');
  } catch {
    return new Response('bad signature', { status: 400 });
  }
  await pool.query('INSERT INTO orders (event_type) VALUES ($1)', [event.type]);
  return Response.json({ received: true });
}`,
      filename: path.join(typedFixtures, 'route.ts'),
      options: [{ keyStore: { name: 'claimIdempotencyKey', module: './idempotency.js' } }],
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: { handler: 'POST', effect: 'creates `orders` (pg `query`)', event: 'event', id: 'id' },
          line: 12,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestEventDedupe',
              output: `import express from 'express';
import Stripe from 'stripe';
import { Pool } from 'pg';
import { claimIdempotencyKey } from './idempotency.js';
const app = express(); const stripe = new Stripe('sk_test'); const pool = new Pool();
export async function POST(request: Request) {
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(await request.text(), request.headers.get('stripe-signature') ?? '', 'whsec_test');
  } catch {
    return new Response('bad signature', { status: 400 });
  }
  if (!(await claimIdempotencyKey(event.id))) {
    return Response.json({ received: true });
  }
  await pool.query('INSERT INTO orders (event_type) VALUES ($1)', [event.type]);
  return Response.json({ received: true });
}`,
            },
          ],
        },
      ],
    },
  ],
};

export const databaseCases: CasesFor<typeof rule> = {
  valid: [
    // An upsert on a natural key is idempotent.
    `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express(); const prisma = new PrismaClient();
app.post('/subscriptions', async (req, res) => {
  res.json(await prisma.subscription.upsert({ where: { email: req.body.email }, create: { email: req.body.email }, update: {} }));
});`,
    // The client's key stored on the created row.
    `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express(); const prisma = new PrismaClient();
app.post('/orders', async (req, res) => {
  res.json(await prisma.order.create({ data: { total: req.body.total, idempotencyKey: req.get('Idempotency-Key') } }));
});`,
  ],
  invalid: [
    {
      code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express(); const prisma = new PrismaClient();
app.post('/orders', async (req, res) => {
  res.json(await prisma.order.create({ data: { total: req.body.total } }));
});`,
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /orders', effect: 'creates `order` (prisma `create`)' }, line: 5, column: 18, suggestions: [] }],
    },
  ],
};
