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

// fixtures/typed/app-browser-writes: a server package, a browser package (web/) and a Nuxt package (portal/).
// The code of each case is linted as server/routes/labels.ts.
const browserAppRoute = path.join(typedFixtures, 'app-browser-writes', 'server', 'routes', 'labels.ts');
const browserAppHeader = `import { db } from '../lib/db.js';
`;

export const immutableFieldCases: CasesFor<typeof rule> = {
  valid: [
    {
      // A saved request's kind is set at creation: the only code that names it after is a method editing an
      // in-memory tree (server/services/tree.ts, its body writes no row) and a browser package's call to the
      // server (web/src/api.ts).
      code: `${browserAppHeader}export async function retitle(id: string, userId: string, kind: string, title: string) {
  const saved = await db.savedRequest.findFirst({ where: { id, userId } });
  if (!saved) throw new Error('not found');
  if (saved.kind !== kind) throw new Error('wrong kind');
  await db.savedRequest.update({ where: { id }, data: { title } });
}`,
      filename: browserAppRoute,
    },
    {
      // \`session.expiresAt = …\` (server/services/sessions.ts) is the value that function's \`db.session.update\`
      // writes: a session's field, not an invite's.
      code: `${browserAppHeader}export async function accept(id: string) {
  const invite = await db.invite.findUnique({ where: { id } });
  if (!invite || invite.expiresAt < new Date()) throw new Error('expired');
  await db.invite.delete({ where: { id } });
  return db.label.create({ data: { scope: 'guests', color: 'grey', name: id } });
}`,
      filename: browserAppRoute,
    },
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
      // A label's scope is changed by a method of the server (server/services/labels.ts) whose body updates the row.
      code: `${browserAppHeader}export async function rename(id: string, scope: string, name: string) {
  const label = await db.label.findUnique({ where: { id } });
  if (!label || label.scope !== scope) throw new Error('not in scope');
  await db.label.update({ where: { id }, data: { name } });
}`,
      filename: browserAppRoute,
      errors: [stateError(3, 23, '`label` ({ id })', 'scope', 'update')],
    },
    {
      // The session's own expiry is extended (server/services/sessions.ts): a check of it can be invalidated.
      code: `${browserAppHeader}export async function resume(id: string) {
  const session = await db.session.findUnique({ where: { id } });
  if (!session || session.expiresAt < new Date()) throw new Error('expired');
  await db.session.delete({ where: { id } });
  return db.label.create({ data: { scope: 'guests', color: 'grey', name: id } });
}`,
      filename: browserAppRoute,
      errors: [stateError(3, 25, '`session` ({ id })', 'expiresAt')],
    },
    {
      // A label's color is changed by the Nuxt package (portal/): its server routes run beside the browser code.
      code: `${browserAppHeader}export async function rename(id: string, color: string, name: string) {
  const label = await db.label.findUnique({ where: { id } });
  if (!label || label.color !== color) throw new Error('recoloured');
  await db.label.update({ where: { id }, data: { name } });
}`,
      filename: browserAppRoute,
      errors: [stateError(3, 23, '`label` ({ id })', 'color', 'update')],
    },
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
