import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A next-number create before a `.catch()` that tells the twin's unique violation apart, through a predicate of
// another module (fixtures/typed/app-errors): the analysis db-check-then-act and require-idempotency-key share.
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const addCard = (test: string) => `import mongoose from 'mongoose';
import { isDuplicateKey, isMissingRecord } from '../../app-errors/database-errors.js';
const Card = mongoose.model('Card', new mongoose.Schema({ listId: String, title: String, sort: Number }));
export async function addCard(listId: string, title: string) {
  const lastCard = await Card.findOne({ listId }, null, { sort: { sort: -1 } });
  const sort = lastCard ? lastCard.sort + 1 : 0;
  return Card.create({ listId, title, sort }).catch((error: unknown) => {
    if (${test}) return addCard(listId, title);
    throw error;
  });
}`;

export const uniqueViolationHandlerCases: CasesFor<typeof rule> = {
  valid: [
    // The predicate compares the error's code with MongoDB's 11000 (a const of its module): the twin is retried.
    { code: addCard('isDuplicateKey(error)'), filename: route },
  ],
  invalid: [
    // The predicate tests another error: nothing handles the twin.
    {
      code: addCard('isMissingRecord(error)'),
      filename: route,
      errors: [
        {
          messageId: 'databaseNextNumber',
          line: 6,
          column: 27,
          data: { write: 'create', field: 'sort', read: 'findOne', resource: '`Card` ({ listId })', note: '' },
        },
      ],
    },
  ],
};
