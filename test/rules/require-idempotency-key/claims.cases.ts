import path from 'node:path';
import type rule from '../../../rules/require-idempotency-key.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A route of the app in fixtures/typed/app-clients (its Prisma client in lib/prisma.ts).
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const cancel = (claim: string, test: string) => `import express from 'express';
import { prisma } from '../lib/prisma.js';
const app = express();
app.post('/orders/:id/cancel', async (req, res) => {
  const id = String(req.params.id);
  ${claim}
  if (${test}) {
    await prisma.order.create({ data: { userId: 'refunds', productId: id, quantity: -1 } });
  }
  res.sendStatus(204);
});`;
const transition = `const { count } = await prisma.order.updateMany({ where: { id, status: 'new' }, data: { status: 'cancelled' } });`;
const missing = (line: number) => ({
  messageId: 'missingKey' as const,
  data: { handler: 'POST /orders/:id/cancel', effect: 'creates `order` (prisma `create`)' },
  line,
  column: 11,
  suggestions: [],
});

/** Effects gated by an atomic state transition (a conditional `updateMany`) that only one request wins. */
export const claimCases: CasesFor<typeof rule> = {
  valid: [
    // The cancellation claims the order (new -> cancelled): a repeat claims nothing and skips the create.
    { code: cancel(transition, 'count > 0'), filename: route },
    { code: cancel(transition, "req.body.reason && count !== 0"), filename: route },
    {
      // Through a helper of the file that returns the claim's count (or 0 when there is nothing to claim).
      code: cancel(`const cancelled = await cancelOrders([id]);`, 'cancelled >= 1').replace(
        "const app = express();",
        `const app = express();
async function cancelOrders(ids: string[]) {
  if (ids.length === 0) return 0;
  const { count: claimed } = await prisma.order.updateMany({ where: { id: { in: ids }, status: 'new' }, data: { status: 'cancelled' } });
  return claimed;
}`,
      ),
      filename: route,
    },
  ],
  invalid: [
    {
      // The update does not test the state it changes: every repeat "claims" the order again.
      code: cancel(`const { count } = await prisma.order.updateMany({ where: { id }, data: { status: 'cancelled' } });`, 'count > 0'),
      filename: route,
      errors: [missing(8)],
    },
    {
      // The effect runs when nothing was claimed.
      code: cancel(transition, 'count === 0'),
      filename: route,
      errors: [missing(8)],
    },
    {
      // The helper returns another number too: not the claim's count.
      code: cancel(`const cancelled = await cancelOrders([id]);`, 'cancelled > 0').replace(
        "const app = express();",
        `const app = express();
async function cancelOrders(ids: string[]) {
  await prisma.order.updateMany({ where: { id: { in: ids }, status: 'new' }, data: { status: 'cancelled' } });
  return ids.length;
}`,
      ),
      filename: route,
      errors: [missing(12)],
    },
  ],
};
