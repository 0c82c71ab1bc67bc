import path from 'node:path';
import type rule from '../../../rules/require-idempotency-key.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A create keyed by User.email (fixtures/typed/app-clients's schema) whose `.catch()` tells the unique violation
// apart through a predicate of fixtures/typed/app-errors: a repeat hits the key and is answered.
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const signUp = (test: string) => `import express from 'express';
import { prisma } from '../lib/prisma.js';
import { isMissingRecord, isUniqueViolation } from '../../app-errors/database-errors.js';
const app = express();
app.post('/users', async (req, res) => {
  const user = await prisma.user.create({ data: { ...req.body } }).catch((error: unknown) => {
    if (${test}) return null;
    throw error;
  });
  res.json(user);
});`;

export const uniqueViolationHandlerCases: CasesFor<typeof rule> = {
  valid: [{ code: signUp('isUniqueViolation(error)'), filename: route }],
  invalid: [
    {
      code: signUp('isMissingRecord(error)'),
      filename: route,
      errors: [
        {
          messageId: 'missingKey',
          data: { handler: 'POST /users', effect: 'creates `user` (prisma `create`)' },
          line: 6,
          column: 22,
          suggestions: [],
        },
      ],
    },
  ],
};
