import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// A value that only chooses, by whether the field is set, between the field as read and values that do not
// come from it (issue 23, wild FALSE reports on dub): keep-or-set timestamps (`payout.paidAt ?? new Date()`)
// and toggles (`webhook.disabledAt ? null : new Date()`) accumulate nothing. Written as the app writes them:
// the client imported from fixtures/typed/app-payouts/lib/prisma.ts.

const filename = path.join(typedFixtures, 'app-payouts', 'routes', 'handler.ts');

const header = `import { prisma } from '../lib/prisma.js';
`;

const NOT_A_COUNTER =
  'The value is not a counter: merge it in the statement (a JSON or array operator in the `UPDATE`), or write it only where the column still holds the value read (`updateMany`/`UPDATE … WHERE`, retried when no row matched), or lock the row across the read and the write (`SELECT … FOR UPDATE` in the transaction)';

const PRISMA_ADVICE = 'Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`';

export const keepOrSetCases: CasesFor<typeof rule> = {
  valid: [
    // Keep the time of the first payment, or set it now: a redelivered webhook writes one time or the other.
    {
      filename,
      code: `${header}export async function markPaid(id: string) {
  const payout = await prisma.payout.findUniqueOrThrow({ where: { id } });
  await prisma.payout.update({ where: { id }, data: { status: 'paid', paidAt: payout.paidAt ?? new Date() } });
}`,
    },
    // The same, spelled with a test of the field and `undefined` (Prisma leaves the column as it is).
    {
      filename,
      code: `${header}export async function cancel(id: string) {
  const payout = await prisma.payout.findUniqueOrThrow({ where: { id } });
  await prisma.payout.update({ where: { id }, data: { status: 'canceled', canceledAt: payout.canceledAt ? undefined : new Date() } });
}`,
    },
    // A presence test written as a comparison with null, the kept value in the other arm.
    {
      filename,
      code: `${header}export async function markPaid(id: string) {
  const payout = await prisma.payout.findUniqueOrThrow({ where: { id } });
  await prisma.payout.update({ where: { id }, data: { paidAt: payout.paidAt == null ? new Date() : payout.paidAt } });
}`,
    },
    // A toggle through a const: a double click from the same state writes the same value.
    {
      filename,
      code: `${header}export async function toggle(id: string) {
  const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id } });
  const disabledAt = webhook.disabledAt ? null : new Date();
  await prisma.webhook.update({ where: { id }, data: { disabledAt } });
  return { disabledAt };
}`,
    },
    // The boolean toggle, the same choice as `webhook.enabled ? false : true`.
    {
      filename,
      code: `${header}export async function toggle(id: string) {
  const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id } });
  await prisma.webhook.update({ where: { id }, data: { enabled: !webhook.enabled } });
}`,
    },
    // The toggle of a local that holds the flag as read.
    {
      filename,
      code: `${header}export async function toggle(id: string) {
  const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id } });
  const wasEnabled = webhook.enabled;
  await prisma.webhook.update({ where: { id }, data: { enabled: !wasEnabled } });
  return wasEnabled;
}`,
    },
    // Keep the target's value, or copy another row's: nothing comes from the target's old value.
    {
      filename,
      code: `${header}export async function merge(targetId: string, sourceId: string) {
  const source = await prisma.payout.findUniqueOrThrow({ where: { id: sourceId } });
  const target = await prisma.payout.findUniqueOrThrow({ where: { id: targetId } });
  await prisma.payout.update({ where: { id: targetId }, data: { tenantId: target.tenantId ?? source.tenantId } });
}`,
    },
    // Mongoose: keep-or-set on the document, then save.
    `import mongoose from 'mongoose';
const Payout = mongoose.model('Payout', new mongoose.Schema({ paidAt: Date }));
export async function markPaid(id: string) {
  const payout = await Payout.findById(id);
  if (!payout) return;
  payout.paidAt ??= new Date();
  await payout.save();
}`,
  ],
  invalid: [
    {
      // A test of what the field holds, not whether it is set: the choice is made on a stale value (dub's
      // default-group colour, reported with the rename of the wrong row).
      filename,
      code: `${header}declare function pickColor(): string;
export async function recolor(id: string) {
  const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id } });
  await prisma.webhook.update({ where: { id }, data: { color: webhook.color === 'grey' ? pickColor() : undefined } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 63,
          data: { write: 'update', field: 'color', read: 'findUniqueOrThrow', resource: '`webhook` ({ id })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
    {
      // The test reads another field of the stale row (a limit that a concurrent writer may raise): the flag
      // written back from it undoes that writer (openpanel's exceeded-at flag).
      filename,
      code: `${header}export async function flag(id: string, used: number) {
  const payout = await prisma.payout.findUniqueOrThrow({ where: { id } });
  await prisma.payout.update({ where: { id }, data: { canceledAt: used > payout.amount && !payout.canceledAt ? new Date() : payout.canceledAt } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 4,
          column: 67,
          data: { write: 'update', field: 'canceledAt', read: 'findUniqueOrThrow', resource: '`payout` ({ id })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
    {
      // A default kept, then a sum: the written value accumulates on the stale read.
      filename,
      code: `${header}export async function addFee(id: string, fee: number) {
  const payout = await prisma.payout.findUniqueOrThrow({ where: { id } });
  await prisma.payout.update({ where: { id }, data: { amount: (payout.amount ?? 0) + fee } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 4,
          column: 63,
          data: { write: 'update', field: 'amount', read: 'findUniqueOrThrow', resource: '`payout` ({ id })', note: '', alternative: PRISMA_ADVICE },
          suggestions: [],
        },
      ],
    },
    {
      // Mongoose: `||=` whose new value is computed from the old one is still a lost update.
      code: `import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ views: Number }));
export async function view(id: string) {
  const post = await Post.findById(id);
  if (!post) return;
  post.views ||= post.views + 1;
  await post.save();
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 3,
          data: {
            write: 'save',
            field: 'views',
            read: 'findById',
            resource: '`Post` (id)',
            note: '',
            alternative: 'The value is not a counter: change only the part that changed with the update operators (`$push`, `$addToSet`, `$pull`, `$set` of one path), or filter the update on the value read and retry when nothing matched',
          },
          suggestions: [],
        },
      ],
    },
  ],
};
