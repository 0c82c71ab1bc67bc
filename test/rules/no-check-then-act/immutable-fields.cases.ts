import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// The code of each case is linted as routes/tokens.ts of a small app (fixtures/typed/app-immutable, a project
// of its own) whose other files are read from the disk: services/tokens.ts creates email tokens and never
// changes their `expiresAt`; services/coupons.ts updates a coupon's `expiresAt` (another model) and a token's
// `usedAt`; services/plans.ts changes a user's `plan` with raw SQL.
const route = path.join(typedFixtures, 'app-immutable', 'routes', 'tokens.ts');
const header = `import { db } from '../lib/db.js';
`;
const PRISMA_CONDITIONAL = 'Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1';
const stateError = (line: number, column: number, resource: string, field: string, act = 'delete', check = 'findUnique') => ({
  messageId: 'databaseCheckThenWrite' as const,
  line,
  column,
  data: { check, act, resource, field, note: '', alternative: PRISMA_CONDITIONAL },
});

export const immutableFieldCases: CasesFor<typeof rule> = {
  valid: [
    {
      // The token's expiry is written only when the token is created: no concurrent write can change it
      // between the check and the delete, and a second caller's delete fails (P2025) before the account exists.
      code: `${header}export async function verify(code: string, email: string) {
  const token = await db.emailToken.findUnique({ where: { token: code } });
  if (!token) throw new Error('invalid code');
  if (token.expiresAt < new Date()) throw new Error('expired');
  await db.emailToken.delete({ where: { token: code } });
  return db.user.create({ data: { email } });
}`,
      filename: route,
    },
    {
      // The same field name is updated on another model of the schema (coupons.ts): not this row's field. The
      // method called on the field's value (`getTime`) is no field.
      code: `${header}export async function revoke(code: string, userId: string) {
  const token = await db.emailToken.findUnique({ where: { token: code } });
  if (!token || token.expiresAt.getTime() < Date.now() - 1000) throw new Error('gone');
  await db.emailToken.update({ where: { token: code }, data: { userId } });
}`,
      filename: route,
    },
  ],
  invalid: [
    {
      // A coupon's expiry is extended after creation (coupons.ts): the check can be invalidated.
      code: `${header}export async function redeem(code: string) {
  const coupon = await db.coupon.findUnique({ where: { code } });
  if (!coupon || coupon.expiresAt < new Date()) throw new Error('expired');
  await db.coupon.update({ where: { code }, data: { uses: { increment: 1 } } });
}`,
      filename: route,
      errors: [stateError(3, 24, '`coupon` ({ code })', 'expiresAt', 'update')],
    },
    {
      // A method called on a changing field's value (`uses.valueOf()`, as `balance.lessThan(…)` of a Prisma
      // Decimal): the field (`uses`, incremented here) decides, not the method's name.
      code: `${header}export async function use(code: string) {
  const coupon = await db.coupon.findUnique({ where: { code } });
  if (!coupon || coupon.uses.valueOf() >= 10) throw new Error('used up');
  await db.coupon.update({ where: { code }, data: { uses: { increment: 1 } } });
}`,
      filename: route,
      errors: [stateError(3, 24, '`coupon` ({ code })', 'valueOf', 'update')],
    },
    {
      // `usedAt` is updated in another file of the app (coupons.ts).
      code: `${header}export async function consume(code: string, email: string) {
  const token = await db.emailToken.findUnique({ where: { token: code } });
  if (!token || token.usedAt) throw new Error('used');
  await db.emailToken.delete({ where: { token: code } });
  return db.user.create({ data: { email } });
}`,
      filename: route,
      errors: [stateError(3, 23, '`emailToken` ({ token: code })', 'usedAt')],
    },
    {
      // A destructured field is judged by its own name (`usedAt`, updated in coupons.ts).
      code: `${header}export async function consume(code: string, email: string) {
  const { usedAt } = await db.emailToken.findUniqueOrThrow({ where: { token: code } });
  if (usedAt) throw new Error('used');
  await db.emailToken.delete({ where: { token: code } });
  return db.user.create({ data: { email } });
}`,
      filename: route,
      errors: [stateError(3, 28, '`emailToken` ({ token: code })', 'usedAt', 'delete', 'findUniqueOrThrow')],
    },
    {
      // `plan` is changed by raw SQL (`UPDATE "User" SET plan = …` in plans.ts).
      code: `${header}export async function rename(id: string, name: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user || user.plan !== 'pro') throw new Error('pro only');
  await db.user.update({ where: { id }, data: { name } });
}`,
      filename: route,
      errors: [stateError(3, 22, '`user` ({ id })', 'plan', 'update')],
    },
    {
      // The linted file itself updates the expiry (in another function): the field is not fixed.
      code: `${header}export async function verify(code: string, email: string) {
  const token = await db.emailToken.findUnique({ where: { token: code } });
  if (!token || token.expiresAt < new Date()) throw new Error('expired');
  await db.emailToken.delete({ where: { token: code } });
  return db.user.create({ data: { email } });
}
export async function prolong(code: string, until: Date) {
  await db.emailToken.update({ where: { token: code }, data: { expiresAt: until } });
}`,
      filename: route,
      errors: [stateError(3, 23, '`emailToken` ({ token: code })', 'expiresAt')],
    },
    {
      // A fixed expiry, but the token is consumed only after what it grants is created: two callers both pass
      // the check and both create it (a single-use code used twice).
      code: `${header}export async function exchange(code: string, email: string) {
  const token = await db.emailToken.findUnique({ where: { token: code } });
  if (!token || token.expiresAt < new Date()) throw new Error('expired');
  await db.user.create({ data: { email } });
  await db.emailToken.delete({ where: { token: code } });
}`,
      filename: route,
      errors: [stateError(3, 23, '`emailToken` ({ token: code })', 'expiresAt')],
    },
  ],
};
