import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A check-then-create whose create handles the unique violation through a predicate of another module
// (fixtures/typed/app-errors): the check is only a fast path. The analysis is require-idempotency-key's.
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const signUp = (create: string) => `import { prisma } from '../lib/prisma.js';
import { isMissingRecord, isUniqueViolation, isUniqueViolationOf } from '../../app-errors/database-errors.js';
export async function signUp(email: string) {
  if (await prisma.user.findUnique({ where: { email } })) throw new Error('taken');
${create}
}`;
const inTry = (test: string) => `  try {
    return await prisma.user.create({ data: { email } });
  } catch (error) {
    if (${test}) throw new Error('taken');
    throw error;
  }`;
const beforeCatch = (test: string) => `  return prisma.user.create({ data: { email } }).catch((error: unknown) => {
    if (${test}) throw new Error('taken');
    throw error;
  });`;

const reported = (line: number, column: number) => ({
  messageId: 'databaseCheckThenCreate' as const,
  line,
  column,
  data: {
    check: 'findUnique',
    resource: '`user` ({ email })',
    act: 'create',
    note: '',
    alternative:
      'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)',
  },
});

export const uniqueViolationHandlerCases: CasesFor<typeof rule> = {
  valid: [
    // The predicate compares with an enum member whose value is Prisma's `P2002` (read with or without types).
    { code: signUp(inTry('isUniqueViolation(error)')), filename: route },
    { code: signUp(beforeCatch('isUniqueViolation(error)')), filename: route },
    // The predicate exits early unless the code is `P2002` (`!==`), then tests the key's columns.
    { code: signUp(inTry("isUniqueViolationOf(error, ['email'])")), filename: route },
  ],
  invalid: [
    // The predicate tests another error (`P2025`, a missing record).
    { code: signUp(inTry('isMissingRecord(error)')), filename: route, errors: [reported(4, 13)] },
    { code: signUp(beforeCatch('isMissingRecord(error)')), filename: route, errors: [reported(4, 13)] },
  ],
};
