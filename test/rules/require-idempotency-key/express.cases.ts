import type rule from '../../../rules/require-idempotency-key.js';
import type { CasesFor } from '../../rule-tester.js';
import path from 'node:path';
import { typedFixtures } from '../../rule-tester.js';

/** Four lines of setup: an Express app, a Stripe client, a pg pool and a Prisma client. */
const setup = `import express from 'express';
import Stripe from 'stripe';
import { Pool } from 'pg';
const app = express(); const router = express.Router(); const stripe = new Stripe('sk_test'); const pool = new Pool();
`;

const js = path.join(typedFixtures, 'file.js');

export const expressCases: CasesFor<typeof rule> = {
  valid: [
    // GET is not retried into a second charge by design: only POST is checked by default.
    `${setup}app.get('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); res.end(); });`,
    // PUT is idempotent by HTTP's definition.
    `${setup}app.put('/orders/1', async (req, res) => { await pool.query('INSERT INTO orders (id) VALUES (1)'); res.end(); });`,
    // The key passed to Stripe.
    `${setup}app.post('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: req.get('Idempotency-Key') }); res.end(); });`,
    // Options the rule cannot read are assumed to carry the key.
    `${setup}app.post('/orders', async (req, res) => { const options = { idempotencyKey: String(req.body.key) }; await stripe.refunds.create({ charge: 'ch_1' }, options); res.end(); });`,
    // Reads only.
    `${setup}app.post('/search', async (req, res) => { const intent = await stripe.paymentIntents.retrieve('pi_1'); const rows = await pool.query('SELECT * FROM orders'); res.json({ intent, rows }); });`,
    // Short-lived sessions: a second checkout session is never paid twice.
    `${setup}app.post('/checkout', async (req, res) => { const session = await stripe.checkout.sessions.create({ mode: 'payment' }); res.json(session); });`,
    // An idempotency middleware on the route, imported from a known package.
    `import { idempotency } from 'express-idempotency';\n${setup}app.post('/orders', idempotency(), async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); res.end(); });`,
    // An application's own middleware, named as such, installed on the router.
    `${setup}declare function requireIdempotency(): express.RequestHandler;\nrouter.use(requireIdempotency());\nrouter.post('/orders', async (req, res) => { await pool.query('INSERT INTO orders (id) VALUES ($1)', [1]); res.end(); });`,
    // The key is looked up before the effect.
    `${setup}declare const cache: { get(key: string): Promise<string | null> };
app.post('/orders', async (req, res) => {
  const key = req.get('Idempotency-Key');
  if (key && (await cache.get(\`idem:\${key}\`))) return void res.status(200).end();
  await stripe.charges.create({ amount: 1, currency: 'usd' });
  res.end();
});`,
    // The key (as `req.headers[...]`) stored in the inserted row, whose unique constraint rejects a retry.
    `${setup}app.post('/orders', async (req, res) => {
  await pool.query('INSERT INTO orders (idempotency_key) VALUES ($1)', [req.headers['idempotency-key']]);
  res.end();
});`,
    // The request handed to a helper in this file that reads the key and records it first.
    `${setup}declare const keys: { claim(key: string | undefined): Promise<boolean> };
async function createOrder(request: express.Request) {
  if (!(await keys.claim(request.get('Idempotency-Key')))) return;
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [request.body.total]);
}
app.post('/orders', async (req, res) => { await createOrder(req); res.end(); });`,
    // An insert that resolves its own conflict.
    `${setup}app.post('/subscribe', async (req, res) => { await pool.query('INSERT INTO subscribers (email) VALUES ($1) ON CONFLICT (email) DO NOTHING', [req.body.email]); res.end(); });`,
    // \`app.all\` whose POST branch has no effect.
    `${setup}app.all('/orders', async (req, res) => { if (req.method === 'GET') { await pool.query('INSERT INTO visits (at) VALUES (now())'); } res.end(); });`,
    // Not an Express router: an object with a \`post\` method.
    `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
const queue = { post(path: string, fn: () => Promise<void>) { void path; void fn; } };
queue.post('/orders', async () => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); });`,
    // Not a Stripe client: a local object with the same shape.
    `import express from 'express';
const app = express();
const payments = { paymentIntents: { create: async (params: object) => params } };
app.post('/orders', async (req, res) => { await payments.paymentIntents.create({ amount: 1 }); res.end(); });`,
    // Plain JavaScript with the key.
    {
      code: `import express from 'express';
import Stripe from 'stripe';
const app = express();
const stripe = new Stripe('sk_test');
app.post('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1 }, { idempotencyKey: req.header('idempotency-key') }); res.end(); });`,
      filename: js,
    },
  ],
  invalid: [
    {
      code: `${setup}app.post('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); res.end(); });`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'calls stripe `paymentIntents.create`' },
          line: 5,
          column: 49,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `${setup}app.post('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: req.get('Idempotency-Key') }); res.end(); });`,
            },
          ],
        },
      ],
    },
    {
      // A route chain, a refund with options that lack the key, comments kept.
      code: `${setup}router.route('/refunds').post(async (request, response) => {
  const refund = await stripe.refunds.create({ charge: 'ch_1' }, /* account */ { stripeAccount: 'acct_1' });
  response.json(refund);
});`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /refunds', effect: 'calls stripe `refunds.create`' },
          line: 6,
          column: 24,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `${setup}router.route('/refunds').post(async (request, response) => {
  const refund = await stripe.refunds.create({ charge: 'ch_1' }, /* account */ { idempotencyKey: request.get('Idempotency-Key'), stripeAccount: 'acct_1' });
  response.json(refund);
});`,
            },
          ],
        },
      ],
    },
    {
      // Parentheses, \`as\`, \`!\` and optional chaining around the receiver; the value unused.
      code: `${setup}app.post('/capture', async (req, res) => {
  await (stripe.paymentIntents as Stripe.PaymentIntentResource)!.capture('pi_1');
  await stripe?.paymentIntents.confirm('pi_1');
  res.end();
});`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /capture', effect: 'calls stripe `paymentIntents.capture`' },
          line: 6,
          column: 9,
          suggestions: [],
        },
        {
          messageId: 'missingKey',
          data: { handler: 'POST /capture', effect: 'calls stripe `paymentIntents.confirm`' },
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // An INSERT without the key; the header is only validated, never used to look anything up.
      code: `${setup}app.post('/orders', async (req, res) => {
  const key = req.get('Idempotency-Key');
  if (!key) return void res.status(400).end();
  console.log('order', key);
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [req.body.total]);
  res.status(201).end();
});`,
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /orders', effect: 'creates `orders` (pg `query`)' }, line: 9, column: 9, suggestions: [] }],
    },
    {
      // \`app.all\` serving POST in a branch; the effect is reached through a helper in this file.
      code: `${setup}async function chargeCustomer(amount: number) {
  return stripe.charges.create({ amount, currency: 'usd' });
}
app.all('/pay', async (req, res) => {
  if (req.method === 'POST') {
    await chargeCustomer(100);
  }
  res.end();
});`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /pay', effect: 'calls `chargeCustomer`, which calls stripe `charges.create`' },
          line: 10,
          column: 11,
          suggestions: [],
        },
      ],
    },
    {
      // The request handed to a helper in this file that never reads the key.
      code: `${setup}async function createOrder(request: express.Request) {
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [request.body.total]);
}
app.post('/orders', async (req, res) => { await createOrder(req); res.end(); });`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'calls `createOrder`, which creates `orders` (pg `query`)' },
          line: 8,
          column: 49,
          suggestions: [],
        },
      ],
    },
    {
      // Two payment calls share the header read: each gets its own key derived from it.
      code: `${setup}app.post('/orders', async (req, res) => {
  const key = req.get('Idempotency-Key');
  const customer = await stripe.customers.create({ email: 'a@example.com' });
  await stripe.paymentIntents.create({ amount: 1, currency: 'usd', customer: customer.id }, { idempotencyKey: key });
  res.end();
});`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'calls stripe `customers.create`' },
          line: 7,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `${setup}app.post('/orders', async (req, res) => {
  const key = req.get('Idempotency-Key');
  const customer = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key && \`\${key}:customers.create\` });
  await stripe.paymentIntents.create({ amount: 1, currency: 'usd', customer: customer.id }, { idempotencyKey: key });
  res.end();
});`,
            },
          ],
        },
      ],
    },
    {
      // A key that is new on every attempt.
      code: `${setup}import { randomUUID } from 'node:crypto';
app.post('/orders', async (req, res) => {
  const orderKey = \`order-\${req.body.id}-\${Date.now()}\`;
  await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: orderKey });
  await stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: randomUUID() });
  res.end();
});`,
      errors: [
        { messageId: 'freshKey', data: { effect: 'stripe `paymentIntents.create`', source: 'Date.now()' }, line: 8, column: 88, suggestions: [] },
        { messageId: 'freshKey', data: { effect: 'stripe `refunds.create`', source: 'randomUUID()' }, line: 9, column: 69, suggestions: [] },
      ],
    },
    {
      // With a key store configured: the guard skeleton, and its import.
      code: `${setup}app.post('/orders', async (req, res) => {
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [req.body.total]);
  res.status(201).end();
});`,
      options: [{ keyStore: { name: 'claimIdempotencyKey', module: './idempotency.js' } }],
      errors: [
        {
          messageId: 'missingKey',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestKeyGuard',
              data: { helper: 'claimIdempotencyKey' },
              output: `import express from 'express';
import Stripe from 'stripe';
import { Pool } from 'pg';
import { claimIdempotencyKey } from './idempotency.js';
const app = express(); const router = express.Router(); const stripe = new Stripe('sk_test'); const pool = new Pool();
app.post('/orders', async (req, res) => {
  const idempotencyKey = req.get('Idempotency-Key');
  if (idempotencyKey !== undefined && !(await claimIdempotencyKey(idempotencyKey))) {
    res.status(409).json({ error: 'Duplicate request' });
    return;
  }
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [req.body.total]);
  res.status(201).end();
});`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: the key store is brought in with \`require\`, after the directive.
      code: `'use strict';
const express = require('express');
const { Pool } = require('pg');
const app = express();
const pool = new Pool();
app.post('/orders', async (req, res) => {
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [req.body.total]);
  res.end();
});`,
      filename: js,
      options: [{ keyStore: { name: 'claimIdempotencyKey', module: './idempotency.js' } }],
      errors: [
        {
          messageId: 'missingKey',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestKeyGuard',
              output: `'use strict';
const { claimIdempotencyKey } = require('./idempotency.js');
const express = require('express');
const { Pool } = require('pg');
const app = express();
const pool = new Pool();
app.post('/orders', async (req, res) => {
  const idempotencyKey = req.get('Idempotency-Key');
  if (idempotencyKey !== undefined && !(await claimIdempotencyKey(idempotencyKey))) {
    res.status(409).json({ error: 'Duplicate request' });
    return;
  }
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [req.body.total]);
  res.end();
});`,
            },
          ],
        },
      ],
    },
    {
      // Plain JavaScript: \`require\`, a handler declared apart, the key from \`req.headers\` without a cast.
      code: `const express = require('express');
const Stripe = require('stripe');
const app = express();
const stripe = Stripe('sk_test');
async function createPayment(req, res) {
  res.json(await stripe.paymentIntents.create({ amount: 1 }));
}
app.post('/payments', createPayment);`,
      filename: js,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /payments', effect: 'calls stripe `paymentIntents.create`' },
          line: 6,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `const express = require('express');
const Stripe = require('stripe');
const app = express();
const stripe = Stripe('sk_test');
async function createPayment(req, res) {
  res.json(await stripe.paymentIntents.create({ amount: 1 }, { idempotencyKey: req.get('Idempotency-Key') }));
}
app.post('/payments', createPayment);`,
            },
          ],
        },
      ],
    },
  ],
};
