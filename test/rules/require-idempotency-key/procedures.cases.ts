import type rule from '../../../rules/require-idempotency-key.js';
import type { CasesFor } from '../../rule-tester.js';

const stripeSetup = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
`;
const poolSetup = `import { Pool } from 'pg';
const pool = new Pool();
`;

/** tRPC: the builder comes from the application's own `trpc.ts`; the chain and the resolver's shape tell. */
export const trpcCases: CasesFor<typeof rule> = {
  valid: [
    // A query is a read.
    `${poolSetup}import { publicProcedure, router } from './trpc';
export const appRouter = router({
  list: publicProcedure.query(async () => pool.query('INSERT INTO audit (at) VALUES (now())')),
});`,
    // The client's key in the input, recorded before the insert.
    `${poolSetup}import { protectedProcedure, router } from './trpc';
export const appRouter = router({
  create: protectedProcedure.input(schema).mutation(async ({ ctx, input }) => {
    await pool.query('INSERT INTO requests (key) VALUES ($1) ON CONFLICT DO NOTHING', [input.idempotencyKey]);
    return pool.query('INSERT INTO projects (name) VALUES ($1)', [input.name]);
  }),
});
declare const schema: unknown;`,
    // An upsert is idempotent.
    `${poolSetup}import { protectedProcedure } from './trpc';
export const pin = protectedProcedure.input(schema).mutation(async ({ input }) =>
  pool.query('INSERT INTO pins (id) VALUES ($1) ON CONFLICT DO NOTHING', [input.id]));
declare const schema: unknown;`,
    // \`mutation\` of something else: no builder chain, no tRPC resolver.
    `${poolSetup}declare const graph: { mutation(fn: (name: string) => unknown): void };
graph.mutation(async (name) => pool.query('INSERT INTO projects (name) VALUES ($1)', [name]));`,
  ],
  invalid: [
    {
      code: `${poolSetup}import { protectedProcedure, router } from './trpc';
export const projectRouter = router({
  create: protectedProcedure.input(schema).mutation(async ({ ctx, input }) => {
    const result = await pool.query('INSERT INTO projects (name, owner) VALUES ($1, $2)', [input.name, ctx.user.id]);
    return result.rows[0];
  }),
});
declare const schema: unknown;`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'tRPC mutation `create`', effect: 'creates `projects` (pg `query`)' },
          line: 6,
          column: 26,
          suggestions: [],
        },
      ],
    },
    {
      // The resolver's \`{ ctx }\` is the shape, whatever the builder is called.
      code: `${stripeSetup}import { t } from './trpc';
export const refund = t.procedure.mutation(async ({ ctx }) => stripe.refunds.create({ payment_intent: ctx.paymentIntentId }));`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'tRPC mutation `refund`', effect: 'calls stripe `refunds.create`' },
          line: 4,
          column: 63,
          suggestions: [],
        },
      ],
    },
  ],
};

export const serverActionCases: CasesFor<typeof rule> = {
  valid: [
    // Not a Server Action module: an ordinary function.
    `${poolSetup}export async function createProject(name: string) {
  return pool.query('INSERT INTO projects (name) VALUES ($1)', [name]);
}`,
    // A Server Action that only reads.
    `'use server';
${poolSetup}export async function listProjects() {
  return pool.query('SELECT * FROM projects');
}`,
    // Signing in makes a new session each time, by design.
    `'use server';
${poolSetup}export async function signIn(email: string) {
  return pool.query('INSERT INTO audit_log (email) VALUES ($1)', [email]);
}`,
    // A session row is new on every call by design.
    `'use server';
${poolSetup}export async function startTrial(userId: string) {
  return pool.query('INSERT INTO sessions (user_id) VALUES ($1)', [userId]);
}`,
  ],
  invalid: [
    {
      code: `'use server';
${poolSetup}export async function createProject(name: string) {
  return pool.query('INSERT INTO projects (name) VALUES ($1)', [name]);
}`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'Server Action `createProject`', effect: 'creates `projects` (pg `query`)' },
          line: 5,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      // A builder (next-safe-action): the action is the function given to the chain's last call.
      code: `'use server';
${stripeSetup}import { actionClient } from './safe-action';
export const chargeAction = actionClient.schema(schema).action(async ({ parsedInput }) => {
  return stripe.charges.create({ amount: parsedInput.amount, currency: 'usd' });
});
declare const schema: unknown;`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'Server Action `chargeAction`', effect: 'calls stripe `charges.create`' },
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      // A function-level directive.
      code: `${poolSetup}export function Page() {
  async function addComment(text: string) {
    'use server';
    await pool.query('INSERT INTO comments (text) VALUES ($1)', [text]);
  }
  return addComment;
}`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'Server Action `addComment`', effect: 'creates `comments` (pg `query`)' },
          line: 6,
          column: 11,
          suggestions: [],
        },
      ],
    },
  ],
};

export const remixCases: CasesFor<typeof rule> = {
  valid: [
    // A loader serves GET.
    `${poolSetup}import type { LoaderFunctionArgs } from '@remix-run/node';
