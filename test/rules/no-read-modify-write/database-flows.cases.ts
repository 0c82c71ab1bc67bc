import type rule from '../../../rules/no-read-modify-write.js';
import type { CasesFor } from '../../rule-tester.js';

// Flow shapes of real applications (issue 23 §2–§3): the row named by the id read from it, a read among
// `Promise.all` results, get-or-create on one variable, a JSON or list column parsed, changed in locals and
// written back whole (no counter: the message names the atomic forms that fit, and no `increment` is offered).

const prismaHeader = `import { PrismaClient } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const PRISMA_ADVICE = 'Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`';

const NOT_A_COUNTER =
  'The value is not a counter: merge it in the statement (a JSON or array operator in the `UPDATE`), or write it only where the column still holds the value read (`updateMany`/`UPDATE … WHERE`, retried when no row matched), or lock the row across the read and the write (`SELECT … FOR UPDATE` in the transaction)';

const communityModel = `import { Model } from 'sequelize';
class Community extends Model { declare id: string; declare navigation: string[] }
declare function createPage(id: string): Promise<{ id: string; links: string[] }>;
`;

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
    // The value read passed along unchanged through a local: restored, nothing computed from it.
    `${prismaHeader}export async function upgrade(id: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  const previous = user.plan;
  await prisma.user.update({ where: { id }, data: { plan: 'pro' } });
  try {
    await fetch('https://billing.example/upgrade');
  } catch {
    await prisma.user.update({ where: { id }, data: { plan: previous } });
  }
}`,
    // A \`let\` holding either the value read or a new one: neither is computed from the read.
    `${prismaHeader}export async function rename(id: string, plan: string | undefined) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  let next = user.plan;
  if (plan) next = plan;
  await prisma.user.update({ where: { id }, data: { plan: next } });
}`,
    // The list is parsed from another row's column: not the row written.
    `${prismaHeader}export async function copyPlan(from: string, to: string) {
  const source = await prisma.user.findUniqueOrThrow({ where: { id: from } });
  const plans = JSON.parse(source.plan) as string[];
  await prisma.user.update({ where: { id: to }, data: { plan: JSON.stringify(plans) } });
}`,
    // A foreign key re-pointed after a lookup by its old value (\`groupId: group.id\`): no merge of the read.
    `${prismaHeader}declare function groupOrDefault(id: string): Promise<{ id: string }>;
export async function reactivate(id: string) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id } });
  const group = await groupOrDefault(order.productId);
  await prisma.order.update({ where: { id }, data: { productId: group.id } });
}`,
    // A read started as a promise and joined later: the value written comes from the other result.
    `${communityModel}export async function addPage(communityId: string, pageId: string) {
  const findCommunity = Community.findOne({ where: { id: communityId } });
  const [page] = await Promise.all([createPage(pageId), findCommunity]);
  await Community.update({ navigation: page.links }, { where: { id: communityId } });
}`,
    // A helper that reads one model's row but creates another model's: no ensure helper, its result not followed.
    `${prismaHeader}const userWithOrder = async (id: string) => {
  const user = await prisma.user.findUnique({ where: { id } });
  if (user) return user;
  await prisma.order.create({ data: { userId: id, productId: 'welcome', quantity: 1 } });
  return null;
};
export async function addTag(id: string, tag: string) {
  const user = await userWithOrder(id);
  if (!user) return;
  await prisma.user.update({ where: { id }, data: { plan: JSON.stringify([...(JSON.parse(user.plan) as string[]), tag]) } });
}`,
  ],
  invalid: [
    {
      // A JSON list column parsed, pushed to and written back whole: a concurrent push is lost.
      code: `${prismaHeader}export async function addTag(id: string, tag: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  const tags = JSON.parse(user.plan) as string[];
  tags.push(tag);
  await prisma.user.update({ where: { id }, data: { plan: JSON.stringify(tags) } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 7,
          column: 59,
          data: { write: 'update', field: 'plan', read: 'findUniqueOrThrow', resource: '`user` ({ id })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
    {
      // A \`let\` given the merged list in one branch (the row null-checked first), written back after.
      code: `${prismaHeader}export async function react(id: string, tag: string) {
  const user = await prisma.user.findFirst({ where: { id } });
  let tags: string[] = [];
  if (user && user.plan) {
    const current = JSON.parse(user.plan) as string[];
    tags = [...current.filter((entry) => entry !== tag), tag];
  } else {
    tags = [tag];
  }
  await prisma.user.update({ where: { id }, data: { plan: tags.length ? JSON.stringify(tags) : '[]' } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 12,
          column: 59,
          data: { write: 'update', field: 'plan', read: 'findFirst', resource: '`user` ({ id })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
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
    {
      // A Sequelize read started as a promise and joined with \`Promise.all\`, its values taken with \`toJSON()\`,
      // a list spliced and written back whole.
      code: `${communityModel}export async function addPage(communityId: string, pageId: string) {
  const findCommunity = Community.findOne({ where: { id: communityId } });
  const [page, community] = await Promise.all([createPage(pageId), findCommunity]);
  const navigation = [...(community?.toJSON().navigation ?? []), page.id];
  await Community.update({ navigation }, { where: { id: communityId } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 8,
          column: 28,
          data: { write: 'update', field: 'navigation', read: 'findOne', resource: '`Community` ({ id: communityId })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
    {
      // An ensure helper (find the row, else upsert it; the row mapped on the way out) holds a row of the key: its
      // JSON snapshot spread and written back whole.
      code: `${prismaHeader}const toUser = (row: { id: string; plan: string }) => ({ ...row, settings: JSON.parse(row.plan) as Record<string, string> });
const ensureUser = async (id: string) => {
  const existing = await prisma.user.findUnique({ where: { id } });
  if (existing) {
    return toUser(existing);
  }
  const created = await prisma.user.upsert({ where: { id }, update: {}, create: { id, email: id + '@example.com' } });
  return toUser(created);
};
export async function setTheme(id: string, theme: string) {
  const user = await ensureUser(id);
  const plan = user.plan ? { ...JSON.parse(user.plan) } : {};
  await prisma.user.update({ where: { id }, data: { plan: JSON.stringify({ ...plan, theme }) } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 15,
          column: 59,
          data: { write: 'update', field: 'plan', read: 'ensureUser', resource: '`user` (id)', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
  ],
  typedInvalid: [
    {
      // A string joined to the value read: with types it is no counter, and no \`increment\` is named.
      code: `${prismaHeader}export async function addPlan(id: string, plan: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  await prisma.user.update({ where: { id }, data: { plan: user.plan + ',' + plan } });
}`,
      output: null,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 5,
          column: 59,
          data: { write: 'update', field: 'plan', read: 'findUniqueOrThrow', resource: '`user` ({ id })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
  ],
  untypedInvalid: [
    {
      // sequelize-typescript's decorated models (pubpub): the same \`Model\` statics, imported from that package.
      code: `import { Model } from 'sequelize-typescript';
class Community extends Model { declare id: string; declare navigation: string[] }
export async function addPage(communityId: string, pageId: string) {
  const community = await Community.findOne({ where: { id: communityId } });
  const navigation = [...(community?.get({ plain: true }).navigation ?? []), pageId];
  await Community.update({ navigation }, { where: { id: communityId } });
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          line: 6,
          column: 28,
          data: { write: 'update', field: 'navigation', read: 'findOne', resource: '`Community` ({ id: communityId })', note: '', alternative: NOT_A_COUNTER },
          suggestions: [],
        },
      ],
    },
  ],
};
