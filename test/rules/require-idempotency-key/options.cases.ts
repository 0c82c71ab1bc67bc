import type rule from '../../../rules/require-idempotency-key.js';
import type { CasesFor } from '../../rule-tester.js';

const setup = `import express from 'express';
import Stripe from 'stripe';
import { Pool } from 'pg';
const app = express(); const stripe = new Stripe('sk_test'); const pool = new Pool();
`;

/** Options, and the remaining access styles and registration forms. */
export const optionCases: CasesFor<typeof rule> = {
  valid: [
    // A chained route: only the GET handler has the effect.
    `${setup}app.route('/orders').get(async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); res.end(); }).post(async (req, res) => { res.end(); });`,
    // \`satisfies\` around the options: the key is there.
    `${setup}app.post('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: req.get('Idempotency-Key') } satisfies Stripe.RequestOptions); res.end(); });`,
    // A header of the application's own name.
    {
      code: `${setup}declare const store: { claim(key: unknown): Promise<boolean> };
app.post('/orders', async (req, res) => {
  if (!(await store.claim(req.headers['x-request-token']))) return void res.status(409).end();
  await pool.query('INSERT INTO orders (total) VALUES ($1)', [req.body.total]);
  res.end();
});`,
      options: [{ headers: ['x-request-token'] }],
    },
    // A middleware of the application's own name, configured.
    {
      code: `${setup}declare function dedupeRequests(): express.RequestHandler;
app.post('/orders', dedupeRequests(), async (req, res) => { await pool.query('INSERT INTO orders (total) VALUES (1)'); res.end(); });`,
      options: [{ middleware: { packages: [], names: ['dedupe'] } }],
    },
    // A named effect not called in a POST handler.
    {
      code: `${setup}declare const mailer: { sendMail(message: object): Promise<void> };
app.get('/welcome', async (req, res) => { await mailer.sendMail({ to: 'a@example.com' }); res.end(); });`,
      options: [{ effects: [{ methods: ['sendMail'] }] }],
    },
    // \`methods: []\` checks no handler (only keys and webhooks).
    {
      code: `${setup}app.post('/orders', async (req, res) => { await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); res.end(); });`,
      options: [{ methods: [] }],
    },
    // NestJS: all headers, then the key by name.
    `import { Controller, Headers, Post } from '@nestjs/common';
import { Pool } from 'pg';
const pool = new Pool();
@Controller('orders')
export class OrdersController {
  @Post()
  async create(@Headers() headers: Record<string, string | undefined>) {
    await pool.query('INSERT INTO orders (idempotency_key) VALUES ($1)', [headers['idempotency-key']]);
  }
}`,
  ],
  invalid: [
    {
      // PUT handlers, when configured.
      code: `${setup}app.put('/orders/:id', async (req, res) => { await pool.query('INSERT INTO order_events (kind) VALUES ($1)', ['replaced']); res.end(); });`,
      options: [{ methods: ['POST', 'PUT'] }],
      errors: [{ messageId: 'missingKey', data: { handler: 'PUT /orders/:id', effect: 'creates `order_events` (pg `query`)' }, line: 5, column: 52, suggestions: [] }],
    },
    {
      // A chained route's POST handler.
      code: `${setup}app.route('/orders').get(async (req, res) => { res.end(); }).post(async (req, res) => { await pool.query('INSERT INTO orders (total) VALUES (1)'); res.end(); });`,
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /orders', effect: 'creates `orders` (pg `query`)' }, line: 5, column: 95, suggestions: [] }],
    },
    {
      // An email named by method, inside a POST handler.
      code: `${setup}declare const mailer: { sendMail(message: object): Promise<void> };
app.post('/contact', async (req, res) => { await mailer.sendMail({ to: 'a@example.com' }); res.end(); });`,
      options: [{ effects: [{ methods: ['sendMail'] }] }],
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /contact', effect: 'calls `sendMail`' }, line: 6, column: 50, suggestions: [] }],
    },
    {
      // Next.js Pages Router: \`switch (req.method)\`.
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  switch (req.method) {
    case 'GET':
      return res.json([]);
    case 'POST':
      return res.json(await stripe.subscriptions.create({ customer: 'cus_1' }));
    default:
      return res.status(405).end();
  }
}`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST', effect: 'calls stripe `subscriptions.create`' },
          line: 9,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `import type { NextApiRequest, NextApiResponse } from 'next';
import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  switch (req.method) {
    case 'GET':
      return res.json([]);
    case 'POST':
      return res.json(await stripe.subscriptions.create({ customer: 'cus_1' }, { idempotencyKey: (req.headers['idempotency-key'] as string | undefined) }));
    default:
      return res.status(405).end();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
  // A named effect on a receiver of a declared type: needs the checker.
  typedInvalid: [
    {
      code: `${setup}import { EventEmitter } from 'node:events';
declare const bus: EventEmitter;
app.post('/orders', async (req, res) => { bus.emit('order', req.body); res.end(); });`,
      options: [{ effects: [{ methods: ['emit'], type: { from: 'package', package: 'events', name: 'EventEmitter' } }] }],
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /orders', effect: 'calls `emit`' }, line: 7, column: 43, suggestions: [] }],
    },
  ],
  untypedValid: [
    {
      code: `${setup}import { EventEmitter } from 'node:events';
declare const bus: EventEmitter;
app.post('/orders', async (req, res) => { bus.emit('order', req.body); res.end(); });`,
      options: [{ effects: [{ methods: ['emit'], type: { from: 'package', package: 'events', name: 'EventEmitter' } }] }],
    },
  ],
};