export async function loader({ request }: LoaderFunctionArgs) {
  return pool.query('INSERT INTO views (url) VALUES ($1)', [request.url]);
}`,
    // The action branches on the method, and the insert is in the DELETE branch.
    `${poolSetup}import type { ActionFunctionArgs } from '@remix-run/node';
export async function action({ request }: ActionFunctionArgs) {
  if (request.method === 'DELETE') {
    await pool.query('INSERT INTO trash (url) VALUES ($1)', [request.url]);
  }
  return null;
}`,
    // Not a route module: no framework import, not under app/routes.
    `${poolSetup}export async function action(name: string) {
  return pool.query('INSERT INTO projects (name) VALUES ($1)', [name]);
}`,
  ],
  invalid: [
    {
      code: `${poolSetup}import type { ActionFunctionArgs } from '@remix-run/node';
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  await pool.query('INSERT INTO comments (text) VALUES ($1)', [form.get('text')]);
  return null;
}`,
      errors: [
        { messageId: 'missingKeyProcedure', data: { handler: 'action', effect: 'creates `comments` (pg `query`)' }, line: 6, column: 9, suggestions: [] },
      ],
    },
    {
      // An action made by the application's factory; the POST branch of a method switch.
      code: `${poolSetup}import { json } from 'react-router';
export const action = createActionApiRoute({ method: 'POST' }, async ({ request }) => {
  const { method } = request;
  if (method === 'POST') {
    await pool.query('INSERT INTO projects (slug) VALUES ($1)', [Math.random().toString(36)]);
  }
  return json({});
});
declare function createActionApiRoute(options: object, fn: (args: { request: Request }) => Promise<unknown>): unknown;`,
      errors: [
        { messageId: 'missingKeyProcedure', data: { handler: 'action', effect: 'creates `projects` (pg `query`)' }, line: 7, column: 11, suggestions: [] },
      ],
    },
  ],
  // A Remix flat-routes file: the path under `app/routes/` makes it a route module and names the route (the
  // typed project holds no such file).
  untypedInvalid: [
    {
      filename: '/project/app/routes/api.v1.orgs.$orgParam.projects.ts',
      code: `${poolSetup}export async function action({ request }: { request: Request }) {
  await pool.query('INSERT INTO projects (name) VALUES ($1)', [request.url]);
  return null;
}`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'action /api/v1/orgs/$orgParam/projects', effect: 'creates `projects` (pg `query`)' },
          line: 4,
          column: 9,
          suggestions: [],
        },
      ],
    },
  ],
};

/** Next.js Pages Router, the method read through a destructured variable. */
export const pagesDestructuredCases: CasesFor<typeof rule> = {
  valid: [
    `${stripeSetup}import type { NextApiRequest, NextApiResponse } from 'next';
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { method } = req;
  if (method === 'GET') res.json(await stripe.customers.create({ email: 'a@example.com' }));
}`,
  ],
  invalid: [
    {
      code: `${stripeSetup}import type { NextApiRequest, NextApiResponse } from 'next';
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { method } = req;
  switch (method) {
    case 'GET':
      return res.json([]);
    case 'POST':
      return res.json(await stripe.subscriptions.create({ customer: 'cus_1' }));
  }
}`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST', effect: 'calls stripe `subscriptions.create`' },
          line: 10,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `${stripeSetup}import type { NextApiRequest, NextApiResponse } from 'next';
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { method } = req;
  switch (method) {
    case 'GET':
      return res.json([]);
    case 'POST':
      return res.json(await stripe.subscriptions.create({ customer: 'cus_1' }, { idempotencyKey: (req.headers['idempotency-key'] as string | undefined) }));
  }
}`,
            },
          ],
        },
      ],
    },
  ],
};

/** Endpoints whose effect is new each time by design: sign-in, sign-out, reset and verification emails. */
export const freshByDesignCases: CasesFor<typeof rule> = {
  valid: [
    `import express from 'express';
${poolSetup}const app = express();
app.post('/auth/login', async (req, res) => { await pool.query('INSERT INTO refresh_tokens (user_id) VALUES ($1)', [req.body.id]); res.end(); });
app.post('/auth/forgot-password', async (req, res) => { await pool.query('INSERT INTO audit (email) VALUES ($1)', [req.body.email]); res.end(); });
app.post('/auth/send-verification-email', async (req, res) => { await pool.query('INSERT INTO audit (email) VALUES ($1)', [req.body.email]); res.end(); });
app.post('/logout', async (req, res) => { await pool.query('INSERT INTO audit (kind) VALUES ($1)', ['logout']); res.end(); });`,
    // A session created by an endpoint not named for it is still a session.
    `import express from 'express';
