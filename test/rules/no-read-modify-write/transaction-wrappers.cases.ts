import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// The app's own transaction helper (trigger.dev's `$transaction(prisma, name, fn, options)`), imported from
// fixtures/typed/app-payouts/lib/transaction.ts: an explicit Serializable or Repeatable Read level given to it
// guards the read and the write of its callback, as Prisma's own `$transaction` does.

const filename = path.join(typedFixtures, 'app-payouts', 'routes', 'handler.ts');

const header = `import { prisma } from '../lib/prisma.js';
import { $transaction } from '../lib/transaction.js';
`;

const PRISMA_ADVICE = 'Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`';

const errors = (line: number, column: number) => [
  {
    messageId: 'databaseReadModifyWrite' as const,
    line,
    column,
    data: { write: 'update', field: 'amount', read: 'findFirstOrThrow', resource: '`payout` ({ id })', note: '', alternative: PRISMA_ADVICE },
  },
];

export const transactionWrapperCases: CasesFor<typeof rule> = {
  valid: [
    {
      filename,
      code: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { id } });
    await tx.payout.update({ where: { id }, data: { amount: payout.amount - fee } });
  }, { isolationLevel: 'Serializable' });
}`,
    },
    {
      filename,
      code: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { id } });
    await tx.payout.update({ where: { id }, data: { amount: payout.amount - fee } });
  }, { isolationLevel: 'RepeatableRead' });
}`,
    },
  ],
  invalid: [
    {
      // No level given: the helper's default (Read Committed) lets both callers read the same amount.
      filename,
      code: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { id } });
    await tx.payout.update({ where: { id }, data: { amount: payout.amount - fee } });
  });
}`,
      output: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { id } });
    await tx.payout.update({ where: { id }, data: { amount: { decrement: fee } } });
  });
}`,
      errors: errors(6, 61),
    },
    {
      // Read Committed named: no guard.
      filename,
      code: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { id } });
    await tx.payout.update({ where: { id }, data: { amount: payout.amount - fee } });
  }, { isolationLevel: 'ReadCommitted' });
}`,
      output: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { id } });
    await tx.payout.update({ where: { id }, data: { amount: { decrement: fee } } });
  }, { isolationLevel: 'ReadCommitted' });
}`,
      errors: errors(6, 61),
    },
    {
      // Serializable, but the callback's parameter receives no call: the writes go through the outer client,
      // outside the helper's transaction.
      filename,
      code: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async () => {
    const payout = await prisma.payout.findFirstOrThrow({ where: { id } });
    await prisma.payout.update({ where: { id }, data: { amount: payout.amount - fee } });
  }, { isolationLevel: 'Serializable' });
}`,
      output: `${header}export async function payFee(id: string, fee: number) {
  await $transaction(prisma, 'payFee', async () => {
    const payout = await prisma.payout.findFirstOrThrow({ where: { id } });
    await prisma.payout.update({ where: { id }, data: { amount: { decrement: fee } } });
  }, { isolationLevel: 'Serializable' });
}`,
      errors: errors(6, 65),
    },
  ],
  typedInvalid: [
    {
      // Serializable, but the read is made before the transaction: the level does not cover it. (Without
      // types, the \`tx\` of an unknown helper is Prisma's by its shape only where it both reads and writes.)
      filename,
      code: `${header}export async function payFee(id: string, fee: number) {
  const payout = await prisma.payout.findFirstOrThrow({ where: { id } });
  await $transaction(prisma, 'payFee', async (tx) => {
    await tx.payout.update({ where: { id }, data: { amount: payout.amount - fee } });
  }, { isolationLevel: 'Serializable' });
}`,
      output: `${header}export async function payFee(id: string, fee: number) {
  const payout = await prisma.payout.findFirstOrThrow({ where: { id } });
  await $transaction(prisma, 'payFee', async (tx) => {
    await tx.payout.update({ where: { id }, data: { amount: { decrement: fee } } });
  }, { isolationLevel: 'Serializable' });
}`,
      errors: errors(6, 61),
    },
  ],
};
