import type rule from '../../../rules/require-idempotency-key.js';
import path from 'node:path';
import type { CasesFor } from '../../rule-tester.js';
import { typedFixtures } from '../../rule-tester.js';

const stripeSetup = `import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
`;

/** A Next.js App Router file: the name `route.ts` is the framework's contract. */
const routeFile = path.join(typedFixtures, 'route.ts');

export const fastifyCases: CasesFor<typeof rule> = {
  valid: [
    `import Fastify from 'fastify';\n${stripeSetup}const fastify = Fastify();
fastify.post('/orders', async (request) => stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: request.headers['idempotency-key'] as string }));`,
    // A route-level hook named for idempotency.
    `import Fastify, { type preHandlerHookHandler } from 'fastify';\n${stripeSetup}const fastify = Fastify();
declare const idempotencyCheck: preHandlerHookHandler;
fastify.post('/orders', { preHandler: [idempotencyCheck] }, async () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' }));`,
    // \`route()\` for GET only.
    `import Fastify from 'fastify';\n${stripeSetup}const fastify = Fastify();
fastify.route({ method: 'GET', url: '/orders', handler: async () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' }) });`,
  ],
  invalid: [
    {
      code: `import Fastify from 'fastify';\n${stripeSetup}const fastify = Fastify();
fastify.post('/orders', async (request, reply) => {
  const intent = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' });
  return reply.send(intent);
});`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'calls stripe `paymentIntents.create`' },
          line: 6,
          column: 24,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `import Fastify from 'fastify';\n${stripeSetup}const fastify = Fastify();
fastify.post('/orders', async (request, reply) => {
  const intent = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: (request.headers['idempotency-key'] as string | undefined) });
  return reply.send(intent);
});`,
            },
          ],
        },
      ],
    },
    {
      // \`route()\` with several methods, POST among them.
      code: `import Fastify from 'fastify';\n${stripeSetup}const fastify = Fastify();
fastify.route({ method: ['POST', 'PUT'], url: '/charges', handler: async () => stripe.charges.create({ amount: 1, currency: 'usd' }) });`,
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /charges', effect: 'calls stripe `charges.create`' }, line: 5, column: 80, suggestions: [] }],
    },
    {
      // A plugin: the instance is a parameter, known by its declared type.
      code: `import type { FastifyInstance } from 'fastify';\n${stripeSetup}export async function routes(app: FastifyInstance) {
  app.post('/transfers', async () => stripe.transfers.create({ amount: 1, currency: 'usd', destination: 'acct_1' }));
}`,
      errors: [{ messageId: 'missingKey', data: { handler: 'POST /transfers', effect: 'calls stripe `transfers.create`' }, line: 5, column: 38, suggestions: [] }],
    },
  ],
};

export const honoCases: CasesFor<typeof rule> = {
  valid: [
    `import { Hono } from 'hono';\n${stripeSetup}const app = new Hono();
app.post('/orders', async (c) => c.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: c.req.header('Idempotency-Key') })));`,
    `import { Hono } from 'hono';\n${stripeSetup}const app = new Hono();
app.get('/orders', async (c) => c.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' })));`,
    // Middleware on the app, for the route's path.
    `import { Hono, type MiddlewareHandler } from 'hono';\n${stripeSetup}const app = new Hono();
declare function idempotency(): MiddlewareHandler;
app.use('/orders/*', idempotency());
app.post('/orders/pay', async (c) => c.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' })));`,
  ],
  invalid: [
    {
      code: `import { Hono } from 'hono';\n${stripeSetup}const app = new Hono();
app.post('/payouts', async (c) => c.json(await stripe.payouts.create({ amount: 1, currency: 'usd' })));`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /payouts', effect: 'calls stripe `payouts.create`' },
          line: 5,
          column: 48,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `import { Hono } from 'hono';\n${stripeSetup}const app = new Hono();
app.post('/payouts', async (c) => c.json(await stripe.payouts.create({ amount: 1, currency: 'usd' }, { idempotencyKey: c.req.header('Idempotency-Key') })));`,
            },
          ],
        },
      ],
    },
  ],
};

export const koaCases: CasesFor<typeof rule> = {
  valid: [
    `import Router from '@koa/router';\n${stripeSetup}const router = new Router();
router.post('/orders', async (ctx) => { ctx.body = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: ctx.get('Idempotency-Key') }); });`,
    `import Router from '@koa/router';\n${stripeSetup}const router = new Router();
router.get('/orders', async (ctx) => { ctx.body = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); });`,
    // Route-level middleware.
    `import Router from '@koa/router';
import type { Middleware } from 'koa';\n${stripeSetup}const router = new Router();
declare const idempotentRequests: Middleware;
router.post('/orders', idempotentRequests, async (ctx) => { ctx.body = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); });`,
  ],
  invalid: [
    {
      code: `import Router from '@koa/router';\n${stripeSetup}const router = new Router();
router.post('/orders', async (ctx) => { ctx.body = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); });`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /orders', effect: 'calls stripe `paymentIntents.create`' },
          line: 5,
          column: 58,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `import Router from '@koa/router';\n${stripeSetup}const router = new Router();
router.post('/orders', async (ctx) => { ctx.body = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: (ctx.get('Idempotency-Key') || undefined) }); });`,
            },
          ],
        },
      ],
    },
  ],
};