${poolSetup}const app = express();
app.post('/auth', async (req, res) => { await pool.query('INSERT INTO user_sessions (user_id) VALUES ($1)', [req.body.id]); res.end(); });`,
  ],
  invalid: [
    {
      // "Logged" is not "log in": the words, not a substring.
      code: `import express from 'express';
${poolSetup}const app = express();
app.post('/catalogue', async (req, res) => { await pool.query('INSERT INTO products (name) VALUES ($1)', [req.body.name]); res.end(); });`,
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /catalogue', effect: 'creates `products` (pg `query`)' }, line: 5, column: 52, suggestions: [] }],
    },
  ],
};

/** A key that changes on retry, for any provider. */
export const freshKeyCases: CasesFor<typeof rule> = {
  valid: [
    `declare const resend: { emails: { send(message: object, options?: { idempotencyKey?: string }): Promise<unknown> } };
export async function welcome(userId: string) {
  await resend.emails.send({ to: 'a@example.com' }, { idempotencyKey: \`welcome/\${userId}\` });
}`,
    `export async function pay(orderId: string) {
  await fetch('https://api.example.com/payments', { method: 'POST', headers: { 'Idempotency-Key': \`order-\${orderId}\` } });
}`,
    // A row a builder returns: its callers decide what it is for (here a unique column filled at random).
    `import { nanoid } from 'nanoid';
export function runWaitpoint(projectId: string) {
  return { type: 'RUN' as const, idempotencyKey: nanoid(24), userProvidedIdempotencyKey: false, projectId };
}
export const stepWaitpoint = (projectId: string) => ({ type: 'STEP', idempotencyKey: nanoid(24), projectId });`,
  ],
  invalid: [
    {
      code: `declare const resend: { emails: { send(message: object, options?: { idempotencyKey?: string }): Promise<unknown> } };
export async function welcome() {
  await resend.emails.send({ to: 'a@example.com' }, { idempotencyKey: \`welcome-\${Date.now()}\` });
}`,
      errors: [{ messageId: 'freshKey', data: { effect: '`resend.emails.send`', source: 'Date.now()' }, line: 3, column: 71, suggestions: [] }],
    },
    {
      code: `import { randomUUID } from 'node:crypto';
export async function pay() {
  await fetch('https://api.example.com/payments', { method: 'POST', headers: { 'Idempotency-Key': randomUUID() } });
}`,
      errors: [{ messageId: 'freshKey', data: { effect: '`fetch`', source: 'randomUUID()' }, line: 3, column: 99, suggestions: [] }],
    },
    {
      // The same object sent with the call: a fresh key on each attempt.
      code: `import { nanoid } from 'nanoid';
declare const resend: { emails: { send(message: object, options?: { idempotencyKey?: string }): Promise<unknown> } };
export async function welcome() {
  const options = { idempotencyKey: nanoid(24) };
  return resend.emails.send({ to: 'a@example.com' }, options);
}`,
      errors: [{ messageId: 'freshKey', data: { effect: 'this request', source: 'nanoid(24)' }, line: 4, column: 37, suggestions: [] }],
    },
    {
      code: `export async function retry(headers: Headers) {
  headers.set('Idempotency-Key', String(new Date().getTime()));
}`,
      errors: [{ messageId: 'freshKey', data: { effect: 'this request', source: 'new Date()' }, line: 2, column: 34, suggestions: [] }],
    },
  ],
};

/** A Stripe object created when a field is unset and stored afterwards. */
export const lazyCreateCases: CasesFor<typeof rule> = {
  valid: [
    // A deterministic key: Stripe returns the first customer to the second request.
    `${stripeSetup}${poolSetup}export async function customerOf(user: { id: string; stripeCustomerId: string | null }) {
  if (!user.stripeCustomerId) {
    const customer = await stripe.customers.create({ metadata: { userId: user.id } }, { idempotencyKey: \`customer:\${user.id}\` });
    await pool.query('UPDATE users SET stripe_customer_id = $1 WHERE id = $2', [customer.id, user.id]);
    return customer.id;
  }
  return user.stripeCustomerId;
}`,
    // Nothing stored: not a lazy creation.
    `${stripeSetup}export async function customerOf(user: { id: string; stripeCustomerId: string | null }) {
  if (!user.stripeCustomerId) return stripe.customers.create({ metadata: { userId: user.id } });
  return null;
}`,
  ],
  invalid: [
    {
      code: `${stripeSetup}${poolSetup}export async function customerOf(user: { id: string; stripeCustomerId: string | null }) {
  if (!user.stripeCustomerId) {
    const customer = await stripe.customers.create({ metadata: { userId: user.id } });
    await pool.query('UPDATE users SET stripe_customer_id = $1 WHERE id = $2', [customer.id, user.id]);
    return customer.id;
  }
  return user.stripeCustomerId;
}`,
      errors: [
        {
          messageId: 'lazyCreate',
          data: { effect: 'stripe `customers.create`', field: 'user.stripeCustomerId', owner: 'user.id' },
          line: 7,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestOwnerKey',
              data: { key: '`customers.create:${user.id}`', option: 'idempotencyKey' },
              output: `${stripeSetup}${poolSetup}export async function customerOf(user: { id: string; stripeCustomerId: string | null }) {
  if (!user.stripeCustomerId) {
    const customer = await stripe.customers.create({ metadata: { userId: user.id } }, { idempotencyKey: \`customers.create:\${user.id}\` });
    await pool.query('UPDATE users SET stripe_customer_id = $1 WHERE id = $2', [customer.id, user.id]);
    return customer.id;
  }
  return user.stripeCustomerId;
}`,
            },
          ],
        },
      ],
    },
    {
      // After an early return; the owner has no \`id\` the rule can see, so no suggestion.
      code: `${stripeSetup}export async function customerOf(workspace: { slug: string; stripeId?: string }) {
  if (workspace.stripeId) return workspace.stripeId;
  const customer = await stripe.customers.create({ name: workspace.slug });
  workspace.stripeId = customer.id;
  return customer.id;
}`,
      errors: [
        {
          messageId: 'lazyCreate',
          data: { effect: 'stripe `customers.create`', field: 'workspace.stripeId', owner: 'workspace' },
          line: 5,
          column: 26,
          suggestions: [],
        },
      ],
    },
  ],
};

