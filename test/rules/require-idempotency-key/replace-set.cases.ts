import path from 'node:path';
import type rule from '../../../rules/require-idempotency-key.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A route of the app in fixtures/typed/app-clients (its Prisma client in lib/prisma.ts).
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const prismaRoute = (body: string) => `import express from 'express';
import { prisma } from '../lib/prisma.js';
const app = express();
app.post('/users/:userId/orders', async (req, res) => {
  const userId = String(req.params.userId);
  const productIds = req.body.productIds as string[];
  const previousUserId = String(req.body.previousUserId);
${body}
  res.sendStatus(204);
});`;
const drizzleRouter = (body: string) => `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { protectedProcedure } from './trpc';
const projectTags = pgTable('project_tags', { projectId: text('project_id').notNull(), tagId: text('tag_id').notNull() });
const db = drizzle(process.env.DATABASE_URL!);
export const assignTags = protectedProcedure.input(schema).mutation(async ({ input }) => {
${body}
});
declare const schema: unknown;`;
const createOrders = `  await prisma.order.createMany({ data: productIds.map((productId) => ({ userId, productId, quantity: 1 })) });`;

/** A set replaced (its rows deleted, then written again): a repeat ends in the same set. */
export const replaceSetCases: CasesFor<typeof rule> = {
  valid: [
    {
      code: prismaRoute(`  await prisma.$transaction([
    prisma.order.deleteMany({ where: { userId } }),
    prisma.order.createMany({ data: productIds.map((productId) => ({ userId, productId, quantity: 1 })) }),
  ]);`),
      filename: route,
    },
    drizzleRouter(`  await db.delete(projectTags).where(eq(projectTags.projectId, input.projectId));
  await db.insert(projectTags).values(input.tagIds.map((tagId: string) => ({ projectId: input.projectId, tagId })));`),
  ],
  invalid: [
    {
      // The delete clears another user's rows: this user's set grows with each repeat.
      code: prismaRoute(`  await prisma.order.deleteMany({ where: { userId: previousUserId } });
${createOrders}`),
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /users/:userId/orders', effect: 'creates `order` (prisma `createMany`)' },
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // The delete comes after the insert: it does not undo a repeat's rows before they are written.
      code: prismaRoute(`${createOrders}
  await prisma.order.deleteMany({ where: { userId } });`),
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /users/:userId/orders', effect: 'creates `order` (prisma `createMany`)' },
          line: 8,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // Other rows deleted (those of another tag): the row inserted is not among them.
      code: drizzleRouter(`  await db.delete(projectTags).where(eq(projectTags.tagId, input.tagId));
  await db.insert(projectTags).values({ projectId: input.projectId, tagId: input.newTagId });`),
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'tRPC mutation `assignTags`', effect: 'creates `projectTags` (drizzle `insert`)' },
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
  ],
};