export const nextAppCases: CasesFor<typeof rule> = {
  valid: [
    { code: `${stripeSetup}export async function GET() { return Response.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' })); }`, filename: routeFile },
    {
      code: `${stripeSetup}export async function POST(request: Request) {
  const key = request.headers.get('Idempotency-Key') ?? undefined;
  return Response.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: key }));
}`,
      filename: routeFile,
    },
    // The key from \`headers()\` of 'next/headers', recorded before the effect.
    {
      code: `import { headers } from 'next/headers';
${stripeSetup}declare function claimKey(key: string | null): Promise<boolean>;
export async function POST() {
  if (!(await claimKey((await headers()).get('Idempotency-Key')))) return new Response(null, { status: 409 });
  return Response.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }));
}`,
      filename: routeFile,
    },
    // Not a route file: an exported \`POST\` function is nothing special.
    `${stripeSetup}export async function POST() { return stripe.paymentIntents.create({ amount: 1, currency: 'usd' }); }`,
  ],
  invalid: [
    {
      code: `import { NextResponse, type NextRequest } from 'next/server';\n${stripeSetup}export const POST = async (request: NextRequest) => {
  const intent = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' });
  return NextResponse.json(intent);
};`,
      filename: routeFile,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST', effect: 'calls stripe `paymentIntents.create`' },
          line: 5,
          column: 24,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `import { NextResponse, type NextRequest } from 'next/server';\n${stripeSetup}export const POST = async (request: NextRequest) => {
  const intent = await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: (request.headers.get('Idempotency-Key') ?? undefined) });
  return NextResponse.json(intent);
};`,
            },
          ],
        },
      ],
    },
  ],
};

export const nextPagesCases: CasesFor<typeof rule> = {
  valid: [
    `import type { NextApiRequest, NextApiResponse } from 'next';\n${stripeSetup}export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'GET') res.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }));
}`,
    // Plain JavaScript without a declared request type: nothing says this is a Next.js route.
    {
      code: `${stripeSetup}export default async function handler(req, res) {
  if (req.method === 'POST') res.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }));
}`,
      filename: path.join(typedFixtures, 'file.js'),
    },
  ],
  invalid: [
    {
      code: `import type { NextApiRequest, NextApiResponse } from 'next';\n${stripeSetup}export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') {
    res.status(405).end();
    return;
  }
  res.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }));
}`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST', effect: 'calls stripe `paymentIntents.create`' },
          line: 9,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestStripeKey',
              output: `import type { NextApiRequest, NextApiResponse } from 'next';\n${stripeSetup}export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') {
    res.status(405).end();
    return;
  }
  res.json(await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: (req.headers['idempotency-key'] as string | undefined) }));
}`,
            },
          ],
        },
      ],
    },
  ],
};

const nestSetup = `import { Body, Controller, Get, Headers, Injectable, Post, UseInterceptors } from '@nestjs/common';
import Stripe from 'stripe';
@Injectable()
class PaymentsService {
  constructor(private readonly stripe: Stripe) {}
  async charge(amount: number, key?: string) {
    return this.stripe.paymentIntents.create({ amount, currency: 'usd' }, key === undefined ? undefined : { idempotencyKey: key });
  }
  async chargeUnkeyed(amount: number) {
    return this.stripe.paymentIntents.create({ amount, currency: 'usd' });
  }
}
`;

export const nestCases: CasesFor<typeof rule> = {
  valid: [
    // The key read with \`@Headers\` and handed to the service.
    `${nestSetup}@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}
  @Post()
  create(@Body() body: { amount: number }, @Headers('idempotency-key') key: string) {
    return this.payments.charge(body.amount, key);
  }
}`,
    // An interceptor on the controller.
    `${nestSetup}declare const IdempotencyInterceptor: new () => object;
@Controller('payments')
@UseInterceptors(IdempotencyInterceptor)
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}
  @Post()
  create(@Body() body: { amount: number }) {
    return this.payments.chargeUnkeyed(body.amount);
  }
}`,
    `${nestSetup}@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}
  @Get()
  list() {
    return this.payments.chargeUnkeyed(1);
  }
}`,
  ],
  typedInvalid: [
    {
      // The effect is in the service: followed through the type checker.
      code: `${nestSetup}@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}
  @Post('charge')
  create(@Body() body: { amount: number }) {
    return this.payments.chargeUnkeyed(body.amount);
  }
}`,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /payments/charge', effect: 'calls `chargeUnkeyed`, which calls stripe `paymentIntents.create`' },
          line: 18,
          column: 12,
          suggestions: [],
        },
      ],
    },
  ],
  // Without types, \`this.payments\` is unknown: the service is not followed.
  untypedValid: [
    `${nestSetup}@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}
  @Post('charge')
  create(@Body() body: { amount: number }) {
    return this.payments.chargeUnkeyed(body.amount);
  }
}`,
  ],
};