const paddleSetup = `import express from 'express';
import { Paddle } from '@paddle/paddle-node-sdk';
import { Pool } from 'pg';
const app = express(); const paddle = new Paddle('pdl_key'); const pool = new Pool();
`;

/**
 * Paddle webhooks: verified by `paddle.webhooks.unmarshal`, deduplicated on `eventId`. (The fixture project does
 * not install the SDK: with types too, the client is known by its binding to the imported `Paddle` class.)
 */
export const paddleWebhookCases: CasesFor<typeof rule> = {
  valid: [
    // The event id recorded first.
    `${paddleSetup}app.post('/paddle', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = await paddle.webhooks.unmarshal(req.body.toString(), 'secret', req.get('paddle-signature') ?? '');
  await pool.query('INSERT INTO paddle_events (id) VALUES ($1)', [event.eventId]);
  await pool.query('INSERT INTO orders (kind) VALUES ($1)', [event.eventType]);
  res.json({ received: true });
});`,
    // The event handed to a helper of the file that records the id first.
    `${paddleSetup}async function fulfil(received: { eventId: string; eventType: string }) {
  await pool.query('INSERT INTO paddle_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [received.eventId]);
  await pool.query('INSERT INTO orders (kind) VALUES ($1)', [received.eventType]);
}
app.post('/paddle', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = await paddle.webhooks.unmarshal(req.body.toString(), 'secret', req.get('paddle-signature') ?? '');
  await fulfil(event);
  res.json({ received: true });
});`,
  ],
  invalid: [
    {
      code: `${paddleSetup}app.post('/paddle', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = await paddle.webhooks.unmarshal(req.body.toString(), 'secret', req.get('paddle-signature') ?? '');
  await pool.query('INSERT INTO orders (kind) VALUES ($1)', [event.eventType]);
  res.json({ received: true });
});`,
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: { handler: 'POST /paddle', effect: 'creates `orders` (pg `query`)', event: 'event', id: 'eventId' },
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      code: `${paddleSetup}async function fulfil(received: { eventId: string; eventType: string }) {
  await pool.query('INSERT INTO orders (kind) VALUES ($1)', [received.eventType]);
}
app.post('/paddle', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = await paddle.webhooks.unmarshal(req.body.toString(), 'secret', req.get('paddle-signature') ?? '');
  switch (event.eventType) {
    case 'transaction.completed':
      await fulfil(event);
  }
  res.json({ received: true });
});`,
      errors: [
        {
          messageId: 'webhookNotDeduplicated',
          data: {
            handler: 'POST /paddle',
            effect: 'calls `fulfil`, which creates `orders` (pg `query`)',
            event: 'event',
            id: 'eventId',
          },
          line: 12,
          column: 13,
          suggestions: [],
        },
      ],
    },
  ],
};
