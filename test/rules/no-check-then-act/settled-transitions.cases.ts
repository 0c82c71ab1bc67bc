import type rule from '../../../rules/no-check-then-act.js';
import type { CasesFor } from '../../rule-tester.js';

// A state check, then fixed values written as the last effect (analysis/settled-writes.ts): which calls after
// the check still leave the write settled. Built-ins that only compute a value do; anything else a second
// caller would repeat does not.

const prismaHeader = `import { PrismaClient } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const PRISMA_CONDITIONAL = 'Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1';
const stateError = (line: number, column: number, field: string, act = 'delete', check = 'findFirst') => ({
  messageId: 'databaseCheckThenWrite' as const,
  line,
  column,
  data: { check, act, resource: '`order` ({ id })', field, note: '', alternative: PRISMA_CONDITIONAL },
});

export const settledTransitionCases: CasesFor<typeof rule> = {
  valid: [
    // The delete's failure is turned into an error message with `JSON.stringify`: a second caller that passes
    // the same check repeats the delete (and fails with not-found), nothing else.
    `${prismaHeader}export async function discard(id: string) {
  try {
    const order = await prisma.order.findFirst({ where: { id } });
    if (!order) throw new Error('not found');
    if (order.status !== 'draft') throw new Error('only drafts can be discarded');
    await prisma.order.delete({ where: { id } });
  } catch (e) {
    throw new Error(\`cannot discard: \${e instanceof Error ? e.message : JSON.stringify(e)}\`);
  }
}`,
    // Values computed by global built-ins on the way to a fixed write (`Math.max`, `String`, `Object.keys`).
    `${prismaHeader}export async function close(id: string, reasons: Record<string, string>) {
  const order = await prisma.order.findFirst({ where: { id } });
  if (order?.status !== 'open') return { closed: false, reasons: Object.keys(reasons).length };
  if (Math.max(0, Object.keys(reasons).length) > 10) throw new Error(String(id));
  await prisma.order.update({ where: { id }, data: { status: 'closed', closedAt: new Date() } });
}`,
  ],
  invalid: [
    {
      // The catch reports the failure elsewhere: a call of the application's own, repeated by a second caller.
      code: `${prismaHeader}export async function discard(id: string, notify: (text: string) => Promise<void>) {
  try {
    const order = await prisma.order.findFirst({ where: { id } });
    if (!order) throw new Error('not found');
    if (order.status !== 'draft') throw new Error('only drafts can be discarded');
    await prisma.order.delete({ where: { id } });
  } catch (e) {
    await notify(JSON.stringify(e));
    throw e;
  }
}`,
      errors: [stateError(5, 25, 'status')],
    },
    {
      // A local named like the global is no built-in: its `stringify` may do anything.
      code: `${prismaHeader}const JSON = { stringify: (value: unknown) => { void fetch('https://audit.example', { method: 'POST' }); return String(value); } };
export async function discard(id: string) {
  const order = await prisma.order.findFirst({ where: { id } });
  if (order?.status !== 'draft') throw new Error('only drafts can be discarded');
  await prisma.order.delete({ where: { id } });
  return JSON.stringify(order);
}`,
      errors: [stateError(5, 23, 'status')],
    },
    {
      // A built-in that changes its argument (`Object.assign`) is no pure computation, and the real race stays:
      // the status is checked and the order cancelled after another effect.
      code: `${prismaHeader}export async function cancel(id: string, audit: Record<string, unknown>) {
  const order = await prisma.order.findFirst({ where: { id } });
  if (order?.status !== 'open') throw new Error('not open');
  Object.assign(audit, { cancelled: id });
  await prisma.order.update({ where: { id }, data: { status: 'cancelled' } });
}`,
      errors: [stateError(4, 23, 'status', 'update')],
    },
  ],
};
