import type rule from '../../../rules/no-read-modify-write.js';
import type { CasesFor } from '../../rule-tester.js';

// Flow shapes of real applications (issue 23 §2–§3): the row named by the id read from it, a read among
// `Promise.all` results, get-or-create on one variable.

const prismaHeader = `import { PrismaClient } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const PRISMA_ADVICE = 'Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`';

const counterModel = `import { Model } from 'sequelize';
class Counter extends Model { declare key: string; declare n: number }
`;

export const databaseFlowCases: CasesFor<typeof rule> = {
  valid: [
    // The filter compares a mutable field as read (`views: product.views`): an optimistic write, not only the id.
    `${prismaHeader}export async function view(sku: string) {
  const product = await prisma.product.findUniqueOrThrow({ where: { sku } });
  const { count } = await prisma.product.updateMany({ where: { id: product.id, views: product.views }, data: { views: product.views + 1 } });
  return count === 1;
}`,
    // The id of another row than the one whose value is written.
    `${prismaHeader}export async function copyViews(from: string, to: string) {
  const source = await prisma.product.findUniqueOrThrow({ where: { sku: from } });
  const target = await prisma.product.findUniqueOrThrow({ where: { sku: to } });
  await prisma.product.update({ where: { id: target.id }, data: { views: source.views + 1 } });
}`,
    // Promise.all: the value written comes from the other model's read.
    `${prismaHeader}export async function stamp(id: string, userId: string) {
  const [, user] = await Promise.all([prisma.product.findUniqueOrThrow({ where: { id } }), prisma.user.findUniqueOrThrow({ where: { id: userId } })]);
  await prisma.product.update({ where: { id }, data: { views: user.plan.length } });
}`,
    // The variable is reassigned to a value that is not a row of the model: not followed.
    `${counterModel}declare const fallback: Counter;
export async function bump(key: string) {
  let row = await Counter.findOne({ where: { key } });
  if (!row) row = fallback;
  row.n += 1;
  await row.save();
}`,
  ],
  invalid: [
    {
      // `where: { id: product.id }` is the row that was read (by another key), null-checked before the write.
      code: `${prismaHeader}export async function view(sku: string) {
  const product = await prisma.product.findUnique({ where: { sku } });
  if (!product) return;
  await prisma.product.update({ where: { id: product.id }, data: { views: product.views + 1 } });
}`,
      output: `${prismaHeader}export async function view(sku: string) {
  const product = await prisma.product.findUnique({ where: { sku } });
  if (!product) return;
  await prisma.product.update({ where: { id: product.id }, data: { views: { increment: 1 } } });
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 75,
          data: { write: 'update', field: 'views', read: 'findUnique', resource: '`product` ({ sku })', note: '', alternative: PRISMA_ADVICE },
        },
      ],
    },
    {
      // The read is one of the results of `Promise.all`.
      code: `${prismaHeader}export async function view(id: string, userId: string) {
  const [product, user] = await Promise.all([prisma.product.findUniqueOrThrow({ where: { id } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (!user) return;
  await prisma.product.update({ where: { id }, data: { views: product.views + 1 } });
}`,
      output: `${prismaHeader}export async function view(id: string, userId: string) {
  const [product, user] = await Promise.all([prisma.product.findUniqueOrThrow({ where: { id } }), prisma.user.findUnique({ where: { id: userId } })]);
  if (!user) return;
  await prisma.product.update({ where: { id }, data: { views: { increment: 1 } } });
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 63,
          data: { write: 'update', field: 'views', read: 'findUniqueOrThrow', resource: '`product` ({ id })', note: '', alternative: PRISMA_ADVICE },
        },
      ],
    },
    {
      // Get-or-create on one variable, then a change saved back: the found row and the created one alike.
      code: `${counterModel}export async function bump(key: string) {
  let row = await Counter.findOne({ where: { key } });
  if (!row) row = await Counter.create({ key, n: 0 });
  row.n += 1;
  await row.save();
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 3,
          data: {
            write: 'save',
            field: 'n',
            read: 'findOne',
            resource: '`Counter` ({ key })',
            note: '',
            alternative: 'Use `increment()` / `decrement()`, or read with `lock: true` in the transaction',
          },
          // The variable holds one of two rows: the rewrite is left to the author.
          suggestions: [],
        },
      ],
    },
  ],
};
